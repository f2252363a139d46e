package storagetest

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/people"
)

func draft(e *env, title string, orgID int64) gather.IssueDraft {
	return gather.IssueDraft{CycleID: e.cycle.ID, Title: title, Description: "Details of " + title, OrgID: orgID}
}

func testIssues(t *testing.T, e *env) {
	a := e.user("author@example.org")
	b := e.user("other@example.org")
	_, err := e.gather.SubmitIssue(e.ctx, people.Anonymous, draft(e, "Anonymous issue", 0))
	wantKind(t, err, apperr.Unauthenticated)

	iss, err := e.gather.SubmitIssue(e.ctx, a, gather.IssueDraft{CycleID: e.cycle.ID, Title: "  Dementia care at home ",
		Description: "Carers need more support.\r\nEspecially at night.", Tags: []string{"Dementia", " carers ", "dementia"}})
	e.must(err)
	if iss.Title != "Dementia care at home" || iss.Description != "Carers need more support.\nEspecially at night." ||
		!slices.Equal(iss.Tags, []string{"carers", "dementia"}) || iss.AuthorName != "author" || iss.Status != gather.StatusOpen {
		t.Fatalf("stored %+v", iss)
	}
	if !iss.Created.Equal(e.now) {
		t.Fatalf("created %v, want %v", iss.Created, e.now)
	}

	_, err = e.gather.EditIssue(e.ctx, b, iss.ID, gather.IssueDraft{Title: "Hijacked title", Description: "x"})
	wantKind(t, err, apperr.Forbidden)
	e.tick(10 * time.Minute)
	ed, err := e.gather.EditIssue(e.ctx, a, iss.ID, gather.IssueDraft{Title: "Dementia care at home, day and night", Description: "More.", Tags: []string{"dementia"}})
	e.must(err)
	if ed.Title != "Dementia care at home, day and night" || !ed.Updated.Equal(e.now) || !slices.Equal(ed.Tags, []string{"dementia"}) {
		t.Fatalf("edited %+v", ed)
	}
	e.tick(25 * time.Minute)
	_, err = e.gather.EditIssue(e.ctx, a, iss.ID, gather.IssueDraft{Title: "Too late to edit", Description: "x"})
	wantKind(t, err, apperr.Conflict)

	wantKind(t, e.gather.WithdrawIssue(e.ctx, b, iss.ID), apperr.Forbidden)
	e.must(e.gather.WithdrawIssue(e.ctx, a, iss.ID))
	got, err := e.gather.Issue(e.ctx, people.Anonymous, iss.ID)
	e.must(err)
	if got.Status != gather.StatusWithdrawn {
		t.Fatalf("status %q", got.Status)
	}
	_, err = e.gather.Support(e.ctx, b, iss.ID)
	wantKind(t, err, apperr.Conflict)
	_, err = e.gather.Issue(e.ctx, people.Anonymous, 987654)
	wantKind(t, err, apperr.NotFound)

	e.issue(b, "An issue that stays open")
	// Gathering ends: the round moves on to the agenda.
	_, err = e.cycles.MovePhase(e.ctx, e.org, e.cycle.ID, cycle.Agenda, "")
	e.must(err)
	_, err = e.gather.SubmitIssue(e.ctx, a, draft(e, "After closing", 0))
	wantKind(t, err, apperr.Conflict)
	// Its issues are still grouped into themes until the jury has chosen;
	// then they leave the similarity index.
	if ds, err := e.gather.Digests(e.ctx, 0); err != nil || len(ds) == 0 {
		t.Fatalf("Digests in Agenda = %d, %v", len(ds), err)
	}
	_, err = e.cycles.MovePhase(e.ctx, e.org, e.cycle.ID, cycle.Selection, "")
	e.must(err)
	if ds, err := e.gather.Digests(e.ctx, 0); err != nil || len(ds) != 0 {
		t.Fatalf("Digests in Selection = %d, %v; want none", len(ds), err)
	}
	e.countsEqualRows()
}

