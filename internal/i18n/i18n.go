package i18n

import (
	"errors"
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"time"

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
}

// For returns the Printer for l (English for an unknown language).
func For(l Lang) *Printer {
	if l != Welsh {
		l = English
	}
	return &Printer{lang: l}
}

// Lang returns the printer's language.
func (p *Printer) Lang() Lang { return p.lang }

// T returns msgid in the printer's language, formatted with args as by
// fmt.Sprintf.
func (p *Printer) T(msgid string, args ...any) string {
	if len(args) == 0 {
		return msgid
	}
	return fmt.Sprintf(msgid, args...)
}

// N returns the plural form of a message for n: one and other are the
// English singular and plural, formatted with n followed by args
// ("%d supporter", "%d supporters").
func (p *Printer) N(n int, one, other string, args ...any) string {
	f := other
	if n == 1 {
		f = one
	}
	return fmt.Sprintf(f, append([]any{n}, args...)...)
}

// Date returns t's date, "5 December 2026".
func (p *Printer) Date(t time.Time) string { return t.Format("2 January 2006") }

// DateTime returns t as "14:05 on 5 December 2026" (UTC).
func (p *Printer) DateTime(t time.Time) string {
	t = t.UTC()
	return t.Format("15:04") + " on " + p.Date(t)
}

// Number returns n with thousands separators, "12,345".
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
// language: an *apperr.Error's message (never its cause), or the generic
// text for internal errors.
func (p *Printer) Err(err error) string {
	var e *apperr.Error
	if errors.As(err, &e) && e.Kind != apperr.Internal && e.Format != "" {
		return p.T(e.Format, e.Args...)
	}
	msg := apperr.Message(err)
	if msg == apperr.Generic {
		return p.T(apperr.Generic)
	}
	return msg
}

// FuncMap returns the template functions bound to this printer:
//
//	{{t "Raise an issue"}}               T
//	{{t "Gathering for %s is closed." .Name}}
//	{{tn .Supports "%d supporter" "%d supporters"}}   N
//	{{date .Created}}  {{datetime .Created}}  {{number .Total}}
func (p *Printer) FuncMap() template.FuncMap {
	return template.FuncMap{
		"t":        p.T,
		"tn":       p.N,
		"date":     p.Date,
		"datetime": p.DateTime,
		"number":   p.Number,
		"lang":     func() string { return p.lang.Tag() },
	}
}

// Mark returns s unchanged. Wrap a msgid in Mark where it is written down
// (a table of labels) but translated later with T, so that the catalogue
// test knows it is used.
func Mark(s string) string { return s }
