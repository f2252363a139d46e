package storagetest

import (
	"context"
	"database/sql"
	"sync"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/people"
)

func testProgrammes(t *testing.T, e *env) {
	p, err := e.cycles.CreateProgramme(e.ctx, e.org, cycle.Programme{Name: "Citizens' Voice", Description: "A second programme."})
	e.must(err)
	if p.ID == 0 || p.Slug != "citizens-voice" {
		t.Fatalf("created %+v", p)
	}
	if _, err := e.cycles.CreateProgramme(e.ctx, e.org, cycle.Programme{Name: "Other", Slug: "citizens-voice"}); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("a duplicate short name: %v", err)
	}
	got, err := e.s.ProgrammeBySlug(e.ctx, "citizens-voice")
	if err != nil || got.ID != p.ID || got.Name != "Citizens' Voice" || got.Description != "A second programme." || !got.Created.Equal(e.now) {
		t.Fatalf("ProgrammeBySlug = %+v, %v", got, err)
	}
	if _, err := e.s.Programme(e.ctx, 999999); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("a missing programme: %v", err)
	}
	all, err := e.s.Programmes(e.ctx)
	if err != nil || len(all) != 2 || all[1].ID != p.ID {
		t.Fatalf("Programmes = %+v, %v", all, err)
	}
	if n := e.count(`SELECT COUNT(*) FROM audit_log WHERE action = 'programme.create'`); n != 2 {
		t.Fatalf("%d programme.create entries, want 2", n)
	}
}

func testCycles(t *testing.T, e *env) {
	p, err := e.cycles.ProgrammeNamed(e.ctx, e.org, "NHS Citizen")
	e.must(err)
	gs, ge := e.now, e.now.Add(21*24*time.Hour)
	c, err := e.cycles.CreateCycle(e.ctx, e.org, cycle.Draft{ProgrammeID: p.ID, Title: "Autumn 2026", Description: "Second round.",
		Plan: []cycle.PlannedPhase{{Phase: cycle.Gather, Starts: gs, Ends: ge}, {Phase: cycle.Agenda, Starts: ge}}})
	e.must(err)
	if c.Title != "Autumn 2026" || c.ProgrammeName != "NHS Citizen" || c.Phase != cycle.Gather || !c.PhaseSince.Equal(e.now) ||
		!c.Planned(cycle.Gather).Starts.Equal(gs) || !c.Planned(cycle.Gather).Ends.Equal(ge) || !c.Planned(cycle.Agenda).Starts.Equal(ge) ||
		!c.Planned(cycle.Agenda).Ends.IsZero() || len(c.Plan) != len(cycle.Phases) {
		t.Fatalf("created %+v", c)
	}
	e.tick(time.Hour)
	c2, err := e.cycles.UpdateCycle(e.ctx, e.org, c.ID, cycle.Draft{Title: "Autumn 2026 (NHS Citizen)",
		Plan: []cycle.PlannedPhase{{Phase: cycle.Learning, Starts: ge.Add(60 * 24 * time.Hour)}}})
	e.must(err)
	if c2.Title != "Autumn 2026 (NHS Citizen)" || !c2.Planned(cycle.Gather).Starts.IsZero() || c2.Planned(cycle.Learning).Starts.IsZero() {
		t.Fatalf("updated %+v", c2)
	}
	e.tick(time.Hour)
	moved, err := e.cycles.MovePhase(e.ctx, e.org, c.ID, cycle.Agenda, "Gathering has closed.")
	e.must(err)
	if moved.Phase != cycle.Agenda || !moved.PhaseSince.Equal(e.now) {
		t.Fatalf("moved %+v", moved)
	}
	e.tick(time.Hour)
	if _, err := e.cycles.MovePhase(e.ctx, people.System, c.ID, cycle.Selection, ""); err != nil {
		t.Fatal(err)
	}
	tl, err := e.s.Moves(e.ctx, c.ID)
	e.must(err)
	if len(tl) != 3 || tl[0].From != "" || tl[0].To != cycle.Gather || tl[0].ActorName != "organiser" ||
		tl[1].From != cycle.Gather || tl[1].To != cycle.Agenda || tl[1].Note != "Gathering has closed." || tl[1].ActorID != e.org.ID ||
		tl[2].ActorID != 0 || tl[2].ActorName != "" || !tl[2].At.Equal(e.now) {
		t.Fatalf("timeline %+v", tl)
	}
	list, err := e.s.Cycles(e.ctx, 0)
	e.must(err)
	if len(list) != 2 || list[0].ID != c.ID || list[0].Phase != cycle.Selection || list[1].ID != e.cycle.ID || len(list[0].Plan) != len(cycle.Phases) {
		t.Fatalf("Cycles = %+v", list)
	}
	if mine, _ := e.s.Cycles(e.ctx, p.ID); len(mine) != 1 || mine[0].ID != c.ID {
		t.Fatalf("Cycles(programme) = %+v", mine)
	}
	if _, err := e.s.Cycle(e.ctx, 999999); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("a missing round: %v", err)
	}
	if _, err := e.cycles.MovePhase(e.ctx, e.org, 999999, cycle.Agenda, ""); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("moving a missing round: %v", err)
	}
	if n := e.count(`SELECT COUNT(*) FROM audit_log WHERE action = 'cycle.phase'`); n != 2 {
		t.Fatalf("%d cycle.phase entries, want 2", n)
	}
	// The gate follows the phase.
	if err := e.cycles.Gate(e.ctx, c.ID, cycle.RaiseIssue); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("raising an issue in Selection: %v", err)
	}
}