func testListAndPaging(t *testing.T, e *env) {
	users := make([]people.User, 5)
	for i := range users {
		users[i] = e.user(fmt.Sprintf("u%d@example.org", i))
	}
	var ids []int64
	for i := range 7 {
		iss := e.issue(e.org, fmt.Sprintf("Issue number %d", i), "topic"+fmt.Sprint(i%2))
		ids = append(ids, iss.ID)
		e.tick(time.Minute)
	}
	// Supports: issue 2 gets 4, issue 5 gets 2 (recently), issue 0 gets 3 (long ago).
	support := func(idx int, n int) {
		for _, u := range users[:n] {
			_, err := e.gather.Support(e.ctx, u, ids[idx])
			e.must(err)
		}
	}
	support(0, 3)
	e.tick(10 * 24 * time.Hour)
	support(2, 4)
	e.tick(5 * 24 * time.Hour)
	support(5, 3)

	list := func(q gather.IssueQuery) gather.IssuePage {
		t.Helper()
		q.CycleID = e.cycle.ID
		p, err := e.gather.ListIssues(e.ctx, people.Anonymous, q)
		e.must(err)
		return p
	}
	idsOf := func(p gather.IssuePage) []int64 {
		var out []int64
		for _, i := range p.Issues {
			out = append(out, i.ID)
		}
		return out
	}
	p := list(gather.IssueQuery{Sort: gather.SortSupported, PerPage: 3})
	if want := []int64{ids[2], ids[5], ids[0]}; !slices.Equal(idsOf(p), want) || !p.HasMore || p.Total != 7 || p.Pages() != 3 {
		t.Fatalf("most supported page 1: %v (more %v, total %d), want %v", idsOf(p), p.HasMore, p.Total, want)
	}
	p3 := list(gather.IssueQuery{Sort: gather.SortSupported, PerPage: 3, Page: 3})
	if len(p3.Issues) != 1 || p3.HasMore {
		t.Fatalf("page 3: %v more=%v", idsOf(p3), p3.HasMore)
	}
	// Pages partition the list.
	var all []int64
	for pg := 1; pg <= 3; pg++ {
		all = append(all, idsOf(list(gather.IssueQuery{Sort: gather.SortSupported, PerPage: 3, Page: pg}))...)
	}
	slices.Sort(all)
	if !slices.Equal(all, ids) {
		t.Fatalf("pages do not partition the list: %v", all)
	}
	if got := idsOf(list(gather.IssueQuery{Sort: gather.SortNewest, PerPage: 2})); !slices.Equal(got, []int64{ids[6], ids[5]}) {
		t.Fatalf("newest: %v", got)
	}
	// Trending: issue 5's 3 recent supports beat issue 2's 4 (5 days older, > one half-life) and issue 0's 3 old ones.
	if got := idsOf(list(gather.IssueQuery{Sort: gather.SortTrending, PerPage: 3})); !slices.Equal(got, []int64{ids[5], ids[2], ids[0]}) {
		t.Fatalf("trending: %v", got)
	}
	// Keyset paging walks the same order as numbered pages.
	for _, sort := range []gather.Sort{gather.SortSupported, gather.SortNewest, gather.SortTrending} {
		var byOffset, byCursor []int64
		for pg := 1; pg <= 4; pg++ {
			byOffset = append(byOffset, idsOf(list(gather.IssueQuery{Sort: sort, PerPage: 2, Page: pg}))...)
		}
		after := ""
		for range 10 {
			q := gather.IssueQuery{Sort: sort, PerPage: 2, After: after}
			if after != "" {
				q.Page = 99 // ignored with a cursor
			}
			p := list(q)
			byCursor = append(byCursor, idsOf(p)...)
			if p.Total != 7 {
				t.Fatalf("%s: total with cursor %d", sort, p.Total)
			}
			if p.Next == "" {
				if p.HasMore {
					t.Fatalf("%s: more pages but no cursor", sort)
				}
				break
			}
			after = p.Next
		}
		if !slices.Equal(byOffset, byCursor) {
			t.Fatalf("%s: offset pages %v, cursor pages %v", sort, byOffset, byCursor)
		}
	}
	first := list(gather.IssueQuery{Sort: gather.SortNewest, PerPage: 2})
	_, err := e.gather.ListIssues(e.ctx, people.Anonymous, gather.IssueQuery{Sort: gather.SortSupported, After: first.Next})
	wantKind(t, err, apperr.Invalid)
	_, err = e.gather.ListIssues(e.ctx, people.Anonymous, gather.IssueQuery{After: "not-a-cursor!"})
	wantKind(t, err, apperr.Invalid)
	tagged := list(gather.IssueQuery{Tag: "Topic1"})
	if len(tagged.Issues) != 3 || tagged.Total != 3 {
		t.Fatalf("tag topic1: %v total %d", idsOf(tagged), tagged.Total)
	}
	tags, err := e.s.Tags(e.ctx, e.cycle.ID, 10)
	e.must(err)
	if len(tags) != 2 || tags[0].Tag != "topic0" || tags[0].Issues != 4 {
		t.Fatalf("tags %v", tags)
	}
	ds, err := e.gather.Digests(e.ctx, e.cycle.ID)
	e.must(err)
	if len(ds) != 7 || ds[2].Supports != 4 {
		t.Fatalf("digests %+v", ds)
	}
	_, err = e.gather.ListIssues(e.ctx, people.Anonymous, gather.IssueQuery{Sort: "loudest"})
	wantKind(t, err, apperr.Invalid)
	rel, err := e.gather.ListIssues(e.ctx, people.Anonymous, gather.IssueQuery{Search: "issue", PerPage: 2})
	e.must(err)
	if rel.Next != "" || !rel.HasMore {
		t.Fatalf("relevance page: next %q more %v", rel.Next, rel.HasMore)
	}
	e.countsEqualRows()
}

