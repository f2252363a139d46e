package cycle_test

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/cycle/cycletest"
	"github.com/folkmoot/folkmoot/internal/people"
)

var (
	organiser = people.User{ID: 7, DisplayName: "Olu", Roles: []people.Role{people.RoleCitizen, people.RoleOrganiser}}
	citizen   = people.User{ID: 8, DisplayName: "Cai", Roles: []people.Role{people.RoleCitizen}}
)

func newService(t *testing.T) (*cycle.Service, *cycletest.MemStore, *time.Time) {
	t.Helper()
	now := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	st := cycletest.NewMemStore()
	return cycle.NewService(st, cycle.Config{Now: func() time.Time { return now }}), st, &now
}

func TestPhases(t *testing.T) {
	if len(cycle.Phases) != 8 || cycle.Phases[0] != cycle.Gather || cycle.Phases[7] != cycle.FollowUp {
		t.Fatalf("Phases = %v", cycle.Phases)
	}
	for i, p := range cycle.Phases {
		if p.Index() != i || p.Title() == string(p) && p != cycle.Agenda || p.Summary() == "" {
			t.Errorf("phase %q: index %d, title %q, summary %q", p, p.Index(), p.Title(), p.Summary())
		}
		next, ok := p.Next()
		if ok != (i < 7) || ok && next != cycle.Phases[i+1] {
			t.Errorf("%s.Next() = %s, %v", p, next, ok)
		}
	}
	for in, want := range map[string]cycle.Phase{"agenda": cycle.Agenda, " Follow-up ": cycle.FollowUp, "FOLLOW UP": cycle.FollowUp, "followup": cycle.FollowUp} {
		if got, ok := cycle.ParsePhase(in); !ok || got != want {
			t.Errorf("ParsePhase(%q) = %q, %v", in, got, ok)
		}
	}
	if _, ok := cycle.ParsePhase("jury"); ok {
		t.Error("ParsePhase accepted an unknown phase")
	}
}

func TestGate(t *testing.T) {
	tests := []struct {
		phase cycle.Phase
		a     cycle.Action
		want  bool
	}{
		{cycle.Gather, cycle.RaiseIssue, true},
		{cycle.Gather, cycle.Support, true},
		{cycle.Gather, cycle.ShapeThemes, true},
		{cycle.Agenda, cycle.RaiseIssue, false},
		{cycle.Agenda, cycle.Support, false},
		{cycle.Agenda, cycle.EditIssue, false},
		{cycle.Agenda, cycle.ShapeThemes, true},
		{cycle.Selection, cycle.ShapeThemes, false},
		{cycle.FollowUp, cycle.Support, false},
		{cycle.Response, cycle.Consult, true},
		{cycle.Recommendations, cycle.Consult, false},
		{cycle.FollowUp, cycle.Consult, false},
	}
	for _, tt := range tests {
		if got := cycle.Allows(tt.phase, tt.a); got != tt.want {
			t.Errorf("Allows(%s, %s) = %v, want %v", tt.phase, tt.a, got, tt.want)
		}
		err := cycle.Check(cycle.Cycle{Title: "Spring", Phase: tt.phase}, tt.a)
		if (err == nil) != tt.want || err != nil && !apperr.Is(err, apperr.Conflict) {
			t.Errorf("Check(%s, %s) = %v", tt.phase, tt.a, err)
		}
	}
}

