package jury

import (
	"time"

	"github.com/folkmoot/folkmoot/internal/i18n"
)

// Method is how a round's jury is formed.
type Method string

// The methods.
const (
	Lottery Method = "lottery" // drawn by lottery from the volunteers
	Chosen  Method = "chosen"  // entered by the organiser, with a public statement of how
)

// Title is the method in plain words (an English msgid).
func (m Method) Title() string {
	if m == Chosen {
		return i18n.Mark("Chosen by the organisers")
	}
	return i18n.Mark("Drawn by lottery from the people who volunteered")
}

// Status is where a round's jury stands.
type Status string

// The statuses, in order.
const (
	Forming   Status = "forming"   // volunteers offer; jurors are drawn or entered; the shortlist is set
	Voting    Status = "voting"    // the vote is open
	Counted   Status = "counted"   // the vote is closed and counted; reasons are being written
	Published Status = "published" // the agenda is published
)

// Defaults and limits.
const (
	DefaultSize  = 16
	MinSize      = 6
	MaxSize      = 40
	DefaultSeats = 5
	// CountMethod is the method of the count, as `folkmoot count --method` names it.
	CountMethod = "scottish-stv"
	// CountSeed is the seed of the lot that breaks ties the method's own
	// rule leaves (the command line's default seed).
	CountSeed uint64 = 0
)

// Settings are a round's jury settings and state.
type Settings struct {
	CycleID   int64
	Size      int    // jurors wanted
	Method    Method // how they are chosen
	Statement string // public: how the jury is chosen (required for Chosen)
	Seats     int    // agenda size
	Status    Status
	// Draw is the published record of a lottery (nil before one).
	Draw *Draw
	// Shortlist is the snapshot the jury votes on (nil before it is set).
	Shortlist *Shortlist
	// Winners are indices into Shortlist.Themes in order of election (set
	// when the vote is counted).
	Winners []int
	// Reasons: one per shortlisted theme (same order), the jury's written
	// reason it was or was not chosen; Why is the reason for the themes not
	// chosen as a whole.
	Reasons   []string
	Why       string
	Published time.Time
	Updated   time.Time
}

// Answers are what a volunteer says of themselves: personal data, sealed at
// rest, read by organisers only.
type Answers struct {
	AgeBand      string `json:"age"`
	Gender       string `json:"gender"`
	Area         string `json:"area"`
	Availability string `json:"availability"`
}

// Categories are the volunteer questions used by a lottery, with their
// values (keys as stored; labels are English msgids).
var Categories = []Category{
	{Key: "age", Title: i18n.Mark("Age"), Values: []Value{
		{"16-29", i18n.Mark("16 to 29")}, {"30-44", i18n.Mark("30 to 44")}, {"45-59", i18n.Mark("45 to 59")},
		{"60-74", i18n.Mark("60 to 74")}, {"75+", i18n.Mark("75 or over")}}},
	{Key: "gender", Title: i18n.Mark("Gender"), Values: []Value{
		{"woman", i18n.Mark("Woman")}, {"man", i18n.Mark("Man")}, {"other", i18n.Mark("In another way")}}},
	{Key: "area", Title: i18n.Mark("Where you live"), Values: []Value{
		{"city", i18n.Mark("A city")}, {"town", i18n.Mark("A town")}, {"rural", i18n.Mark("A village or the countryside")}}},
}

// Category is one question of the volunteer form that the lottery
// balances.
type Category struct {
	Key    string
	Title  string
	Values []Value
}

// Value is one answer to a category.
type Value struct{ Key, Label string }

// get returns a's answer to category key.
func (a Answers) get(key string) string {
	switch key {
	case "age":
		return a.AgeBand
	case "gender":
		return a.Gender
	case "area":
		return a.Area
	}
	return ""
}

// Volunteer is a person who offered to sit on a round's jury.
type Volunteer struct {
	CycleID int64
	UserID  int64
	Name    string // filled in on reads
	Answers Answers
	Created time.Time
}

// Juror is a member of a round's jury.
type Juror struct {
	CycleID int64
	UserID  int64
	Name    string // filled in on reads
	Email   string // filled in on reads; organisers only (Service.Jurors)
	Added   time.Time
	Voted   bool // filled in on reads: has voted (never which way)
}

// Draw is the published record of a jury lottery: no personal data.
type Draw struct {
	Seed       uint64  `json:"seed"`
	Volunteers int     `json:"volunteers"`
	Size       int     `json:"size"`
	Algorithm  string  `json:"algorithm"`
	Counts     []Tally `json:"composition"`
}

// Tally is how many volunteers and jurors gave one answer.
type Tally struct {
	Category   string `json:"category"`
	Value      string `json:"value"`
	Volunteers int    `json:"volunteers"`
	Jurors     int    `json:"jurors"`
	Min        int    `json:"min"`
	Max        int    `json:"max"`
}

// Theme is one shortlisted theme as it stood when the shortlist was set.
type Theme struct {
	ThemeID    int64   `json:"theme_id"`
	Title      string  `json:"title"`
	Summary    string  `json:"summary"`
	Supporters int     `json:"supporters"`
	IssueIDs   []int64 `json:"issue_ids"`
}

// Shortlist is the snapshot the jury votes on.
type Shortlist struct {
	Themes []Theme `json:"themes"`
	Rule   string  `json:"rule"`   // the rule, in English
	Size   int     `json:"size"`   // N of the rule
	CutOff int     `json:"cutoff"` // distinct supporters of the last theme in
	Below  []Theme `json:"below"`  // the themes below the cut-off, for the record
	Set    time.Time
}

// Ballot is one juror's ranking: indices into the shortlist's themes, most
// preferred first. ID is random.
type Ballot struct {
	ID      string
	Ranking []int
}

// Item is one theme of a published agenda.
type Item struct {
	Theme  Theme
	Reason string
	Rank   int // 1 for the first elected; 0 for a theme not chosen
}

// Agenda is a round's published agenda.
type Agenda struct {
	CycleID   int64
	Chosen    []Item // in order of election
	NotChosen []Item // in shortlist order
	Why       string // why the others were not chosen
	Method    string
	Seats     int
	Jurors    int
	Ballots   int
	Published time.Time
}
