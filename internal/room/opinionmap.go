package room

import (
	"github.com/folkmoot/folkmoot/internal/opinions"
)

// MinGrouped is how many participants must be clustered before the map
// shows opinion groups (Pol.is's greedy in-conv size).
const MinGrouped = 15

// StatementView is one statement's reactions on the map.
type StatementView struct {
	ID       int64        `json:"id"`
	Agree    int          `json:"a"`
	Disagree int          `json:"d"`
	Pass     int          `json:"p"`
	Groups   []GroupShare `json:"g,omitempty"` // per opinion group, in group order
}

// GroupShare is one opinion group's reactions to a statement.
type GroupShare struct {
	Agree    int `json:"a"`
	Disagree int `json:"d"`
	Votes    int `json:"n"`
}

// MapView is what the room screen shows of a group's opinion map.
type MapView struct {
	Participants int             `json:"people"`
	Votes        int             `json:"votes"`
	Groups       []int           `json:"groups,omitempty"` // sizes of the opinion groups; none until MinGrouped people are clustered
	Statements   []StatementView `json:"statements"`
	Full         bool            `json:"full,omitempty"` // made by a full recompute
}

// Map is a group's opinion map, kept up to date one reaction at a time. It
// is not safe for concurrent use.
type Map struct {
	m *opinions.Model
}

func event(r Reaction) opinions.Event {
	return opinions.Event{Participant: int(r.UserID), Statement: int(r.PostID), Vote: r.Vote, Time: r.At.UnixMilli()}
}

// NewMap computes the map of reactions (oldest first) in full.
func NewMap(rs []Reaction) *Map {
	conv := opinions.NewConversation()
	for _, r := range rs {
		_ = conv.Add(event(r)) // reactions from the store are valid
	}
	return &Map{m: opinions.Compute(conv, opinions.Options{})}
}

// Apply adds one reaction cheaply (opinions.Model.Vote): the statement's
// counts are exact at once; the opinion groups move the voter only, until
// the next full recompute.
func (m *Map) Apply(r Reaction) error { return m.m.Vote(event(r)) }

// Recompute runs the whole method again on the reactions so far.
func (m *Map) Recompute() { m.m.Recompute() }

// View returns what the screen shows, statements in the order of their
// first reaction.
func (m *Map) View() MapView {
	res := m.m.Result()
	v := MapView{Participants: res.Participants, Votes: res.Votes, Statements: make([]StatementView, 0, len(res.StatementStats))}
	grouped := res.K >= 2 && res.Clustered >= MinGrouped
	if grouped {
		for _, g := range res.Groups {
			v.Groups = append(v.Groups, g.Size)
		}
	}
	for _, s := range res.StatementStats {
		sv := StatementView{ID: int64(s.Statement), Agree: s.Agrees, Disagree: s.Disagrees, Pass: s.Passes}
		if grouped {
			for _, g := range s.Groups {
				sv.Groups = append(sv.Groups, GroupShare{Agree: g.Agrees, Disagree: g.Disagrees, Votes: g.Votes})
			}
		}
		v.Statements = append(v.Statements, sv)
	}
	return v
}
