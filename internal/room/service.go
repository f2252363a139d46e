package room

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/jobs"
	"github.com/folkmoot/folkmoot/internal/opinions"
	"github.com/folkmoot/folkmoot/internal/people"
)

// Groups reads discussion groups (an adapter over the meetings package).
// An unknown group is an apperr NotFound.
type Groups interface {
	RoomGroup(ctx context.Context, groupID int64) (Group, error)
}

// Rounds reads rounds (*cycle.Service).
type Rounds interface {
	Cycle(ctx context.Context, cycleID int64) (cycle.Cycle, error)
}

// Publisher sends live events (a live.Broker).
type Publisher interface {
	Publish(ctx context.Context, topic string, data []byte) error
}

// Enqueuer adds background jobs (*jobs.Queue).
type Enqueuer interface {
	Enqueue(ctx context.Context, r jobs.Request) (int64, error)
}

// KindRecompute is the job kind of a group's full map recompute (payload:
// the group id). Register Service.RecomputeJob for it.
const KindRecompute = "room.recompute"

// RecomputeEvery is the shortest time between two full recomputes of one
// group's map.
const RecomputeEvery = 3 * time.Second

// Change is the data of an event on Topic(group).
type Change struct {
	// K is what changed: "post" (a post awaits moderation), "approved",
	// "rejected", "vote" (V is set) or "map" (M is a full recompute).
	K string    `json:"k"`
	P int64     `json:"p,omitempty"` // the post
	V *VoteData `json:"v,omitempty"`
	M *MapView  `json:"m,omitempty"`
}

// VoteData is a reaction as carried between servers.
type VoteData struct {
	Post int64         `json:"p"`
	User int64         `json:"u"`
	Vote opinions.Vote `json:"v"`
	At   int64         `json:"t"` // microseconds since the epoch
}

// Reaction returns the reaction of d in group g.
func (d VoteData) Reaction(g int64) Reaction {
	return Reaction{PostID: d.Post, GroupID: g, UserID: d.User, Vote: d.Vote, At: time.UnixMicro(d.At).UTC()}
}

// Config holds the service's optional parts; the zero value is usable
// (no live events, no background recompute, time.Now).
type Config struct {
	Now  func() time.Time
	Live Publisher
	Jobs Enqueuer
	// Warn, if set, is told of a live event or job that could not be sent
	// (the change itself was stored).
	Warn func(msg string, err error)
}

// Service holds the rules of live pages.
type Service struct {
	store  Store
	groups Groups
	rounds Rounds
	cfg    Config
}

// NewService returns a Service.
func NewService(s Store, g Groups, r Rounds, cfg Config) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Warn == nil {
		cfg.Warn = func(string, error) {}
	}
	return &Service{store: s, groups: g, rounds: r, cfg: cfg}
}

func (s *Service) now() time.Time { return s.cfg.Now().UTC().Truncate(time.Microsecond) }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func (s *Service) event(actor people.User, action string, g Group, post int64, extra ...string) audit.Event {
	d := map[string]string{"group": itoa(g.ID), "post": itoa(post)}
	for i := 0; i+1 < len(extra); i += 2 {
		d[extra[i]] = extra[i+1]
	}
	return audit.Event{Time: s.now(), Actor: people.ActorOf(actor), Action: action, Object: audit.ObjectRef("cycle", g.CycleID), Details: d}
}

// Group returns the group groupID of round cycleID; NotFound when the
// group does not exist or belongs to another round.
func (s *Service) Group(ctx context.Context, cycleID, groupID int64) (Group, error) {
	g, err := s.groups.RoomGroup(ctx, groupID)
	if err != nil {
		return g, err
	}
	if g.CycleID != cycleID {
		return Group{}, apperr.New(apperr.NotFound, "There is no such discussion group in this round.")
	}
	return g, nil
}

// CanModerate reports whether u moderates g's live page: its facilitators,
// site moderators and organisers.
func CanModerate(u people.User, g Group) bool {
	if !u.SignedIn() {
		return false
	}
	return u.Has(people.RoleModerator) || u.Has(people.RoleOrganiser) || slices.Contains(g.Moderators, u.ID)
}

// open checks the round is in its Meetings phase.
func (s *Service) open(ctx context.Context, g Group) error {
	c, err := s.rounds.Cycle(ctx, g.CycleID)
	if err != nil {
		return err
	}
	return cycle.Check(c, cycle.RoomLive)
}

// Open reports whether the group's live page takes posts and reactions now.
func (s *Service) Open(ctx context.Context, g Group) (bool, error) {
	c, err := s.rounds.Cycle(ctx, g.CycleID)
	if err != nil {
		return false, err
	}
	return c.Allows(cycle.RoomLive), nil
}

// publish tells every server what changed; a failure is only reported.
func (s *Service) publish(ctx context.Context, groupID int64, ch Change) {
	if s.cfg.Live == nil {
		return
	}
	b, err := json.Marshal(ch)
	if err == nil {
		err = s.cfg.Live.Publish(context.WithoutCancel(ctx), Topic(groupID), b)
	}
	if err != nil {
		s.cfg.Warn("room: publishing a live event", err)
	}
}

