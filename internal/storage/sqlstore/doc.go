// Package sqlstore is the storage code shared by the SQLite and PostgreSQL
// adapters: every query of gather.Store, people.Store and audit.Store,
// written once in the SQL both databases accept, with the few differences
// (placeholders, error codes, full-text search, row locking, migrations)
// supplied by the adapter as a Dialect. Each adapter's differences live in
// its own package (internal/storage/sqlite, internal/storage/postgres).
//
// Conventions shared by both schemas: times are BIGINT microseconds since
// the Unix epoch (UTC; 0 means unset), booleans are 0/1 integers, optional
// references are NULL. Each state change runs in one short transaction that
// also appends its audit entry.
//
// Driver errors are translated once, in translate: unique and foreign-key
// violations become Conflict and NotFound; a database that is busy, full,
// read-only or unreachable (the Dialect's Fault hook) becomes Unavailable
// with a plain message per fault, its driver text kept as the cause for
// logs only. Health probes with a committed one-row write.
//
// This package must not import any driver, web or domain service code
// beyond the domain types and Store interfaces it implements.
//
// Must not import: internal/web/..., internal/storage/sqlite, internal/storage/postgres, drivers, net/http.
package sqlstore
