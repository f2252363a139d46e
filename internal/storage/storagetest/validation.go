package storagetest

import (
	"errors"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/gather"
)

// testValidation: bad input is refused with a field error and nothing is
// stored; odd but valid input is stored exactly.
func testValidation(t *testing.T, e *env) {
	a := e.user("a@example.org")
	bad := []struct {
		name  string
		d     gather.IssueDraft
		field string
	}{
		{"empty title", gather.IssueDraft{Description: "x"}, "title"},
		{"short title", gather.IssueDraft{Title: "abc", Description: "x"}, "title"},
		{"long title", gather.IssueDraft{Title: strings.Repeat("a", gather.MaxTitle+1), Description: "x"}, "title"},
		{"control character", gather.IssueDraft{Title: "Bell \a title", Description: "x"}, "title"},
		{"newline in title", gather.IssueDraft{Title: "Two\nlines", Description: "x"}, "title"},
		{"invalid UTF-8", gather.IssueDraft{Title: "Bad \xff bytes", Description: "x"}, "title"},
		{"bidi override", gather.IssueDraft{Title: "Sneaky \u202e title", Description: "x"}, "title"},
		{"empty description", gather.IssueDraft{Title: "A good title"}, "description"},
		{"long description", gather.IssueDraft{Title: "A good title", Description: strings.Repeat("é", gather.MaxDescription+1)}, "description"},
		{"too many tags", gather.IssueDraft{Title: "A good title", Description: "x", Tags: []string{"a", "b", "c", "d", "e", "f"}}, "tags"},
		{"tag with markup", gather.IssueDraft{Title: "A good title", Description: "x", Tags: []string{"<b>"}}, "tags"},
	}
	for _, tt := range bad {
		tt.d.CycleID = e.cycle.ID
		_, err := e.gather.SubmitIssue(e.ctx, a, tt.d)
		var ae *apperr.Error
		if !apperr.Is(err, apperr.Invalid) || !asField(err, &ae) || ae.Field != tt.field {
			t.Errorf("%s: got %v, want an Invalid error on %q", tt.name, err, tt.field)
		}
	}
	if n := e.count(`SELECT COUNT(*) FROM issues`); n != 0 {
		t.Fatalf("%d issues stored from bad input", n)
	}
	odd := gather.IssueDraft{CycleID: e.cycle.ID, Title: `<script>alert("x")</script> & 'quotes'`,
		Description: "Ünïcödé, emoji 👩‍⚕️, tabs\tand\nnewlines; -- not SQL", Tags: []string{"mental health", "a-e"}}
	iss, err := e.gather.SubmitIssue(e.ctx, a, odd)
	e.must(err)
	got, _ := e.s.Issue(e.ctx, iss.ID)
	if got.Title != odd.Title || got.Description != odd.Description {
		t.Fatalf("stored %q / %q", got.Title, got.Description)
	}
}

func asField(err error, target **apperr.Error) bool {
	return errors.As(err, target) // also into errors.Join, as field checks report every field at once
}
