package room

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/opinions"
)

// Kind is what a post is.
type Kind string

// The kinds of post. Comments and statements are reacted to; questions are
// put to the room (shown on the room screen).
const (
	Comment   Kind = "comment"   // an online participant's comment; approved, it is a statement
	Question  Kind = "question"  // an online participant's question to the room
	Statement Kind = "statement" // a statement a moderator adds (approved at once)
)

// ParseKind returns the kind an online participant may post, or false.
func ParseKind(s string) (Kind, bool) {
	switch Kind(s) {
	case Comment, Question:
		return Kind(s), true
	}
	return "", false
}

// Status is where a post is in moderation.
type Status string

// The moderation states. Only Approved posts are shown publicly.
const (
	Pending  Status = "pending"
	Approved Status = "approved"
	Rejected Status = "rejected"
)

// Limits on posting.
const (
	MaxText       = 500             // characters in a post
	MinText       = 3               // characters in a post
	PostsPerSpell = 5               // posts one person may make ...
	Spell         = 2 * time.Minute // ... in this long
)

// Group is a discussion group as the room sees it (the meetings package
// owns groups; an adapter fills this in).
type Group struct {
	ID, CycleID      int64
	Name, ThemeTitle string
	Moderators       []int64 // the group's facilitators: they moderate its live page
}

// Post is a comment, question or statement on a group's live page.
type Post struct {
	ID, CycleID, GroupID int64
	AuthorID             int64
	Author               string // display name ("" when none chosen); set by the store
	Kind                 Kind
	Text                 string
	Status               Status
	Created              time.Time
	Decided              time.Time // zero while pending
	DeciderID            int64
}

// IsStatement reports whether people react to the post (an approved
// comment or a moderator's statement).
func (p Post) IsStatement() bool {
	return p.Status == Approved && (p.Kind == Comment || p.Kind == Statement)
}

// Reaction is one person's latest reaction to a statement.
type Reaction struct {
	PostID, GroupID, UserID int64
	Vote                    opinions.Vote
	At                      time.Time
}

// Audit actions (object cycle:N).
//
//	room.post     details group, post, kind (never the text: it is the author's until approved)
//	room.approve  details group, post
//	room.reject   details group, post
//	room.react    details group, post, vote
const (
	ActionPost    = "room.post"
	ActionApprove = "room.approve"
	ActionReject  = "room.reject"
	ActionReact   = "room.react"
)

// Store is persistent storage for live pages. Every method that changes
// state records its audit.Event in the same transaction.
type Store interface {
	// AddPost stores p (its ID is ignored) and returns its id.
	AddPost(ctx context.Context, p Post, ev audit.Event) (int64, error)
	// RoomPost returns a post, NotFound if there is none.
	RoomPost(ctx context.Context, id int64) (Post, error)
	// DecidePost moves a pending post to to (Approved or Rejected);
	// Conflict if it is no longer pending.
	DecidePost(ctx context.Context, id int64, to Status, by int64, at time.Time, ev audit.Event) error
	// RoomPosts returns a group's posts of status st ("" for every status),
	// newest first, at most limit (0: all).
	RoomPosts(ctx context.Context, groupID int64, st Status, limit int) ([]Post, error)
	// PostsSince counts userID's posts (any group) made after since.
	PostsSince(ctx context.Context, userID int64, since time.Time) (int, error)
	// React stores r, replacing the person's earlier reaction to the post.
	React(ctx context.Context, r Reaction, ev audit.Event) error
	// RoomReactions returns a group's reactions, oldest first.
	RoomReactions(ctx context.Context, groupID int64) ([]Reaction, error)
}

// Topic is the live broker topic of a group's live page and room screen.
func Topic(groupID int64) string { return "room:" + strconv.FormatInt(groupID, 10) }

// StaticGroups is a Groups over a fixed list, for tests, demos and until
// the meetings package's adapter is wired. It is safe for concurrent use.
type StaticGroups struct {
	mu sync.RWMutex
	gs map[int64]Group
}

// NewStaticGroups returns a StaticGroups holding gs.
func NewStaticGroups(gs ...Group) *StaticGroups {
	s := &StaticGroups{gs: map[int64]Group{}}
	for _, g := range gs {
		s.Add(g)
	}
	return s
}

// Add adds or replaces g.
func (s *StaticGroups) Add(g Group) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gs[g.ID] = g
}

// RoomGroup implements Groups.
func (s *StaticGroups) RoomGroup(_ context.Context, id int64) (Group, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	g, ok := s.gs[id]
	if !ok {
		return Group{}, apperr.New(apperr.NotFound, "There is no such discussion group.")
	}
	return g, nil
}
