package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/demo"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/room"
	"github.com/folkmoot/folkmoot/internal/sealed"
	"github.com/folkmoot/folkmoot/internal/storage"
)

// The demo's live pages: each group given holds approved questions and
// comments from people online, reactions, and one rejected post that is
// never shown.
func TestDemoRoom(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "room.db")
	if _, _, err := storage.Migrate(ctx, db, nil); err != nil {
		t.Fatal(err)
	}
	st, err := storage.Open(ctx, db, storage.Options{Keys: sealed.MustTest()})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s := &seeder{ctx: ctx, st: st, users: map[string]people.User{}, now: time.Date(2026, 3, 7, 10, 0, 0, 0, time.UTC)}
	clock := func() time.Time { return s.now }
	s.ps = people.NewService(st, people.Config{Now: clock})
	s.cs = cycle.NewService(st, cycle.Config{Now: clock, CacheTTL: time.Nanosecond})
	org, err := s.ps.AddUser(ctx, people.System, "org@example.org", "Olive", people.RoleOrganiser)
	if err != nil {
		t.Fatal(err)
	}
	s.users["u01"] = org
	prog, err := s.cs.CreateProgramme(ctx, people.System, cycle.Programme{Name: "Demo"})
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.cs.CreateCycle(ctx, org, cycle.Draft{ProgrammeID: prog.ID, Title: "Past"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.cs.MovePhase(ctx, org, c.ID, cycle.Meetings, ""); err != nil {
		t.Fatal(err)
	}
	groups := []roomGroup{{c.ID, 11, "Access to GP appointments"}, {c.ID, 12, "A theme with no posts of its own"}}
	if err := s.pastRoom(groups); err != nil {
		t.Fatal(err)
	}
	gs := room.NewStaticGroups(room.Group{ID: 11, CycleID: c.ID}, room.Group{ID: 12, CycleID: c.ID})
	sv := room.NewService(st, gs, s.cs, room.Config{})
	pr := demo.FirstRoundRoom()
	for _, g := range groups {
		qs, _ := sv.Questions(ctx, g.GroupID, 0)
		ss, _ := sv.Statements(ctx, g.GroupID)
		rs, _ := sv.Reactions(ctx, g.GroupID)
		if len(qs) == 0 || len(ss) == 0 || len(rs) < 10 {
			t.Fatalf("group %d: %d questions, %d statements, %d reactions", g.GroupID, len(qs), len(ss), len(rs))
		}
		if v := room.NewMap(rs).View(); v.Participants < 8 {
			t.Fatalf("group %d map %+v", g.GroupID, v)
		}
		all, _ := st.RoomPosts(ctx, g.GroupID, "", 0)
		rejected := 0
		for _, p := range all {
			if p.Status == room.Rejected {
				rejected++
				for _, x := range append(qs, ss...) {
					if x.ID == p.ID {
						t.Fatalf("the rejected post %q is shown", p.Text)
					}
				}
			}
		}
		if rejected != 1 {
			t.Fatalf("group %d: %d rejected posts, want 1", g.GroupID, rejected)
		}
	}
	if qs, _ := sv.Questions(ctx, 11, 1); !strings.Contains(qs[0].Text, "routine appointment") || len(pr.Posts) < 3 {
		t.Fatalf("group 11's newest question %q", qs[0].Text)
	}
}
