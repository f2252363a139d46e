package roomweb

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/folkmoot/folkmoot/internal/live"
	"github.com/folkmoot/folkmoot/internal/live/sse"
	"github.com/folkmoot/folkmoot/internal/room"
)

// How much the screen shows.
const (
	screenQuestions  = 5  // the latest approved questions
	screenStatements = 8  // the most reacted-to statements
	liveQuestions    = 20 // on the live page
)

// voteFrameEvery is the most often reactions alone send viewers a new
// frame (an approval sends one at once).
const voteFrameEvery = 150 * time.Millisecond

// Frame is what the room screen and the live page show of a group, sent
// to browsers as the data of a "frame" event (language-neutral: the page
// holds the words).
type Frame struct {
	Questions  []FrameQuestion  `json:"questions"`
	Statements []FrameStatement `json:"statements"`
	Groups     []FrameGroup     `json:"groups"` // opinion groups; empty until there are enough reactions
	People     int              `json:"people"`
	Votes      int              `json:"votes"`
}

// FrameQuestion is an approved question.
type FrameQuestion struct {
	ID   int64  `json:"id"`
	Text string `json:"text"`
}

// FrameStatement is a statement with its share of reactions (percent).
type FrameStatement struct {
	ID       int64  `json:"id"`
	Text     string `json:"text"`
	Votes    int    `json:"n"`
	Agree    int    `json:"a"`
	Disagree int    `json:"d"`
	Pass     int    `json:"p"`
	// GroupAgree is each opinion group's agreement, percent, in Groups' order.
	GroupAgree []int `json:"g,omitempty"`
}

// FrameGroup is an opinion group.
type FrameGroup struct {
	Name string `json:"name"` // "A", "B"...
	Size int    `json:"size"`
}

func pct(n, of int) int {
	if of == 0 {
		return 0
	}
	return (200*n + of) / (2 * of) // rounded
}

// relay follows groups for this server's viewers.
type relay struct {
	sv   Room
	hub  *live.Local
	bus  live.Broker
	warn func(msg string, args ...any)

	mu     sync.Mutex
	groups map[int64]*followed
}

// followed is one group this server follows.
type followed struct {
	id    int64
	ready chan struct{} // closed once loaded
	err   error

	mu         sync.Mutex
	m          *room.Map
	full       *room.MapView // the last full recompute's (its groups)
	questions  []room.Post
	statements []room.Post
	voteDue    bool   // a frame with the latest votes is scheduled
	frame      []byte // the "frame" event, encoded once for every viewer (sse.Message.Raw)
	parsed     Frame
}

func newRelay(sv Room, bus live.Broker, warn func(string, ...any)) *relay {
	return &relay{sv: sv, hub: live.NewLocal(), bus: bus, warn: warn, groups: map[int64]*followed{}}
}

func frameTopic(g int64) string   { return "frame:" + strconv.FormatInt(g, 10) }
func pendingTopic(g int64) string { return "pending:" + strconv.FormatInt(g, 10) }

