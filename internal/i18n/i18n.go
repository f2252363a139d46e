package i18n

import (
	"errors"
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Europe/London without a system zone database

	"github.com/folkmoot/folkmoot/internal/apperr"
)

// Lang is a language Folkmoot speaks.
type Lang string

// The languages.
const (
	English Lang = "en"
	Welsh   Lang = "cy"
)

// Langs lists every language, the default first.
var Langs = []Lang{English, Welsh}

// Tag returns the BCP 47 tag for <html lang>: "en-GB" or "cy".
func (l Lang) Tag() string {
	if l == Welsh {
		return "cy"
	}
	return "en-GB"
}

// Parse returns the language named s ("cy", "cy-GB", "en", "en-US", any
// case), or false.
func Parse(s string) (Lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	base, _, _ := strings.Cut(s, "-")
	base, _, _ = strings.Cut(base, "_")
	switch base {
	case "en":
		return English, true
	case "cy":
		return Welsh, true
	}
	return "", false
}

// Negotiate picks the language from an Accept-Language header: the
// supported language with the highest weight, English when none is.
func Negotiate(accept string) Lang {
	best, bestQ := English, -1.0
	for _, part := range strings.Split(accept, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		if l, ok := Parse(name); ok && q > bestQ && q > 0 {
			best, bestQ = l, q
		}
	}
	return best
}

// Printer formats messages, dates and numbers in one language. It is safe
// for concurrent use.
type Printer struct {
	lang Lang
	cat  func() Catalogue // nil for English
}

var (
	englishPrinter = &Printer{lang: English}
	welshPrinter   = &Printer{lang: Welsh, cat: welsh}
)

// For returns the Printer for l (English for an unknown language, "" included).
func For(l Lang) *Printer {
	if l == Welsh {
		return welshPrinter
	}
	return englishPrinter
}

// Lang returns the printer's language.
func (p *Printer) Lang() Lang { return p.lang }

// T returns msgid in the printer's language, formatted with args as by
// fmt.Sprintf. The msgid is the English text and a fmt format (write %% for
// a percent sign). A message the catalogue lacks, or whose translation
// does not take the same arguments, is shown in English and logged once.
func (p *Printer) T(msgid string, args ...any) string {
	return p.format(msgid, args)
}

func (p *Printer) format(msgid string, args []any) string {
	if text, ok := p.lookup(msgid); ok {
		return fmt.Sprintf(text, args...)
	}
	return fmt.Sprintf(msgid, args...)
}

// lookup returns the translation of the plain message msgid, or false
// (logged once) when there is none to use.
func (p *Printer) lookup(msgid string) (string, bool) {
	if p.cat == nil {
		return "", false
	}
	e, ok := p.cat()[msgid]
	switch {
	case !ok || (!e.Plural() && e.Text == ""):
		logOnce("no Welsh translation", msgid, nil)
		return "", false
	case e.Plural():
		logOnce("the catalogue has plural forms for a message the code does not count", msgid, nil)
		return "", false
	}
	return e.Text, true // checked against msgid when the catalogue was read
}

// N returns the plural form of a message for n: one and other are the
// English singular and plural, formatted with n first and then args
// ("%d supporter", "%d supporters"; "%d supporter of %s" with args). The
// catalogue keys a plural message by its English singular and gives the
// forms of the language (Welsh has six; see Lang.Plural). A form may leave
// the count out ("One supporter", Welsh "un cefnogwr"): it is then
// formatted with args alone.
func (p *Printer) N(n int, one, other string, args ...any) string {
	otherVerbs := parseVerbs(other)
	if p.cat != nil {
		form, err := p.pluralForm(n, one, otherVerbs)
		if err == nil {
			return sprintfPlural(form, otherVerbs, n, args)
		}
		logOnce(err.Error(), one, nil)
	}
	f := other
	if English.Plural(n) == One {
		f = one
	}
	return sprintfPlural(f, otherVerbs, n, args)
}

// pluralForm returns the translation of a plural message for n, checked
// against the English plural's verbs.
func (p *Printer) pluralForm(n int, one string, otherVerbs verbs) (string, error) {
	e, ok := p.cat()[one]
	if !ok || (!e.Plural() && e.Text == "") {
		return "", errors.New("no Welsh translation")
	}
	if !e.Plural() {
		return "", errNotPlural
	}
	form := e.Forms[p.lang.Plural(n)]
	if form == "" {
		form = e.Forms[Other]
	}
	if form == "" {
		return "", errors.New("no Welsh translation")
	}
	if _, err := pluralArgs(otherVerbs, parseVerbs(form)); err != nil {
		return "", fmt.Errorf("a Welsh plural form does not fit its English: %w", err)
	}
	return form, nil
}

