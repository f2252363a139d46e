package demo

import (
	"slices"
	"testing"

	"github.com/folkmoot/folkmoot/internal/gather"
)

// Every text in the data set passes internal/gather's own validation, so the
// demo command can store all of it (a test-only import: the package itself
// does not depend on gather).
func TestPassesGatherValidation(t *testing.T) {
	d := Build(1)
	for _, is := range d.Issues {
		draft := gather.IssueDraft{Title: is.Title, Description: is.Description, Tags: slices.Clone(is.Tags)}
		draft.Normalise()
		if err := draft.Validate(); err != nil {
			t.Errorf("issue %q: %v", is.Title, err)
		}
		if len(draft.Tags) != len(is.Tags) {
			t.Errorf("issue %q: tags %q normalise to %q", is.Title, is.Tags, draft.Tags)
		}
	}
	for _, c := range d.Comments {
		if err := gather.ValidateComment(c.Body); err != nil {
			t.Errorf("comment %q: %v", c.Body, err)
		}
	}
	for _, r := range d.Reports {
		if err := gather.ValidateReason(r.Reason); err != nil {
			t.Errorf("report reason %q: %v", r.Reason, err)
		}
	}
	for _, m := range d.Moderations {
		if err := gather.ValidateReason(m.Reason); err != nil {
			t.Errorf("moderation reason %q: %v", m.Reason, err)
		}
	}
	for _, th := range d.Themes {
		if err := gather.ValidateThemeName(th.Name); err != nil {
			t.Errorf("theme %q: %v", th.Name, err)
		}
	}
}
