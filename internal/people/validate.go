package people

import (
	"net/mail"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/folkmoot/folkmoot/internal/apperr"
)

// Limits on people's fields, in characters (runes).
const (
	MaxEmail       = 254
	MaxDisplayName = 60
	MaxOrgName     = 120
	MaxOrgDesc     = 2000
	MaxOrgWebsite  = 300
)

// NormaliseEmail trims and lower-cases a bare email address and checks it.
// Errors are apperr.Invalid on field "email".
func NormaliseEmail(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case s == "":
		return "", apperr.Field("email", "Enter your email address")
	case len(s) > MaxEmail:
		return "", apperr.Field("email", "Email address must be %d characters or fewer", MaxEmail)
	case !utf8.ValidString(s) || hasControl(s, false):
		return "", apperr.Field("email", "Enter an email address in the correct format, like name@example.com")
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" || !strings.Contains(s[strings.LastIndexByte(s, '@'):], ".") {
		return "", apperr.Field("email", "Enter an email address in the correct format, like name@example.com")
	}
	return s, nil
}

// ValidateDisplayName checks a display name (already trimmed).
func ValidateDisplayName(s string) error {
	return checkText("display_name", "your name", s, 1, MaxDisplayName, false)
}

// ValidateOrganisation checks an organisation's fields (already trimmed).
func ValidateOrganisation(o Organisation) error {
	if err := checkText("name", "the organisation's name", o.Name, 1, MaxOrgName, false); err != nil {
		return err
	}
	if err := checkText("description", "a description", o.Description, 0, MaxOrgDesc, true); err != nil {
		return err
	}
	if o.Website != "" {
		u, err := url.Parse(o.Website)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(o.Website) > MaxOrgWebsite {
			return apperr.Field("website", "Enter the website address in full, starting with https://")
		}
	}
	return nil
}

// checkText validates one text field: valid UTF-8, no control characters
// (newlines and tabs allowed only when multiline), and a length in runes
// within [min, max]. what names the field in messages ("a title").
func checkText(field, what, s string, min, max int, multiline bool) error {
	if !utf8.ValidString(s) {
		return apperr.Field(field, "Remove the unreadable characters from %s", what)
	}
	n := utf8.RuneCountInString(s)
	switch {
	case n == 0 && min > 0:
		return apperr.Field(field, "Enter %s", what)
	case n < min:
		return apperr.Field(field, "%s must be %d characters or more", capitalise(what), min)
	case n > max:
		return apperr.Field(field, "%s must be %d characters or fewer", capitalise(what), max)
	case hasControl(s, multiline):
		return apperr.Field(field, "Remove the control characters from %s", what)
	}
	return nil
}

func hasControl(s string, multiline bool) bool {
	for _, r := range s {
		if multiline && (r == '\n' || r == '\r' || r == '\t') {
			continue
		}
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Cf, r) && r != '\u200d' {
			return true
		}
	}
	return false
}

func capitalise(s string) string {
	s = strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(s, "a "), "an "), "the ")
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
