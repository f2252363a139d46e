package storage_test

import (
	"context"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/assembly"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/recommend"
	"github.com/folkmoot/folkmoot/internal/response"
	"github.com/folkmoot/folkmoot/internal/storage"
	"github.com/folkmoot/folkmoot/internal/storage/pgtest"
)

// fakeResults is a closed vote: the items, passed or not.
type fakeResults struct {
	items  []recommend.Item
	passed map[int64]bool
}

func (f *fakeResults) Results(_ context.Context, _ int64) (recommend.Round, []recommend.Result, []recommend.Ballot, error) {
	if f.items == nil {
		return recommend.Round{}, nil, nil, apperr.New(apperr.NotFound, "not closed")
	}
	var out []recommend.Result
	for _, it := range f.items {
		out = append(out, recommend.Result{Item: it, Passed: f.passed[it.ID]})
	}
	return recommend.Round{Status: recommend.Closed}, out, nil, nil
}

func TestResponseSQLite(t *testing.T) {
	testResponse(t, openJuryStore(t, filepath.Join(t.TempDir(), "resp.db")))
}

func TestResponsePostgres(t *testing.T) {
	testResponse(t, openJuryStore(t, pgtest.Schema(t, "resp_test")))
}

// testResponse runs a round's response through the service: the deadline,
// the Board's answers (who may, which recommendations, late and kept
// first publication), commitments (only under accepted answers), progress
// updates with evidence links, a stale edit, the stocktake, the links for
// /cycles.json and the audit entries.
func testResponse(t *testing.T, st storage.Store) {
	ctx := context.Background()
	now := time.Date(2027, 5, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { now = now.Add(time.Minute); return now }
	ps := people.NewService(st, people.Config{Now: clock})
	cs := cycle.NewService(st, cycle.Config{Now: clock, CacheTTL: time.Nanosecond})
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	want := func(err error, k apperr.Kind, what string) {
		t.Helper()
		if !apperr.Is(err, k) {
			t.Fatalf("%s: %v, want %s", what, err, k)
		}
	}
	org, err := ps.AddUser(ctx, people.System, "org@example.org", "Olive Organiser", people.RoleOrganiser)
	must(err)
	board, err := ps.AddUser(ctx, people.System, "board@example.org", "Bea Board")
	must(err)
	member, err := ps.AddUser(ctx, people.System, "member@example.org", "Max Member")
	must(err)
	prog, err := cs.CreateProgramme(ctx, people.System, cycle.Programme{Name: "Response test"})
	must(err)
	c, err := cs.CreateCycle(ctx, org, cycle.Draft{ProgrammeID: prog.ID, Title: "Spring"})
	must(err)
	res := &fakeResults{passed: map[int64]bool{}}
	var items []recommend.Item
	for i, text := range []string{"Same-day appointments", "Call-backs", "A crisis line", "Abolish waiting"} {
		it := recommend.Item{CycleID: c.ID, ThemeID: int64(1 + i/2), ThemeTitle: []string{"GP access", "Crisis care"}[i/2], Kind: recommend.Agreement,
			Versions: []recommend.Version{{Number: 1, Text: text, At: now}}, Updated: now}
		it.ID, err = st.AddRecItem(ctx, it, audit.Event{Time: now, Actor: "system", Action: "recommend.draft"})
		must(err)
		items = append(items, it)
		res.passed[it.ID] = i < 3
	}
	a, b, cr, failed := items[0].ID, items[1].ID, items[2].ID, items[3].ID
	rs := response.NewService(st, cs, res, fakeMembers{board.ID: {assembly.Board}, member.ID: {assembly.Member}}, response.Config{Now: clock})

	// Nothing before the vote has closed; answers wait for the Response phase.
	if recs, err := rs.Passed(ctx, c.ID); err != nil || len(recs) != 0 {
		t.Fatalf("passed before the vote closed: %v, %v", recs, err)
	}
	if l, err := rs.Links(ctx, c.ID); err != nil || len(l) != 0 {
		t.Fatalf("links before the vote: %v %v", l, err)
	}
	res.items = items
	_, err = rs.Answer(ctx, board, c.ID, a, response.AnswerDraft{Decision: response.Accepted, Reasons: "Yes"})
	want(err, apperr.Conflict, "answer while gathering")
	_, err = cs.MovePhase(ctx, org, c.ID, cycle.Response, "")
	must(err)

	// The deadline.
	if _, ok, err := rs.Deadline(ctx, c.ID); ok || err != nil {
		t.Fatalf("a deadline before one is set: %v", err)
	}
	_, err = rs.SetDeadline(ctx, board, c.ID, now.Add(time.Hour))
	want(err, apperr.Forbidden, "the Board sets the deadline")
	deadline := now.Add(2 * time.Hour).Truncate(time.Second)
	_, err = rs.SetDeadline(ctx, org, c.ID, deadline)
	must(err)
	if d, ok, err := rs.Deadline(ctx, c.ID); !ok || err != nil || !d.Equal(deadline) {
		t.Fatalf("deadline = %v %v %v", d, ok, err)
	}

	// Answers: the Board and organisers, passed recommendations only, with reasons.
	_, err = rs.Answer(ctx, member, c.ID, a, response.AnswerDraft{Decision: response.Accepted, Reasons: "Yes"})
	want(err, apperr.Forbidden, "a member answers")
	_, err = rs.Answer(ctx, board, c.ID, failed, response.AnswerDraft{Decision: response.Accepted, Reasons: "Yes"})
	want(err, apperr.NotFound, "answering a recommendation that did not pass")
	_, err = rs.Answer(ctx, board, c.ID, a, response.AnswerDraft{Decision: "maybe", Reasons: " "})
	want(err, apperr.Invalid, "no decision, no reasons")
	ansA, err := rs.Answer(ctx, board, c.ID, a, response.AnswerDraft{Decision: response.Accepted, Reasons: "Practices will keep slots for each way of booking.", ReasonsCy: "Bydd practisau'n cadw apwyntiadau."})
	must(err)
	_, err = rs.Answer(ctx, org, c.ID, b, response.AnswerDraft{Decision: response.NotAccepted, Reasons: "Contracts already cover call-backs."})
	must(err)
	_, err = rs.AddCommitment(ctx, board, c.ID, b, response.CommitmentDraft{Title: "x", Owner: "y", Measure: "z", Due: now})
	want(err, apperr.Conflict, "a commitment under a recommendation not accepted")
	_, err = rs.AddCommitment(ctx, board, c.ID, cr, response.CommitmentDraft{Title: "x", Owner: "y", Measure: "z", Due: now})
	want(err, apperr.Conflict, "a commitment under an unanswered recommendation")
	r, err := rs.Report(ctx, c.ID)
	must(err)
	if r.Answered != 2 || r.Overdue != 0 || r.Late != 0 {
		t.Fatalf("before the deadline: %+v", r)
	}
	now = deadline.Add(time.Hour) // the deadline passes
	r, err = rs.Report(ctx, c.ID)
	must(err)
	if rr, _ := r.Rec(cr); !rr.Overdue || r.Overdue != 1 {
		t.Fatalf("the unanswered recommendation is not overdue: %+v", rr)
	}
	_, err = rs.Answer(ctx, board, c.ID, cr, response.AnswerDraft{Decision: response.PartlyAccepted, Reasons: "A line by day first."})
	must(err)
	// Changing an answer keeps when it was first published.
	again, err := rs.Answer(ctx, board, c.ID, a, response.AnswerDraft{Decision: response.Accepted, Reasons: "Practices will keep slots for each way of booking, from April."})
	must(err)
	if !again.AnsweredAt.Equal(ansA.AnsweredAt) || again.Late {
		t.Fatalf("a changed answer: %v, was %v", again.AnsweredAt, ansA.AnsweredAt)
	}
	as, err := rs.Answers(ctx, c.ID)
	must(err)
	if len(as) != 3 || as[0].Late || as[1].Late || !as[2].Late || as[0].ReasonsCy != "" || !slices.ContainsFunc(as, func(x response.Answer) bool { return x.Decision == response.PartlyAccepted }) {
		t.Fatalf("answers: %+v", as)
	}

	// Commitments and updates.
	_, err = rs.AddCommitment(ctx, board, c.ID, a, response.CommitmentDraft{})
	want(err, apperr.Invalid, "an empty commitment")
	c1, err := rs.AddCommitment(ctx, board, c.ID, a, response.CommitmentDraft{Title: "Same-day slots bookable online and by phone", Owner: "Director of Primary Care Commissioning",
		Measure: "Share of practices offering both", Due: time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC), Status: response.Planned})
	must(err)
	if c1.Progress != 10 || c1.StatusLabel != "Planned" || c1.ThemeID != 1 {
		t.Fatalf("new commitment: %+v", c1)
	}
	fifteen := 15
	c2, err := rs.AddCommitment(ctx, org, c.ID, cr, response.CommitmentDraft{Title: "A crisis line by day", Owner: "Mental Health Programme Board",
		Measure: "Calls answered within five minutes", Due: time.Date(2028, 3, 31, 0, 0, 0, 0, time.UTC), Status: response.InProgress, Progress: &fifteen})
	must(err)
	if c2.Progress != 15 {
		t.Fatalf("overridden progress: %d", c2.Progress)
	}
	_, err = rs.Answer(ctx, board, c.ID, a, response.AnswerDraft{Decision: response.NotAccepted, Reasons: "Changed our mind"})
	want(err, apperr.Conflict, "not accepting a recommendation with commitments")
	_, err = rs.AddUpdate(ctx, board, c1.ID, response.UpdateDraft{Date: now, Status: response.InProgress, Text: "Half the practices", Links: []string{"javascript:alert(1)"}})
	want(err, apperr.Invalid, "a bad evidence link")
	_, err = rs.AddUpdate(ctx, member, c1.ID, response.UpdateDraft{Date: now, Status: response.InProgress, Text: "x"})
	want(err, apperr.Forbidden, "a member updates")
	u1, err := rs.AddUpdate(ctx, board, c1.ID, response.UpdateDraft{Date: now.Add(-48 * time.Hour), Status: response.InProgress, Text: "Half the practices offer both.",
		Links: []string{"https://www.england.nhs.uk/primary-care/same-day/", ""}})
	must(err)
	if u1.Progress != 50 || len(u1.Updates) != 1 || u1.Updates[0].Links[0] != "https://www.england.nhs.uk/primary-care/same-day/" {
		t.Fatalf("after an update: %+v", u1)
	}
	u2, err := rs.AddUpdate(ctx, board, c1.ID, response.UpdateDraft{Date: now, Status: response.Delayed, Text: "Two practices' phone systems are late."})
	must(err)
	if u2.Progress != 50 || u2.Status != response.Delayed || len(u2.Updates) != 2 || u2.Updates[0].Status != response.Delayed || u2.Updates[1].Number != 1 {
		t.Fatalf("delayed keeps progress, newest first: %+v", u2)
	}
	// A stale edit is refused.
	stale := c1
	stale.Title = "Stale"
	err = st.SaveRespCommitment(ctx, stale, c1.Updated, nil, audit.Event{Time: now, Actor: "system", Action: response.ActionUpdate})
	want(err, apperr.Conflict, "a stale edit")
	ed, err := rs.EditCommitment(ctx, board, c1.ID, response.CommitmentDraft{Title: "Same-day slots by phone and online", Owner: u2.Owner, Measure: u2.Measure, Due: u2.Due, Status: response.Done})
	must(err)
	if ed.Progress != 100 || ed.Title != "Same-day slots by phone and online" || len(ed.Updates) != 2 {
		t.Fatalf("edited: %+v", ed)
	}
	all, err := rs.Commitments(ctx, c.ID)
	must(err)
	if len(all) != 2 || all[0].ID != c1.ID || len(all[0].Updates) != 2 || len(all[1].Updates) != 0 {
		t.Fatalf("commitments: %+v", all)
	}
	r, err = rs.Report(ctx, c.ID)
	must(err)
	if r.Progress != (100+15+1)/2 || r.Overdue != 0 || r.Late != 1 || r.Commitments != 2 {
		t.Fatalf("report: progress %d overdue %d late %d", r.Progress, r.Overdue, r.Late)
	}

	// Statuses: labels and default progress, keys kept.
	_, err = rs.SetStatuses(ctx, org, c.ID, []response.Status{{Key: response.Planned, Label: "", Progress: 120}})
	want(err, apperr.Invalid, "bad statuses")
	set, err := rs.SetStatuses(ctx, org, c.ID, []response.Status{{Key: response.Planned, Label: "Agreed", LabelCy: "Cytunwyd", Progress: 20}, {Key: "nonsense", Label: "X"}})
	must(err)
	if p, _ := set.Status(response.Planned); p.Label != "Agreed" || p.Progress != 20 || len(set.Statuses) != 5 {
		t.Fatalf("statuses: %+v", set.Statuses)
	}
	if d, _, _ := rs.Deadline(ctx, c.ID); !d.Equal(deadline) {
		t.Fatal("saving statuses lost the deadline")
	}
	// Statuses added (before the last, keyed by the label) and removed
	// (not one a commitment has, not one that is not there), organisers
	// only.
	_, err = rs.AddStatus(ctx, board, c.ID, response.Status{Label: "On hold", Keep: true})
	want(err, apperr.Forbidden, "the Board adds a status")
	_, err = rs.AddStatus(ctx, org, c.ID, response.Status{Label: "agreed", Progress: 5})
	want(err, apperr.Invalid, "a second status labelled Agreed")
	_, err = rs.AddStatus(ctx, org, c.ID, response.Status{Label: "Paused", Progress: 101})
	want(err, apperr.Invalid, "a progress over 100")
	set, err = rs.AddStatus(ctx, org, c.ID, response.Status{Label: "On hold — funding", LabelCy: "Ar stop", Keep: true, Progress: 70})
	must(err)
	if len(set.Statuses) != 6 || set.Statuses[4].Key != "on_hold_funding" || !set.Statuses[4].Keep || set.Statuses[4].Progress != 0 || set.Statuses[5].Key != response.Done {
		t.Fatalf("after adding: %+v", set.Statuses)
	}
	if set, err = rs.AddStatus(ctx, org, c.ID, response.Status{Label: "On hold: funding!", Progress: 40}); err != nil || set.Statuses[5].Key != "on_hold_funding_2" {
		t.Fatalf("a second key from the same words: %v %+v", err, set.Statuses)
	}
	_, err = rs.RemoveStatus(ctx, org, c.ID, response.Done)
	want(err, apperr.Conflict, "removing a status a commitment has")
	_, err = rs.RemoveStatus(ctx, org, c.ID, "nonsense")
	want(err, apperr.NotFound, "removing a status that is not there")
	_, err = rs.RemoveStatus(ctx, board, c.ID, response.NotStarted)
	want(err, apperr.Forbidden, "the Board removes a status")
	for _, k := range []string{response.NotStarted, "on_hold_funding_2"} {
		if set, err = rs.RemoveStatus(ctx, org, c.ID, k); err != nil || slices.ContainsFunc(set.Statuses, func(s response.Status) bool { return s.Key == k }) {
			t.Fatalf("removing %s: %v %+v", k, err, set.Statuses)
		}
	}
	if set, _ = rs.Settings(ctx, c.ID); len(set.Statuses) != 5 || set.Statuses[0].Key != response.Planned || set.Statuses[3].Key != "on_hold_funding" {
		t.Fatalf("stored statuses: %+v", set.Statuses)
	}

	// The stocktake.
	_, err = rs.PublishStocktake(ctx, org, c.ID)
	want(err, apperr.Conflict, "publishing an unrecorded stocktake")
	_, err = rs.SaveStocktake(ctx, board, c.ID, response.StocktakeDraft{Held: now, Place: "Leeds", Notes: "x"})
	want(err, apperr.Forbidden, "the Board records the stocktake")
	_, err = rs.SaveStocktake(ctx, org, c.ID, response.StocktakeDraft{Held: now, Place: "Civic Hall, Leeds", Notes: "The Board and members reviewed every commitment."})
	must(err)
	if l, _ := rs.Links(ctx, c.ID); l["responses.json"] == "" || l["stocktake"] != "" {
		t.Fatalf("links before the report: %v", l)
	}
	stk, err := rs.PublishStocktake(ctx, org, c.ID)
	must(err)
	if !stk.IsPublished() || stk.Place != "Civic Hall, Leeds" {
		t.Fatalf("stocktake: %+v", stk)
	}
	if l, _ := rs.Links(ctx, c.ID); l["stocktake.pdf"] != "/cycles/"+respItoa(c.ID)+"/stocktake.pdf" {
		t.Fatalf("links: %v", l)
	}

	// Audit: every change, with the recommendation and theme the notifier needs.
	es, err := st.AuditEntriesFor(ctx, audit.ObjectRef("rec", cr), 10)
	must(err)
	if !slices.ContainsFunc(es, func(e audit.Entry) bool {
		return e.Action == response.ActionAnswer && e.Details["recommendation"] == respItoa(cr) && e.Details["theme"] == "2" && e.Details["late"] == "yes"
	}) {
		t.Fatalf("no response.answer entry: %+v", es)
	}
	es, err = st.AuditEntriesFor(ctx, audit.ObjectRef("commitment", c1.ID), 10)
	must(err)
	n := map[string]int{}
	for _, e := range es {
		if e.Details["recommendation"] != respItoa(a) || e.Details["theme"] != "1" {
			t.Errorf("entry without recommendation and theme: %+v", e)
		}
		// What the notifier tells the theme's people (docs/jobs.md).
		if e.Details["commitment"] != respItoa(c1.ID) || e.Details["title"] == "" || e.Details["status"] == "" || e.Details["status_cy"] == "" || e.Details["progress"] == "" {
			t.Errorf("entry without the commitment, its title, status labels and progress: %+v", e)
		}
		n[e.Action]++
	}
	if !slices.ContainsFunc(es, func(e audit.Entry) bool {
		return e.Details["title"] == "Same-day slots by phone and online" && e.Details["status"] == "Done" && e.Details["status_cy"] == "Wedi'i gwblhau" && e.Details["progress"] == "100"
	}) {
		t.Errorf("no entry for the edit to done, at 100%%: %+v", es)
	}
	if n[response.ActionCreate] != 1 || n[response.ActionUpdate] != 3 {
		t.Fatalf("commitment entries: %v", n)
	}
	es, err = st.AuditEntriesFor(ctx, audit.ObjectRef("cycle", c.ID), 50)
	must(err)
	for _, act := range []string{response.ActionDeadline, response.ActionStatuses, response.ActionStocktake} {
		if !slices.ContainsFunc(es, func(e audit.Entry) bool { return e.Action == act }) {
			t.Errorf("no %s entry", act)
		}
	}
}

func respItoa(n int64) string { return strconv.FormatInt(n, 10) }
