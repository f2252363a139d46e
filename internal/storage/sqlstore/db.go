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
	"github.com/folkmoot/folkmoot/internal/sealed"
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
	// AfterExplicitIDs, if set, runs after rows were inserted into issues
	// with explicit ids, to move the id sequence past them (PostgreSQL).
	AfterExplicitIDs string
	// AfterImport, if set, runs after a bulk import has committed, to
	// refresh the planner's statistics (PostgreSQL's ANALYZE): with stale
	// ones it may sort a whole round's issues instead of reading an index.
	AfterImport string
	// IsRetryable reports a transaction the database aborted and that may
	// simply be run again (deadlock, serialization failure).
	IsRetryable func(error) bool
	// Fault classifies errors meaning the database cannot serve any
	// request now (busy, full, read-only, unreachable); they become
	// apperr.Unavailable errors with a plain message (see Fault).
	Fault func(error) Fault
	// Code returns the driver's error code for logs ("53300"), or "".
	Code func(error) string
	// LockIssues is appended to the SELECT that locks a group commit's
	// issue rows in id order (" FOR NO KEY UPDATE" on PostgreSQL; SQLite
	// has a single writer and needs none).
	LockIssues string
	// LockHead is appended to the SELECT of the audit chain head in the
	// sealing transaction (" FOR UPDATE" on PostgreSQL).
	LockHead string
	// ClaimLock is appended to the SELECT choosing the job to claim
	// (" FOR UPDATE SKIP LOCKED" on PostgreSQL, so that concurrent claimers
	// pass over each other's rows; SQLite's single writer needs none).
	ClaimLock string
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
	stmts map[stmtKey]*sql.Stmt

	keys *sealed.Keys // seal and open email addresses; nil until UseKeys (see sealing.go)

	lifecycle
}

// New returns a DB over the given pools.
func New(w, r *sql.DB, d Dialect) *DB {
	return &DB{W: w, R: r, d: d, bound: map[string]string{}, stmts: map[stmtKey]*sql.Stmt{}}
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

// txAttempts is how often a transaction is tried when the database aborts
// it for a deadlock or serialization failure (PostgreSQL).
const txAttempts = 4

// tx runs fn in a write transaction, committing if it returns nil. A
// transaction the database aborted to break a deadlock or a serialization
// conflict is run again (fn must only set its results, not accumulate).
func (db *DB) tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	var err error
	for attempt := 1; attempt <= txAttempts; attempt++ {
		err = db.tx1(ctx, fn)
		if err == nil || db.d.IsRetryable == nil || !db.d.IsRetryable(err) {
			return db.translateRetryable(err)
		}
		time.Sleep(time.Duration(attempt*attempt) * 5 * time.Millisecond)
	}
	return db.translateRetryable(err)
}

// translateRetryable turns a raw retryable driver error that survived
// every attempt into an apperr.
func (db *DB) translateRetryable(err error) error {
	var ae *apperr.Error
	if err == nil || errors.As(err, &ae) {
		return err
	}
	return db.translate(err, "transaction")
}

