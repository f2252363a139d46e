package quality

import (
	"fmt"
	"slices"
	"time"

	"github.com/folkmoot/folkmoot/internal/i18n"
)

// The principles' keys, as quality.json names them.
const (
	Purpose            = "purpose"
	Accountability     = "accountability"
	Transparency       = "transparency"
	Representativeness = "representativeness"
	Inclusiveness      = "inclusiveness"
	Information        = "information"
	GroupDeliberation  = "group_deliberation"
	Time               = "time"
	Integrity          = "integrity"
	Privacy            = "privacy"
	Evaluation         = "evaluation"
)

// Principle is one of the OECD's Good Practice Principles. Title and Asks
// are English msgids.
type Principle struct {
	Key   string
	Title string
	Asks  string // what the principle asks, in plain words
}

// Principles are the eleven, in the OECD's order.
var Principles = []Principle{
	{Purpose, i18n.Mark("Purpose"), i18n.Mark("The process has a clear task, linked to a defined public problem, and the remit is set out in a clear question.")},
	{Accountability, i18n.Mark("Accountability"), i18n.Mark("The decision-makers commit to answer the recommendations in public and in good time, and to act on those they accept, reporting on progress.")},
	{Transparency, i18n.Mark("Transparency"), i18n.Mark("The process is announced in public before it begins; its design, the materials, the selection and the results are published.")},
	{Representativeness, i18n.Mark("Representativeness"), i18n.Mark("The participants are a microcosm of the public, chosen by a random lottery that is stratified so that they match the community's make-up.")},
	{Inclusiveness, i18n.Mark("Inclusiveness"), i18n.Mark("Everyone can take part: barriers are removed through payment, care, travel, language, easy-read material and ways to join online.")},
	{Information, i18n.Mark("Information"), i18n.Mark("The participants have access to broad, accurate, relevant and accessible evidence and expertise, and can ask for more.")},
	{GroupDeliberation, i18n.Mark("Group deliberation"), i18n.Mark("The participants find common ground in facilitated groups, listening to each other and weighing the evidence, and the groups' work is recorded.")},
	{Time, i18n.Mark("Time"), i18n.Mark("The participants have enough time to learn, weigh the evidence and reach considered recommendations: at least four full days over several weeks.")},
	{Integrity, i18n.Mark("Integrity"), i18n.Mark("The process is run by an independent team, and its votes are secret and verifiable.")},
	{Privacy, i18n.Mark("Privacy"), i18n.Mark("The participants' privacy is respected: their personal data is protected, used only as they agreed, and erased when no longer needed.")},
	{Evaluation, i18n.Mark("Evaluation"), i18n.Mark("The process is evaluated against these principles, in public, so that the next one can learn from it.")},
}

// PrincipleOf returns the principle with key, or false.
func PrincipleOf(key string) (Principle, bool) {
	i := slices.IndexFunc(Principles, func(p Principle) bool { return p.Key == key })
	if i < 0 {
		return Principle{}, false
	}
	return Principles[i], true
}

// Rating is the organisers' view of how far a principle was met.
type Rating string

// The ratings; "" is not rated yet.
const (
	Met       Rating = "met"
	PartlyMet Rating = "partly_met"
	NotMet    Rating = "not_met"
)

// Ratings lists the ratings in the order forms show them.
var Ratings = []Rating{Met, PartlyMet, NotMet}

// Label is the rating in plain words (an English msgid).
func (r Rating) Label() string {
	switch r {
	case Met:
		return i18n.Mark("Met")
	case PartlyMet:
		return i18n.Mark("Partly met")
	case NotMet:
		return i18n.Mark("Not met")
	}
	return i18n.Mark("Not rated yet")
}

// Status is where an assessment stands.
type Status string

// The statuses.
const (
	Draft    Status = "draft"    // the organisers are writing it
	Review   Status = "review"   // an assessor is named and reviewing it
	Returned Status = "returned" // the assessor returned it with comments
	Signed   Status = "signed"   // signed off: frozen
)

// Limits.
const (
	MaxNarrative = 4000
	MaxStatement = 4000
	MaxLinks     = 10
	MaxName      = 200
	MaxLink      = 500
)

// Entry is the organisers' assessment of one principle.
type Entry struct {
	Principle   string
	Rating      Rating
	Narrative   string
	NarrativeCy string   // Welsh, optional
	Links       []string // evidence: paths on the site or https links
	AuthorID    int64    // who wrote it last (never published)
	Updated     time.Time
}

// Assessment is a round's self-assessment.
type Assessment struct {
	CycleID int64
	Status  Status
	Entries []Entry // by principle, in Principles order (only those written)
	// The assessor: named by the organisers, reviewing, then signing.
	AssessorID   int64
	AssessorName string // the name published with the sign-off
	Statement    string // the sign-off statement
	Comments     string // the assessor's comments when returned
	SignedAt     time.Time
	Snapshot     []Proof // the automatic proofs at sign-off
	Updated      time.Time
}

// Entry returns the entry of principle key, if written.
func (a Assessment) Entry(key string) (Entry, bool) {
	i := slices.IndexFunc(a.Entries, func(e Entry) bool { return e.Principle == key })
	if i < 0 {
		return Entry{Principle: key}, false
	}
	return a.Entries[i], true
}

// Text is a sentence in the catalogue's words: an English msgid with %s
// verbs and its arguments, rendered in the reader's language by pages and
// in English in quality.json.
type Text struct {
	ID   string   `json:"id"`
	Args []string `json:"args,omitempty"`
}

// English is the sentence in English.
func (t Text) English() string {
	args := make([]any, len(t.Args))
	for i, a := range t.Args {
		args[i] = a
	}
	return fmt.Sprintf(t.ID, args...)
}

// In is the sentence in p's language.
func (t Text) In(p *i18n.Printer) string {
	args := make([]any, len(t.Args))
	for i, a := range t.Args {
		args[i] = a
	}
	return p.T(t.ID, args...)
}

// Proof is one automatic check of a principle.
type Proof struct {
	Key       string `json:"key"`       // "<principle>.<check>"
	Principle string `json:"principle"` // the principle's key
	Met       *bool  `json:"met"`       // nil: not yet applicable
	Detail    Text   `json:"detail"`    // what was checked, and what was found
	URL       string `json:"url"`       // the public evidence ("" when none)
}

// State is the proof's result as a word: "met", "not_met" or "not_yet".
func (p Proof) State() string {
	switch {
	case p.Met == nil:
		return "not_yet"
	case *p.Met:
		return "met"
	}
	return "not_met"
}
