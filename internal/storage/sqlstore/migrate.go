package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/sealed"
)

// Migration is one embedded schema change, from a file named
// NNNN_description.sql; it brings the schema to version NNNN.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// LoadMigrations reads every *.sql file at the root of fsys, sorted by
// version. Versions must be 1, 2, 3... without gaps.
func LoadMigrations(fsys fs.FS) ([]Migration, error) {
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return nil, err
	}
	var ms []Migration
	for _, n := range names {
		num, _, ok := strings.Cut(path.Base(n), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with NNNN_", n)
		}
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		ms = append(ms, Migration{Version: v, Name: n, SQL: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Version < ms[j].Version })
	for i, m := range ms {
		if m.Version != i+1 {
			return nil, fmt.Errorf("migration %s: expected version %d", m.Name, i+1)
		}
	}
	return ms, nil
}

// Migrator applies migrations for one dialect.
type Migrator struct {
	D          Dialect
	Migrations []Migration
	// TableExists is a query with one ? (the table name) returning a count.
	TableExists string
	// Lock, if set, runs first in each migration transaction to serialise
	// concurrent migrators (a PostgreSQL advisory lock).
	Lock string
	// Keys seal the personal data that a migration's Go step moves (see
	// goSteps). Without them, a migration that finds such data fails
	// rather than lose or expose it.
	Keys *sealed.Keys
}

// goSteps are data changes SQL cannot make, each run in the transaction of
// the migration with the same version, after its SQL. Both dialects number
// their migrations alike, so one table serves both.
var goSteps = map[int]func(ctx context.Context, tx *sql.Tx, rebind func(string) string, k *sealed.Keys) error{
	3: sealEmails, // 0003_sealed_emails.sql
}

// rebind adapts ? placeholders to the dialect.
func (m Migrator) rebind(q string) string {
	if m.D.Numbered {
		return Rebind(q)
	}
	return q
}

// Want returns the schema version this build needs.
func (m Migrator) Want() int { return len(m.Migrations) }

// Version returns the schema version of db (0 for an empty database).
func (m Migrator) Version(ctx context.Context, db *sql.DB) (int, error) {
	return m.version(ctx, db)
}

func (m Migrator) version(ctx context.Context, x queryer) (int, error) {
	q := m.TableExists
	if m.D.Numbered {
		q = Rebind(q)
	}
	var n int
	if err := x.QueryRowContext(ctx, q, "schema_migrations").Scan(&n); err != nil {
		return 0, apperr.Wrap(apperr.Unavailable, err, "cannot read the database schema version")
	}
	if n == 0 {
		return 0, nil
	}
	var v int
	if err := x.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, apperr.Wrap(apperr.Unavailable, err, "cannot read the database schema version")
	}
	return v, nil
}

// Check returns nil if db's schema is exactly the version this build
// needs, else an apperr.Unavailable error that tells the user what to do.
func (m Migrator) Check(ctx context.Context, db *sql.DB, dsnHint string) error {
	have, err := m.Version(ctx, db)
	if err != nil {
		return err
	}
	switch {
	case have < m.Want():
		return apperr.New(apperr.Unavailable, "the database schema is at version %d but this folkmoot needs version %d: run `folkmoot migrate --db %s` first", have, m.Want(), dsnHint)
	case have > m.Want():
		return apperr.New(apperr.Unavailable, "the database schema is at version %d, newer than this folkmoot knows (%d): upgrade folkmoot", have, m.Want())
	}
	return nil
}

// Apply runs every pending migration, each in its own transaction that
// also records it in schema_migrations. It returns the versions before and
// after.
func (m Migrator) Apply(ctx context.Context, db *sql.DB) (from, to int, err error) {
	from, err = m.Version(ctx, db)
	if err != nil {
		return 0, 0, err
	}
	if from > m.Want() {
		return from, from, apperr.New(apperr.Unavailable, "the database schema is at version %d, newer than this folkmoot knows (%d)", from, m.Want())
	}
	if err := m.ensureTable(ctx, db); err != nil {
		return from, from, err
	}
	for _, mig := range m.Migrations {
		if err := m.applyOne(ctx, db, mig); err != nil {
			v, _ := m.Version(ctx, db)
			return from, v, err
		}
	}
	return from, m.Want(), nil
}

// ensureTable creates schema_migrations under the migration lock (two
// concurrent CREATE TABLE IF NOT EXISTS can collide on PostgreSQL).
func (m Migrator) ensureTable(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return apperr.Wrap(apperr.Internal, err, "creating schema_migrations: begin")
	}
	defer tx.Rollback()
	if m.Lock != "" {
		if _, err := tx.ExecContext(ctx, m.Lock); err != nil {
			return apperr.Wrap(apperr.Internal, err, "creating schema_migrations: lock")
		}
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT    NOT NULL,
		applied_at BIGINT  NOT NULL)`); err != nil {
		return apperr.Wrap(apperr.Internal, err, "creating schema_migrations")
	}
	if err := tx.Commit(); err != nil {
		return apperr.Wrap(apperr.Internal, err, "creating schema_migrations: commit")
	}
	return nil
}

func (m Migrator) applyOne(ctx context.Context, db *sql.DB, mig Migration) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return apperr.Wrap(apperr.Internal, err, "migration %s: begin", mig.Name)
	}
	defer tx.Rollback()
	if m.Lock != "" {
		if _, err := tx.ExecContext(ctx, m.Lock); err != nil {
			return apperr.Wrap(apperr.Internal, err, "migration %s: lock", mig.Name)
		}
	}
	have, err := m.version(ctx, tx)
	if err != nil {
		return err
	}
	if have >= mig.Version { // applied meanwhile by another migrator
		return nil
	}
	if _, err := tx.ExecContext(ctx, mig.SQL); err != nil {
		return apperr.Wrap(apperr.Internal, err, "migration %s failed", mig.Name)
	}
	if step := goSteps[mig.Version]; step != nil {
		if err := step(ctx, tx, m.rebind, m.Keys); err != nil {
			return fmt.Errorf("migration %s: %w", mig.Name, err)
		}
	}
	ins := m.rebind(`INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)`)
	if _, err := tx.ExecContext(ctx, ins, mig.Version, mig.Name, time.Now().UnixMicro()); err != nil {
		return apperr.Wrap(apperr.Internal, err, "migration %s: recording", mig.Name)
	}
	if err := tx.Commit(); err != nil {
		return apperr.Wrap(apperr.Internal, err, "migration %s: commit", mig.Name)
	}
	return nil
}
