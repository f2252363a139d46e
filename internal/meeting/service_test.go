package meeting_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/assembly"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/jury"
	"github.com/folkmoot/folkmoot/internal/meeting"
	"github.com/folkmoot/folkmoot/internal/people"
)

// fakeStore keeps what the rules tested here touch; other methods panic
// (the embedded nil interface).
type fakeStore struct {
	meeting.Store
	sessions map[int64]meeting.Session
	regs     []meeting.Registration
	group    meeting.Group
	seats    []meeting.GroupPerson
	notes    []meeting.Note
	events   []audit.Event
}

func (f *fakeStore) SaveSession(ctx context.Context, s meeting.Session, ev audit.Event) (int64, error) {
	if s.ID == 0 {
		s.ID = int64(len(f.sessions) + 1)
	}
	f.sessions[s.ID] = s
	f.events = append(f.events, ev)
	return s.ID, nil
}

func (f *fakeStore) MeetingSession(ctx context.Context, id int64) (meeting.Session, error) {
	s, ok := f.sessions[id]
	if !ok {
		return s, apperr.New(apperr.NotFound, "There is no such session.")
	}
	return s, nil
}

func (f *fakeStore) RegisterForSession(ctx context.Context, r meeting.Registration, ev audit.Event) error {
	f.regs = append(f.regs, r)
	f.events = append(f.events, ev)
	return nil
}

func (f *fakeStore) MeetingGroup(ctx context.Context, id int64) (meeting.Group, error) {
	if id != f.group.ID {
		return meeting.Group{}, apperr.New(apperr.NotFound, "There is no such group.")
	}
	return f.group, nil
}

func (f *fakeStore) GroupPeople(ctx context.Context, groupID int64, seat meeting.Seat) ([]meeting.GroupPerson, error) {
	var out []meeting.GroupPerson
	for _, p := range f.seats {
		if seat == "" || p.Seat == seat {
			out = append(out, p)
		}
	}
	return out, nil
}

func (f *fakeStore) SeatPerson(ctx context.Context, groupID, userID int64, seat meeting.Seat, remove bool, ev audit.Event) error {
	f.seats = append(f.seats, meeting.GroupPerson{GroupID: groupID, UserID: userID, Seat: seat})
	f.events = append(f.events, ev)
	return nil
}

func (f *fakeStore) SaveNote(ctx context.Context, n meeting.Note, ev audit.Event) error {
	f.notes = append(f.notes, n)
	f.events = append(f.events, ev)
	return nil
}

func (f *fakeStore) PublishNote(ctx context.Context, groupID, sessionID int64, at time.Time, ev audit.Event) error {
	f.events = append(f.events, ev)
	return nil
}

type fakeRounds struct{ c *cycle.Cycle }

func (r fakeRounds) Cycle(ctx context.Context, id int64) (cycle.Cycle, error) { return *r.c, nil }

type fakeAgenda struct{}

func (fakeAgenda) Agenda(ctx context.Context, cycleID int64) (jury.Agenda, error) {
	return jury.Agenda{Chosen: []jury.Item{{Theme: jury.Theme{ThemeID: 7, Title: "Dentists"}}}}, nil
}

type fakeAssembly map[int64][]assembly.Role

func (f fakeAssembly) RolesOf(ctx context.Context, cycleID, userID int64) ([]assembly.Role, error) {
	return f[userID], nil
}

func (f fakeAssembly) People(ctx context.Context, cycleID int64, r assembly.Role) ([]assembly.Person, error) {
	var out []assembly.Person
	for u, rs := range f {
		if slices.Contains(rs, r) {
			out = append(out, assembly.Person{UserID: u, Role: r})
		}
	}
	return out, nil
}

var (
	org    = people.User{ID: 1, Roles: []people.Role{people.RoleCitizen, people.RoleOrganiser}}
	member = people.User{ID: 2, Roles: []people.Role{people.RoleCitizen}}
	fac    = people.User{ID: 3, Roles: []people.Role{people.RoleCitizen}}
	other  = people.User{ID: 4, Roles: []people.Role{people.RoleCitizen}}
)

func newService(t *testing.T, phase cycle.Phase) (*meeting.Service, *fakeStore, *cycle.Cycle, *time.Time) {
	t.Helper()
	st := &fakeStore{sessions: map[int64]meeting.Session{}, group: meeting.Group{ID: 9, CycleID: 5, ThemeID: 7}}
	c := &cycle.Cycle{ID: 5, Phase: phase}
	now := time.Date(2027, 6, 1, 9, 0, 0, 0, time.UTC)
	asm := fakeAssembly{member.ID: {assembly.Member}, fac.ID: {assembly.Facilitator}}
	return meeting.NewService(st, fakeRounds{c}, fakeAgenda{}, asm, nil, func() time.Time { return now }), st, c, &now
}

