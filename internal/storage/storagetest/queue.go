package storagetest

import (
	"testing"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/people"
)

// testModerationQueue: categories, filters and counts; bulk hide and
// dismiss (one audit entry each); a corrected reason is one log entry;
// "could these be combined?" reports go to organisers only.
func testModerationQueue(t *testing.T, e *env) {
	a, b := e.user("qa@example.org"), e.user("qb@example.org")
	mod := e.user("qmod@example.org", people.RoleModerator)
	i1, i2, i3 := e.issue(a, "Parking at the hospital"), e.issue(a, "Hospital parking charges"), e.issue(a, "Rude words here")
	c, err := e.gather.AddComment(e.ctx, a, gather.CommentDraft{IssueID: i1.ID, Body: "spam spam"}) // b reports it: nobody reports their own
	e.must(err)

	rep := func(d gather.ReportDraft) gather.Report {
		t.Helper()
		r, err := e.gather.SubmitReport(e.ctx, b, d)
		e.must(err)
		return r
	}
	_, err = e.gather.SubmitReport(e.ctx, b, gather.ReportDraft{Target: gather.Target{IssueID: i3.ID}, Category: "nonsense", Reason: "x"})
	wantKind(t, err, apperr.Invalid)
	_, err = e.gather.SubmitReport(e.ctx, b, gather.ReportDraft{Target: gather.Target{IssueID: i1.ID}, Category: gather.CategoryCombine})
	wantKind(t, err, apperr.Invalid) // no other issue
	_, err = e.gather.SubmitReport(e.ctx, b, gather.ReportDraft{Target: gather.Target{IssueID: i1.ID}, Category: gather.CategoryCombine, OtherIssueID: i1.ID})
	wantKind(t, err, apperr.Invalid) // itself
	rAbuse := rep(gather.ReportDraft{Target: gather.Target{IssueID: i3.ID}, Category: gather.CategoryAbuse, Reason: "Swearing"})
	rAbuse2 := rep(gather.ReportDraft{Target: gather.Target{IssueID: i3.ID}, Category: gather.CategoryAbuse, Reason: "Offensive"})
	rSpam := rep(gather.ReportDraft{Target: gather.Target{IssueID: i1.ID, CommentID: c.ID}, Category: gather.CategorySpam, Reason: "Advert"})
	rOff := rep(gather.ReportDraft{Target: gather.Target{IssueID: i2.ID}, Category: gather.CategoryOffTopic, Reason: "Not health"})
	rComb := rep(gather.ReportDraft{Target: gather.Target{IssueID: i1.ID}, Category: gather.CategoryCombine, OtherIssueID: i2.ID})

	q, err := e.gather.Reports(e.ctx, mod, gather.ReportQuery{Open: true})
	e.must(err)
	if len(q) != 4 {
		t.Fatalf("moderators' queue has %d reports, want 4 (the combine request is the organisers')", len(q))
	}
	_, err = e.gather.Reports(e.ctx, mod, gather.ReportQuery{Combine: true})
	wantKind(t, err, apperr.Forbidden)
	comb, err := e.gather.Reports(e.ctx, e.org, gather.ReportQuery{Combine: true, Open: true})
	e.must(err)
	if len(comb) != 1 || comb[0].ID != rComb.ID || comb[0].OtherIssueID != i2.ID || comb[0].OtherIssueTitle != i2.Title {
		t.Fatalf("organisers' requests %+v", comb)
	}
	if q, _ := e.gather.Reports(e.ctx, mod, gather.ReportQuery{Kind: gather.KindComment}); len(q) != 1 || q[0].ID != rSpam.ID {
		t.Fatalf("comment filter %+v", q)
	}
	if q, _ := e.gather.Reports(e.ctx, mod, gather.ReportQuery{Category: gather.CategoryAbuse}); len(q) != 2 {
		t.Fatalf("category filter: %d", len(q))
	}

	// Bulk: hide two reports about the same issue and the spam comment
	// with one reason; each target is hidden once.
	before := e.count(`SELECT COUNT(*) FROM audit_log WHERE action = 'moderation.hide'`)
	n, err := e.gather.HideReported(e.ctx, mod, []int64{rAbuse.ID, rAbuse2.ID, rSpam.ID}, "Breaks house rule 2", true)
	e.must(err)
	if n != 2 || e.count(`SELECT COUNT(*) FROM audit_log WHERE action = 'moderation.hide'`)-before != 2 {
		t.Fatalf("bulk hide hid %d", n)
	}
	for _, id := range []int64{rAbuse.ID, rAbuse2.ID, rSpam.ID} {
		if r, _ := e.s.Report(e.ctx, id); r.Outcome != gather.OutcomeHidden {
			t.Fatalf("report %d outcome %q", id, r.Outcome)
		}
	}
	log, _ := e.gather.ModerationLog(e.ctx, 10, 0)
	if len(log) != 2 || log[1].IssueTitle != "" || log[0].IssueTitle != i1.Title {
		t.Fatalf("log titles (issue withheld, comment's issue shown): %+v", log)
	}
	n, err = e.gather.DismissReports(e.ctx, mod, []int64{rOff.ID, rAbuse.ID, rComb.ID}, "It is about health")
	e.must(err)
	if n != 1 {
		t.Fatalf("dismissed %d, want 1 (the others are closed or the organisers')", n)
	}
	counts, err := e.gather.ReportCounts(e.ctx, mod, false)
	e.must(err)
	sum := map[gather.ReportOutcome]int{}
	for _, c := range counts {
		sum[c.Outcome] += c.N
	}
	if sum[gather.OutcomeHidden] != 3 || sum[gather.OutcomeDismissed] != 1 || sum[gather.OutcomeOpen] != 0 {
		t.Fatalf("counts %+v", counts)
	}

	// Correct the reason: one log entry, still hidden.
	logN := e.count(`SELECT COUNT(*) FROM moderations`)
	_, err = e.gather.CorrectReason(e.ctx, mod, gather.Target{IssueID: i2.ID}, "Typo", false)
	wantKind(t, err, apperr.Conflict) // not hidden
	_, err = e.gather.CorrectReason(e.ctx, mod, gather.Target{IssueID: i3.ID}, "Breaks house rule 1 (abuse)", true)
	e.must(err)
	if got := e.count(`SELECT COUNT(*) FROM moderations`) - logN; got != 1 {
		t.Fatalf("correcting a reason wrote %d log entries, want 1", got)
	}
	if iss, _ := e.gather.Issue(e.ctx, people.Anonymous, i3.ID); iss.Status != gather.StatusHidden || iss.HiddenReason != "Breaks house rule 1 (abuse)" {
		t.Fatalf("after correction %+v", iss)
	}
	if l, _ := e.gather.ModerationLog(e.ctx, 1, 0); l[0].Action != gather.ActionCorrect {
		t.Fatalf("log entry %+v", l[0])
	}

	// Organisers answer combine requests.
	wantKind(t, e.gather.ResolveCombine(e.ctx, mod, rComb.ID, gather.OutcomeDeclined, ""), apperr.Forbidden)
	wantKind(t, e.gather.ResolveCombine(e.ctx, e.org, rOff.ID, gather.OutcomeDeclined, ""), apperr.NotFound)
	e.must(e.gather.ResolveCombine(e.ctx, e.org, rComb.ID, gather.OutcomeDeclined, "Different hospitals"))
	wantKind(t, e.gather.ResolveCombine(e.ctx, e.org, rComb.ID, gather.OutcomeCombined, ""), apperr.Conflict)
	if e.count(`SELECT COUNT(*) FROM audit_log WHERE action = 'report.resolve'`) != 1 || e.count(`SELECT COUNT(*) FROM audit_log WHERE action = 'report.dismiss'`) != 1 {
		t.Fatal("resolutions not audited")
	}
	e.countsEqualRows()
}

