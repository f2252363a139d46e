package gather_test

import (
	"slices"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/gather"
)

func day(d int) time.Time { return time.Date(2027, 1, d, 9, 0, 0, 0, time.UTC) }

func round(p cycle.Phase) cycle.Cycle {
	c := cycle.Cycle{ID: 3, Title: "Spring 2027", Phase: p, Plan: cycle.FullPlan(nil)}
	for i := range c.Plan {
		c.Plan[i].Starts, c.Plan[i].Ends = day(1+3*i), day(3+3*i)
	}
	return c
}

// states returns each step's key and state, in order.
func states(steps []gather.Step) []string {
	var out []string
	for _, s := range steps {
		out = append(out, s.Key+":"+string(s.State))
	}
	return out
}

func TestTimeline(t *testing.T) {
	iss := gather.Issue{ID: 9, Status: gather.StatusOpen, Created: day(2)}
	theme := &gather.Theme{ID: 4, Name: "Appointments"}
	for _, tc := range []struct {
		name  string
		in    gather.TimelineInput
		want  []string
		check func(t *testing.T, s []gather.Step)
	}{
		{"just raised", gather.TimelineInput{Issue: iss, Round: round(cycle.Gather)},
			[]string{"raised:done", "gather:now", "theme:next", "jury:next", "decision:next", "assembly:next", "response:next", "followup:next"},
			func(t *testing.T, s []gather.Step) {
				if !s[0].At.Equal(day(2)) || s[0].Arg != "Spring 2027" {
					t.Errorf("raised: %+v", s[0])
				}
				if !s[1].At.Equal(day(3)) || !s[2].At.Equal(day(4)) || !s[4].At.Equal(day(6)) {
					t.Errorf("planned dates: gather ends %v, themes by %v, jury decides %v", s[1].At, s[2].At, s[4].At)
				}
			}},
		{"in a theme", gather.TimelineInput{Issue: iss, Round: round(cycle.Gather), Theme: theme, ThemedAt: day(3)},
			[]string{"raised:done", "gather:now", "theme:done", "jury:next", "decision:next", "assembly:next", "response:next", "followup:next"},
			func(t *testing.T, s []gather.Step) {
				if s[2].Arg != "Appointments" || s[2].Link != "/themes/4" || !s[2].At.Equal(day(3)) {
					t.Errorf("theme step: %+v", s[2])
				}
			}},
		{"before the jury", gather.TimelineInput{Issue: iss, Round: round(cycle.Agenda), Theme: theme,
			Moves: []cycle.Move{{From: cycle.Gather, To: cycle.Agenda, At: day(5)}}},
			[]string{"raised:done", "gather:done", "theme:done", "jury:done", "decision:next", "assembly:next", "response:next", "followup:next"},
			func(t *testing.T, s []gather.Step) {
				if !s[1].At.Equal(day(5)) || !s[3].At.Equal(day(5)) {
					t.Errorf("the move's date is not used: gather closed %v, jury from %v", s[1].At, s[3].At)
				}
			}},
		{"in no theme after the agenda", gather.TimelineInput{Issue: iss, Round: round(cycle.Learning)},
			[]string{"raised:done", "gather:done", "theme:stopped"}, nil},
		{"assembly under way", gather.TimelineInput{Issue: iss, Round: round(cycle.Meetings), Theme: theme},
			[]string{"raised:done", "gather:done", "theme:done", "jury:done", "decision:done", "assembly:now", "response:next", "followup:next"}, nil},
		{"hidden", gather.TimelineInput{Issue: gather.Issue{Status: gather.StatusHidden, HiddenReason: "Abuse"}, Round: round(cycle.Gather)},
			[]string{"raised:done", "hidden:stopped"},
			func(t *testing.T, s []gather.Step) {
				if s[1].Arg != "Abuse" {
					t.Errorf("hidden step: %+v", s[1])
				}
			}},
		{"withdrawn", gather.TimelineInput{Issue: gather.Issue{Status: gather.StatusWithdrawn}, Round: round(cycle.Gather)},
			[]string{"raised:done", "withdrawn:stopped"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := gather.Timeline(tc.in)
			if got := states(s); !slices.Equal(got, tc.want) {
				t.Fatalf("steps %v\nwant  %v", got, tc.want)
			}
			if tc.check != nil {
				tc.check(t, s)
			}
		})
	}
}