func testSearch(t *testing.T, e *env) {
	a := e.user("s@example.org")
	e.issue(a, "Hospitals discharging patients with dementia too early")
	e.issue(a, "Mental health support for young people")
	e.issue(a, "Transparency of NHS board decisions")
	search := func(q string) []string {
		t.Helper()
		p, err := e.gather.ListIssues(e.ctx, people.Anonymous, gather.IssueQuery{CycleID: e.cycle.ID, Search: q})
		e.must(err)
		var out []string
		for _, i := range p.Issues {
			out = append(out, i.Title)
		}
		return out
	}
	tests := []struct {
		q    string
		want int
	}{
		{"dementia", 1},
		{"hospital", 1},          // stemmed
		{"DISCHARGE patient", 1}, // stemmed, case-insensitive, all words
		{"menta", 1},             // prefix of the last word
		{"health", 1},
		{"board transparency", 1},
		{"dementia youth", 0},
		{`"); DROP TABLE issues; --`, 0}, // nothing searchable survives; no error
		{`title:dementia OR *`, 0},       // FTS syntax is not interpreted
		{"nothingmatches", 0},
	}
	for _, tt := range tests {
		if got := search(tt.q); len(got) != tt.want {
			t.Errorf("search %q: %v, want %d results", tt.q, got, tt.want)
		}
	}
	// Search follows edits.
	iss := e.issue(a, "Parking charges at hospitals")
	_, err := e.gather.EditIssue(e.ctx, a, iss.ID, gather.IssueDraft{Title: "Car parking fees for carers", Description: "Fees."})
	e.must(err)
	if got := search("charges"); len(got) != 0 {
		t.Errorf("old words still found after edit: %v", got)
	}
	if got := search("fees"); len(got) != 1 {
		t.Errorf("new words not found after edit: %v", got)
	}
}

func testSupports(t *testing.T, e *env) {
	a, b := e.user("a@example.org"), e.user("b@example.org")
	iss := e.issue(a, "Support me please")
	_, err := e.gather.Support(e.ctx, people.Anonymous, iss.ID)
	wantKind(t, err, apperr.Unauthenticated)
	added, err := e.gather.Support(e.ctx, b, iss.ID)
	e.must(err)
	again, err := e.gather.Support(e.ctx, b, iss.ID)
	e.must(err)
	if !added || again {
		t.Fatalf("added=%v again=%v", added, again)
	}
	got, _ := e.s.Issue(e.ctx, iss.ID)
	if got.Supports != 1 {
		t.Fatalf("supports %d", got.Supports)
	}
	v, err := e.gather.Viewer(e.ctx, b, iss.ID)
	e.must(err)
	if !v.Supported {
		t.Fatal("viewer does not see own support")
	}
	m, err := e.s.SupportedIssues(e.ctx, b.ID, []int64{iss.ID, 424242})
	e.must(err)
	if !m[iss.ID] || len(m) != 1 {
		t.Fatalf("SupportedIssues %v", m)
	}
	removed, err := e.gather.Unsupport(e.ctx, b, iss.ID)
	e.must(err)
	removedAgain, err := e.gather.Unsupport(e.ctx, b, iss.ID)
	e.must(err)
	if !removed || removedAgain {
		t.Fatalf("removed=%v again=%v", removed, removedAgain)
	}
	got, _ = e.s.Issue(e.ctx, iss.ID)
	if got.Supports != 0 {
		t.Fatalf("supports after withdrawal %d", got.Supports)
	}
	_, err = e.gather.Support(e.ctx, b, 777777)
	wantKind(t, err, apperr.NotFound)
	// Store level: a support for a missing issue adds nothing.
	added, err = e.s.AddSupport(e.ctx, gather.Support{IssueID: 777777, UserID: b.ID, Created: e.now}, e.ev("support.add"))
	if added || err != nil {
		t.Fatalf("support for a missing issue: added=%v err=%v", added, err)
	}
	e.countsEqualRows()
}

