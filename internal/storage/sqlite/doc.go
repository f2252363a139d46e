// Package sqlite is Folkmoot's embedded storage adapter, on the pure-Go
// SQLite driver modernc.org/sqlite (no cgo).
//
// The database runs in WAL mode with synchronous=NORMAL: a commit is
// durable once written to the WAL, which survives the death of the process
// (SIGKILL); only a power cut can lose the last transactions. Writes go
// through a pool of one connection (transactions begin IMMEDIATE), reads
// through a separate read-only pool, so readers never block the writer and
// writers queue in Go rather than spinning on SQLITE_BUSY. All pragmas are
// set in one place, dsn. Full-text search uses FTS5 with the porter
// stemmer. Database files are created with mode 0600 (SQLite gives its
// -wal and -shm files the same mode); CheckWritable tells `serve` at start
// whether the file and its folder can be written.
//
// The queries themselves are shared with PostgreSQL in
// internal/storage/sqlstore; this package holds only what is particular to
// SQLite: connection settings, the schema (migrations/*.sql), error codes
// and the FTS5 query syntax. It must not import web or domain services.
//
// Must not import: internal/web/..., internal/storage/postgres, github.com/jackc/pgx/..., net/http.
package sqlite
