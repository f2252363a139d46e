package response

import (
	"time"

	"github.com/folkmoot/folkmoot/internal/i18n"
)

// Decision is the Board's answer to a recommendation.
type Decision string

// The decisions.
const (
	Accepted       Decision = "accepted"
	PartlyAccepted Decision = "partly_accepted"
	NotAccepted    Decision = "not_accepted"
)

// Decisions lists the decisions in the order forms show them.
var Decisions = []Decision{Accepted, PartlyAccepted, NotAccepted}

// Valid reports whether d is one of the decisions.
func (d Decision) Valid() bool { return d == Accepted || d == PartlyAccepted || d == NotAccepted }

// Commits reports whether a recommendation answered d takes commitments.
func (d Decision) Commits() bool { return d == Accepted || d == PartlyAccepted }

// Label is the decision in plain words (an English msgid).
func (d Decision) Label() string {
	switch d {
	case Accepted:
		return i18n.Mark("Accepted")
	case PartlyAccepted:
		return i18n.Mark("Accepted in part")
	case NotAccepted:
		return i18n.Mark("Not accepted")
	}
	return string(d)
}

// Limits.
const (
	MaxText  = 4000 // reasons, update text, stocktake notes
	MaxShort = 300  // a commitment's title, owner; a place
	MaxLinks = 10   // evidence links of one update
)

// Answer is the Board's published answer to one recommendation.
type Answer struct {
	RecommendationID, ThemeID int64
	Decision                  Decision
	Reasons                   string
	ReasonsCy                 string    // the reasons in Welsh, "" if none were given
	AnsweredAt                time.Time // when it was first published
	Updated                   time.Time // when it was last changed
	Late                      bool      // first published after the round's deadline (set by the Service)
}

// ReasonsIn returns the reasons in lang: the Welsh when there is one.
func (a Answer) ReasonsIn(lang i18n.Lang) string {
	if lang == i18n.Welsh && a.ReasonsCy != "" {
		return a.ReasonsCy
	}
	return a.Reasons
}

// Status is one status a commitment may have, per round.
type Status struct {
	Key      string `json:"key"`
	Label    string `json:"label"`    // English
	LabelCy  string `json:"label_cy"` // Welsh
	Progress int    `json:"progress"` // the default progress of a commitment given this status
	Keep     bool   `json:"keep"`     // the status keeps the commitment's progress (delayed)
}

// LabelIn returns the status's label in lang.
func (s Status) LabelIn(lang i18n.Lang) string {
	if lang == i18n.Welsh && s.LabelCy != "" {
		return s.LabelCy
	}
	return s.Label
}

// The keys of the default statuses.
const (
	NotStarted = "not_started"
	Planned    = "planned"
	InProgress = "in_progress"
	Delayed    = "delayed"
	Done       = "done"
)

// DefaultStatuses returns the statuses a round starts with.
func DefaultStatuses() []Status {
	return []Status{
		{Key: NotStarted, Label: "Not started", LabelCy: "Heb ddechrau", Progress: 0},
		{Key: Planned, Label: "Planned", LabelCy: "Wedi'i gynllunio", Progress: 10},
		{Key: InProgress, Label: "In progress", LabelCy: "Ar y gweill", Progress: 50},
		{Key: Delayed, Label: "Delayed", LabelCy: "Wedi'i oedi", Keep: true},
		{Key: Done, Label: "Done", LabelCy: "Wedi'i gwblhau", Progress: 100},
	}
}

// Settings are a round's response deadline and commitment statuses.
type Settings struct {
	CycleID  int64
	Deadline time.Time // zero: none set
	Statuses []Status
	Updated  time.Time
}

// Status returns the status with key, or false.
func (s Settings) Status(key string) (Status, bool) {
	for _, st := range s.Statuses {
		if st.Key == key {
			return st, true
		}
	}
	return Status{}, false
}

// Update is one dated progress update on a commitment.
type Update struct {
	At       time.Time // the date of the update (midnight UTC)
	Status   string
	Progress int
	Text     string
	Links    []string
	Number   int       // 1, 2, … within the commitment
	Created  time.Time // when it was recorded
}

// Commitment is something the Board committed to under an accepted or
// partly accepted recommendation.
type Commitment struct {
	ID, CycleID, RecommendationID, ThemeID int64
	Title, Owner, Measure                  string
	Due                                    time.Time // a date (midnight UTC)
	Status, StatusLabel                    string    // StatusLabel in English (set by the Service)
	Progress                               int
	Updates                                []Update // newest first
	Created, Updated                       time.Time
}

// LastUpdate returns the newest update, or false.
func (c Commitment) LastUpdate() (Update, bool) {
	if len(c.Updates) == 0 {
		return Update{}, false
	}
	return c.Updates[0], true
}

// Stocktake is the round's review and stocktake meeting and its report.
type Stocktake struct {
	CycleID   int64
	Held      time.Time // the meeting's date (midnight UTC)
	Place     string
	Notes     string    // the summary notes
	Published time.Time // zero until the report is published
	Updated   time.Time
}

// IsPublished reports whether the report is published.
func (s Stocktake) IsPublished() bool { return !s.Published.IsZero() }

// Rec is a recommendation that passed the members' vote, as the response
// needs it.
type Rec struct {
	ID, ThemeID int64
	ThemeTitle  string
	Text        string // the recommendation; a ranked question with the option chosen
	Choice      bool   // a ranked question
	Chosen      string // a ranked question: the option the members chose
}

// DateLayout is how dates are written in forms, JSON and CSV.
const DateLayout = "2006-01-02"

// Day returns t's date as midnight UTC.
func Day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