func TestCreateAndMove(t *testing.T) {
	ctx := context.Background()
	s, st, now := newService(t)
	if _, err := s.ProgrammeNamed(ctx, citizen, "NHS Citizen"); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("a citizen made a programme: %v", err)
	}
	p, err := s.ProgrammeNamed(ctx, organiser, "  NHS Citizen ")
	if err != nil || p.Slug != "nhs-citizen" || p.Name != "NHS Citizen" {
		t.Fatalf("ProgrammeNamed = %+v, %v", p, err)
	}
	if again, err := s.ProgrammeNamed(ctx, organiser, "nhs citizen"); err != nil || again.ID != p.ID {
		t.Fatalf("the same name made a second programme: %+v, %v", again, err)
	}
	gatherEnds := now.Add(30 * 24 * time.Hour)
	c, err := s.CreateCycle(ctx, organiser, cycle.Draft{ProgrammeID: p.ID, Title: " Spring 2027 ",
		Plan: []cycle.PlannedPhase{{Phase: cycle.Gather, Starts: *now, Ends: gatherEnds}}})
	if err != nil {
		t.Fatal(err)
	}
	if c.Title != "Spring 2027" || c.Phase != cycle.Gather || !c.PhaseSince.Equal(*now) || c.ProgrammeName != "NHS Citizen" || len(c.Plan) != 8 || !c.Planned(cycle.Gather).Ends.Equal(gatherEnds) {
		t.Fatalf("created %+v", c)
	}
	if err := s.Gate(ctx, c.ID, cycle.RaiseIssue); err != nil {
		t.Fatalf("a new round does not take issues: %v", err)
	}
	if _, err := s.MovePhase(ctx, citizen, c.ID, cycle.Agenda, ""); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("a citizen moved the phase: %v", err)
	}
	if _, err := s.MovePhase(ctx, organiser, c.ID, cycle.Gather, ""); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("a move to the current phase: %v", err)
	}
	*now = now.Add(time.Hour)
	moved, err := s.MovePhase(ctx, organiser, c.ID, cycle.Agenda, "The jury meets on 4 April.")
	if err != nil || moved.Phase != cycle.Agenda || !moved.PhaseSince.Equal(*now) {
		t.Fatalf("MovePhase = %+v, %v", moved, err)
	}
	if err := s.Gate(ctx, c.ID, cycle.Support); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("supports allowed after gathering: %v", err)
	}
	if _, err := s.MovePhase(ctx, organiser, c.ID, cycle.Gather, "Reopened by mistake"); err != nil {
		t.Fatal(err)
	}
	tl, err := s.Timeline(ctx, c.ID)
	if err != nil || len(tl) != 3 {
		t.Fatalf("timeline = %+v, %v", tl, err)
	}
	if tl[0].From != "" || tl[0].To != cycle.Gather || tl[1].To != cycle.Agenda || tl[1].Note != "The jury meets on 4 April." || tl[1].Back() || !tl[2].Back() {
		t.Fatalf("timeline = %+v", tl)
	}
	var actions []string
	for _, ev := range st.Events {
		actions = append(actions, ev.Action)
	}
	want := []string{"programme.create", "cycle.create", "cycle.phase", "cycle.phase"}
	if len(actions) != len(want) {
		t.Fatalf("audited %v, want %v", actions, want)
	}
	for i := range want {
		if actions[i] != want[i] {
			t.Fatalf("audited %v, want %v", actions, want)
		}
	}
	if d := st.Events[2].Details; d["from"] != "gather" || d["to"] != "agenda" || st.Events[2].Object != "cycle:"+itoa(c.ID) {
		t.Fatalf("phase event = %+v", st.Events[2])
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestDraftChecks(t *testing.T) {
	ctx := context.Background()
	s, _, now := newService(t)
	p, _ := s.ProgrammeNamed(ctx, organiser, "P")
	bad := []struct {
		name  string
		d     cycle.Draft
		field string
	}{
		{"no title", cycle.Draft{ProgrammeID: p.ID}, "title"},
		{"control character", cycle.Draft{ProgrammeID: p.ID, Title: "Spring\x00"}, "title"},
		{"ends before it starts", cycle.Draft{ProgrammeID: p.ID, Title: "S", Plan: []cycle.PlannedPhase{{Phase: cycle.Gather, Starts: *now, Ends: now.Add(-time.Hour)}}}, "plan-gather-ends"},
		{"out of order", cycle.Draft{ProgrammeID: p.ID, Title: "S", Plan: []cycle.PlannedPhase{{Phase: cycle.Gather, Starts: now.Add(48 * time.Hour)}, {Phase: cycle.Agenda, Starts: *now}}}, "plan-agenda-starts"},
		{"unknown phase", cycle.Draft{ProgrammeID: p.ID, Title: "S", Plan: []cycle.PlannedPhase{{Phase: "jury", Starts: *now}}}, "plan"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.CreateCycle(ctx, organiser, tt.d)
			var e *apperr.Error
			if !apperr.Is(err, apperr.Invalid) || !asErr(err, &e) || e.Field != tt.field {
				t.Fatalf("CreateCycle = %v, want Invalid on %q", err, tt.field)
			}
		})
	}
	if _, err := s.CreateCycle(ctx, organiser, cycle.Draft{ProgrammeID: 999, Title: "S"}); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("a round in a missing programme: %v", err)
	}
}

