package trace

import (
	"time"

	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/recommend"
)

// Trace is what happened to one issue. Its JSON is what
// /issues/{id}/trace.json serves, after In has written its texts in the
// reader's language. Paths (URL fields) are paths on the site.
type Trace struct {
	Issue           IssueRef         `json:"issue"`
	Theme           *ThemeRef        `json:"theme"` // null when the issue was never grouped into a theme
	Agenda          Agenda           `json:"agenda"`
	Evidence        *Pack            `json:"evidence"` // null unless its theme was chosen and has evidence
	Discussion      []Discussion     `json:"discussion"`
	Recommendations []Recommendation `json:"recommendations"`
	Steps           []Step           `json:"steps"`
}

// IssueRef names the issue and its round.
type IssueRef struct {
	ID     int64    `json:"id"`
	Title  string   `json:"title"`
	URL    string   `json:"url"`
	Status string   `json:"status"`
	Raised string   `json:"raised"` // RFC 3339
	Round  RoundRef `json:"round"`
}

// RoundRef names a round.
type RoundRef struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	URL   string `json:"url"`
	Phase string `json:"phase"`
}

// ThemeRef names a theme.
type ThemeRef struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	URL   string `json:"url"`
}

// Agenda is whether the jury chose the issue's theme, and why.
type Agenda struct {
	// Chosen is true or false once the round's agenda is published, and
	// nil (null) before.
	Chosen *bool `json:"chosen"`
	// Reason is the jury's reason (for a chosen theme: why it was chosen;
	// for a shortlisted theme not chosen: its own reason, else the jury's
	// reason for not choosing the others), or a sentence the platform
	// writes (Generated: never grouped, not on the shortlist, not chosen
	// yet), in the reader's language after In.
	Reason    string     `json:"reason"`
	Generated bool       `json:"generated"`
	Rank      int        `json:"rank,omitempty"` // 1 for the first elected
	Published *time.Time `json:"published,omitempty"`
	URL       string     `json:"url,omitempty"` // the round's agenda page
}

// Pack is the evidence on the issue's theme.
type Pack struct {
	URL         string     `json:"url"`
	Documents   []Document `json:"documents"`
	Witnesses   int        `json:"witnesses"`   // approved witnesses
	Submissions int        `json:"submissions"` // published written submissions
}

// Document is one document of the evidence.
type Document struct {
	ID       int64     `json:"id"`
	Title    string    `json:"title"`
	URL      string    `json:"url"`
	EasyRead bool      `json:"easy_read"`
	Added    time.Time `json:"added"`
}

// Discussion is one discussion group on the theme and the key points it
// published.
type Discussion struct {
	GroupID int64      `json:"group_id"`
	Name    string     `json:"name"`
	URL     string     `json:"url"`
	Points  []KeyPoint `json:"key_points"`
}

// KeyPoint is one published note of key points.
type KeyPoint struct {
	Text      string    `json:"text"`
	Published time.Time `json:"published"`
}

// Recommendation is one recommendation (or ranked question) on the theme.
type Recommendation struct {
	ID   int64  `json:"id"`
	URL  string `json:"url"`
	Kind string `json:"kind"`
	Text string `json:"text"`
	// Passed is null until the vote closes.
	Passed  *bool             `json:"passed"`
	Ballots int               `json:"ballots"`
	Counts  *recommend.Counts `json:"counts,omitempty"` // an agreement item's tally
	YesPct  int               `json:"agree_percent"`    // agree + strongly agree, of the ballots
	Winner  string            `json:"winner,omitempty"` // a ranked question's winning option
	// Response is the Board's answer, null until it answers.
	Response    *Response        `json:"response"`
	Commitments []CommitmentView `json:"commitments"`
}

// Response is the Board's answer to a recommendation.
type Response struct {
	Decision      string    `json:"decision"` // accepted, partly_accepted, not_accepted
	DecisionLabel string    `json:"decision_label"`
	Reasons       string    `json:"reasons"` // in the reader's language when the Board gave its reasons in Welsh
	ReasonsCy     string    `json:"-"`
	AnsweredAt    time.Time `json:"answered_at"`
	Late          bool      `json:"late"`
}

// CommitmentView is a commitment as the trace shows it.
type CommitmentView struct {
	ID            int64        `json:"id"`
	Title         string       `json:"title"`
	Owner         string       `json:"owner"`
	Measure       string       `json:"measure,omitempty"`
	Due           *time.Time   `json:"due"`
	Status        string       `json:"status"`
	StatusLabel   string       `json:"status_label"` // in the reader's language
	StatusLabelCy string       `json:"-"`
	Progress      int          `json:"progress"`
	Updates       []UpdateView `json:"updates"`
}