// sprintfPlural formats one plural form with the count first, or without
// it when the form leaves it out. A form that fits neither way (only an
// English form written wrongly in the code, which the catalogue test
// catches) is formatted with the count, as fmt would.
func sprintfPlural(form string, otherVerbs verbs, n int, args []any) string {
	withCount, err := pluralArgs(otherVerbs, parseVerbs(form))
	if err == nil && !withCount {
		return fmt.Sprintf(form, args...)
	}
	return fmt.Sprintf(form, append([]any{n}, args...)...)
}

// The months, January first.
var (
	englishMonths = [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	welshMonths   = [12]string{"Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr"}
)

// Date returns t's date: "5 December 2026", Welsh "5 Rhagfyr 2026" (the
// day without a leading zero, the month in full, as GOV.UK and GOV.WALES
// write dates).
func (p *Printer) Date(t time.Time) string {
	t = t.In(UK)
	months := &englishMonths
	if p.lang == Welsh {
		months = &welshMonths
	}
	return strconv.Itoa(t.Day()) + " " + months[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// DateTime returns t in UK time (UK) on the 24-hour clock, the time first as GOV.UK
// writes it: "14:05 on 5 December 2026", Welsh "14:05 ar 5 Rhagfyr 2026"
// ("ar" = "on"; CLDR's Welsh pattern puts the date first, "5 Rhagfyr 2026
// am 14:05", but the same order in both languages keeps bilingual pages
// parallel, and both orders are natural Welsh).
func (p *Printer) DateTime(t time.Time) string {
	t = t.In(UK)
	on := " on "
	if p.lang == Welsh {
		on = " ar "
	}
	return t.Format("15:04") + on + p.Date(t)
}

// UK is the time zone dates and times are shown in: the people taking
// part live in the UK, where clocks change in March and October.
// (time/tzdata is embedded, so this works on a machine without a zone
// database; UTC if the zone cannot be loaded at all.)
var UK = func() *time.Location {
	if l, err := time.LoadLocation("Europe/London"); err == nil {
		return l
	}
	return time.UTC
}()

// Number returns n with a comma between thousands, "12,345", as both
// English and Welsh write numbers in the UK.
func (p *Printer) Number(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Err returns the message of err that a person may read, in the printer's
// language, never its cause: an *apperr.Error's Format translated and
// formatted with its Args; a message passed through as
// apperr.New(kind, "%s", msg) translated as msg; the generic text for an
// internal error or an error that is not an *apperr.Error.
func (p *Printer) Err(err error) string {
	var e *apperr.Error
	if !errors.As(err, &e) || e.Kind == apperr.Internal || (e.Format == "" && e.Message == "") {
		return p.T(apperr.Generic)
	}
	if e.Format == "%s" && len(e.Args) == 1 {
		if msg, ok := e.Args[0].(string); ok {
			if text, ok := p.lookup(msg); ok {
				return text
			}
			return msg
		}
	}
	if e.Format == "" {
		return e.Message // made by hand, not by New, Field or Wrap: English only
	}
	return p.format(e.Format, e.Args)
}

// FuncMap returns the template functions bound to this printer:
//
//	{{t "Raise an issue"}}                            T
//	{{t "Gathering for %s is closed." .Name}}
//	{{tn .Supports "%d supporter" "%d supporters"}}   N (any integer type)
//	{{date .Created}}  {{datetime .Created}}  {{number .Total}}
//	{{lang}}                                          the <html lang> tag
//
// The catalogue test reads templates for t and tn: their msgids must be
// string literals.
func (p *Printer) FuncMap() template.FuncMap {
	return template.FuncMap{
		"t": p.T,
		"tn": func(n any, one, other string, args ...any) (string, error) {
			i, err := toInt(n)
			return p.N(i, one, other, args...), err
		},
		"date":     p.Date,
		"datetime": p.DateTime,
		"number": func(n any) (string, error) {
			i, err := toInt(n)
			return p.Number(i), err
		},
		"lang": func() string { return p.lang.Tag() },
	}
}

// toInt converts a template's integer of any type to int.
func toInt(v any) (int, error) {
	switch n := v.(type) {
	case int:
		return n, nil
	case int8:
		return int(n), nil
	case int16:
		return int(n), nil
	case int32:
		return int(n), nil
	case int64:
		return int(n), nil
	case uint:
		return int(n), nil
	case uint8:
		return int(n), nil
	case uint16:
		return int(n), nil
	case uint32:
		return int(n), nil
	case uint64:
		return int(n), nil
	}
	return 0, fmt.Errorf("i18n: want an integer, got %T", v)
}

// Mark returns s unchanged. Wrap a msgid in Mark where it is written down
// (a table of labels) but translated later with T, so that the catalogue
// test knows it is used.
func Mark(s string) string { return s }
