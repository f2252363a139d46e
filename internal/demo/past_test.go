package demo

import (
	"slices"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/gather"
)

// The past round went through every phase in order, each move made by an
// organiser, before the current round opened; its records happened while
// it was gathering, refer to records that exist and pass the services'
// validation.
func TestPastRound(t *testing.T) {
	for _, seed := range seeds {
		d := Build(seed)
		p := d.Past
		if len(p.Moves) != len(cycle.Phases) || len(p.Plan) != len(cycle.Phases) {
			t.Fatalf("seed %d: %d moves, %d planned phases, want one per phase", seed, len(p.Moves), len(p.Plan))
		}
		for i, m := range p.Moves {
			if m.Phase != string(cycle.Phases[i]) || Phases[i] != m.Phase {
				t.Errorf("move %d is to %q, want %q", i, m.Phase, cycle.Phases[i])
			}
			if i > 0 && !m.At.After(p.Moves[i-1].At) {
				t.Errorf("move %d is not after the one before", i)
			}
			if u, ok := d.User(m.By); !ok || !slices.Contains(u.Roles, RoleOrganiser) {
				t.Errorf("move %d by %q, not an organiser", i, m.By)
			}
			if m.Note == "" || len(m.Note) > cycle.MaxNote {
				t.Errorf("move %d note has %d bytes", i, len(m.Note))
			}
		}
		if last := p.Moves[len(p.Moves)-1].At; !last.Before(d.Cycle.GatherOpens) {
			t.Errorf("seed %d: the past round's last move (%v) is not before the current round opened (%v)", seed, last, d.Cycle.GatherOpens)
		}
		gatherEnds := p.Moves[1].At
		within := func(what string, at time.Time) {
			if !at.After(p.Moves[0].At) || !at.Before(gatherEnds) {
				t.Errorf("seed %d: %s at %v, outside the past round's Gather phase", seed, what, at)
			}
		}
		keys := map[string]bool{}
		for _, is := range p.Issues {
			keys[is.Key] = true
			within("issue "+is.Key, is.Created)
			if _, ok := d.User(is.Author); !ok {
				t.Errorf("issue %s by unknown %q", is.Key, is.Author)
			}
			draft := gather.IssueDraft{Title: is.Title, Description: is.Description, Tags: slices.Clone(is.Tags)}
			draft.Normalise()
			if err := draft.Validate(); err != nil {
				t.Errorf("issue %q: %v", is.Title, err)
			}
		}
		seen := map[[2]string]bool{}
		for _, s := range p.Supports {
			within("support", s.At)
			if !keys[s.Issue] || seen[[2]string{s.Issue, s.User}] {
				t.Errorf("support %+v: unknown issue or twice", s)
			}
			seen[[2]string{s.Issue, s.User}] = true
		}
		for _, c := range p.Comments {
			within("comment "+c.Key, c.At)
			if err := gather.ValidateComment(c.Body); err != nil || !keys[c.Issue] {
				t.Errorf("comment %s: %v", c.Key, err)
			}
		}
		for _, th := range p.Themes {
			within("theme "+th.Key, th.At)
			for _, k := range th.Issues {
				if !keys[k] {
					t.Errorf("theme %s has unknown issue %s", th.Key, k)
				}
			}
		}
		if len(p.Issues) < 10 || len(p.Supports) < 100 || len(p.Themes) < 3 {
			t.Errorf("seed %d: %d issues, %d supports, %d themes: too small to be believable", seed, len(p.Issues), len(p.Supports), len(p.Themes))
		}
	}
}

func TestCurrentPlanIsInOrder(t *testing.T) {
	d := Build(1)
	if len(d.Cycle.Plan) != len(cycle.Phases) || !d.Cycle.Plan[0].Starts.Equal(d.Cycle.GatherOpens.Truncate(day)) {
		t.Fatalf("plan %+v", d.Cycle.Plan)
	}
	for i := 1; i < len(d.Cycle.Plan); i++ {
		if d.Cycle.Plan[i].Starts.Before(d.Cycle.Plan[i-1].Starts) || d.Cycle.Plan[i].Phase != Phases[i] {
			t.Errorf("phase %d out of order: %+v", i, d.Cycle.Plan[i])
		}
	}
}