func TestSessionRules(t *testing.T) {
	ctx := context.Background()
	ms, st, c, now := newService(t, cycle.Learning)
	s := meeting.Session{CycleID: 5, Title: "Day one", Mode: meeting.InPerson, Starts: now.Add(time.Hour), Place: "Leeds"}
	if _, err := ms.SaveSession(ctx, member, s); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("a member made a session: %v", err)
	}
	for _, bad := range []struct {
		field string
		edit  func(*meeting.Session)
	}{
		{"title", func(s *meeting.Session) { s.Title = " " }},
		{"mode", func(s *meeting.Session) { s.Mode = "walking" }},
		{"starts", func(s *meeting.Session) { s.Starts = time.Time{} }},
		{"place", func(s *meeting.Session) { s.Place = "" }},
		{"webcast", func(s *meeting.Session) { s.Mode = meeting.Online }},
		{"webcast", func(s *meeting.Session) { s.Webcast = "http://example.org" }},
	} {
		x := s
		bad.edit(&x)
		var e *apperr.Error
		if _, err := ms.SaveSession(ctx, org, x); !apperr.Is(err, apperr.Invalid) || !errorsAs(err, &e) || e.Field != bad.field {
			t.Errorf("%s: %v", bad.field, err)
		}
	}
	if _, err := ms.SaveSession(ctx, org, s); err != nil {
		t.Fatal(err)
	}
	if len(st.events) != 1 || st.events[0].Action != meeting.ActionSession || st.events[0].Object != "cycle:5" {
		t.Fatalf("audit %+v", st.events)
	}
	c.Phase = cycle.Recommendations
	if _, err := ms.SaveSession(ctx, org, s); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("a session after the meetings: %v", err)
	}
}

func errorsAs(err error, e **apperr.Error) bool {
	x, ok := err.(*apperr.Error)
	*e = x
	return ok
}

func TestRegistrationRules(t *testing.T) {
	ctx := context.Background()
	ms, st, c, now := newService(t, cycle.Meetings)
	id, err := ms.SaveSession(ctx, org, meeting.Session{CycleID: 5, Title: "Online", Mode: meeting.Online, Starts: now.Add(time.Hour), Webcast: "https://example.org/live"})
	if err != nil {
		t.Fatal(err)
	}
	if err := ms.Register(ctx, other, 5, id, meeting.AttendOnline, ""); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("a non-member registered: %v", err)
	}
	if err := ms.Register(ctx, people.Anonymous, 5, id, meeting.AttendOnline, ""); !apperr.Is(err, apperr.Unauthenticated) {
		t.Fatalf("anonymous registered: %v", err)
	}
	if err := ms.Register(ctx, member, 5, id, meeting.AttendInPerson, ""); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("in person at an online session: %v", err)
	}
	if err := ms.Register(ctx, member, 5, id, meeting.AttendOnline, "Captions, please"); err != nil {
		t.Fatal(err)
	}
	if ev := st.events[len(st.events)-1]; ev.Details["attendance"] != "online" || len(ev.Details) != 2 {
		t.Fatalf("the audit event says more than it should: %+v", ev.Details)
	}
	if _, err := ms.ClaimExpense(ctx, member, 5, id, 0, "Bus"); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("a claim of nothing: %v", err)
	}
	c.Phase = cycle.Response
	if err := ms.Register(ctx, member, 5, id, meeting.AttendOnline, ""); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("registered after the meetings: %v", err)
	}
}

func TestSeatsAndNotesRules(t *testing.T) {
	ctx := context.Background()
	ms, st, _, now := newService(t, cycle.Meetings)
	id, err := ms.SaveSession(ctx, org, meeting.Session{CycleID: 5, Title: "Day", Mode: meeting.InPerson, Starts: now.Add(time.Hour), Place: "Leeds"})
	if err != nil {
		t.Fatal(err)
	}
	if err := ms.Seat(ctx, org, 9, member.ID, meeting.SeatFacilitator, false); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("a member seated as facilitator: %v", err)
	}
	if err := ms.Seat(ctx, fac, 9, fac.ID, meeting.SeatFacilitator, false); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("a facilitator seated themself: %v", err)
	}
	if err := ms.SaveNote(ctx, fac, 9, id, "Points"); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("an unseated facilitator wrote notes: %v", err)
	}
	if err := ms.Seat(ctx, org, 9, fac.ID, meeting.SeatFacilitator, false); err != nil {
		t.Fatal(err)
	}
	if err := ms.SaveNote(ctx, member, 9, id, "Points"); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("a member wrote notes: %v", err)
	}
	if err := ms.SaveNote(ctx, fac, 9, id, "  "); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("empty notes: %v", err)
	}
	if err := ms.SaveNote(ctx, fac, 9, id, "Members want evening appointments."); err != nil {
		t.Fatal(err)
	}
	if err := ms.PublishNote(ctx, fac, 9, id); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("published before the session: %v", err)
	}
	*now = now.Add(2 * time.Hour)
	if err := ms.PublishNote(ctx, fac, 9, id); err != nil {
		t.Fatal(err)
	}
	if fs, _ := ms.FacilitatorsOf(ctx, 9); !slices.Equal(fs, []int64{fac.ID}) {
		t.Fatalf("facilitators %v", fs)
	}
	if len(st.notes) != 1 || st.notes[0].Author != fac.ID {
		t.Fatalf("notes %+v", st.notes)
	}
}
