package field

import (
	"unicode"
	"unicode/utf8"

	"github.com/folkmoot/folkmoot/internal/apperr"
)

// Text is the rule for one text field. The messages are fmt formats: Short
// and Long receive the limit (%d).
type Text struct {
	Field     string // the form field or input name the error names
	Min, Max  int    // length limits in characters; Min 0 means optional
	Multiline bool   // newlines and tabs are allowed
	Empty     string // "Enter a title"
	Short     string // "The title must be %d characters or more" (used when Min > 1)
	Long      string // "The title must be %d characters or fewer"
	Bad       string // "Remove the unreadable or control characters from the title"
}

// Check returns nil when s meets the rule, else an apperr.Invalid error on
// the rule's field with the matching message.
func (t Text) Check(s string) error {
	if !utf8.ValidString(s) {
		return t.invalid(t.Bad)
	}
	n := utf8.RuneCountInString(s)
	switch {
	case n == 0 && t.Min > 0:
		return t.invalid(t.Empty)
	case n < t.Min:
		return apperr.Field(t.Field, t.Short, t.Min)
	case n > t.Max:
		return apperr.Field(t.Field, t.Long, t.Max)
	case HasControl(s, t.Multiline):
		return t.invalid(t.Bad)
	}
	return nil
}

// invalid is apperr.Field for a message without arguments.
func (t Text) invalid(msg string) error {
	return &apperr.Error{Kind: apperr.Invalid, Field: t.Field, Message: msg, Format: msg}
}

// HasControl reports whether s holds a control character or an invisible
// format character (a zero-width joiner is allowed, for emoji); newlines
// and tabs are allowed when multiline.
func HasControl(s string, multiline bool) bool {
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
