package storage_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/assembly"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/jury"
	"github.com/folkmoot/folkmoot/internal/meeting"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/storage"
	"github.com/folkmoot/folkmoot/internal/storage/pgtest"
)

func TestMeetingSQLite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "meeting.db")
	st := openJuryStore(t, path)
	testMeeting(t, st)
	checkMeetingSealed(t, "sqlite", path)
}

func TestMeetingPostgres(t *testing.T) {
	dsn := pgtest.Schema(t, "meeting_test")
	st := openJuryStore(t, dsn)
	testMeeting(t, st)
	checkMeetingSealed(t, "pgx", dsn)
}

// checkMeetingSealed checks access needs and expenses are not stored in clear.
func checkMeetingSealed(t *testing.T, driver, dsn string) {
	t.Helper()
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{
		`SELECT access_sealed FROM meeting_registrations`,
		`SELECT what_sealed FROM meeting_expenses`,
	} {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for rows.Next() {
			var v string
			if err := rows.Scan(&v); err != nil {
				t.Fatal(err)
			}
			if v != "" && !strings.HasPrefix(v, "v1:") || strings.Contains(v, "wheelchair") || strings.Contains(v, "Train") {
				t.Fatalf("%s: %q is in clear", q, v)
			}
			n++
		}
		rows.Close()
		if n == 0 {
			t.Fatalf("%s: no rows", q)
		}
	}
}

type fakeMeetingAgenda struct{ themes []jury.Theme }

func (f fakeMeetingAgenda) Agenda(ctx context.Context, cycleID int64) (jury.Agenda, error) {
	a := jury.Agenda{CycleID: cycleID}
	for i, th := range f.themes {
		a.Chosen = append(a.Chosen, jury.Item{Theme: th, Rank: i + 1})
	}
	return a, nil
}

type fakeAssembly map[int64][]assembly.Role

func (f fakeAssembly) RolesOf(ctx context.Context, cycleID, userID int64) ([]assembly.Role, error) {
	return f[userID], nil
}

func (f fakeAssembly) People(ctx context.Context, cycleID int64, r assembly.Role) ([]assembly.Person, error) {
	var out []assembly.Person
	for u, rs := range f {
		if slices.Contains(rs, r) {
			out = append(out, assembly.Person{CycleID: cycleID, UserID: u, Role: r})
		}
	}
	return out, nil
}

type fakeProfiles map[int64]map[string]string

func (f fakeProfiles) Profiles(ctx context.Context, cycleID int64, userIDs []int64) (map[int64]map[string]string, error) {
	out := map[int64]map[string]string{}
	for _, id := range userIDs {
		if p, ok := f[id]; ok {
			out[id] = p
		}
	}
	return out, nil
}