// testSupportRace: one person supporting one issue from many goroutines at
// once ends with exactly one support, one audit entry and a count of one.
func testSupportRace(t *testing.T, e *env) {
	a, b := e.user("a@example.org"), e.user("b@example.org")
	iss := e.issue(a, "Racing supporters")
	var wg sync.WaitGroup
	var mu sync.Mutex
	adds := 0
	errs := 0
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			added, err := e.gather.Support(e.ctx, b, iss.ID)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs++
				t.Errorf("support: %v", err)
			}
			if added {
				adds++
			}
		}()
	}
	wg.Wait()
	if adds != 1 || errs != 0 {
		t.Fatalf("%d goroutines added the support (want 1), %d errors", adds, errs)
	}
	if n := e.count(`SELECT COUNT(*) FROM supports`); n != 1 {
		t.Fatalf("%d support rows", n)
	}
	if n := e.count(`SELECT COUNT(*) FROM audit_log WHERE action = 'support.add'`); n != 1 {
		t.Fatalf("%d support audit entries", n)
	}
	e.countsEqualRows()
}

// testConcurrentSupporters: many people supporting several issues at once;
// counts equal rows afterwards.
func testConcurrentSupporters(t *testing.T, e *env) {
	a := e.user("a@example.org")
	var issues []int64
	for i := range 3 {
		issues = append(issues, e.issue(a, fmt.Sprintf("Popular issue %d", i)).ID)
	}
	n := 40
	if testing.Short() {
		n = 15
	}
	users := make([]people.User, n)
	for i := range users {
		users[i] = e.user(fmt.Sprintf("c%d@example.org", i))
	}
	var wg sync.WaitGroup
	for _, u := range users {
		for _, id := range issues {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := e.gather.Support(e.ctx, u, id); err != nil {
					t.Errorf("support: %v", err)
				}
			}()
		}
	}
	wg.Wait()
	for _, id := range issues {
		iss, _ := e.s.Issue(e.ctx, id)
		if iss.Supports != n {
			t.Fatalf("issue %d has %d supports, want %d", id, iss.Supports, n)
		}
	}
	e.countsEqualRows()
}

func testFollows(t *testing.T, e *env) {
	a, b := e.user("a@example.org"), e.user("b@example.org")
	iss := e.issue(a, "Follow this issue")
	added, err := e.gather.Follow(e.ctx, b, iss.ID)
	e.must(err)
	again, err := e.gather.Follow(e.ctx, b, iss.ID)
	e.must(err)
	if !added || again {
		t.Fatalf("follow added=%v again=%v", added, again)
	}
	fs, err := e.s.Followers(e.ctx, iss.ID)
	e.must(err)
	if !slices.Equal(fs, []int64{b.ID}) {
		t.Fatalf("followers %v", fs)
	}
	v, _ := e.gather.Viewer(e.ctx, b, iss.ID)
	if !v.Following || v.Supported {
		t.Fatalf("viewer %+v", v)
	}
	removed, err := e.gather.Unfollow(e.ctx, b, iss.ID)
	e.must(err)
	if !removed {
		t.Fatal("unfollow did nothing")
	}
}

