package room_test

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/jobs"
	"github.com/folkmoot/folkmoot/internal/opinions"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/room"
)

// memStore is an in-memory room.Store.
type memStore struct {
	mu     sync.Mutex
	posts  []room.Post
	reacts []room.Reaction
	audit  []audit.Event
}

func (m *memStore) AddPost(_ context.Context, p room.Post, ev audit.Event) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	p.ID = int64(len(m.posts) + 1)
	m.posts = append(m.posts, p)
	m.audit = append(m.audit, ev)
	return p.ID, nil
}

func (m *memStore) RoomPost(_ context.Context, id int64) (room.Post, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if id < 1 || int(id) > len(m.posts) {
		return room.Post{}, apperr.New(apperr.NotFound, "no post")
	}
	return m.posts[id-1], nil
}

func (m *memStore) DecidePost(_ context.Context, id int64, to room.Status, by int64, at time.Time, ev audit.Event) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	p := &m.posts[id-1]
	if p.Status != room.Pending {
		return apperr.New(apperr.Conflict, "decided")
	}
	p.Status, p.DeciderID, p.Decided = to, by, at
	m.audit = append(m.audit, ev)
	return nil
}

func (m *memStore) RoomPosts(_ context.Context, groupID int64, st room.Status, limit int) ([]room.Post, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []room.Post
	for i := len(m.posts) - 1; i >= 0; i-- {
		p := m.posts[i]
		if p.GroupID == groupID && (st == "" || p.Status == st) && (limit <= 0 || len(out) < limit) {
			out = append(out, p)
		}
	}
	return out, nil
}

func (m *memStore) PostsSince(_ context.Context, userID int64, since time.Time) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, p := range m.posts {
		if p.AuthorID == userID && p.Created.After(since) {
			n++
		}
	}
	return n, nil
}

func (m *memStore) React(_ context.Context, r room.Reaction, ev audit.Event) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.reacts = slices.DeleteFunc(m.reacts, func(x room.Reaction) bool { return x.PostID == r.PostID && x.UserID == r.UserID })
	m.reacts = append(m.reacts, r)
	m.audit = append(m.audit, ev)
	return nil
}

func (m *memStore) RoomReactions(_ context.Context, groupID int64) ([]room.Reaction, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []room.Reaction
	for _, r := range m.reacts {
		if r.GroupID == groupID {
			out = append(out, r)
		}
	}
	return out, nil
}

type groups map[int64]room.Group

func (g groups) RoomGroup(_ context.Context, id int64) (room.Group, error) {
	if x, ok := g[id]; ok {
		return x, nil
	}
	return room.Group{}, apperr.New(apperr.NotFound, "no group")
}

type rounds map[int64]cycle.Phase

func (r rounds) Cycle(_ context.Context, id int64) (cycle.Cycle, error) {
	return cycle.Cycle{ID: id, Title: "Round", Phase: r[id]}, nil
}

type pub struct {
	mu  sync.Mutex
	evs []room.Change
}

func (p *pub) Publish(_ context.Context, topic string, data []byte) error {
	var ch room.Change
	if err := json.Unmarshal(data, &ch); err != nil {
		return err
	}
	p.mu.Lock()
	p.evs = append(p.evs, ch)
	p.mu.Unlock()
	return nil
}

type queue struct{ keys []string }

func (q *queue) Enqueue(_ context.Context, r jobs.Request) (int64, error) {
	if !slices.Contains(q.keys, r.Key) {
		q.keys = append(q.keys, r.Key)
	}
	return int64(len(q.keys)), nil
}

var (
	citizen   = people.User{ID: 10, Roles: []people.Role{people.RoleCitizen}}
	other     = people.User{ID: 11, Roles: []people.Role{people.RoleCitizen}}
	facil     = people.User{ID: 20, Roles: []people.Role{people.RoleCitizen}}
	moderator = people.User{ID: 30, Roles: []people.Role{people.RoleModerator}}
	organiser = people.User{ID: 40, Roles: []people.Role{people.RoleOrganiser}}
)

type fixture struct {
	st  *memStore
	sv  *room.Service
	pub *pub
	q   *queue
	now time.Time
}

func newFixture(phase cycle.Phase) *fixture {
	f := &fixture{st: &memStore{}, pub: &pub{}, q: &queue{}, now: time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)}
	g := groups{7: {ID: 7, CycleID: 1, Name: "Group A", ThemeTitle: "Waiting times", Moderators: []int64{facil.ID}}, 8: {ID: 8, CycleID: 2}}
	f.sv = room.NewService(f.st, g, rounds{1: phase, 2: phase}, room.Config{Now: func() time.Time { return f.now }, Live: f.pub, Jobs: f.q})
	return f
}

