package consult

import (
	"time"

	"github.com/folkmoot/folkmoot/internal/i18n"
)

// Status is where a round's consultation stands.
type Status string

// The statuses, in order. A round without a consultation has none ("").
const (
	Open   Status = "open"   // people can respond
	Closed Status = "closed" // responses are closed; the summary is final
)

// Round is a round's consultation.
type Round struct {
	CycleID int64
	Status  Status
	Opened  time.Time
	Closed  time.Time
	Updated time.Time
}

// The answers to the default question, "How far do you agree with this
// recommendation?": the agree/disagree reactions of the opinion map.
const (
	Agree    = "agree"
	Disagree = "disagree"
	Unsure   = "unsure"
)

// Agreement lists the answers to the default question, in page order.
var Agreement = []string{Agree, Disagree, Unsure}

// DefaultQuestion is the question every recommendation carries (an
// English msgid).
var DefaultQuestion = i18n.Mark("How far do you agree with this recommendation?")

// AgreementLabel is an answer to the default question in plain words (an
// English msgid).
func AgreementLabel(v string) string {
	switch v {
	case Agree:
		return i18n.Mark("I agree")
	case Disagree:
		return i18n.Mark("I disagree")
	case Unsure:
		return i18n.Mark("I am not sure")
	}
	return v
}

// Kind is what an organiser's question asks for.
type Kind string

// The kinds of added question.
const (
	Choice Kind = "choice" // one of the options
	Scale  Kind = "scale"  // a number from 1 to 5
)

// Limits.
const (
	MaxComment  = 2000 // characters of "Anything else?"
	MaxQuestion = 300  // characters of a question's text
	MaxOption   = 120  // characters of an option
	MaxOptions  = 8
	MaxScale    = 5
)

// Option is one option of a choice question, in English and Welsh.
type Option struct {
	Text   string `json:"en"`
	TextCy string `json:"cy"`
}

// Question is a question an organiser added to one recommendation.
type Question struct {
	ID      int64
	CycleID int64
	RecID   int64
	Kind    Kind
	Text    string
	TextCy  string
	Options []Option // Choice
	Created time.Time
}

// In returns the question's text in lang.
func (q Question) In(lang i18n.Lang) string {
	if lang == i18n.Welsh && q.TextCy != "" {
		return q.TextCy
	}
	return q.Text
}

// In returns the option's text in lang.
func (o Option) In(lang i18n.Lang) string {
	if lang == i18n.Welsh && o.TextCy != "" {
		return o.TextCy
	}
	return o.Text
}

// Values are the answers the question takes, as stored: option numbers
// "1", "2", … for a choice, "1" to "5" for a scale.
func (q Question) Values() []string {
	n := MaxScale
	if q.Kind == Choice {
		n = len(q.Options)
	}
	out := make([]string, n)
	for i := range out {
		out[i] = itoa(int64(i + 1))
	}
	return out
}

// CommentStatus is where a response's free text stands.
type CommentStatus string

// The comment statuses.
const (
	NoComment CommentStatus = ""         // none written
	Pending   CommentStatus = "pending"  // waiting for an organiser
	Approved  CommentStatus = "approved" // published, without a name
	Rejected  CommentStatus = "rejected" // never shown
)

// Response is one person's answers on one recommendation.
type Response struct {
	ID         int64
	CycleID    int64
	RecID      int64
	UserID     int64
	Respondent string           // a random id, the same for all of a person's responses in a round (published in the CSV)
	Agree      string           // an answer of Agreement
	Answers    map[int64]string // added questions' answers, by question id
	Comment    string           // the free text (sealed at rest); "" when none or not read
	Status     CommentStatus    // of the comment
	Updated    time.Time
}

// Answer is what a person gives on one recommendation.
type Answer struct {
	Agree   string
	Answers map[int64]string
	Comment string
}

// Comment is a response's free text, for moderation or publication.
type Comment struct {
	ResponseID int64
	RecID      int64
	Text       string
	Status     CommentStatus
	Updated    time.Time // when it was last written
}
