// Package storagetest is the storage test suite every adapter runs: the
// same tests, through the domain services, against SQLite and PostgreSQL,
// so the two cannot drift apart.
//
// An adapter's test calls Run with a function that returns a fresh,
// migrated, empty database for each test. The package is only imported by
// tests; it must not import an adapter itself.
//
// Must not import: internal/web/..., internal/storage/sqlite, internal/storage/postgres, drivers.
package storagetest