func TestPostModerateAndShow(t *testing.T) {
	ctx := context.Background()
	f := newFixture(cycle.Meetings)
	q, err := f.sv.Post(ctx, citizen, 1, 7, room.Question, "  How will GP appointments change?  ")
	if err != nil {
		t.Fatal(err)
	}
	if q.Status != room.Pending || q.Text != "How will GP appointments change?" {
		t.Fatalf("post %+v", q)
	}
	if qs, _ := f.sv.Questions(ctx, 7, 5); len(qs) != 0 {
		t.Fatalf("a pending question is shown: %+v", qs)
	}
	for _, u := range []people.User{citizen, other, people.Anonymous} {
		if err := f.sv.Decide(ctx, u, 1, 7, q.ID, true); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("%d approved: %v", u.ID, err)
		}
		if _, err := f.sv.Pending(ctx, u, room.Group{ID: 7, CycleID: 1, Moderators: []int64{facil.ID}}); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("%d sees pending posts: %v", u.ID, err)
		}
	}
	if err := f.sv.Decide(ctx, facil, 1, 7, q.ID, true); err != nil {
		t.Fatalf("the group's facilitator cannot approve: %v", err)
	}
	if err := f.sv.Decide(ctx, moderator, 1, 7, q.ID, false); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("decided twice: %v", err)
	}
	if qs, _ := f.sv.Questions(ctx, 7, 5); len(qs) != 1 || qs[0].ID != q.ID {
		t.Fatalf("approved question not shown: %+v", qs)
	}
	c, _ := f.sv.Post(ctx, other, 1, 7, room.Comment, "Rude words here")
	if err := f.sv.Decide(ctx, organiser, 1, 7, c.ID, false); err != nil {
		t.Fatal(err)
	}
	if ss, _ := f.sv.Statements(ctx, 7); len(ss) != 0 {
		t.Fatalf("a rejected comment is a statement: %+v", ss)
	}
	if err := f.sv.React(ctx, citizen, 1, 7, c.ID, opinions.Agree); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("reacted to a rejected comment: %v", err)
	}
	if err := f.sv.React(ctx, citizen, 1, 7, q.ID, opinions.Agree); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("reacted to a question: %v", err)
	}
	// The group belongs to round 1: asking for it under round 2 is NotFound.
	if _, err := f.sv.Post(ctx, citizen, 2, 7, room.Question, "Wrong round?"); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("posted across rounds: %v", err)
	}
	// Every change is audited, and the live events say what changed.
	var actions []string
	for _, e := range f.st.audit {
		actions = append(actions, e.Action)
		if e.Object != "cycle:1" || e.Details["group"] != "7" {
			t.Errorf("audit event %+v", e)
		}
	}
	if want := []string{room.ActionPost, room.ActionApprove, room.ActionPost, room.ActionReject}; !slices.Equal(actions, want) {
		t.Fatalf("audit %v, want %v", actions, want)
	}
	var kinds []string
	for _, e := range f.pub.evs {
		kinds = append(kinds, e.K)
	}
	if want := []string{"post", "approved", "post", "rejected"}; !slices.Equal(kinds, want) {
		t.Fatalf("events %v, want %v", kinds, want)
	}
}

func TestPostRules(t *testing.T) {
	ctx := context.Background()
	f := newFixture(cycle.Meetings)
	for _, c := range []struct {
		who  people.User
		kind room.Kind
		text string
		want apperr.Kind
	}{
		{people.Anonymous, room.Question, "A fair question", apperr.Forbidden},
		{citizen, room.Question, "no", apperr.Invalid},
		{citizen, room.Question, string(slices.Repeat([]rune("a"), room.MaxText+1)), apperr.Invalid},
		{citizen, room.Kind("shout"), "A fair question", apperr.Invalid},
		{citizen, room.Statement, "Only moderators add statements", apperr.Forbidden},
	} {
		if _, err := f.sv.Post(ctx, c.who, 1, 7, c.kind, c.text); !apperr.Is(err, c.want) {
			t.Errorf("%d %s %.20q: %v, want %v", c.who.ID, c.kind, c.text, err, c.want)
		}
	}
	if _, err := f.sv.Post(ctx, citizen, 1, 7, room.Question, string(slices.Repeat([]rune("é"), room.MaxText))); err != nil {
		t.Errorf("a post of exactly the maximum length in runes: %v", err)
	}
	// A moderator's statement is approved at once.
	s, err := f.sv.Post(ctx, facil, 1, 7, room.Statement, "Waiting lists should be published weekly.")
	if err != nil || s.Status != room.Approved {
		t.Fatalf("statement %+v %v", s, err)
	}
	// Rate limit: PostsPerSpell posts per Spell, then a wait.
	f2 := newFixture(cycle.Meetings)
	for i := range room.PostsPerSpell {
		if _, err := f2.sv.Post(ctx, citizen, 1, 7, room.Comment, "Comment number one"); err != nil {
			t.Fatalf("post %d: %v", i, err)
		}
	}
	if _, err := f2.sv.Post(ctx, citizen, 1, 7, room.Comment, "One too many"); !apperr.Is(err, apperr.RateLimited) {
		t.Fatalf("over the limit: %v", err)
	}
	if _, err := f2.sv.Post(ctx, other, 1, 7, room.Comment, "Someone else may post"); err != nil {
		t.Fatalf("the limit is per person: %v", err)
	}
	f2.now = f2.now.Add(room.Spell)
	if _, err := f2.sv.Post(ctx, citizen, 1, 7, room.Comment, "After a wait"); err != nil {
		t.Fatalf("after the spell: %v", err)
	}
	// Outside the Meetings phase nothing is posted, decided or reacted to.
	f3 := newFixture(cycle.Recommendations)
	if _, err := f3.sv.Post(ctx, citizen, 1, 7, room.Question, "Too late?"); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("posted outside Meetings: %v", err)
	}
}

