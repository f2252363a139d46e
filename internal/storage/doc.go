// Package storage opens Folkmoot's database: a file path selects the
// embedded SQLite adapter (internal/storage/sqlite), a postgres:// or
// postgresql:// URL the PostgreSQL adapter (internal/storage/postgres).
//
// The value returned by Open satisfies every domain package's Store
// interface (gather.Store, people.Store, audit.Store, jobs.Store), so
// cmd/folkmoot wires one database into every service. Only this package
// and cmd/folkmoot know which adapters exist; domain packages must not
// import it.
package storage
