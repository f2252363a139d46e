// Package archtest holds the architecture tests: they keep the one-way
// flow of imports (cmd → web → domain → storage adapters' shared types,
// engines at the bottom) and the size of files true as the code grows.
//
// Every package's doc.go states its import rule on a line of one of two
// forms, which these tests parse and check against the transitive imports
// that `go list -deps -json -tags coin ./...` reports (run once):
//
//	// Must not import: internal/web/..., internal/storage/..., drivers, net/http.
//	// May import only: the standard library, internal/apperr, internal/audit.
//
// Items are comma-separated and the rule ends with a full stop; a long rule
// may continue on the next comment lines. An item is a module-relative path
// (internal/web, or internal/web/... for it and everything below), a
// standard-library path (net/http), a full third-party path
// (github.com/jackc/pgx/...), "drivers" (modernc.org/sqlite/... and
// github.com/jackc/pgx/...), "any folkmoot package" (Must not import only)
// or "the standard library" (May import only; without it no standard
// package may be imported, and every package imports some). A package may
// state one rule of each form: engines say which Folkmoot packages they may
// use and which standard packages that do I/O they must not (os itself
// cannot be excluded: fmt imports it).
//
// Rules cover the code that is built, not tests: a test may import what
// its package may not (the storage suite drives the domain services). A
// main package states a rule too: cmd/folkmoot's says that no test helper
// is linked into the binary.
//
// The tests also fail when a package has no doc.go or no rule, when a rule
// names a package that does not exist, and when any .go file in the
// repository is over 1,000 lines. Each check is run on a synthetic package
// graph with known faults first, so that a check that can no longer fail
// is noticed.
//
// This package has only tests.
//
// May import only: the standard library.
package archtest