// testShortlistTools: the shortlist rule with a tie at the cut-off,
// add/remove/delete audited with stable names, rejected suggestions.
func testShortlistTools(t *testing.T, e *env) {
	a := e.user("sa@example.org")
	var us []people.User
	for _, m := range []string{"s1", "s2", "s3", "s4"} {
		us = append(us, e.user(m+"@example.org"))
	}
	var iss []gather.Issue
	for _, title := range []string{"One", "Two", "Three", "Four"} {
		iss = append(iss, e.issue(a, "Shortlist issue "+title))
	}
	support := func(u people.User, i gather.Issue) {
		_, err := e.gather.Support(e.ctx, u, i.ID)
		e.must(err)
	}
	support(us[0], iss[0])
	support(us[1], iss[0])
	support(us[2], iss[0])
	support(us[0], iss[1])
	support(us[1], iss[1])
	support(us[3], iss[2])
	support(us[2], iss[2])
	var themes []gather.Theme
	for k, i := range iss {
		th, err := e.gather.CreateTheme(e.ctx, e.org, gather.ThemeDraft{CycleID: e.cycle.ID, Name: "Theme " + i.Title, IssueIDs: []int64{iss[k].ID}})
		e.must(err)
		themes = append(themes, th)
	}
	ts, err := e.gather.Themes(e.ctx, e.cycle.ID)
	e.must(err)
	got, rule := gather.Shortlist(ts, 2)
	if rule.Count != 3 || rule.Tied != 1 || rule.Threshold != 2 || !got[2].Shortlisted || got[3].Shortlisted || got[0].ID != themes[0].ID {
		t.Fatalf("shortlist of 2 with a tie at 2 supporters: %+v %+v", rule, got)
	}

	// Add, remove, delete: audited under their stable names.
	e.must(e.gather.AddToTheme(e.ctx, e.org, themes[0].ID, []int64{iss[3].ID}))
	wantKind(t, e.gather.AddToTheme(e.ctx, e.org, themes[0].ID, nil), apperr.Invalid)
	wantKind(t, e.gather.AddToTheme(e.ctx, us[0], themes[0].ID, []int64{iss[3].ID}), apperr.Forbidden)
	e.must(e.gather.RemoveFromTheme(e.ctx, e.org, []int64{iss[3].ID}))
	e.must(e.gather.DeleteTheme(e.ctx, e.org, themes[1].ID))
	for action, want := range map[string]int{"theme.add": 1, "theme.remove": 1, "theme.delete": 1, "theme.create": 4} {
		if n := e.count(`SELECT COUNT(*) FROM audit_log WHERE action = '` + action + `'`); n != want {
			t.Fatalf("%d audit entries %s, want %d", n, action, want)
		}
	}
	if n := e.count(`SELECT COUNT(*) FROM audit_log WHERE action = 'theme.delete' AND details LIKE '%` + itoa(iss[1].ID) + `%'`); n != 1 {
		t.Fatal("theme.delete does not name the issues it left without a theme")
	}

	// Rejected suggestions.
	wantKind(t, e.gather.RejectSuggestion(e.ctx, e.org, e.cycle.ID, []int64{iss[1].ID}, ""), apperr.Invalid)
	wantKind(t, e.gather.RejectSuggestion(e.ctx, us[0], e.cycle.ID, []int64{iss[1].ID, iss[3].ID}, ""), apperr.Forbidden)
	e.must(e.gather.RejectSuggestion(e.ctx, e.org, e.cycle.ID, []int64{iss[3].ID, iss[1].ID}, "Different services"))
	rj, err := e.gather.RejectedSuggestions(e.ctx, e.org, e.cycle.ID)
	e.must(err)
	if len(rj) != 1 || !gather.Rejected(rj, []int64{iss[1].ID, iss[3].ID}) || gather.Rejected(rj, []int64{iss[1].ID, iss[2].ID}) {
		t.Fatalf("rejected %v", rj)
	}
	if e.count(`SELECT COUNT(*) FROM audit_log WHERE action = 'suggestion.reject'`) != 1 {
		t.Fatal("rejection not audited")
	}
}