func testComments(t *testing.T, e *env) {
	a, b := e.user("a@example.org"), e.user("b@example.org")
	iss := e.issue(a, "Discuss this")
	c1, err := e.gather.AddComment(e.ctx, b, gather.CommentDraft{IssueID: iss.ID, Body: "  I agree <script>alert(1)</script> "})
	e.must(err)
	if c1.Body != "I agree <script>alert(1)</script>" || c1.AuthorName != "b" {
		t.Fatalf("comment %+v", c1) // stored as typed; escaping is the template's job
	}
	e.tick(time.Second)
	r1, err := e.gather.AddComment(e.ctx, a, gather.CommentDraft{IssueID: iss.ID, ParentID: c1.ID, Body: "Thanks"})
	e.must(err)
	// A reply to a reply joins the same thread (one level).
	r2, err := e.gather.AddComment(e.ctx, b, gather.CommentDraft{IssueID: iss.ID, ParentID: r1.ID, Body: "You're welcome"})
	e.must(err)
	if r2.ParentID != c1.ID {
		t.Fatalf("reply to reply has parent %d, want %d", r2.ParentID, c1.ID)
	}
	_, err = e.gather.AddComment(e.ctx, b, gather.CommentDraft{IssueID: iss.ID, Body: "   "})
	wantKind(t, err, apperr.Invalid)
	other := e.issue(a, "Another issue")
	_, err = e.gather.AddComment(e.ctx, b, gather.CommentDraft{IssueID: other.ID, ParentID: c1.ID, Body: "Cross-issue reply"})
	wantKind(t, err, apperr.NotFound)

	threads, err := e.gather.Comments(e.ctx, people.Anonymous, iss.ID)
	e.must(err)
	if len(threads) != 1 || len(threads[0].Replies) != 2 {
		t.Fatalf("threads %+v", threads)
	}
	got, _ := e.s.Issue(e.ctx, iss.ID)
	if got.Comments != 3 {
		t.Fatalf("comment count %d", got.Comments)
	}
	e.countsEqualRows()
}

func testModeration(t *testing.T, e *env) {
	a, b := e.user("a@example.org"), e.user("b@example.org")
	mod := e.user("mod@example.org", people.RoleModerator)
	iss := e.issue(a, "Rude issue title here")
	c, err := e.gather.AddComment(e.ctx, b, gather.CommentDraft{IssueID: iss.ID, Body: "rude comment"})
	e.must(err)

	_, err = e.gather.Report(e.ctx, people.Anonymous, gather.Target{IssueID: iss.ID}, "rude")
	wantKind(t, err, apperr.Unauthenticated)
	_, err = e.gather.Report(e.ctx, b, gather.Target{IssueID: iss.ID}, "")
	wantKind(t, err, apperr.Invalid)
	r1, err := e.gather.Report(e.ctx, b, gather.Target{IssueID: iss.ID}, "Personal attack")
	e.must(err)
	_, err = e.gather.Report(e.ctx, a, gather.Target{IssueID: iss.ID, CommentID: c.ID}, "Insulting")
	e.must(err)

	_, err = e.gather.Reports(e.ctx, b, gather.ReportQuery{Open: true})
	wantKind(t, err, apperr.Forbidden)
	open, err := e.gather.Reports(e.ctx, mod, gather.ReportQuery{Open: true})
	e.must(err)
	if len(open) != 2 || open[0].ID != r1.ID || open[0].IssueTitle != iss.Title || open[1].CommentBody != "rude comment" {
		t.Fatalf("open reports %+v", open)
	}

	_, err = e.gather.Hide(e.ctx, b, gather.Target{IssueID: iss.ID}, "no")
	wantKind(t, err, apperr.Forbidden)
	_, err = e.gather.Hide(e.ctx, mod, gather.Target{IssueID: iss.ID}, "")
	wantKind(t, err, apperr.Invalid)
	_, err = e.gather.Hide(e.ctx, mod, gather.Target{IssueID: iss.ID}, "Breaks rule 3: personal attacks")
	e.must(err)
	_, err = e.gather.Hide(e.ctx, mod, gather.Target{IssueID: iss.ID, CommentID: c.ID}, "Insulting language")
	e.must(err)
	open, _ = e.gather.Reports(e.ctx, mod, gather.ReportQuery{Open: true})
	if len(open) != 0 {
		t.Fatalf("reports still open after hiding: %+v", open)
	}

	pub, err := e.gather.Issue(e.ctx, people.Anonymous, iss.ID)
	e.must(err)
	if pub.Status != gather.StatusHidden || pub.HiddenReason != "Breaks rule 3: personal attacks" || pub.Title == iss.Title {
		t.Fatalf("public view of hidden issue %+v", pub)
	}
	asMod, _ := e.gather.Issue(e.ctx, mod, iss.ID)
	if asMod.Title != iss.Title {
		t.Fatal("moderator cannot see hidden title")
	}
	p, _ := e.gather.ListIssues(e.ctx, people.Anonymous, gather.IssueQuery{CycleID: e.cycle.ID, Statuses: []gather.Status{gather.StatusOpen, gather.StatusHidden}})
	if len(p.Issues) != 0 || p.Total != 0 {
		t.Fatalf("public list shows hidden issues: %d (total %d)", len(p.Issues), p.Total)
	}
	p, _ = e.gather.ListIssues(e.ctx, mod, gather.IssueQuery{CycleID: e.cycle.ID, Statuses: []gather.Status{gather.StatusHidden}})
	if len(p.Issues) != 1 || p.Total != 1 {
		t.Fatalf("moderator's hidden list: %d (total %d)", len(p.Issues), p.Total)
	}
	threads, _ := e.gather.Comments(e.ctx, people.Anonymous, iss.ID)
	if len(threads) != 1 || threads[0].Body != "" || threads[0].HiddenReason != "Insulting language" {
		t.Fatalf("hidden comment shown publicly: %+v", threads)
	}
	log, err := e.gather.ModerationLog(e.ctx, 10, 0)
	e.must(err)
	if len(log) != 2 || log[0].CommentID != c.ID || log[0].ModeratorName != "mod" || log[1].IssueTitle != iss.Title {
		t.Fatalf("moderation log %+v", log)
	}
	e.countsEqualRows()

	_, err = e.gather.Unhide(e.ctx, mod, gather.Target{IssueID: iss.ID}, "Appeal upheld")
	e.must(err)
	_, err = e.gather.Unhide(e.ctx, mod, gather.Target{IssueID: iss.ID}, "again")
	wantKind(t, err, apperr.Conflict)
	got, _ := e.gather.Issue(e.ctx, people.Anonymous, iss.ID)
	if got.Status != gather.StatusOpen || got.Title != iss.Title {
		t.Fatalf("after unhide %+v", got)
	}
	r3, err := e.gather.Report(e.ctx, b, gather.Target{IssueID: iss.ID}, "Still rude")
	e.must(err)
	wantKind(t, e.gather.DismissReport(e.ctx, mod, r3.ID, ""), apperr.Invalid)
	e.must(e.gather.DismissReport(e.ctx, mod, r3.ID, "Robust but within the house rules"))
	if r, _ := e.s.Report(e.ctx, r3.ID); r.Outcome != gather.OutcomeDismissed || r.Note != "Robust but within the house rules" {
		t.Fatalf("dismissed report %+v", r)
	}
	wantKind(t, e.gather.DismissReport(e.ctx, b, r3.ID, "x"), apperr.Forbidden)
	e.countsEqualRows()
}