func TestReactionsScheduleOneRecomputePerWindow(t *testing.T) {
	ctx := context.Background()
	f := newFixture(cycle.Meetings)
	s, _ := f.sv.Post(ctx, facil, 1, 7, room.Statement, "More evening appointments.")
	for i, u := range []people.User{citizen, other, moderator} {
		f.now = f.now.Add(500 * time.Millisecond)
		if err := f.sv.React(ctx, u, 1, 7, s.ID, opinions.Vote(i-1)); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.sv.React(ctx, citizen, 1, 7, s.ID, opinions.Vote(5)); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("vote 5: %v", err)
	}
	if len(f.q.keys) != 1 {
		t.Fatalf("recompute jobs %v, want one for the window", f.q.keys)
	}
	f.now = f.now.Add(room.RecomputeEvery)
	_ = f.sv.React(ctx, citizen, 1, 7, s.ID, opinions.Agree) // changes the vote
	if len(f.q.keys) != 2 {
		t.Fatalf("recompute jobs %v, want a second window", f.q.keys)
	}
	rs, _ := f.sv.Reactions(ctx, 7)
	if len(rs) != 3 {
		t.Fatalf("reactions %+v (a changed vote replaces the first)", rs)
	}
	// The job publishes the full map.
	if err := f.sv.RecomputeJob(ctx, &jobs.Task{Payload: []byte("7")}); err != nil {
		t.Fatal(err)
	}
	last := f.pub.evs[len(f.pub.evs)-1]
	if last.K != "map" || last.M == nil || !last.M.Full || last.M.Votes != 3 || last.M.Statements[0].Agree != 2 {
		t.Fatalf("map event %+v", last)
	}
}

// The map kept up to date one reaction at a time shows the same counts as
// a full computation on the same reactions, and the same groups once
// recomputed.
func TestIncrementalMapEqualsFull(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	at := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	var rs []room.Reaction
	for i := range 1500 {
		// Two camps of 40 people on 20 statements, with some noise.
		u := int64(rng.IntN(80) + 1)
		s := int64(rng.IntN(20) + 1)
		v := opinions.Agree
		if (u%2 == 0) != (s%2 == 0) {
			v = opinions.Disagree
		}
		if rng.IntN(10) == 0 {
			v = opinions.Pass
		}
		rs = append(rs, room.Reaction{PostID: s, UserID: u, GroupID: 7, Vote: v, At: at.Add(time.Duration(i) * time.Second)})
	}
	inc := room.NewMap(rs[:10])
	for _, r := range rs[10:] {
		if err := inc.Apply(r); err != nil {
			t.Fatal(err)
		}
	}
	full := room.NewMap(rs)
	iv, fv := inc.View(), full.View()
	if iv.Votes != fv.Votes || iv.Participants != fv.Participants || len(iv.Statements) != len(fv.Statements) {
		t.Fatalf("incremental %d votes %d people, full %d %d", iv.Votes, iv.Participants, fv.Votes, fv.Participants)
	}
	for i := range iv.Statements {
		a, b := iv.Statements[i], fv.Statements[i]
		if a.ID != b.ID || a.Agree != b.Agree || a.Disagree != b.Disagree || a.Pass != b.Pass {
			t.Fatalf("statement %d: incremental %+v, full %+v", i, a, b)
		}
	}
	if len(fv.Groups) < 2 {
		t.Fatalf("two camps make no groups: %+v", fv.Groups)
	}
	inc.Recompute()
	iv = inc.View()
	if !slices.Equal(iv.Groups, fv.Groups) {
		t.Fatalf("after recompute groups %v, full %v", iv.Groups, fv.Groups)
	}
	for i := range iv.Statements {
		if !slices.Equal(iv.Statements[i].Groups, fv.Statements[i].Groups) {
			t.Fatalf("statement %d groups %v, full %v", i, iv.Statements[i].Groups, fv.Statements[i].Groups)
		}
	}
}
