package gather

import (
	"time"

	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/i18n"
)

// StepState says where a step of an issue's timeline stands.
type StepState string

// The states of a step.
const (
	StepDone    StepState = "done"    // it happened (At is when, if known)
	StepNow     StepState = "now"     // it is happening (At is when it is planned to end, if known)
	StepNext    StepState = "next"    // it will happen (At is when it is planned, if known)
	StepStopped StepState = "stopped" // it did not or will not happen for this issue
)

// Step is one step of what happens to an issue. Title and Text are English
// msgids for the catalogue; Text may take Arg (a round's or theme's name,
// a moderator's reason) as its one %s.
type Step struct {
	Key   string // "raised", "gather", "theme", "jury", "decision", "assembly", "response", "followup", "withdrawn", "hidden"
	State StepState
	Title string
	Text  string
	Arg   string
	Link  string    // a page the step is about (the theme), or ""
	At    time.Time // when it happened, or is planned; zero if unknown
}

// TimelineInput is what an issue's timeline is computed from: the issue,
// the theme it is in (if any) and when it joined it (zero if unknown), and
// its round with the round's moves from phase to phase, oldest first.
type TimelineInput struct {
	Issue    Issue
	Theme    *Theme
	ThemedAt time.Time
	Round    cycle.Cycle
	Moves    []cycle.Move
}

// Timeline returns the steps of an issue's life, done ones first (with the
// dates they happened), then what happens next (with the round's planned
// dates): raised → support gathered → in a theme → its theme before the
// citizens' jury → the jury's choice and reasons → the assembly → the
// decision-makers' response → follow-up. A withdrawn or hidden issue goes
// no further: the step that stopped it ends the list. Later phases add
// their own steps (the jury's choice of this theme, and why) here.
func Timeline(in TimelineInput) []Step {
	iss, c := in.Issue, in.Round
	states := c.States(in.Moves)
	state := func(p cycle.Phase) cycle.PhaseState { return states[p.Index()] }
	started := func(p cycle.Phase) time.Time {
		if s := state(p); !s.Started.IsZero() {
			return s.Started
		}
		return state(p).Planned.Starts
	}
	ended := func(p cycle.Phase) time.Time {
		if s := state(p); !s.Ended.IsZero() {
			return s.Ended
		}
		return state(p).Planned.Ends
	}
	cur := c.Phase.Index()
	past := func(p cycle.Phase) bool { return cur > p.Index() }

	out := []Step{{Key: "raised", State: StepDone, Title: i18n.Mark("Raised"),
		Text: i18n.Mark("Raised in the round “%s”."), Arg: c.Title, At: iss.Created}}
	switch iss.Status {
	case StatusWithdrawn:
		return append(out, Step{Key: "withdrawn", State: StepStopped, Title: i18n.Mark("Withdrawn"),
			Text: i18n.Mark("The person who raised it withdrew it, so it goes no further. It stays readable.")})
	case StatusHidden:
		return append(out, Step{Key: "hidden", State: StepStopped, Title: i18n.Mark("Hidden by a moderator"),
			Text: i18n.Mark("A moderator hid it, so it goes no further. Their reason: %s"), Arg: iss.HiddenReason})
	}

	gather := Step{Key: "gather", Title: i18n.Mark("Gathering support")}
	switch {
	case past(cycle.Gather):
		gather.State, gather.At = StepDone, ended(cycle.Gather)
		gather.Text = i18n.Mark("Gathering closed. Everyone could support and discuss it until then.")
	default:
		gather.State, gather.At = StepNow, state(cycle.Gather).Planned.Ends
		gather.Text = i18n.Mark("Anyone can support and discuss it until gathering closes. The more support an issue has, the more weight its theme carries.")
	}
	out = append(out, gather)

	theme := Step{Key: "theme", Title: i18n.Mark("Grouped into a theme")}
	switch {
	case in.Theme != nil:
		theme.State, theme.At, theme.Arg = StepDone, in.ThemedAt, in.Theme.Name
		theme.Text = i18n.Mark("Organisers grouped it with similar issues into the theme “%s”.")
		theme.Link = "/themes/" + itoa(in.Theme.ID)
	case past(cycle.Agenda):
		theme.State = StepStopped
		theme.Text = i18n.Mark("It was not grouped into a theme, so it did not go before the citizens' jury.")
	default:
		theme.State, theme.At = StepNext, started(cycle.Agenda)
		theme.Text = i18n.Mark("Organisers group similar issues into themes before the citizens' jury meets.")
	}
	out = append(out, theme)
	if theme.State == StepStopped {
		return out
	}

	jury := Step{Key: "jury", Title: i18n.Mark("Before the citizens' jury")}
	switch {
	case past(cycle.Gather) && in.Theme != nil:
		jury.State, jury.At = StepDone, started(cycle.Agenda)
		jury.Text = i18n.Mark("Its theme went to the citizens' jury with the round's other themes, the most supported first.")
	default:
		jury.State, jury.At = StepNext, started(cycle.Agenda)
		jury.Text = i18n.Mark("When gathering closes, the themes go to a citizens' jury: a small group of people chosen by lottery. The themes with the most support come first.")
	}
	out = append(out, jury)

	decision := Step{Key: "decision", Title: i18n.Mark("The jury chooses, and says why")}
	if past(cycle.Agenda) {
		decision.State, decision.At = StepDone, ended(cycle.Agenda)
		decision.Text = i18n.Mark("The jury chose the themes the assembly works on. The round's page gives their choice and their reasons.")
		decision.Link = "/cycles/" + itoa(c.ID)
	} else {
		decision.State, decision.At = StepNext, state(cycle.Agenda).Planned.Ends
		decision.Text = i18n.Mark("The jury chooses the themes the assembly will work on, and publishes its reasons, including for the themes it did not choose.")
	}
	out = append(out, decision)

	for _, s := range []struct {
		key, title, text string
		from, to         cycle.Phase
	}{
		{"assembly", i18n.Mark("The assembly"), i18n.Mark("If its theme is chosen, a citizens' assembly, chosen by a fair lottery, learns about it, meets the decision-makers and votes on recommendations."), cycle.Selection, cycle.Recommendations},
		{"response", i18n.Mark("The decision-makers answer"), i18n.Mark("The decision-makers answer each recommendation in public, saying what they will do and by when."), cycle.Response, cycle.Response},
		{"followup", i18n.Mark("What happened next"), i18n.Mark("Everyone can follow the commitments made and see what happened to each issue raised."), cycle.FollowUp, cycle.FollowUp},
	} {
		st := Step{Key: s.key, Title: s.title, Text: s.text}
		switch {
		case past(s.to):
			st.State, st.At = StepDone, ended(s.to)
		case cur >= s.from.Index():
			st.State, st.At = StepNow, state(s.to).Planned.Ends
		default:
			st.State, st.At = StepNext, started(s.from)
		}
		out = append(out, st)
	}
	return out
}

// Done reports whether the step has happened (or stopped the issue).
func (s Step) Done() bool { return s.State == StepDone || s.State == StepStopped }

func itoa(n int64) string { return id(n) }
