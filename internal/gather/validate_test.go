package gather

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/folkmoot/folkmoot/internal/apperr"
)

func TestValidateDraft(t *testing.T) {
	tests := []struct {
		name      string
		d         IssueDraft
		wantField string // "" for valid
	}{
		{"valid", IssueDraft{Title: "Dementia care", Description: "Carers need help."}, ""},
		{"valid with tags", IssueDraft{Title: "Dementia care", Description: "x", Tags: []string{"Mental Health", "a-e"}}, ""},
		{"empty title", IssueDraft{Description: "x"}, "title"},
		{"whitespace title", IssueDraft{Title: "   ", Description: "x"}, "title"},
		{"title of max length", IssueDraft{Title: strings.Repeat("ä", MaxTitle), Description: "x"}, ""},
		{"title too long", IssueDraft{Title: strings.Repeat("ä", MaxTitle+1), Description: "x"}, "title"},
		{"NUL in description", IssueDraft{Title: "Fine title", Description: "a\x00b"}, "description"},
		{"newlines in description", IssueDraft{Title: "Fine title", Description: "a\r\nb\rc"}, ""},
		{"zero-width space in title", IssueDraft{Title: "Fine\u200btitle", Description: "x"}, "title"},
		{"tag with comma", IssueDraft{Title: "Fine title", Description: "x", Tags: []string{"a,b"}}, "tags"},
		{"tag too long", IssueDraft{Title: "Fine title", Description: "x", Tags: []string{strings.Repeat("a", MaxTag+1)}}, "tags"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := tt.d
			d.Normalise()
			err := d.Validate()
			if tt.wantField == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			var ae *apperr.Error
			if !apperr.Is(err, apperr.Invalid) || !asAppErr(err, &ae) || ae.Field != tt.wantField || ae.Message == "" {
				t.Fatalf("got %v, want Invalid on %q", err, tt.wantField)
			}
		})
	}
}

func asAppErr(err error, target **apperr.Error) bool {
	return errors.As(err, target)
}

// TestValidateReportsEveryProblem: a draft with several faults reports each
// field once, in the form's order, so the form can list them all at once.
func TestValidateReportsEveryProblem(t *testing.T) {
	d := IssueDraft{Title: "", Description: "", Tags: []string{"a,b"}}
	d.Normalise()
	err := d.Validate()
	var fields []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var ae *apperr.Error
		if !errors.As(e, &ae) || ae.Kind != apperr.Invalid {
			t.Fatalf("%v is not an Invalid field error", e)
		}
		fields = append(fields, ae.Field)
	}
	if strings.Join(fields, ",") != "title,description,tags" {
		t.Fatalf("fields in error: %v; want title,description,tags", fields)
	}
}

func TestNormaliseTags(t *testing.T) {
	got := NormaliseTags([]string{" Mental  Health ", "", "dementia", "mental health", "DEMENTIA"})
	if strings.Join(got, "|") != "dementia|mental health" {
		t.Fatalf("got %q", got)
	}
}

func TestNormaliseQuery(t *testing.T) {
	q := IssueQuery{Search: "  care   homes ", PerPage: 10000}
	if err := NormaliseQuery(&q); err != nil {
		t.Fatal(err)
	}
	if q.Sort != SortRelevance || q.Page != 1 || q.PerPage != MaxPerPage || q.Search != "care homes" || len(q.Statuses) != 1 {
		t.Fatalf("normalised %+v", q)
	}
	q = IssueQuery{Sort: SortRelevance}
	NormaliseQuery(&q)
	if q.Sort != SortSupported {
		t.Fatalf("relevance without search: %v", q.Sort)
	}
	if err := NormaliseQuery(&IssueQuery{Tag: "<script>"}); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("bad tag: %v", err)
	}
	if err := NormaliseQuery(&IssueQuery{Search: strings.Repeat("a", MaxSearch+1)}); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("long search: %v", err)
	}
}

func TestTrendWeightHalvesPerHalfLife(t *testing.T) {
	t0 := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	r := TrendWeight(t0) / TrendWeight(t0.Add(TrendHalfLife))
	if r < 0.4999 || r > 0.5001 {
		t.Fatalf("ratio %v", r)
	}
}

// FuzzValidateDraft: validation never panics, and whatever it accepts is
// valid UTF-8 within the limits and free of control characters (outside
// newlines and tabs in the description).
func FuzzValidateDraft(f *testing.F) {
	f.Add("Dementia care", "Carers need help.\nAt night.", "dementia, carers")
	f.Add("<script>alert(1)</script>", "\x00\xff", ",,,")
	f.Add("\u202eevil", "ok", "a-b c")
	f.Fuzz(func(t *testing.T, title, desc, tags string) {
		d := IssueDraft{Title: title, Description: desc, Tags: SplitTags(tags)}
		d.Normalise()
		if d.Validate() != nil {
			return
		}
		if !utf8.ValidString(d.Title) || !utf8.ValidString(d.Description) {
			t.Fatal("accepted invalid UTF-8")
		}
		if n := utf8.RuneCountInString(d.Title); n < MinTitle || n > MaxTitle || hasControl(d.Title, false) {
			t.Fatalf("accepted title %q", d.Title)
		}
		if hasControl(d.Description, true) || strings.ContainsRune(d.Description, '\r') {
			t.Fatalf("accepted description %q", d.Description)
		}
		for _, tag := range d.Tags {
			if strings.ContainsAny(tag, ",<>\"'&") {
				t.Fatalf("accepted tag %q", tag)
			}
		}
	})
}
