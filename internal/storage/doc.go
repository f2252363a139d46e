// Package storage opens Folkmoot's database: a file path selects the
// embedded SQLite adapter (internal/storage/sqlite), a postgres:// or
// postgresql:// URL the PostgreSQL adapter (internal/storage/postgres).
//
// The value returned by Open satisfies every domain package's Store
// interface (cycle.Store, gather.Store, people.Store, audit.Store,
// jobs.Store) and live.Store (the table behind live.NewTable), so
// cmd/folkmoot wires one database into every service. Only this package
// and cmd/folkmoot know which adapters exist; domain packages must not
// import it.
//
// Must not import: internal/web/..., net/http.
package storage