// testCyclePhaseRace: two organisers move the same round from the same
// phase at once; exactly one move lands.
func testCyclePhaseRace(t *testing.T, e *env) {
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m := cycle.Move{CycleID: e.cycle.ID, From: cycle.Gather, To: cycle.Agenda, At: time.Now().UTC().Truncate(time.Microsecond)}
			errs[i] = e.s.MovePhase(context.Background(), &m, e.eventFor("cycle.phase"))
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case !apperr.Is(err, apperr.Conflict):
			t.Fatalf("a racing move failed with %v, want Conflict", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d racing moves landed, want 1", ok)
	}
	tl, _ := e.s.Moves(e.ctx, e.cycle.ID)
	if len(tl) != 2 {
		t.Fatalf("timeline has %d entries, want 2", len(tl))
	}
}

func testCycleFollows(t *testing.T, e *env) {
	u := e.user("follower@example.org")
	for i := range 2 {
		added, err := e.cycles.Follow(e.ctx, u, e.cycle.ID)
		if err != nil || added != (i == 0) {
			t.Fatalf("Follow #%d = %v, %v", i, added, err)
		}
	}
	if ok, err := e.s.FollowsCycle(e.ctx, e.cycle.ID, u.ID); err != nil || !ok {
		t.Fatalf("FollowsCycle = %v, %v", ok, err)
	}
	if ids, err := e.s.CycleFollowers(e.ctx, e.cycle.ID); err != nil || len(ids) != 1 || ids[0] != u.ID {
		t.Fatalf("CycleFollowers = %v, %v", ids, err)
	}
	if _, err := e.cycles.Follow(e.ctx, u, 999999); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("following a missing round: %v", err)
	}
	for i := range 2 {
		removed, err := e.cycles.Unfollow(e.ctx, u, e.cycle.ID)
		if err != nil || removed != (i == 0) {
			t.Fatalf("Unfollow #%d = %v, %v", i, removed, err)
		}
	}
	if n := e.count(`SELECT COUNT(*) FROM audit_log WHERE action IN ('cycle.follow', 'cycle.unfollow')`); n != 2 {
		t.Fatalf("%d follow entries, want 2", n)
	}
}