// cleanText trims and checks a post's text.
func cleanText(text string) (string, error) {
	text = strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n"))
	n := utf8.RuneCountInString(text)
	if n < MinText {
		return "", apperr.Field("text", "Write at least %d characters.", MinText)
	}
	if n > MaxText {
		return "", apperr.Field("text", "Keep it to %d characters or fewer (you wrote %d).", MaxText, n)
	}
	return text, nil
}

// Post stores an online participant's comment or question, pending
// moderation; a moderator's post of kind Statement is approved at once.
func (s *Service) Post(ctx context.Context, actor people.User, cycleID, groupID int64, k Kind, text string) (Post, error) {
	if !actor.SignedIn() {
		return Post{}, apperr.New(apperr.Forbidden, "Sign in to take part.")
	}
	g, err := s.Group(ctx, cycleID, groupID)
	if err != nil {
		return Post{}, err
	}
	if k == Statement {
		if !CanModerate(actor, g) {
			return Post{}, apperr.New(apperr.Forbidden, "Only the group's moderators may add statements.")
		}
	} else if _, ok := ParseKind(string(k)); !ok {
		return Post{}, apperr.Field("kind", "Choose whether this is a comment or a question.")
	}
	if text, err = cleanText(text); err != nil {
		return Post{}, err
	}
	if err := s.open(ctx, g); err != nil {
		return Post{}, err
	}
	now := s.now()
	if k != Statement {
		n, err := s.store.PostsSince(ctx, actor.ID, now.Add(-Spell))
		if err != nil {
			return Post{}, err
		}
		if n >= PostsPerSpell {
			return Post{}, apperr.New(apperr.RateLimited, "You have posted %d times in the last two minutes. Please wait a little before posting again.", n)
		}
	}
	p := Post{CycleID: g.CycleID, GroupID: g.ID, AuthorID: actor.ID, Kind: k, Text: text, Status: Pending, Created: now}
	action := ActionPost
	if k == Statement {
		p.Status, p.Decided, p.DeciderID = Approved, now, actor.ID
	}
	ev := s.event(actor, action, g, 0, "kind", string(k))
	id, err := s.store.AddPost(ctx, p, ev)
	if err != nil {
		return Post{}, err
	}
	p.ID = id
	if p.Status == Approved {
		s.publish(ctx, g.ID, Change{K: "approved", P: id})
	} else {
		s.publish(ctx, g.ID, Change{K: "post", P: id})
	}
	return p, nil
}

// Decide approves (approve true) or rejects a pending post.
func (s *Service) Decide(ctx context.Context, actor people.User, cycleID, groupID, postID int64, approve bool) error {
	g, err := s.Group(ctx, cycleID, groupID)
	if err != nil {
		return err
	}
	if !CanModerate(actor, g) {
		return apperr.New(apperr.Forbidden, "Only the group's moderators may approve or reject posts.")
	}
	p, err := s.store.RoomPost(ctx, postID)
	if err != nil {
		return err
	}
	if p.GroupID != g.ID {
		return apperr.New(apperr.NotFound, "There is no such post in this group.")
	}
	if err := s.open(ctx, g); err != nil {
		return err
	}
	to, action, k := Approved, ActionApprove, "approved"
	if !approve {
		to, action, k = Rejected, ActionReject, "rejected"
	}
	if err := s.store.DecidePost(ctx, postID, to, actor.ID, s.now(), s.event(actor, action, g, postID)); err != nil {
		return err
	}
	s.publish(ctx, g.ID, Change{K: k, P: postID})
	return nil
}

// React records actor's reaction to a statement of the group and tells
// every server (each updates its map with the one vote); it schedules a
// full recompute of the group's map.
func (s *Service) React(ctx context.Context, actor people.User, cycleID, groupID, postID int64, v opinions.Vote) error {
	if !actor.SignedIn() {
		return apperr.New(apperr.Forbidden, "Sign in to take part.")
	}
	if !v.Valid() {
		return apperr.Field("vote", "Choose agree, disagree or pass.")
	}
	g, err := s.Group(ctx, cycleID, groupID)
	if err != nil {
		return err
	}
	p, err := s.store.RoomPost(ctx, postID)
	if err != nil {
		return err
	}
	if p.GroupID != g.ID || !p.IsStatement() {
		return apperr.New(apperr.NotFound, "There is no such statement in this group.")
	}
	if err := s.open(ctx, g); err != nil {
		return err
	}
	r := Reaction{PostID: postID, GroupID: g.ID, UserID: actor.ID, Vote: v, At: s.now()}
	if err := s.store.React(ctx, r, s.event(actor, ActionReact, g, postID, "vote", VoteName(v))); err != nil {
		return err
	}
	s.publish(ctx, g.ID, Change{K: "vote", V: &VoteData{Post: postID, User: actor.ID, Vote: v, At: r.At.UnixMicro()}})
	s.schedule(ctx, g.ID, r.At)
	return nil
}