func TestCurrentAndCache(t *testing.T) {
	ctx := context.Background()
	s, st, now := newService(t)
	if _, err := s.Current(ctx); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("Current with no rounds = %v", err)
	}
	p, _ := s.ProgrammeNamed(ctx, organiser, "P")
	old, _ := s.CreateCycle(ctx, organiser, cycle.Draft{ProgrammeID: p.ID, Title: "Autumn 2026"})
	*now = now.Add(time.Hour)
	cur, _ := s.CreateCycle(ctx, organiser, cycle.Draft{ProgrammeID: p.ID, Title: "Spring 2027"})
	if _, err := s.MovePhase(ctx, organiser, cur.ID, cycle.FollowUp, ""); err != nil {
		t.Fatal(err)
	}
	if c, err := s.Current(ctx); err != nil || c.ID != old.ID {
		t.Fatalf("Current = %+v, %v; want the newest unfinished round", c, err)
	}
	// The cache serves a stale round until Forget (another process's change).
	if err := s.Gate(ctx, old.ID, cycle.Support); err != nil {
		t.Fatal(err)
	}
	other := cycle.NewService(st, cycle.Config{})
	if _, err := other.MovePhase(ctx, organiser, old.ID, cycle.Agenda, ""); err != nil {
		t.Fatal(err)
	}
	if err := s.Gate(ctx, old.ID, cycle.Support); err != nil {
		t.Fatalf("the cached round should still allow supports: %v", err)
	}
	s.Forget(old.ID)
	if err := s.Gate(ctx, old.ID, cycle.Support); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("after Forget the gate = %v, want Conflict", err)
	}
}

func TestFollow(t *testing.T) {
	ctx := context.Background()
	s, st, _ := newService(t)
	c := cycletest.OpenRound(t, st, "Spring")
	if _, err := s.Follow(ctx, people.Anonymous, c.ID); !apperr.Is(err, apperr.Unauthenticated) {
		t.Fatalf("anonymous follow = %v", err)
	}
	for i := 0; i < 2; i++ {
		added, err := s.Follow(ctx, citizen, c.ID)
		if err != nil || added != (i == 0) {
			t.Fatalf("Follow #%d = %v, %v", i, added, err)
		}
	}
	if f, _ := s.Following(ctx, citizen, c.ID); !f {
		t.Fatal("not following after Follow")
	}
	if ids, _ := s.Followers(ctx, c.ID); len(ids) != 1 || ids[0] != citizen.ID {
		t.Fatalf("Followers = %v", ids)
	}
	if removed, err := s.Unfollow(ctx, citizen, c.ID); err != nil || !removed {
		t.Fatalf("Unfollow = %v, %v", removed, err)
	}
}

func asErr(err error, e **apperr.Error) bool { return errors.As(err, e) }

func TestStates(t *testing.T) {
	t0 := time.Date(2027, 1, 1, 9, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	c := cycle.Cycle{Phase: cycle.Agenda, Plan: cycle.FullPlan([]cycle.PlannedPhase{{Phase: cycle.Selection, Starts: t0.Add(60 * day)}})}
	moves := []cycle.Move{
		{To: cycle.Gather, At: t0},
		{From: cycle.Gather, To: cycle.Agenda, At: t0.Add(30 * day), Note: "Closed."},
		{From: cycle.Agenda, To: cycle.Gather, At: t0.Add(31 * day), Note: "Reopened by mistake."},
		{From: cycle.Gather, To: cycle.Agenda, At: t0.Add(32 * day)},
	}
	st := c.States(moves)
	if len(st) != 8 || st[0].Status != cycle.Past || st[1].Status != cycle.Current || st[2].Status != cycle.Upcoming {
		t.Fatalf("statuses %+v", st)
	}
	if !st[0].Started.Equal(t0.Add(31*day)) || !st[0].Ended.Equal(t0.Add(32*day)) || len(st[0].Notes) != 1 {
		t.Fatalf("gather (visited twice) %+v", st[0])
	}
	if !st[1].Started.Equal(t0.Add(32*day)) || !st[1].Ended.IsZero() || len(st[1].Notes) != 1 || st[1].Notes[0].Note != "Closed." {
		t.Fatalf("agenda (current) %+v", st[1])
	}
	if !st[2].Started.IsZero() || !st[2].Planned.Starts.Equal(t0.Add(60*day)) {
		t.Fatalf("selection (upcoming) %+v", st[2])
	}
	if next, ok := c.NextPlanned(); !ok || next.Phase != cycle.Selection || !next.Starts.Equal(t0.Add(60*day)) {
		t.Fatalf("NextPlanned = %+v, %v", next, ok)
	}
	if _, ok := (cycle.Cycle{Phase: cycle.FollowUp}).NextPlanned(); ok {
		t.Fatal("the last phase has a next one")
	}
}
