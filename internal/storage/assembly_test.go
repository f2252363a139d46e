package storage_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/assembly"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/storage"
	"github.com/folkmoot/folkmoot/internal/storage/pgtest"
)

func TestAssemblySQLite(t *testing.T) {
	testAssembly(t, openJuryStore(t, filepath.Join(t.TempDir(), "assembly.db")))
}

func TestAssemblyPostgres(t *testing.T) {
	testAssembly(t, openJuryStore(t, pgtest.Schema(t, "assembly_test")))
}

// fixedSelection stands in for the lottery: the emails of the people who
// confirmed their place.
type fixedSelection []string

func (f fixedSelection) ConfirmedEmails(context.Context, int64) ([]string, error) { return f, nil }

func testAssembly(t *testing.T, st storage.Store) {
	ctx := context.Background()
	now := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { now = now.Add(time.Minute); return now }
	ps := people.NewService(st, people.Config{Now: clock})
	cs := cycle.NewService(st, cycle.Config{Now: clock, CacheTTL: time.Nanosecond})
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	org, err := ps.AddUser(ctx, people.System, "org@example.org", "Olive Organiser", people.RoleOrganiser)
	must(err)
	cit, err := ps.AddUser(ctx, people.System, "cit@example.org", "Carl Citizen")
	must(err)
	prog, err := cs.CreateProgramme(ctx, people.System, cycle.Programme{Name: "Assembly test"})
	must(err)
	c, err := cs.CreateCycle(ctx, org, cycle.Draft{ProgrammeID: prog.ID, Title: "Spring"})
	must(err)
	sel := fixedSelection{"Member.One@example.org", "cit@example.org"}
	as := assembly.NewService(st, cs, ps, st, sel, clock)

	// Gathering: nobody can be named yet.
	if _, err := as.Add(ctx, org, c.ID, assembly.Facilitator, "fac@example.org"); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("naming people while gathering: %v", err)
	}
	for _, p := range []cycle.Phase{cycle.Agenda, cycle.Selection} {
		_, err := cs.MovePhase(ctx, org, c.ID, p, "")
		must(err)
	}
	if _, err := as.Add(ctx, cit, c.ID, assembly.Facilitator, "fac@example.org"); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("a citizen naming people: %v", err)
	}
	if _, err := as.Add(ctx, org, c.ID, assembly.Facilitator, "fac@example.org\nnot an email"); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("a bad address: %v", err)
	}
	before, _ := st.LastAuditID(ctx)
	n, err := as.Add(ctx, org, c.ID, assembly.Facilitator, "fac@example.org, board@example.org")
	must(err)
	m, err := as.Add(ctx, org, c.ID, assembly.Board, "board@example.org")
	must(err)
	if n != 2 || m != 1 {
		t.Fatalf("added %d facilitators and %d Board members", n, m)
	}
	if again, err := as.Add(ctx, org, c.ID, assembly.Board, "BOARD@example.org"); err != nil || again != 0 {
		t.Fatalf("naming a Board member twice: %d, %v", again, err)
	}
	// Two accounts made, two additions; the repeat changes nothing.
	if after, _ := st.LastAuditID(ctx); after != before+4 {
		t.Fatalf("%d audit entries for four changes and a repeat", after-before)
	}
	k, err := as.EnrolSelected(ctx, org, c.ID)
	must(err)
	if k != 2 {
		t.Fatalf("enrolled %d of the 2 who confirmed", k)
	}
	if rs, err := as.RolesOf(ctx, c.ID, cit.ID); err != nil || !slices.Equal(rs, []assembly.Role{assembly.Member}) {
		t.Fatalf("the citizen's parts: %v, %v", rs, err)
	}
	all, err := as.People(ctx, c.ID, "")
	must(err)
	var got []string
	for _, p := range all {
		got = append(got, string(p.Role)+":"+p.Email)
	}
	want := []string{"member:cit@example.org", "member:member.one@example.org", "facilitator:board@example.org", "facilitator:fac@example.org", "board:board@example.org"}
	// Within a part, by display name: the new accounts have none yet.
	if len(got) != len(want) || got[0][:7] != "member:" || got[4] != want[4] {
		t.Fatalf("people = %v, want (in some order within parts) %v", got, want)
	}
	board := all[4]
	if rs, _ := as.RolesOf(ctx, c.ID, board.UserID); !slices.Equal(rs, []assembly.Role{assembly.Facilitator, assembly.Board}) {
		t.Fatalf("two parts: %v", rs)
	}
	must(as.Remove(ctx, org, c.ID, board.UserID, assembly.Facilitator))
	if err := as.Remove(ctx, org, c.ID, board.UserID, assembly.Facilitator); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("removing twice: %v", err)
	}
	if ok, _ := as.Has(ctx, c.ID, board.UserID, assembly.Board); !ok {
		t.Fatal("removing one part took the other")
	}
	if rs, _ := as.RolesOf(ctx, c.ID, 0); rs != nil {
		t.Fatalf("a signed-out person has parts %v", rs)
	}
}
