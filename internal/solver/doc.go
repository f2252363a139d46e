// Package solver is a small wrapper over the COIN-OR linear and integer
// programming solvers: CLP for linear programs (with warm-started re-solves
// after adding columns, as column generation needs) and CBC for mixed-integer
// programs.
//
// A problem is stated in plain Go values ([Problem]): minimise or maximise
// c·x subject to RowLo ≤ A·x ≤ RowHi and ColLo ≤ x ≤ ColHi, with some
// columns integer. Infinite bounds are math.Inf values.
//
// The cgo code is built only with the build tag "coin" (the Makefile sets it).
// Without the tag, [SolveMIP] and [NewLP] return an apperr.Unavailable error,
// so everything that imports this package still builds with CGO_ENABLED=0.
//
// This package knows nothing about its callers' domains: it must not import
// any other Folkmoot package except internal/apperr, and it does no I/O
// (the COIN-OR libraries' own logging is switched off).
//
// May import only: the standard library, internal/apperr.
// Must not import: net, net/http, database/sql, os/exec, drivers.
package solver
