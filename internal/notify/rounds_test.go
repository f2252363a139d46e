package notify_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/jobs"
	"github.com/folkmoot/folkmoot/internal/jobs/jobsmem"
	"github.com/folkmoot/folkmoot/internal/notify"
	"github.com/folkmoot/folkmoot/internal/people"
)

// rounds is an in-memory set of rounds and their followers.
type rounds struct {
	cycles    map[int64]cycle.Cycle
	followers map[int64][]int64
}

func (r rounds) Cycle(_ context.Context, id int64) (cycle.Cycle, error) {
	c, ok := r.cycles[id]
	if !ok {
		return c, apperr.New(apperr.NotFound, "There is no such round.")
	}
	return c, nil
}

func (r rounds) CycleFollowers(_ context.Context, id int64) ([]int64, error) {
	return slices.Clone(r.followers[id]), nil
}

// TestPhaseMoveTellsTheRoundsFollowers: a round's followers, but the
// organiser who moved it, hear of a move in their language, with the
// phase, what happens in it, the organiser's note and the link.
func TestPhaseMoveTellsTheRoundsFollowers(t *testing.T) {
	w := newWorld()
	for id, name := range map[int64]string{ann: "Ann", bob: "Bob", cat: "Cat", dan: "Dan"} {
		w.addUser(id, name)
	}
	rs := rounds{cycles: map[int64]cycle.Cycle{5: {ID: 5, Title: "Spring 2027", Phase: cycle.Agenda}}, followers: map[int64][]int64{5: {bob, cat, dan}}}
	store := jobsmem.New()
	q := jobs.New(store, jobs.Options{})
	c := cfg
	c.UserLang = func(u people.User) i18n.Lang {
		if u.ID == cat {
			return i18n.Welsh
		}
		return i18n.English
	}
	n := notify.New(q, notify.Deps{Users: w, Rounds: rs, Audit: w, Cursors: &cursors{Store: store}}, c)
	s := &scene{w: w, store: store, q: q, n: n}
	s.scan(t) // the first scan starts at the end of the log
	pos := w.record(dan, "cycle.phase", "cycle:5", map[string]string{"from": "gather", "to": "agenda", "note": "The jury meets on 4 April."})
	w.record(dan, "cycle.phase", "cycle:99", map[string]string{"from": "gather", "to": "agenda"}) // a round that is gone: skipped
	s.scan(t)
	want := []string{fmt.Sprintf("n:%d:%d", pos, bob), fmt.Sprintf("n:%d:%d", pos, cat)}
	if got := s.keys(t); !slices.Equal(got, want) {
		t.Fatalf("jobs %v, want %v (the followers but Dan, who moved it)", got, want)
	}
	msgs := s.deliver(t)
	b, cy := msgs["bob@example.org"], msgs["cat@example.org"]
	if len(b) != 1 || len(cy) != 1 {
		t.Fatalf("emails %v", msgs)
	}
	if b[0].Subject != "Spring 2027 is now in its Agenda phase" {
		t.Errorf("subject %q", b[0].Subject)
	}
	for _, s := range []string{"Hello Bob,", "The jury meets on 4 April.", "citizens' jury", "https://gather.example.org/cycles/5", "Stop following"} {
		if !strings.Contains(b[0].Body, s) {
			t.Errorf("Bob's email lacks %q:\n%s", s, b[0].Body)
		}
	}
	if cy[0].Lang != "cy" || !strings.Contains(cy[0].Body, "rheithgor dinasyddion") {
		t.Errorf("Cat's email is not in Welsh:\n%s", cy[0].Body)
	}
}
