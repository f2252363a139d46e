package recommend

import (
	"time"

	"github.com/folkmoot/folkmoot/internal/i18n"
)

// Kind is what an item asks of the voters.
type Kind string

// The kinds of item.
const (
	Agreement Kind = "agreement" // a recommendation, voted on the 5-point scale
	Choice    Kind = "choice"    // a question with options, ranked
)

// Status is where a round's vote on its recommendations stands.
type Status string

// The statuses, in order.
const (
	Drafting Status = "drafting" // recommendations are drafted and amended
	Voting   Status = "voting"   // the vote is open
	Closed   Status = "closed"   // the vote is closed, counted and published
)

// The five answers to an agreement item, in the order pages show them.
const (
	StronglyAgree    = "strongly_agree"
	Agree            = "agree"
	Neutral          = "neutral"
	Disagree         = "disagree"
	StronglyDisagree = "strongly_disagree"
)

// Scale lists the answers to an agreement item.
var Scale = []string{StronglyAgree, Agree, Neutral, Disagree, StronglyDisagree}

// ScaleLabel is an answer in plain words (an English msgid).
func ScaleLabel(v string) string {
	switch v {
	case StronglyAgree:
		return i18n.Mark("Strongly agree")
	case Agree:
		return i18n.Mark("Agree")
	case Neutral:
		return i18n.Mark("Neither agree nor disagree")
	case Disagree:
		return i18n.Mark("Disagree")
	case StronglyDisagree:
		return i18n.Mark("Strongly disagree")
	}
	return v
}

// RankedMethods are the methods a choice item may be counted with, as
// `folkmoot count --method` names them (one winner).
var RankedMethods = []string{"irv", "schulze", "borda"}

// Defaults and limits.
const (
	DefaultThreshold = 0.8
	DefaultMethod    = "irv"
	MaxText          = 4000
	MaxOptions       = 10
	// CountSeed is the seed of the lot for ties a ranked method leaves,
	// the command line's default.
	CountSeed uint64 = 0
)

// Round is a round's settings and the state of its vote.
type Round struct {
	CycleID   int64
	Threshold float64 // share of agree + strongly agree needed, 0.5–1
	Status    Status
	Opened    time.Time
	Closed    time.Time
	Updated   time.Time
}

// Version is one version of an item's text.
type Version struct {
	Number int       `json:"number"`
	Text   string    `json:"text"`
	Note   string    `json:"note,omitempty"` // what changed ("Amendment 2 accepted")
	At     time.Time `json:"at"`
}

// AmendmentStatus is where an amendment stands.
type AmendmentStatus string

// The amendment statuses.
const (
	Proposed AmendmentStatus = "proposed"
	Accepted AmendmentStatus = "accepted"
	Declined AmendmentStatus = "declined"
)

// Amendment is a member's proposed new text for an item.
type Amendment struct {
	Number  int             `json:"number"` // 1, 2, … within the item
	Text    string          `json:"text"`
	Why     string          `json:"why,omitempty"`
	By      int64           `json:"by"` // the proposer's user id (never published)
	Status  AmendmentStatus `json:"status"`
	Reason  string          `json:"reason,omitempty"` // why it was declined
	At      time.Time       `json:"at"`
	Version int             `json:"version,omitempty"` // the version an accepted amendment made
}

// MinorityView is a view some members hold against an item, published
// with it.
type MinorityView struct {
	Text   string    `json:"text"`
	Signed string    `json:"signed,omitempty"` // a display name, "" when anonymous
	At     time.Time `json:"at"`
}

// Item is a recommendation (Agreement) or a question with ranked options
// (Choice), under an agenda theme.
type Item struct {
	ID         int64
	CycleID    int64
	ThemeID    int64
	ThemeTitle string
	GroupID    int64 // the discussion group that drafted it, 0 if none
	Kind       Kind
	Method     string   // Choice: the ranked method
	Options    []string // Choice: the options, in ballot order
	Versions   []Version
	Amendments []Amendment
	Minority   []MinorityView
	Updated    time.Time
}

// Text is the item's current text.
func (it Item) Text() string {
	if len(it.Versions) == 0 {
		return ""
	}
	return it.Versions[len(it.Versions)-1].Text
}

// Version is the item's current version number.
func (it Item) Version() int { return len(it.Versions) }

// Ballot is one voter's answer to one item, stored apart from who voted.
type Ballot struct {
	ID      string // 128 random bits, hex
	Receipt string // the voter's receipt code, "-", the item id
	ItemID  int64
	Choice  string // an answer of Scale, or a ranking of option numbers "3>1>2"
}

// Answer is what a voter gives for one item: Choice for an agreement item,
// Ranks (one rank per option, 0 for not ranked) for a choice item.
type Answer struct {
	ItemID int64
	Choice string
	Ranks  []int
}