func testThemes(t *testing.T, e *env) {
	a := e.user("a@example.org")
	u1, u2, u3 := e.user("u1@example.org"), e.user("u2@example.org"), e.user("u3@example.org")
	i1 := e.issue(a, "Dementia diagnosis waits")
	i2 := e.issue(a, "Dementia support for carers")
	i3 := e.issue(a, "Mental health crisis care")
	for _, s := range []struct {
		u  people.User
		id int64
	}{{u1, i1.ID}, {u1, i2.ID}, {u2, i2.ID}, {u3, i3.ID}} {
		_, err := e.gather.Support(e.ctx, s.u, s.id)
		e.must(err)
	}
	_, err := e.gather.CreateTheme(e.ctx, u1, gather.ThemeDraft{CycleID: e.cycle.ID, Name: "Dementia"})
	wantKind(t, err, apperr.Forbidden)
	dem, err := e.gather.CreateTheme(e.ctx, e.org, gather.ThemeDraft{CycleID: e.cycle.ID, Name: "Dementia", IssueIDs: []int64{i1.ID, i2.ID}})
	e.must(err)
	if dem.Issues != 2 || dem.Supports != 3 || dem.Supporters != 2 {
		t.Fatalf("theme counts: %d issues, %d supports, %d distinct supporters; want 2, 3, 2", dem.Issues, dem.Supports, dem.Supporters)
	}
	mh, err := e.gather.CreateTheme(e.ctx, e.org, gather.ThemeDraft{CycleID: e.cycle.ID, Name: "Mental health", IssueIDs: []int64{i3.ID}})
	e.must(err)
	ts, err := e.gather.Themes(e.ctx, e.cycle.ID)
	e.must(err)
	if len(ts) != 2 || ts[0].ID != dem.ID {
		t.Fatalf("themes order %+v", ts)
	}
	got, _ := e.s.Issue(e.ctx, i1.ID)
	if got.ThemeID != dem.ID {
		t.Fatalf("issue theme %d", got.ThemeID)
	}
	p, _ := e.gather.ListIssues(e.ctx, people.Anonymous, gather.IssueQuery{ThemeID: dem.ID})
	if len(p.Issues) != 2 {
		t.Fatalf("theme issues %d", len(p.Issues))
	}

	ren, err := e.gather.RenameTheme(e.ctx, e.org, dem.ID, "Dementia care", "Diagnosis and support")
	e.must(err)
	if ren.Name != "Dementia care" {
		t.Fatalf("renamed %+v", ren)
	}
	merged, err := e.gather.MergeThemes(e.ctx, e.org, dem.ID, []int64{mh.ID})
	e.must(err)
	if merged.Issues != 3 || merged.Supporters != 3 {
		t.Fatalf("merged %+v", merged)
	}
	_, err = e.gather.Theme(e.ctx, mh.ID)
	wantKind(t, err, apperr.NotFound)
	split, err := e.gather.SplitTheme(e.ctx, e.org, dem.ID, []int64{i3.ID}, "Mental health")
	e.must(err)
	if split.Issues != 1 || split.Supporters != 1 {
		t.Fatalf("split %+v", split)
	}
	after, _ := e.gather.Theme(e.ctx, dem.ID)
	if after.Issues != 2 {
		t.Fatalf("after split the source has %d issues", after.Issues)
	}
	_, err = e.gather.SplitTheme(e.ctx, e.org, dem.ID, []int64{i3.ID}, "Not in it")
	wantKind(t, err, apperr.Invalid)
	e.must(e.gather.RemoveFromTheme(e.ctx, e.org, []int64{i2.ID}))
	after, _ = e.gather.Theme(e.ctx, dem.ID)
	if after.Issues != 1 || after.Supporters != 1 {
		t.Fatalf("after removal %+v", after)
	}
	e.must(e.gather.AddToTheme(e.ctx, e.org, dem.ID, []int64{i2.ID}))
	e.must(e.gather.DeleteTheme(e.ctx, e.org, split.ID))
	got, _ = e.s.Issue(e.ctx, i3.ID)
	if got.ThemeID != 0 {
		t.Fatalf("issue of deleted theme still in theme %d", got.ThemeID)
	}
}

