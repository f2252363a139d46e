// Package apperr is Folkmoot's one application error type.
//
// Domain and storage code return *Error values with a small set of kinds;
// only the web edge turns a Kind into an HTTP status, and only the CLI turns it
// into an exit code. Driver errors are translated into these kinds by the
// storage adapters (for example a unique-constraint violation becomes
// Conflict), so callers never inspect SQLite or PostgreSQL error codes.
//
// This package imports only the standard library and must stay that way.
//
// May import only: the standard library.
package apperr