// testMeeting runs sessions, registration, check-in, expenses, rankings,
// allocation, seats and notes through the service on a real store.
func testMeeting(t *testing.T, st storage.Store) {
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
	org, err := ps.AddUser(ctx, people.System, "org@example.org", "Olive Organiser", people.RoleOrganiser)
	must(err)
	prog, err := cs.CreateProgramme(ctx, people.System, cycle.Programme{Name: "Meetings test"})
	must(err)
	c, err := cs.CreateCycle(ctx, org, cycle.Draft{ProgrammeID: prog.ID, Title: "Summer"})
	must(err)
	asm := fakeAssembly{}
	prof := fakeProfiles{}
	var members []people.User
	for i := range 8 {
		u, err := ps.AddUser(ctx, people.System, fmt.Sprintf("m%d@example.org", i), fmt.Sprintf("Member %c", 'A'+i))
		must(err)
		members = append(members, u)
		asm[u.ID] = []assembly.Role{assembly.Member}
		prof[u.ID] = map[string]string{"gender": []string{"woman", "man"}[i%2]}
	}
	fac, err := ps.AddUser(ctx, people.System, "fac@example.org", "Fay Facilitator")
	must(err)
	asm[fac.ID] = []assembly.Role{assembly.Facilitator}
	board, err := ps.AddUser(ctx, people.System, "board@example.org", "Bob Board")
	must(err)
	asm[board.ID] = []assembly.Role{assembly.Board}
	themes := []jury.Theme{{ThemeID: 101, Title: "Access to GP appointments"}, {ThemeID: 102, Title: "Dentists"}}
	ms := meeting.NewService(st, cs, fakeMeetingAgenda{themes}, asm, prof, clock)

	session := meeting.Session{CycleID: c.ID, Title: "First meeting", Mode: meeting.Hybrid, Starts: now.Add(2 * time.Hour), Place: "Leeds Civic Hall", Webcast: "https://example.org/live"}
	// The phase gate: a round that is gathering has no meetings.
	if _, err := ms.SaveSession(ctx, org, session); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("session while gathering: %v", err)
	}
	for _, p := range []cycle.Phase{cycle.Agenda, cycle.Selection, cycle.Learning} {
		_, err := cs.MovePhase(ctx, org, c.ID, p, "")
		must(err)
	}
	if _, err := ms.SaveSession(ctx, members[0], session); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("a member made a session: %v", err)
	}
	sid, err := ms.SaveSession(ctx, org, session)
	must(err)
	ss, err := ms.Sessions(ctx, c.ID)
	must(err)
	if len(ss) != 1 || ss[0].ID != sid || ss[0].Place != "Leeds Civic Hall" || ss[0].Mode != meeting.Hybrid {
		t.Fatalf("sessions %+v", ss)
	}

	// Registration: members only; access needs sealed, read by organisers.
	if err := ms.Register(ctx, fac, c.ID, sid, meeting.AttendInPerson, ""); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("a facilitator registered as a member: %v", err)
	}
	must(ms.Register(ctx, members[0], c.ID, sid, meeting.AttendInPerson, "I use a wheelchair"))
	must(ms.Register(ctx, members[0], c.ID, sid, meeting.AttendInPerson, "I use a wheelchair; step-free entrance please"))
	must(ms.Register(ctx, members[1], c.ID, sid, meeting.AttendOnline, ""))
	if _, err := ms.Registrations(ctx, members[0], c.ID, sid); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("a member read registrations: %v", err)
	}
	regs, err := ms.Registrations(ctx, org, c.ID, sid)
	must(err)
	if len(regs) != 2 || regs[0].Access != "I use a wheelchair; step-free entrance please" || regs[1].Attendance != meeting.AttendOnline {
		t.Fatalf("registrations %+v", regs)
	}
	must(ms.CheckIn(ctx, org, c.ID, sid, members[0].ID))
	if err := ms.CheckIn(ctx, org, c.ID, sid, members[5].ID); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("checked in someone unregistered: %v", err)
	}
	regs, _ = ms.Registrations(ctx, org, c.ID, sid)
	if regs[0].CheckedIn.IsZero() || !regs[1].CheckedIn.IsZero() {
		t.Fatalf("check-in %+v", regs)
	}

	// Expenses.
	eid, err := ms.ClaimExpense(ctx, members[0], c.ID, sid, 1250, "Train from Bradford")
	must(err)
	_, err = ms.ClaimExpense(ctx, members[1], c.ID, sid, 300, "Train ticket")
	must(err)
	mine, err := ms.Expenses(ctx, members[0], c.ID, sid)
	must(err)
	if len(mine) != 1 || mine[0].What != "Train from Bradford" || mine[0].Pence != 1250 {
		t.Fatalf("own expenses %+v", mine)
	}
	must(ms.PayExpense(ctx, org, c.ID, sid, eid))
	if err := ms.PayExpense(ctx, org, c.ID, sid, eid); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("paid twice: %v", err)
	}
	all, err := ms.Expenses(ctx, org, c.ID, sid)
	must(err)
	if len(all) != 2 || all[0].Paid.IsZero() || !all[1].Paid.IsZero() {
		t.Fatalf("all expenses %+v", all)
	}

	// Rankings and allocation: 4 want GP access, 4 dentists.
	for i, m := range members {
		r := []int64{101, 102}
		if i >= 4 {
			r = []int64{102, 101}
		}
		must(ms.Rank(ctx, m, c.ID, r))
	}
	if err := ms.Rank(ctx, members[0], c.ID, []int64{101, 101}); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("a theme ranked twice: %v", err)
	}
	a, err := ms.Allocate(ctx, org, c.ID, meeting.Settings{PerTheme: 1, Min: 3, Max: 5})
	if apperr.Is(err, apperr.Unavailable) {
		t.Skip("allocation needs the coin build")
	}
	must(err)
	if a.Method != meeting.MethodOptimal || a.Summary.Choice[0] != 8 {
		t.Fatalf("allocation %+v", a)
	}
	got, ok, err := ms.Allocation(ctx, c.ID)
	must(err)
	if !ok || got.Method != a.Method || len(got.Summary.Groups) != 2 || got.Summary.Groups[0].Size != 4 {
		t.Fatalf("stored allocation %+v", got)
	}
	groups, err := ms.GroupsOf(ctx, c.ID)
	must(err)
	if len(groups) != 2 || groups[0].Name != "Access to GP appointments — group 1" || groups[0].Size != 4 {
		t.Fatalf("groups %+v", groups)
	}
	g, ok, err := ms.MemberGroup(ctx, c.ID, members[5].ID)
	must(err)
	if !ok || g.ThemeID != 102 {
		t.Fatalf("member 5's group %+v %v", g, ok)
	}

	// Seats: a facilitator must be one of the assembly's facilitators.
	if err := ms.Seat(ctx, org, groups[0].ID, members[0].ID, meeting.SeatFacilitator, false); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("a member seated as facilitator: %v", err)
	}
	must(ms.Seat(ctx, org, groups[0].ID, fac.ID, meeting.SeatFacilitator, false))
	must(ms.Seat(ctx, org, groups[0].ID, board.ID, meeting.SeatBoard, false))
	fs, err := ms.FacilitatorsOf(ctx, groups[0].ID)
	must(err)
	if !slices.Equal(fs, []int64{fac.ID}) {
		t.Fatalf("facilitators %v", fs)
	}
	f, b, err := ms.Staff(ctx, groups[0].ID)
	must(err)
	if len(f) != 1 || len(b) != 1 || b[0].Name != "Bob Board" {
		t.Fatalf("staff %+v %+v", f, b)
	}

	// Notes: the group's facilitator writes; public only once published,
	// and only after the session started.
	if err := ms.SaveNote(ctx, members[0], groups[0].ID, sid, "Points"); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("a member wrote notes: %v", err)
	}
	must(ms.SaveNote(ctx, fac, groups[0].ID, sid, "Members want evening appointments."))
	if err := ms.PublishNote(ctx, fac, groups[0].ID, sid); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("published before the session: %v", err)
	}
	if ns, _ := ms.Notes(ctx, people.User{}, groups[0].ID); len(ns) != 0 {
		t.Fatalf("draft notes public: %+v", ns)
	}
	now = now.Add(3 * time.Hour)
	must(ms.PublishNote(ctx, fac, groups[0].ID, sid))
	ns, err := ms.Notes(ctx, people.User{}, groups[0].ID)
	must(err)
	if len(ns) != 1 || ns[0].Text != "Members want evening appointments." || ns[0].Published.IsZero() {
		t.Fatalf("published notes %+v", ns)
	}
	// A new allocation would orphan the notes.
	if _, err := ms.Allocate(ctx, org, c.ID, meeting.Settings{PerTheme: 1, Min: 3, Max: 5}); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("re-allocated groups with notes: %v", err)
	}
	// Deleting an account erases its access needs, what its claims were
	// for and its ranking; the registration and the claim's amount stay.
	must(ps.DeleteAccount(ctx, members[0]))
	regs, err = ms.Registrations(ctx, org, c.ID, sid)
	must(err)
	for _, r := range regs {
		if r.UserID == members[0].ID && r.Access != "" {
			t.Fatalf("a deleted account's access needs remain: %q", r.Access)
		}
	}
	all, err = ms.Expenses(ctx, org, c.ID, sid)
	must(err)
	if all[0].UserID != members[0].ID || all[0].What != "" || all[0].Pence != 1250 {
		t.Fatalf("a deleted account's claim: %+v", all[0])
	}
	if rk, _ := st.Rankings(ctx, c.ID); rk[members[0].ID] != nil {
		t.Fatalf("a deleted account's ranking remains")
	}
	// The phase gate closes meetings after Meetings.
	_, err = cs.MovePhase(ctx, org, c.ID, cycle.Meetings, "")
	must(err)
	_, err = cs.MovePhase(ctx, org, c.ID, cycle.Recommendations, "")
	must(err)
	if err := ms.SaveNote(ctx, fac, groups[0].ID, sid, "Late"); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("notes after meetings: %v", err)
	}
}