// PhasesMigration checks the move to schema version 4, which gives rounds
// phases. raw is a handle on a database at schema version 3; migrate brings
// it up to date; open opens it. A round whose gather window has closed must
// be in the Agenda phase since the window closed, an open one in Gather,
// each with its window as the Gather phase's plan and a timeline.
func PhasesMigration(t *testing.T, raw *sql.DB, migrate func() error, open func() (Store, error)) {
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Microsecond)
	day := 24 * time.Hour
	closedOpens, closedCloses := now.Add(-60*day), now.Add(-30*day)
	openOpens, openCloses := now.Add(-day), now.Add(30*day)
	exec := func(q string) {
		t.Helper()
		if _, err := raw.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	id := func(q string) int64 {
		t.Helper()
		var n int64
		if err := raw.QueryRowContext(ctx, q).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	exec(`INSERT INTO programmes(slug, name, created_at) VALUES ('p', 'P', 1)`)
	prog := id(`SELECT id FROM programmes WHERE slug = 'p'`)
	exec(`INSERT INTO cycles(programme_id, name, gather_opens, gather_closes, created_at) VALUES (` + idText(prog) + `, 'Closed', ` + idText(closedOpens.UnixMicro()) + `, ` + idText(closedCloses.UnixMicro()) + `, 1)`)
	exec(`INSERT INTO cycles(programme_id, name, gather_opens, gather_closes, created_at) VALUES (` + idText(prog) + `, 'Open', ` + idText(openOpens.UnixMicro()) + `, ` + idText(openCloses.UnixMicro()) + `, 2)`)
	closedID, openID := id(`SELECT id FROM cycles WHERE name = 'Closed'`), id(`SELECT id FROM cycles WHERE name = 'Open'`)
	if err := migrate(); err != nil {
		t.Fatal(err)
	}
	s, err := open()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	closed, err := s.Cycle(ctx, closedID)
	if err != nil {
		t.Fatal(err)
	}
	if closed.Title != "Closed" || closed.Phase != cycle.Agenda || !closed.PhaseSince.Equal(closedCloses) ||
		!closed.Planned(cycle.Gather).Starts.Equal(closedOpens) || !closed.Planned(cycle.Gather).Ends.Equal(closedCloses) {
		t.Fatalf("the closed round after migration: %+v", closed)
	}
	open2, err := s.Cycle(ctx, openID)
	if err != nil {
		t.Fatal(err)
	}
	if open2.Phase != cycle.Gather || !open2.PhaseSince.Equal(openOpens) || !open2.Planned(cycle.Gather).Ends.Equal(openCloses) {
		t.Fatalf("the open round after migration: %+v", open2)
	}
	tl, err := s.Moves(ctx, closedID)
	if err != nil || len(tl) != 2 || tl[0].To != cycle.Gather || tl[1].From != cycle.Gather || tl[1].To != cycle.Agenda || !tl[1].At.Equal(closedCloses) {
		t.Fatalf("the closed round's timeline: %+v, %v", tl, err)
	}
	// The new round after them gets a fresh id.
	c, err := cycle.NewService(s, cycle.Config{}).CreateCycle(ctx, people.System, cycle.Draft{ProgrammeID: prog, Title: "New"})
	if err != nil || c.ID <= openID {
		t.Fatalf("a round made after the migration: %+v, %v", c, err)
	}
}

// eventFor returns an audit event by the organiser, now.
func (e *env) eventFor(action string) audit.Event {
	return audit.Event{Time: e.now, Actor: people.ActorOf(e.org), Action: action, Object: audit.ObjectRef("cycle", e.cycle.ID)}
}

// testIssueCounts: the counters of several issues in one read, missing
// ids skipped.
func testIssueCounts(t *testing.T, e *env) {
	a, b := e.user("ann@example.org"), e.user("bob@example.org")
	one, two := e.issue(a, "Evening appointments at the surgery"), e.issue(a, "Parking at the hospital")
	_, err := e.gather.Support(e.ctx, b, one.ID)
	e.must(err)
	_, err = e.gather.AddComment(e.ctx, b, gather.CommentDraft{IssueID: one.ID, Body: "Yes please."})
	e.must(err)
	got, err := e.gather.IssueCounts(e.ctx, []int64{one.ID, two.ID, 987654})
	e.must(err)
	want := map[int64]gather.Counts{one.ID: {IssueID: one.ID, Supports: 1, Comments: 1}, two.ID: {IssueID: two.ID}}
	if len(got) != 2 || got[0] != want[got[0].IssueID] || got[1] != want[got[1].IssueID] {
		t.Fatalf("IssueCounts = %+v", got)
	}
}