// testCheckCounts: a counter that drifts from its rows is reported.
func testCheckCounts(t *testing.T, e *env) {
	a, b := e.user("a@example.org"), e.user("b@example.org")
	iss := e.issue(a, "Counted issue")
	_, err := e.gather.Support(e.ctx, b, iss.ID)
	e.must(err)
	e.countsEqualRows()
	if _, err := e.raw.Exec(`UPDATE issues SET supports = 5 WHERE id = ` + itoa(iss.ID)); err != nil {
		t.Fatal(err)
	}
	problems, err := e.s.CheckCounts(e.ctx)
	e.must(err)
	if len(problems) != 1 || !strings.Contains(problems[0], "support count") {
		t.Fatalf("CheckCounts = %v", problems)
	}
}

// testBatchIsolation: supports committed together (group commit) do not
// share fates: supports for a missing issue add nothing, the others count.
func testBatchIsolation(t *testing.T, e *env) {
	a := e.user("a@example.org")
	iss := e.issue(a, "Batched issue")
	users := make([]people.User, 24)
	for i := range users {
		users[i] = e.user(fmt.Sprintf("b%d@example.org", i))
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	good, missing := 0, 0
	for i, u := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := iss.ID
			if i%4 == 0 {
				id = 10_000_000 + int64(i) // no such issue
			}
			// Straight to the store, as the service would refuse the missing issue first.
			added, err := e.s.AddSupport(e.ctx, gather.Support{IssueID: id, UserID: u.ID, Created: e.now}, e.ev("support.add"))
			mu.Lock()
			defer mu.Unlock()
			switch {
			case id == iss.ID && err == nil && added:
				good++
			case id != iss.ID && err == nil && !added:
				missing++
			default:
				t.Errorf("support of %d by %d: added=%v err=%v", id, u.ID, added, err)
			}
		}()
	}
	wg.Wait()
	if good != 18 || missing != 6 {
		t.Fatalf("%d good, %d missing; want 18 and 6", good, missing)
	}
	got, _ := e.s.Issue(e.ctx, iss.ID)
	if got.Supports != 18 {
		t.Fatalf("supports %d", got.Supports)
	}
	e.countsEqualRows()
}
