// Package gather is the Gather phase of a cycle: people raise issues for
// the assembly, others support, comment on and follow them, moderators hide
// abuse with a public reason, and organisers group similar issues into
// themes.
//
// Service holds every business rule (the gather window, the edit window,
// one support per person, who may hide, who may edit themes, acting for an
// organisation only as its verified representative) and turns each change
// into one Store call that carries the change's audit.Event, so the change,
// its counters and its audit entry commit in one transaction.
//
// Store is declared here and implemented by internal/storage/sqlite and
// internal/storage/postgres. This package must not import storage, web, any
// database driver, or net/http.
//
// Must not import: internal/web/..., internal/storage/..., drivers, net/http, database/sql.
package gather