// follow returns the followed group, loading it the first time.
func (rl *relay) follow(ctx context.Context, g int64) (*followed, error) {
	rl.mu.Lock()
	f, ok := rl.groups[g]
	if !ok || (isDone(f.ready) && f.err != nil) {
		f = &followed{id: g, ready: make(chan struct{})}
		rl.groups[g] = f
		rl.mu.Unlock()
		sub := rl.bus.Subscribe(room.Topic(g)) // before loading: nothing is missed
		f.err = f.load(context.WithoutCancel(ctx), rl.sv, true)
		close(f.ready)
		if f.err != nil {
			sub.Close()
			return nil, f.err
		}
		go rl.watch(f, sub)
		return f, nil
	}
	rl.mu.Unlock()
	select {
	case <-f.ready:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if f.err != nil {
		return nil, f.err
	}
	return f, nil
}

func isDone(c chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

// load reads the group's posts (and, if withMap, its reactions) and
// renders the frame.
func (f *followed) load(ctx context.Context, sv Room, withMap bool) error {
	qs, err := sv.Questions(ctx, f.id, liveQuestions)
	if err != nil {
		return err
	}
	ss, err := sv.Statements(ctx, f.id)
	if err != nil {
		return err
	}
	var m *room.Map
	if withMap {
		rs, err := sv.Reactions(ctx, f.id)
		if err != nil {
			return err
		}
		m = room.NewMap(rs)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.questions, f.statements = qs, ss
	if m != nil {
		f.m, f.full = m, nil
	}
	f.renderLocked()
	return nil
}

// watch applies the group's changes until the broker closes, publishing
// a new frame to this server's viewers after each.
func (rl *relay) watch(f *followed, sub *live.Subscription) {
	ctx := context.Background()
	for ev := range sub.C {
		if ev.Topic == live.Lagged {
			if err := f.load(ctx, rl.sv, true); err != nil {
				rl.warn("room: reloading a group after a lag", "group", f.id, "err", err)
				continue
			}
			rl.publish(f)
			rl.hub.Publish(ctx, pendingTopic(f.id), nil)
			continue
		}
		var ch room.Change
		if err := json.Unmarshal(ev.Data, &ch); err != nil {
			continue
		}
		switch ch.K {
		case "post", "rejected":
			rl.hub.Publish(ctx, pendingTopic(f.id), nil)
			continue
		case "approved":
			rl.hub.Publish(ctx, pendingTopic(f.id), nil)
			if err := f.load(ctx, rl.sv, false); err != nil {
				rl.warn("room: reading a group's posts", "group", f.id, "err", err)
				continue
			}
		case "vote":
			if ch.V == nil {
				continue
			}
			// Votes can come many a second: the map takes each at once,
			// the viewers get at most one frame per voteFrameEvery.
			f.mu.Lock()
			_ = f.m.Apply(ch.V.Reaction(f.id)) // invalid only if forged: skipped
			if !f.voteDue {
				f.voteDue = true
				time.AfterFunc(voteFrameEvery, func() {
					f.mu.Lock()
					f.voteDue = false
					f.renderLocked()
					f.mu.Unlock()
					rl.publish(f)
				})
			}
			f.mu.Unlock()
			continue
		case "map":
			if ch.M == nil {
				continue
			}
			f.mu.Lock()
			f.full = ch.M
			f.renderLocked()
			f.mu.Unlock()
		default:
			continue
		}
		rl.publish(f)
	}
}

func (rl *relay) publish(f *followed) {
	f.mu.Lock()
	b := f.frame
	f.mu.Unlock()
	rl.hub.Publish(context.Background(), frameTopic(f.id), b)
}

// current returns the latest frame and its "frame" event, encoded.
func (f *followed) current() (Frame, []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.parsed, f.frame
}

// renderLocked makes the frame from the posts and the map.
func (f *followed) renderLocked() {
	f.parsed = f.buildLocked(f.questions, f.statements)
	data, _ := json.Marshal(f.parsed)
	f.frame = sse.Encoded(sse.Message{Event: "frame", Data: data})
}

// with returns the frame of the given posts (read afresh by a page, so
// that a change the reader just made shows at once) and the map.
func (f *followed) with(qs, ss []room.Post) Frame {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.buildLocked(qs, ss)
}

func (f *followed) buildLocked(questions, statements []room.Post) Frame {
	v := f.m.View()
	byID := map[int64]room.StatementView{}
	for _, s := range v.Statements {
		byID[s.ID] = s
	}
	// The opinion groups: the last full recompute's when there is one
	// (statement shares by group from it), else the incremental map's.
	groups, shares := v.Groups, map[int64][]room.GroupShare{}
	for _, s := range v.Statements {
		shares[s.ID] = s.Groups
	}
	if f.full != nil && len(f.full.Statements) > 0 {
		groups = f.full.Groups
		shares = map[int64][]room.GroupShare{}
		for _, s := range f.full.Statements {
			shares[s.ID] = s.Groups
		}
	}
	fr := Frame{People: v.Participants, Votes: v.Votes, Questions: []FrameQuestion{}, Statements: []FrameStatement{}}
	for i, n := range groups {
		fr.Groups = append(fr.Groups, FrameGroup{Name: string(rune('A' + i)), Size: n})
	}
	for i, q := range questions {
		if i == screenQuestions {
			break
		}
		fr.Questions = append(fr.Questions, FrameQuestion{ID: q.ID, Text: q.Text})
	}
	for _, p := range statements {
		s := byID[p.ID]
		n := s.Agree + s.Disagree + s.Pass
		fs := FrameStatement{ID: p.ID, Text: p.Text, Votes: n, Agree: pct(s.Agree, n), Disagree: pct(s.Disagree, n), Pass: pct(s.Pass, n)}
		if sh := shares[p.ID]; len(fr.Groups) > 0 && len(sh) == len(fr.Groups) {
			for _, g := range sh {
				fs.GroupAgree = append(fs.GroupAgree, pct(g.Agree, g.Votes))
			}
		}
		fr.Statements = append(fr.Statements, fs)
	}
	slices.SortStableFunc(fr.Statements, func(a, b FrameStatement) int { return b.Votes - a.Votes })
	if len(fr.Statements) > screenStatements {
		fr.Statements = fr.Statements[:screenStatements]
	}
	return fr
}

// statementsAll returns every statement of the group with its shares,
// newest first (the live page lists them all).
func (f *followed) statementsAll(statements []room.Post) []FrameStatement {
	f.mu.Lock()
	defer f.mu.Unlock()
	v := f.m.View()
	byID := map[int64]room.StatementView{}
	for _, s := range v.Statements {
		byID[s.ID] = s
	}
	out := make([]FrameStatement, 0, len(statements))
	for _, p := range statements {
		s := byID[p.ID]
		n := s.Agree + s.Disagree + s.Pass
		out = append(out, FrameStatement{ID: p.ID, Text: p.Text, Votes: n, Agree: pct(s.Agree, n), Disagree: pct(s.Disagree, n), Pass: pct(s.Pass, n)})
	}
	return out
}
