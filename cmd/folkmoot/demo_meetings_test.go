package main

import (
	"context"
	"github.com/folkmoot/folkmoot/internal/room"
	"testing"

	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/meeting"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/solver"
)

// The demo's past round holds its meetings: two sessions, two groups per
// agenda theme allocated by the real allocator with every member placed,
// each with a facilitator and a Board member, and each group's key points
// published for both sessions.
func TestDemoMeetings(t *testing.T) {
	ctx := context.Background()
	st := seededDemo(t)
	cs := cycle.NewService(st, cycle.Config{})
	rounds, err := cs.Cycles(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	past := rounds[1]
	ss, err := st.MeetingSessions(ctx, past.ID)
	if err != nil || len(ss) != 2 || ss[0].Mode != meeting.InPerson || ss[1].Mode != meeting.Online {
		t.Fatalf("sessions %+v, %v", ss, err)
	}
	regs, err := st.SessionRegistrations(ctx, ss[0].ID)
	if err != nil || len(regs) < 40 {
		t.Fatalf("%d registrations, %v", len(regs), err)
	}
	if !solver.Available {
		return
	}
	a, err := st.Allocation(ctx, past.ID)
	if err != nil {
		t.Fatal(err)
	}
	groups, err := st.MeetingGroups(ctx, past.ID)
	if err != nil || len(groups) != 6 {
		t.Fatalf("groups %+v, %v", groups, err)
	}
	placed := 0
	for _, g := range groups {
		placed += g.Size
		staff, err := st.GroupPeople(ctx, g.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		seats := map[meeting.Seat]int{}
		for _, p := range staff {
			seats[p.Seat]++
		}
		if seats[meeting.SeatFacilitator] != 1 || seats[meeting.SeatBoard] != 1 {
			t.Fatalf("%s seats %v", g.Name, seats)
		}
		ns, err := st.Notes(ctx, g.ID, true)
		if err != nil || len(ns) != 2 {
			t.Fatalf("%s has %d published notes, %v", g.Name, len(ns), err)
		}
	}
	if placed != a.Summary.Members || placed < 40 || a.Summary.Choice[0] < placed/2 {
		t.Fatalf("allocation %+v, %d placed", a, placed)
	}
	ms := meeting.NewService(st, cs, nil, nil, nil, nil)
	if _, err := ms.Notes(ctx, people.Anonymous, groups[0].ID); err != nil {
		t.Fatal(err)
	}
	// The first group of each theme took questions from people online:
	// approved ones are on its live page and room screen.
	rs := room.NewService(st, roomGroups{ms}, cs, room.Config{})
	for _, g := range groups {
		qs, err := rs.Questions(ctx, g.ID, 50)
		if err != nil {
			t.Fatal(err)
		}
		if (g.Number == 1) != (len(qs) > 0) {
			t.Fatalf("%s has %d approved questions on its live page", g.Name, len(qs))
		}
	}
	t.Logf("%s: %v", a.Method, a.Summary.Choice)
}
