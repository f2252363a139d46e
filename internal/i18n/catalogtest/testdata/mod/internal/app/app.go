// Package app uses msgids in every way the extractor knows.
package app

import (
	"embed"

	"example.org/fix/internal/apperr"
	"example.org/fix/internal/i18n"
)

//go:embed templates
var templates embed.FS

//go:embed "mail.txt"
var mail string

type printer interface {
	T(msgid string, args ...any) string
	N(n int, one, other string, args ...any) string
}

const greeting = "Hello %s"

var labels = []string{i18n.Mark("Open"), i18n.Mark("Closed")}

func use(p printer, name string, n int, dynamic string, args []any) {
	_ = p.T(greeting, name)
	_ = p.T("Plain")
	_ = p.T("Two %s %s", name)
	_ = p.T("Spread %s", args...)
	_ = p.N(n, "%d supporter", "%d supporters")
	_ = p.N(n, "One comment on %s", "%d comments on %s", name)
	_ = p.T(labels[0])
	_ = p.T(apperr.Generic)
	_ = apperr.New(apperr.Conflict, "Gathering for %s is closed.", name)
	_ = apperr.New(apperr.Internal, "internal detail %s", name)
	_ = apperr.Field("title", "Enter a title")
	_ = apperr.Wrap(apperr.Invalid, nil, "Try later")
	_ = apperr.New(apperr.NotFound, "%s", dynamic)
	_ = apperr.New(apperr.Invalid, dynamic)
	_ = i18n.Mark(dynamic)
	_ = mustAffect(nil, "There is no such thing.")
	_ = mustAffect(nil, "")
	_ = templates
	_ = mail
}

func mustAffect(_ any, notFound string) error { return apperr.New(apperr.NotFound, "%s", notFound) }
