package storage_test

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/opinions"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/room"
	"github.com/folkmoot/folkmoot/internal/storage"
	"github.com/folkmoot/folkmoot/internal/storage/pgtest"
)

func TestRoomSQLite(t *testing.T) {
	testRoom(t, openJuryStore(t, filepath.Join(t.TempDir(), "room.db")))
}

func TestRoomPostgres(t *testing.T) {
	testRoom(t, openJuryStore(t, pgtest.Schema(t, "room_test")))
}

type roomGroups map[int64]room.Group

func (g roomGroups) RoomGroup(_ context.Context, id int64) (room.Group, error) {
	if x, ok := g[id]; ok {
		return x, nil
	}
	return room.Group{}, apperr.New(apperr.NotFound, "There is no such discussion group.")
}

// testRoom runs a group's live page through the service on a real store:
// posts, moderation (only approved posts shown), reactions replacing
// earlier ones, the per-person rate limit across groups and the audit.
func testRoom(t *testing.T, st storage.Store) {
	ctx := context.Background()
	now := time.Date(2027, 6, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { now = now.Add(time.Second); return now }
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
	fac, err := ps.AddUser(ctx, people.System, "fac@example.org", "Fran Facilitator")
	must(err)
	ann, err := ps.AddUser(ctx, people.System, "ann@example.org", "Ann Online")
	must(err)
	bob, err := ps.AddUser(ctx, people.System, "bob@example.org", "")
	must(err)
	prog, err := cs.CreateProgramme(ctx, people.System, cycle.Programme{Name: "Room test"})
	must(err)
	c, err := cs.CreateCycle(ctx, org, cycle.Draft{ProgrammeID: prog.ID, Title: "Spring"})
	must(err)
	gs := roomGroups{5: {ID: 5, CycleID: c.ID, Name: "Table 1", Moderators: []int64{fac.ID}}, 6: {ID: 6, CycleID: c.ID, Name: "Table 2"}}
	sv := room.NewService(st, gs, cs, room.Config{Now: clock})

	if _, err := sv.Post(ctx, ann, c.ID, 5, room.Question, "Will this change anything?"); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("posted while gathering: %v", err)
	}
	_, err = cs.MovePhase(ctx, org, c.ID, cycle.Meetings, "")
	must(err)
	q, err := sv.Post(ctx, ann, c.ID, 5, room.Question, "Will this change anything?")
	must(err)
	cm, err := sv.Post(ctx, bob, c.ID, 5, room.Comment, "Evening clinics would help carers.")
	must(err)
	bad, err := sv.Post(ctx, bob, c.ID, 5, room.Comment, "Something nobody should read.")
	must(err)
	other, err := sv.Post(ctx, ann, c.ID, 6, room.Question, "A question for the other table")
	must(err)
	g5 := gs[5]
	pend, err := sv.Pending(ctx, fac, g5)
	must(err)
	if len(pend) != 3 || pend[0].ID != q.ID || pend[0].Author != "Ann Online" || pend[0].Kind != room.Question || pend[0].CycleID != c.ID {
		t.Fatalf("pending %+v", pend)
	}
	if _, err := sv.Pending(ctx, fac, gs[6]); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("a facilitator of table 1 moderates table 2: %v", err)
	}
	if err := sv.Decide(ctx, fac, c.ID, 5, other.ID, true); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("approved another group's post: %v", err)
	}
	must(sv.Decide(ctx, fac, c.ID, 5, q.ID, true))
	must(sv.Decide(ctx, org, c.ID, 5, cm.ID, true))
	must(sv.Decide(ctx, fac, c.ID, 5, bad.ID, false))
	if err := sv.Decide(ctx, fac, c.ID, 5, bad.ID, true); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("a rejected post approved later: %v", err)
	}
	qs, err := sv.Questions(ctx, 5, 5)
	must(err)
	if len(qs) != 1 || qs[0].Text != "Will this change anything?" || qs[0].Status != room.Approved || qs[0].DeciderID != fac.ID || qs[0].Decided.IsZero() {
		t.Fatalf("questions %+v", qs)
	}
	ss, err := sv.Statements(ctx, 5)
	must(err)
	if len(ss) != 1 || ss[0].ID != cm.ID {
		t.Fatalf("statements %+v (the rejected comment must not be one)", ss)
	}
	dec, err := sv.Decided(ctx, org, g5, 10)
	must(err)
	if len(dec) != 3 || dec[0].ID != bad.ID || dec[0].Status != room.Rejected {
		t.Fatalf("decided %+v", dec)
	}
	// Reactions: a second reaction replaces the first.
	must(sv.React(ctx, ann, c.ID, 5, cm.ID, opinions.Disagree))
	must(sv.React(ctx, ann, c.ID, 5, cm.ID, opinions.Agree))
	must(sv.React(ctx, bob, c.ID, 5, cm.ID, opinions.Pass))
	rs, err := sv.Reactions(ctx, 5)
	must(err)
	if len(rs) != 2 || rs[0].UserID != ann.ID || rs[0].Vote != opinions.Agree || rs[1].Vote != opinions.Pass || rs[0].GroupID != 5 {
		t.Fatalf("reactions %+v", rs)
	}
	mine, err := sv.MyReactions(ctx, ann, 5)
	must(err)
	if mine[cm.ID] != opinions.Agree || len(mine) != 1 {
		t.Fatalf("my reactions %v", mine)
	}
	if v := room.NewMap(rs).View(); v.Votes != 2 || v.Statements[0].Agree != 1 || v.Statements[0].Pass != 1 {
		t.Fatalf("map %+v", v)
	}
	// The rate limit counts one person's posts in every group.
	for range room.PostsPerSpell - 2 {
		_, err := sv.Post(ctx, ann, c.ID, 6, room.Comment, "Another comment")
		must(err)
	}
	if _, err := sv.Post(ctx, ann, c.ID, 5, room.Comment, "One too many"); !apperr.Is(err, apperr.RateLimited) {
		t.Fatalf("over the limit: %v", err)
	}
	// Every change is audited, the post's id in its details.
	log, err := st.AuditLog(ctx, room.ActionReject, 0, 10)
	must(err)
	if len(log) != 1 || log[0].Object != audit.ObjectRef("cycle", c.ID) || log[0].Details["post"] != strconv.FormatInt(bad.ID, 10) || log[0].Details["group"] != "5" {
		t.Fatalf("reject audit %+v", log)
	}
	posts, err := st.AuditLog(ctx, room.ActionPost, 0, 50)
	must(err)
	if len(posts) != 4+room.PostsPerSpell-2 || posts[len(posts)-1].Details["post"] != strconv.FormatInt(q.ID, 10) {
		t.Fatalf("post audit %+v", posts)
	}
	reacts, err := st.AuditLog(ctx, room.ActionReact, 0, 50)
	must(err)
	if len(reacts) != 3 || reacts[0].Details["vote"] != "pass" {
		t.Fatalf("react audit %+v", reacts)
	}
}
