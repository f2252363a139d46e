// Package postgres is Folkmoot's PostgreSQL storage adapter, for running
// several web servers on one database. It uses jackc/pgx/v5 through
// database/sql (the pgx stdlib driver), so the queries shared with SQLite
// in internal/storage/sqlstore run unchanged apart from placeholders.
//
// What is particular to PostgreSQL lives here: the schema
// (migrations/*.sql: identity columns, a generated tsvector column with a
// GIN index for full-text search), error codes (SQLSTATE 23505 unique,
// 23503 foreign key; 53100 disk full, 25006 read-only, 53300 too many
// connections, 57P0x shutting down and failed connections, which make the
// database unavailable), the tsquery built from plain words, the row lock on
// the audit chain head (SELECT ... FOR UPDATE) and an advisory lock that
// serialises concurrent `folkmoot migrate` runs.
//
// Durability is PostgreSQL's default (synchronous_commit=on): a support is
// acknowledged only after its commit record is flushed. It must not import
// web or domain services.
//
// Must not import: internal/web/..., internal/storage/sqlite, modernc.org/sqlite/..., net/http.
package postgres
