package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
)

// Dialect is what differs between the databases.
type Dialect struct {
	// Name is "sqlite" or "postgres".
	Name string
	// Numbered placeholders ($1, $2, ...) instead of ?.
	Numbered bool
	// IsUnique and IsForeignKey classify driver errors.
	IsUnique     func(error) bool
	IsForeignKey func(error) bool
	// Search returns the SQL that restricts issues (alias i) to those
	// matching the plain-words query q, and the ORDER BY expression ranking
	// them best first. join is added after FROM (may be empty); where and
	// rank use ? placeholders whose values are whereArgs and rankArgs. ok is
	// false when q contains no searchable word (nothing matches).
	Search func(q string) (join, where string, whereArgs []any, rank string, rankArgs []any, ok bool)
	// LockHead is appended to the SELECT of the audit chain head in the
	// sealing transaction (" FOR UPDATE" on PostgreSQL).
	LockHead string
}

// DB implements gather.Store, people.Store and audit.Store over
// database/sql. W receives every write transaction (for SQLite a pool of
// one connection, so writers queue in Go rather than in busy-waits); R
// serves reads. They may be the same pool.
type DB struct {
	W, R *sql.DB
	d    Dialect

	mu    sync.RWMutex
	bound map[string]string // query with ? → dialect placeholders

	lifecycle
}

// New returns a DB over the given pools.
func New(w, r *sql.DB, d Dialect) *DB {
	return &DB{W: w, R: r, d: d, bound: map[string]string{}}
}

// Dialect returns the database's dialect name.
func (db *DB) Dialect() string { return db.d.Name }

// q rewrites ? placeholders for the dialect, caching the result.
func (db *DB) q(query string) string {
	if !db.d.Numbered {
		return query
	}
	db.mu.RLock()
	s, ok := db.bound[query]
	db.mu.RUnlock()
	if ok {
		return s
	}
	s = Rebind(query)
	db.mu.Lock()
	if len(db.bound) < 10000 { // dynamic list queries vary; keep the cache bounded
		db.bound[query] = s
	}
	db.mu.Unlock()
	return s
}

// Rebind replaces each ? outside string literals with $1, $2, ...
func Rebind(query string) string {
	var b strings.Builder
	b.Grow(len(query) + 16)
	n, inStr := 0, false
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'':
			inStr = !inStr
		case c == '?' && !inStr:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// queryer is a *sql.DB or *sql.Tx.
type queryer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// tx runs fn in a write transaction, committing if it returns nil.
func (db *DB) tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.W.BeginTx(ctx, nil)
	if err != nil {
		return db.translate(err, "begin")
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return db.translate(err, "commit")
	}
	return nil
}

func (db *DB) exec(ctx context.Context, x queryer, query string, args ...any) (sql.Result, error) {
	r, err := x.ExecContext(ctx, db.q(query), args...)
	if err != nil {
		return nil, db.translate(err, query)
	}
	return r, nil
}

func (db *DB) query(ctx context.Context, x queryer, query string, args ...any) (*sql.Rows, error) {
	rows, err := x.QueryContext(ctx, db.q(query), args...)
	if err != nil {
		return nil, db.translate(err, query)
	}
	return rows, nil
}

// get scans one row into dest; sql.ErrNoRows becomes apperr.NotFound with
// the message notFound.
func (db *DB) get(ctx context.Context, x queryer, notFound, query string, args []any, dest ...any) error {
	err := x.QueryRowContext(ctx, db.q(query), args...).Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.New(apperr.NotFound, "%s", notFound)
	}
	if err != nil {
		return db.translate(err, query)
	}
	return nil
}

// translate turns a driver error into an *apperr.Error.
func (db *DB) translate(err error, what string) error {
	var ae *apperr.Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ae):
		return err
	case errors.Is(err, sql.ErrNoRows):
		return apperr.Wrap(apperr.NotFound, err, "not found")
	case db.d.IsUnique != nil && db.d.IsUnique(err):
		return apperr.Wrap(apperr.Conflict, err, "already exists")
	case db.d.IsForeignKey != nil && db.d.IsForeignKey(err):
		return apperr.Wrap(apperr.NotFound, err, "refers to something that does not exist")
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return apperr.Wrap(apperr.Unavailable, err, "the request was cancelled or timed out")
	}
	return apperr.Wrap(apperr.Internal, fmt.Errorf("%s: %s: %w", db.d.Name, firstLine(what), err), "database error")
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 80 {
		s = s[:80]
	}
	return s
}

// appendAudit writes ev to the audit log inside tx; an empty Object becomes
// "<kind>:<id>".
func (db *DB) appendAudit(ctx context.Context, tx *sql.Tx, ev audit.Event, kind string, id int64) error {
	if ev.Object == "" {
		ev.Object = audit.ObjectRef(kind, id)
	}
	details := "{}"
	if len(ev.Details) > 0 {
		b, err := json.Marshal(ev.Details)
		if err != nil {
			return apperr.Wrap(apperr.Internal, err, "encoding audit details")
		}
		details = string(b)
	}
	if ev.Time.IsZero() {
		ev.Time = time.Now()
	}
	_, err := db.exec(ctx, tx, `INSERT INTO audit_log(at, actor, action, object, details) VALUES (?, ?, ?, ?, ?)`,
		us(ev.Time), ev.Actor, ev.Action, ev.Object, details)
	return err
}

// us converts a time to stored microseconds (0 for the zero time).
func us(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMicro()
}

// tm converts stored microseconds to a UTC time (the zero time for 0).
func tm(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMicro(v).UTC()
}

// nullID stores 0 as NULL.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// placeholders returns "?, ?, ?" for n values.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

func int64Args(ids []int64) []any {
	a := make([]any, len(ids))
	for i, id := range ids {
		a[i] = id
	}
	return a
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Ping checks the read pool.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.R.PingContext(ctx); err != nil {
		return apperr.Wrap(apperr.Unavailable, err, "the database is not reachable")
	}
	return nil
}