// UpdateView is a commitment's update.
type UpdateView struct {
	At       time.Time `json:"at"`
	Status   string    `json:"status"`
	Progress int       `json:"progress"`
	Text     string    `json:"text"`
	Links    []string  `json:"links"`
}

// StepState says where a step stands.
type StepState string

// The states of a step.
const (
	Done    StepState = "done"    // it happened
	Stopped StepState = "stopped" // it ended the issue's road (not chosen, withdrawn…)
	Next    StepState = "next"    // it has not happened yet
)

// Step is one dated step of the issue's road. Title and Text are English
// msgids until In writes them in the reader's language; Text takes Args,
// where a Msg is translated and a time.Time written as a date.
type Step struct {
	Key     string    `json:"key"` // raised, withdrawn, hidden, theme, shortlist, agenda, evidence, discussion, vote, answer, commitment, update, next
	State   StepState `json:"state"`
	Current bool      `json:"current"` // the newest step that happened
	Title   string    `json:"title"`
	Text    string    `json:"text"`
	Detail  string    `json:"detail,omitempty"` // words quoted as written (a reason, an update)
	// DetailCy is the Detail as written in Welsh, when there is one (the
	// Board's reasons): In uses it for a Welsh reader.
	DetailCy string     `json:"-"`
	At       *time.Time `json:"at"`
	Link     string     `json:"link,omitempty"`
	Args     []any      `json:"-"`
}

// Msg is an argument of a step's text that is itself a msgid.
type Msg string

// Label is an argument of a step's text named by the organisers in
// English and Welsh (a commitment's status): In writes the reader's.
type Label struct{ En, Cy string }

// In returns the label in lang (the English when there is no Welsh).
func (l Label) In(lang i18n.Lang) string {
	if lang == i18n.Welsh && l.Cy != "" {
		return l.Cy
	}
	return l.En
}

// DecisionLabel is a decision in plain words (an English msgid).
func DecisionLabel(d string) string {
	switch d {
	case Accepted:
		return i18n.Mark("Accepted")
	case PartlyAccepted:
		return i18n.Mark("Accepted in part")
	case NotAccepted:
		return i18n.Mark("Not accepted")
	}
	return d
}

// In returns the trace with its texts in p's language.
func (t Trace) In(p *i18n.Printer) Trace {
	if t.Agenda.Generated {
		t.Agenda.Reason = p.T(t.Agenda.Reason)
	}
	welsh := p.Lang() == i18n.Welsh
	recs := make([]Recommendation, len(t.Recommendations))
	for i, r := range t.Recommendations {
		if r.Response != nil {
			resp := *r.Response
			resp.DecisionLabel = p.T(DecisionLabel(resp.Decision))
			if welsh && resp.ReasonsCy != "" {
				resp.Reasons = resp.ReasonsCy
			}
			r.Response = &resp
		}
		cs := make([]CommitmentView, len(r.Commitments))
		for j, c := range r.Commitments {
			if welsh && c.StatusLabelCy != "" {
				c.StatusLabel = c.StatusLabelCy
			}
			cs[j] = c
		}
		r.Commitments = cs
		recs[i] = r
	}
	t.Recommendations = recs
	steps := make([]Step, len(t.Steps))
	for i, s := range t.Steps {
		steps[i] = s.In(p)
	}
	t.Steps = steps
	return t
}

// In returns the step with its title and text in p's language.
func (s Step) In(p *i18n.Printer) Step {
	args := make([]any, len(s.Args))
	for i, a := range s.Args {
		switch v := a.(type) {
		case Msg:
			args[i] = p.T(string(v))
		case Label:
			args[i] = v.In(p.Lang())
		case time.Time:
			args[i] = p.Date(v)
		default:
			args[i] = v
		}
	}
	s.Title, s.Text, s.Args = p.T(s.Title), p.T(s.Text, args...), nil
	if p.Lang() == i18n.Welsh && s.DetailCy != "" {
		s.Detail = s.DetailCy
	}
	s.DetailCy = ""
	return s
}

// State is "yes" (chosen), "no" (not chosen) or "unknown" (the jury has
// not chosen yet), for templates.
func (a Agenda) State() string {
	switch {
	case a.Chosen == nil:
		return "unknown"
	case *a.Chosen:
		return "yes"
	}
	return "no"
}

// Outcome is "passed", "failed" or "pending" (not counted yet), for
// templates.
func (r Recommendation) Outcome() string {
	switch {
	case r.Passed == nil:
		return "pending"
	case *r.Passed:
		return "passed"
	}
	return "failed"
}

// CurrentStep returns the index of the current step, -1 if none.
func (t Trace) CurrentStep() int {
	for i, s := range t.Steps {
		if s.Current {
			return i
		}
	}
	return -1
}
