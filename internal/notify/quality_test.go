package notify_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/notify"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/quality"
)

type assessments map[int64]quality.Assessment

func (a assessments) QualityAssessment(_ context.Context, id int64) (quality.Assessment, error) {
	return a[id], nil
}

// TestTheAssessorIsToldAndTheAuthorsHearTheComments: naming the assessor
// emails them (in Welsh, for a Welsh reader) the review link, whatever
// their settings; a return emails each entry's author, once, but not the
// assessor, with the comments.
func TestTheAssessorIsToldAndTheAuthorsHearTheComments(t *testing.T) {
	s, w := newStepScene(t) // Cat reads Welsh
	rs := rounds{cycles: map[int64]cycle.Cycle{5: {ID: 5, Title: "Spring 2027", Phase: cycle.FollowUp}}}
	qa := assessments{5: {CycleID: 5, Status: quality.Returned, AssessorID: cat, Comments: "Say how the quotas were set.",
		Entries: []quality.Entry{{Principle: "purpose", AuthorID: ann}, {Principle: "accountability", AuthorID: bob}, {Principle: "transparency", AuthorID: ann}, {Principle: "time", AuthorID: cat}}}}
	c := cfg
	c.UserLang = func(u people.User) i18n.Lang {
		if u.ID == cat {
			return i18n.Welsh
		}
		return i18n.English
	}
	s.n = notify.New(s.q, notify.Deps{Users: w, Rounds: rs, Audit: w, Cursors: s.cur, Prefs: w, Digests: w, Quality: qa}, c)
	s.scan(t)
	w.prefs[cat] = map[notify.Kind]notify.Mode{notify.KindDuty: notify.Never} // duties are sent all the same
	named := w.record(ann, quality.ActionAssessor, "cycle:5", map[string]string{"assessor": fmt.Sprint(cat)})
	returned := w.record(cat, quality.ActionReturn, "cycle:5", nil)
	s.scan(t)
	want := []string{fmt.Sprintf("n:%d:%d", named, cat), fmt.Sprintf("n:%d:%d", returned, ann), fmt.Sprintf("n:%d:%d", returned, bob)}
	if got := s.keys(t); !slices.Equal(got, want) {
		t.Fatalf("jobs %v, want %v", got, want)
	}
	msgs := s.deliver(t)
	if m := msgs["cat@example.org"]; len(m) != 1 || m[0].Lang != "cy" || !strings.Contains(m[0].Body, "https://gather.example.org/cycles/5/quality/review") ||
		!strings.Contains(m[0].Body, "aseswr annibynnol") {
		t.Fatalf("the assessor's email: %+v", m)
	}
	for _, to := range []string{"ann@example.org", "bob@example.org"} {
		if m := msgs[to]; len(m) != 1 || !strings.Contains(m[0].Body, "Say how the quotas were set.") || !strings.Contains(m[0].Subject, "returned") {
			t.Fatalf("%s's email: %+v", to, m)
		}
	}
}
