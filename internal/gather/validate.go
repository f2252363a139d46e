package gather

import (
	"errors"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/field"
	"github.com/folkmoot/folkmoot/internal/i18n"
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

// Validate checks a normalised draft and returns every problem, joined
// (errors.Join), each an apperr.Invalid naming its field: "title",
// "description" or "tags", so a form can list them all at once.
func (d IssueDraft) Validate() error {
	return errors.Join(titleRule.Check(d.Title), descriptionRule.Check(d.Description), ValidateTags(d.Tags))
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

// The rules of Gather's text fields. Each has whole messages (msgids for
// the catalogue), so that every language can word them in its own grammar.
var (
	titleRule = field.Text{Field: "title", Min: MinTitle, Max: MaxTitle,
		Empty: i18n.Mark("Enter a title"), Short: i18n.Mark("The title must be %d characters or more"), Long: i18n.Mark("The title must be %d characters or fewer"),
		Bad: i18n.Mark("Remove the unreadable or control characters from the title")}
	descriptionRule = field.Text{Field: "description", Min: 1, Max: MaxDescription, Multiline: true,
		Empty: i18n.Mark("Enter a description"), Short: i18n.Mark("The description must be %d characters or more"), Long: i18n.Mark("The description must be %d characters or fewer"),
		Bad: i18n.Mark("Remove the unreadable or control characters from the description")}
	commentRule = field.Text{Field: "body", Min: 1, Max: MaxComment, Multiline: true,
		Empty: i18n.Mark("Enter a comment"), Short: i18n.Mark("The comment must be %d characters or more"), Long: i18n.Mark("The comment must be %d characters or fewer"),
		Bad: i18n.Mark("Remove the unreadable or control characters from the comment")}
	reasonRule = field.Text{Field: "reason", Min: 1, Max: MaxReason, Multiline: true,
		Empty: i18n.Mark("Enter a reason"), Short: i18n.Mark("The reason must be %d characters or more"), Long: i18n.Mark("The reason must be %d characters or fewer"),
		Bad: i18n.Mark("Remove the unreadable or control characters from the reason")}
	themeNameRule = field.Text{Field: "name", Min: 1, Max: MaxThemeName,
		Empty: i18n.Mark("Enter a name for the theme"), Short: i18n.Mark("The theme's name must be %d characters or more"), Long: i18n.Mark("The theme's name must be %d characters or fewer"),
		Bad: i18n.Mark("Remove the unreadable or control characters from the theme's name")}
	themeDescRule = field.Text{Field: "description", Min: 0, Max: MaxThemeDesc, Multiline: true,
		Empty: i18n.Mark("Enter a description"), Short: i18n.Mark("The description must be %d characters or more"), Long: i18n.Mark("The description must be %d characters or fewer"),
		Bad: i18n.Mark("Remove the unreadable or control characters from the description")}
)

// ValidateComment checks a comment body (already trimmed).
func ValidateComment(body string) error { return commentRule.Check(body) }

// ValidateReason checks a report's or moderation's reason (already trimmed).
func ValidateReason(reason string) error { return reasonRule.Check(reason) }

// ValidateThemeName checks a theme name (already trimmed).
func ValidateThemeName(name string) error { return themeNameRule.Check(name) }

func normaliseNewlines(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

func hasControl(s string, multiline bool) bool { return field.HasControl(s, multiline) }
