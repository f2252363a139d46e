// Package engine is out of scope, but T calls count everywhere.
package engine

import (
	"embed"

	"example.org/fix/internal/apperr"
)

//go:embed report.html
var report embed.FS

type printer interface {
	T(msgid string, args ...any) string
}

func use(p printer) error {
	_ = p.T("Counted anywhere")
	_ = report
	return apperr.New(apperr.Invalid, "engine message")
}
