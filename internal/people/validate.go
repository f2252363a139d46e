package people

import (
	"net/mail"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/field"
	"github.com/folkmoot/folkmoot/internal/i18n"
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
		return "", apperr.Field("email", "Your email address must be %d characters or fewer", MaxEmail)
	case !utf8.ValidString(s) || field.HasControl(s, false):
		return "", apperr.Field("email", "Enter an email address in the correct format, like name@example.com")
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" || !strings.Contains(s[strings.LastIndexByte(s, '@'):], ".") {
		return "", apperr.Field("email", "Enter an email address in the correct format, like name@example.com")
	}
	return s, nil
}

// The rules of people's text fields.
var (
	displayNameRule = field.Text{Field: "display_name", Min: 1, Max: MaxDisplayName,
		Empty: i18n.Mark("Enter your name"), Short: i18n.Mark("Your name must be %d characters or more"), Long: i18n.Mark("Your name must be %d characters or fewer"),
		Bad: i18n.Mark("Remove the unreadable or control characters from your name")}
	orgNameRule = field.Text{Field: "name", Min: 1, Max: MaxOrgName,
		Empty: i18n.Mark("Enter the organisation's name"), Short: i18n.Mark("The organisation's name must be %d characters or more"),
		Long: i18n.Mark("The organisation's name must be %d characters or fewer"), Bad: i18n.Mark("Remove the unreadable or control characters from the organisation's name")}
	orgDescRule = field.Text{Field: "description", Min: 0, Max: MaxOrgDesc, Multiline: true,
		Empty: i18n.Mark("Enter a description"), Short: i18n.Mark("The description must be %d characters or more"),
		Long: i18n.Mark("The description must be %d characters or fewer"), Bad: i18n.Mark("Remove the unreadable or control characters from the description")}
)

// ValidateDisplayName checks a display name (already trimmed).
func ValidateDisplayName(s string) error { return displayNameRule.Check(s) }

// ValidateOrganisation checks an organisation's fields (already trimmed).
func ValidateOrganisation(o Organisation) error {
	if err := orgNameRule.Check(o.Name); err != nil {
		return err
	}
	if err := orgDescRule.Check(o.Description); err != nil {
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