// VoteName is the stable name of a vote ("agree", "disagree", "pass").
func VoteName(v opinions.Vote) string {
	switch v {
	case opinions.Agree:
		return "agree"
	case opinions.Disagree:
		return "disagree"
	}
	return "pass"
}

// ParseVote reads a vote's name.
func ParseVote(s string) (opinions.Vote, bool) {
	switch s {
	case "agree":
		return opinions.Agree, true
	case "disagree":
		return opinions.Disagree, true
	case "pass":
		return opinions.Pass, true
	}
	return 0, false
}

// schedule enqueues the group's full recompute for the end of the current
// RecomputeEvery window; the job's unique key makes every reaction in the
// window share one job.
func (s *Service) schedule(ctx context.Context, groupID int64, at time.Time) {
	if s.cfg.Jobs == nil {
		return
	}
	slot := at.Truncate(RecomputeEvery).Add(RecomputeEvery)
	_, err := s.cfg.Jobs.Enqueue(context.WithoutCancel(ctx), jobs.Request{
		Kind: KindRecompute, Payload: []byte(itoa(groupID)), RunAt: slot,
		Key: KindRecompute + ":" + itoa(groupID) + ":" + itoa(slot.UnixMilli()),
	})
	if err != nil {
		s.cfg.Warn("room: scheduling a map recompute", err)
	}
}

// RecomputeJob is the jobs.Handler of KindRecompute: it computes the
// group's map in full from the stored reactions and publishes it (every
// server's screens then show its opinion groups). Running it twice only
// publishes the same map twice.
func (s *Service) RecomputeJob(ctx context.Context, t *jobs.Task) error {
	groupID, err := strconv.ParseInt(string(t.Payload), 10, 64)
	if err != nil {
		return jobs.Permanent(err)
	}
	rs, err := s.store.RoomReactions(ctx, groupID)
	if err != nil {
		return err
	}
	v := NewMap(rs).View()
	v.Full = true
	ch := Change{K: "map", M: &v}
	if b, _ := json.Marshal(ch); len(b) > 7000 { // a PostgreSQL notification holds 8000 bytes
		v.Statements = nil // the sizes of the groups still fit; servers keep their own counts
	}
	s.publish(ctx, groupID, ch)
	return nil
}

// Questions returns the group's approved questions, newest first, at most
// limit.
func (s *Service) Questions(ctx context.Context, groupID int64, limit int) ([]Post, error) {
	ps, err := s.store.RoomPosts(ctx, groupID, Approved, 0)
	if err != nil {
		return nil, err
	}
	out := make([]Post, 0, limit)
	for _, p := range ps {
		if p.Kind == Question && (limit <= 0 || len(out) < limit) {
			out = append(out, p)
		}
	}
	return out, nil
}

// Statements returns the group's statements (approved comments and
// moderators' statements), newest first.
func (s *Service) Statements(ctx context.Context, groupID int64) ([]Post, error) {
	ps, err := s.store.RoomPosts(ctx, groupID, Approved, 0)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(ps, func(p Post) bool { return !p.IsStatement() }), nil
}

// Pending returns the posts awaiting moderation, oldest first, for a
// moderator of the group.
func (s *Service) Pending(ctx context.Context, actor people.User, g Group) ([]Post, error) {
	if !CanModerate(actor, g) {
		return nil, apperr.New(apperr.Forbidden, "Only the group's moderators may approve or reject posts.")
	}
	ps, err := s.store.RoomPosts(ctx, g.ID, Pending, 0)
	slices.Reverse(ps)
	return ps, err
}

// Decided returns the latest decided posts (approved and rejected) for a
// moderator of the group, newest first.
func (s *Service) Decided(ctx context.Context, actor people.User, g Group, limit int) ([]Post, error) {
	if !CanModerate(actor, g) {
		return nil, apperr.New(apperr.Forbidden, "Only the group's moderators may approve or reject posts.")
	}
	ps, err := s.store.RoomPosts(ctx, g.ID, "", 0)
	if err != nil {
		return nil, err
	}
	ps = slices.DeleteFunc(ps, func(p Post) bool { return p.Status == Pending })
	if limit > 0 && len(ps) > limit {
		ps = ps[:limit]
	}
	return ps, nil
}

// Reactions returns the group's reactions, oldest first (to build a Map).
func (s *Service) Reactions(ctx context.Context, groupID int64) ([]Reaction, error) {
	return s.store.RoomReactions(ctx, groupID)
}

// MyReactions returns actor's reactions in the group by post.
func (s *Service) MyReactions(ctx context.Context, actor people.User, groupID int64) (map[int64]opinions.Vote, error) {
	out := map[int64]opinions.Vote{}
	if !actor.SignedIn() {
		return out, nil
	}
	rs, err := s.store.RoomReactions(ctx, groupID)
	for _, r := range rs {
		if r.UserID == actor.ID {
			out[r.PostID] = r.Vote
		}
	}
	return out, err
}

// Store returns the service's store (tests build a second service on it).
func (s *Service) Store() Store { return s.store }
