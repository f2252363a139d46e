package trace

import (
	"context"
	"time"

	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/evidence"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/jury"
	"github.com/folkmoot/folkmoot/internal/meeting"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/recommend"
)

// Issues reads issues and themes (*gather.Service).
type Issues interface {
	Issue(ctx context.Context, viewer people.User, issueID int64) (gather.Issue, error)
	Theme(ctx context.Context, themeID int64) (gather.Theme, error)
}

// ThemedAt says when an issue joined its theme (the storage value);
// optional: without it the step has no date.
type ThemedAt interface {
	IssueThemedAt(ctx context.Context, issueID int64) (time.Time, error)
}

// Rounds reads rounds (*cycle.Service).
type Rounds interface {
	Cycle(ctx context.Context, cycleID int64) (cycle.Cycle, error)
}

// Juries reads a round's citizens' jury: its shortlist, count, reasons
// and whether the agenda is published (*jury.Service).
type Juries interface {
	Settings(ctx context.Context, cycleID int64) (jury.Settings, error)
}

// Evidence reads a round's published evidence packs (*evidence.Service).
type Evidence interface {
	Packs(ctx context.Context, cycleID int64) ([]evidence.Pack, error)
}

// Discussions reads the assembly's discussion groups and their published
// key points (*meeting.Service; Notes is called as an anonymous visitor).
type Discussions interface {
	GroupsOf(ctx context.Context, cycleID int64) ([]meeting.Group, error)
	Notes(ctx context.Context, actor people.User, groupID int64) ([]meeting.Note, error)
}

// Recommendations reads a round's recommendations and, once the vote is
// closed, their counts (*recommend.Service; Results answers NotFound
// before the vote closes).
type Recommendations interface {
	Items(ctx context.Context, cycleID int64) ([]recommend.Item, error)
	Results(ctx context.Context, cycleID int64) (recommend.Round, []recommend.Result, []recommend.Ballot, error)
}

// Responses reads the Board's answers to a round's recommendations and
// the commitments made in them. The command adapts internal/response to
// it; nil means no answers yet.
type Responses interface {
	Answers(ctx context.Context, cycleID int64) ([]Answer, error)
	Commitments(ctx context.Context, cycleID int64) ([]Commitment, error)
}

// The Board's decisions on a recommendation (Answer.Decision).
const (
	Accepted       = "accepted"
	PartlyAccepted = "partly_accepted"
	NotAccepted    = "not_accepted"
)

// Answer is the Board's answer to one recommendation.
type Answer struct {
	RecommendationID int64
	ThemeID          int64
	Decision         string // Accepted, PartlyAccepted or NotAccepted
	Reasons          string
	ReasonsCy        string // the reasons in Welsh, "" if none were given
	AnsweredAt       time.Time
	Late             bool // answered after the published deadline, or not yet and overdue
}

// Commitment is something the Board committed to in answer to a
// recommendation, with its progress.
type Commitment struct {
	ID               int64
	RecommendationID int64
	ThemeID          int64
	Title            string
	Owner            string
	Measure          string
	Due              time.Time
	Status           string    // the status's key
	StatusLabel      string    // its name as the organisers wrote it ("" to show Status)
	StatusLabelCy    string    // its Welsh name ("" to show StatusLabel)
	Progress         int       // 0–100
	Updates          []Update  // newest first
	Created          time.Time // when it was made (zero: the date of its first update)
}

// Update is one dated update of a commitment.
type Update struct {
	At                         time.Time // the date it reports on (midnight UTC)
	Status                     string
	StatusLabel, StatusLabelCy string // the status's English and Welsh names ("" to show Status)
	Progress                   int
	Text                       string
	Links                      []string
	Created                    time.Time // when it was recorded (orders it within its day)
}
