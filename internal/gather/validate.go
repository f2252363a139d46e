package gather

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/folkmoot/folkmoot/internal/apperr"
)

// Limits on Gather's text fields, in characters (runes).
const (
	MinTitle       = 5
	MaxTitle       = 150
	MaxDescription = 5000
	MaxTags        = 5
	MaxTag         = 30
	MaxComment     = 2000
	MaxReason      = 500
	MaxThemeName   = 120
	MaxThemeDesc   = 2000
	MaxProgName    = 120
	MaxSearch      = 200
)

// IssueDraft is what a person types to submit or edit an issue.
type IssueDraft struct {
	CycleID     int64
	Title       string
	Description string
	Tags        []string // free text; normalised by Normalise
	OrgID       int64    // raise it for this organisation (a verified representative only); 0 for oneself
}

// Normalise trims the fields and normalises the tags.
func (d *IssueDraft) Normalise() {
	d.Title = strings.TrimSpace(d.Title)
	d.Description = strings.TrimSpace(normaliseNewlines(d.Description))
	d.Tags = NormaliseTags(d.Tags)
}

// Validate checks a normalised draft and returns the first problem as
// apperr.Invalid naming the field: "title", "description" or "tags".
func (d IssueDraft) Validate() error {
	if err := checkText("title", "a title", d.Title, MinTitle, MaxTitle, false); err != nil {
		return err
	}
	if err := checkText("description", "a description", d.Description, 1, MaxDescription, true); err != nil {
		return err
	}
	return ValidateTags(d.Tags)
}

// SplitTags splits a comma-separated tag field as typed into a form.
func SplitTags(s string) []string { return strings.Split(s, ",") }

var tagRE = regexp.MustCompile(`^[\p{Ll}\p{Lo}\p{N}]+(?:[ -][\p{Ll}\p{Lo}\p{N}]+)*$`)

// NormaliseTags lower-cases, trims and collapses spaces in each tag, drops
// empty ones and duplicates, and sorts them.
func NormaliseTags(tags []string) []string {
	var out []string
	for _, t := range tags {
		t = strings.Join(strings.Fields(strings.ToLower(t)), " ")
		if t != "" && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return out
}

// ValidateTags checks normalised tags: at most MaxTags, each at most MaxTag
// characters of letters, digits, single spaces and hyphens.
func ValidateTags(tags []string) error {
	if len(tags) > MaxTags {
		return apperr.Field("tags", "Use %d topics or fewer", MaxTags)
	}
	for _, t := range tags {
		if utf8.RuneCountInString(t) > MaxTag {
			return apperr.Field("tags", "Each topic must be %d characters or fewer", MaxTag)
		}
		if !utf8.ValidString(t) || !tagRE.MatchString(t) {
			return apperr.Field("tags", "Topics can only contain letters, numbers, spaces and hyphens")
		}
	}
	return nil
}

// ValidateComment checks a comment body (already trimmed).
func ValidateComment(body string) error {
	return checkText("body", "a comment", body, 1, MaxComment, true)
}

// ValidateReason checks a report's or moderation's reason (already trimmed).
func ValidateReason(reason string) error {
	return checkText("reason", "a reason", reason, 1, MaxReason, true)
}

// ValidateThemeName checks a theme name (already trimmed).
func ValidateThemeName(name string) error {
	return checkText("name", "a name for the theme", name, 1, MaxThemeName, false)
}

var slugRE = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// checkText validates one text field: valid UTF-8, a length in runes
// within [min, max], and no control or invisible format characters
// (newlines and tabs are allowed only when multiline). what names the field
// in messages ("a title").
func checkText(field, what, s string, min, max int, multiline bool) error {
	if !utf8.ValidString(s) {
		return apperr.Field(field, "Remove the unreadable characters from %s", noun(what))
	}
	n := utf8.RuneCountInString(s)
	switch {
	case n == 0 && min > 0:
		return apperr.Field(field, "Enter %s", what)
	case n < min:
		return apperr.Field(field, "%s must be %d characters or more", capitalise(noun(what)), min)
	case n > max:
		return apperr.Field(field, "%s must be %d characters or fewer", capitalise(noun(what)), max)
	case hasControl(s, multiline):
		return apperr.Field(field, "Remove the control characters from %s", noun(what))
	}
	return nil
}

func hasControl(s string, multiline bool) bool {
	for _, r := range s {
		if multiline && (r == '\n' || r == '\t') {
			continue
		}
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || (unicode.Is(unicode.Cf, r) && r != '\u200d') {
			return true
		}
	}
	return false
}

func normaliseNewlines(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// noun turns "a title" into "the title".
func noun(what string) string {
	for _, p := range []string{"a ", "an "} {
		if strings.HasPrefix(what, p) {
			return "the " + what[len(p):]
		}
	}
	return what
}

func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