func (db *DB) tx1(ctx context.Context, fn func(tx *sql.Tx) error) error {
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

// maxStmts bounds the prepared-statement cache per pool (list queries are
// built from filters, so their number is bounded but not tiny).
const maxStmts = 500

// stmt returns the statement for query on x: prepared once per pool and
// reused (SQL parsing was a quarter of the CPU time of a support), or nil
// to run it unprepared when the cache is full or preparing fails.
func (db *DB) stmt(ctx context.Context, x queryer, query string) *sql.Stmt {
	var pool *sql.DB
	var tx *sql.Tx
	switch v := x.(type) {
	case *sql.DB:
		pool = v
	case *sql.Tx:
		pool, tx = db.W, v
	default:
		return nil
	}
	key := stmtKey{pool, query}
	db.mu.RLock()
	st, ok := db.stmts[key]
	full := len(db.stmts) >= 2*maxStmts
	db.mu.RUnlock()
	if !ok {
		if full {
			return nil
		}
		if tx != nil {
			// The transaction holds the connection (SQLite's writer pool has
			// one): prepare in the background once it is free; run this
			// one unprepared.
			go db.prepare(pool, query)
			return nil
		}
		if st = db.prepare(pool, query); st == nil {
			return nil
		}
	}
	if tx != nil {
		return tx.StmtContext(ctx, st)
	}
	return st
}

// prepare prepares query on pool and caches it, returning the cached
// statement (nil if preparing failed; the query then runs unprepared and
// reports its own error).
func (db *DB) prepare(pool *sql.DB, query string) *sql.Stmt {
	key := stmtKey{pool, query}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	p, err := pool.PrepareContext(ctx, db.q(query))
	if err != nil {
		return nil
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	if st, ok := db.stmts[key]; ok {
		p.Close()
		return st
	}
	db.stmts[key] = p
	return p
}

type stmtKey struct {
	pool  *sql.DB
	query string
}

func (db *DB) exec(ctx context.Context, x queryer, query string, args ...any) (sql.Result, error) {
	var r sql.Result
	var err error
	if st := db.stmt(ctx, x, query); st != nil {
		r, err = st.ExecContext(ctx, args...)
	} else {
		r, err = x.ExecContext(ctx, db.q(query), args...)
	}
	if err != nil {
		return nil, db.translate(err, query)
	}
	return r, nil
}

func (db *DB) query(ctx context.Context, x queryer, query string, args ...any) (*sql.Rows, error) {
	var rows *sql.Rows
	var err error
	if st := db.stmt(ctx, x, query); st != nil {
		rows, err = st.QueryContext(ctx, args...)
	} else {
		rows, err = x.QueryContext(ctx, db.q(query), args...)
	}
	if err != nil {
		return nil, db.translate(err, query)
	}
	return rows, nil
}

// row runs a query returning one row, through the statement cache.
func (db *DB) row(ctx context.Context, x queryer, query string, args ...any) *sql.Row {
	if st := db.stmt(ctx, x, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return x.QueryRowContext(ctx, db.q(query), args...)
}

// ids runs a query whose rows are one integer column and returns them.
func (db *DB) ids(ctx context.Context, x queryer, query string, args ...any) ([]int64, error) {
	rows, err := db.query(ctx, x, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, db.translate(err, query)
		}
		out = append(out, id)
	}
	return out, db.translate(rows.Err(), query)
}

// get scans one row into dest; sql.ErrNoRows becomes apperr.NotFound with
// the message notFound.
func (db *DB) get(ctx context.Context, x queryer, notFound, query string, args []any, dest ...any) error {
	err := db.row(ctx, x, query, args...).Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.New(apperr.NotFound, "%s", notFound)
	}
	if err != nil {
		return db.translate(err, query)
	}
	return nil
}

// translate turns a driver error into an *apperr.Error. Errors the user
// may see (Conflict, NotFound, Unavailable) carry no driver detail in their
// message (apperr.Message shows only that); the driver error, with the
// statement's first line, is kept as the cause for the logs.
func (db *DB) translate(err error, what string) error {
	var ae *apperr.Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ae):
		return err
	case errors.Is(err, sql.ErrNoRows):
		return apperr.New(apperr.NotFound, "Not found.")
	case db.d.IsUnique != nil && db.d.IsUnique(err):
		return apperr.New(apperr.Conflict, "This already exists.")
	case db.d.IsForeignKey != nil && db.d.IsForeignKey(err):
		return apperr.New(apperr.NotFound, "This refers to something that does not exist.")
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return apperr.New(apperr.Unavailable, "The request was cancelled or timed out.")
	}
	cause := db.cause(err, what)
	if f := db.d.fault(err); f != NoFault {
		return f.Err(cause)
	}
	return apperr.Wrap(apperr.Internal, cause, "database error")
}

// cause is err for the logs: the dialect, its code if any, and the first
// line of the statement.
func (db *DB) cause(err error, what string) error {
	if db.d.Code != nil {
		if c := db.d.Code(err); c != "" {
			return fmt.Errorf("%s %s: %s: %w", db.d.Name, c, firstLine(what), err)
		}
	}
	return fmt.Errorf("%s: %s: %w", db.d.Name, firstLine(what), err)
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
	details, err := encodeDetails(ev.Details)
	if err != nil {
		return err
	}
	if ev.Time.IsZero() {
		ev.Time = time.Now()
	}
	_, err = db.exec(ctx, tx, `INSERT INTO audit_log(at, actor, action, object, details) VALUES (?, ?, ?, ?, ?)`,
		us(ev.Time), ev.Actor, ev.Action, ev.Object, details)
	return err
}

// encodeDetails stores audit details as a JSON object ("{}" when empty).
func encodeDetails(d map[string]string) (string, error) {
	if len(d) == 0 {
		return "{}", nil
	}
	b, err := json.Marshal(d)
	if err != nil {
		return "", apperr.Wrap(apperr.Internal, err, "encoding audit details")
	}
	return string(b), nil
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
