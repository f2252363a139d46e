package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
	"unicode"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/sealed"
	"github.com/folkmoot/folkmoot/internal/storage/sqlstore"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Store is an open SQLite database. It implements cycle.Store, gather.Store,
// people.Store and audit.Store (through the embedded *sqlstore.DB) and is
// safe for concurrent use.
type Store struct {
	*sqlstore.DB
	path string
	mig  sqlstore.Migrator
}

// Options tune Open.
type Options struct {
	// SealEvery is the background audit sealer's interval; 0 means 200ms,
	// negative disables it.
	SealEvery time.Duration
	// Readers is the size of the read pool; 0 means max(4, 2×CPUs).
	Readers int
	// GroupCommit is the number of goroutines committing supports in
	// groups (see sqlstore's batch.go); 0 means 1, negative turns group
	// commit off.
	GroupCommit int
	// SkipSchemaCheck opens an out-of-date database anyway (migrate uses it).
	SkipSchemaCheck bool
	// Keys seal and open email addresses (see sqlstore's sealing.go).
	// Without them the store works, but every method that reads or writes
	// an address fails. Open refuses keys other than the ones the
	// database's addresses were sealed with.
	Keys *sealed.Keys
}

// dsn returns the driver DSN for path. Every pragma Folkmoot relies on is
// set here and nowhere else.
func dsn(path string, readOnly bool) string {
	v := url.Values{}
	v.Add("_pragma", "busy_timeout(10000)") // another process (folkmoot migrate/user) may hold the write lock briefly
	v.Add("_pragma", "journal_mode(WAL)")   // readers do not block the writer; commits append to the WAL
	v.Add("_pragma", "synchronous(NORMAL)") // WAL + NORMAL: durable against process death, fsync at checkpoints
	v.Add("_pragma", "foreign_keys(1)")
	v.Add("_pragma", "cache_size(-16000)") // 16 MB page cache per connection
	v.Add("_pragma", "temp_store(MEMORY)")
	if readOnly {
		v.Add("_pragma", "query_only(1)")
	} else {
		v.Set("_txlock", "immediate") // take the write lock at BEGIN: no deadlock-prone lock upgrades
	}
	return "file:" + path + "?" + v.Encode()
}

// Dialect is SQLite's sqlstore.Dialect.
var Dialect = sqlstore.Dialect{
	Name: "sqlite",
	IsUnique: func(err error) bool {
		return hasCode(err, sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY)
	},
	IsForeignKey: func(err error) bool { return hasCode(err, sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY) },
	Fault:        fault,
	Code:         code,
	Search:       search,
}

// fault classifies SQLite's result codes that say the database cannot
// serve now, whatever the statement: locked past the busy timeout, disk
// or database full (also max_page_count reached), the file or its folder
// read-only, I/O errors and files that cannot be opened.
func fault(err error) sqlstore.Fault {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return sqlstore.NoFault
	}
	return faultOf(e.Code())
}

// faultOf classifies a result code by its primary code (the low byte of
// an extended code).
func faultOf(code int) sqlstore.Fault {
	switch code & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_PROTOCOL:
		return sqlstore.Busy
	case sqlite3.SQLITE_FULL:
		return sqlstore.Full
	case sqlite3.SQLITE_READONLY:
		return sqlstore.ReadOnly
	case sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN:
		return sqlstore.Down
	}
	return sqlstore.NoFault
}

// code returns SQLite's (extended) result code as text, for logs.
func code(err error) string {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return ""
	}
	return strconv.Itoa(e.Code())
}

func hasCode(err error, codes ...int) bool {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	for _, c := range codes {
		if e.Code() == c {
			return true
		}
	}
	return false
}

// search turns plain words into an FTS5 query: every word must match, the
// last one as a prefix (so results follow typing); bm25 ranks.
func search(q string) (join, where string, whereArgs []any, rank string, rankArgs []any, ok bool) {
	words := Words(q)
	if len(words) == 0 {
		return "", "", nil, "", nil, false
	}
	for i, w := range words {
		words[i] = `"` + w + `"`
	}
	words[len(words)-1] += "*"
	return ` JOIN issues_fts ON issues_fts.rowid = i.id`, `issues_fts MATCH ?`, []any{strings.Join(words, " ")}, `issues_fts.rank`, nil, true
}

// Words splits a search into words of letters and digits, dropping
// everything else (so no FTS syntax can be injected), at most 16 words.
func Words(q string) []string {
	ws := strings.FieldsFunc(q, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(ws) > 16 {
		ws = ws[:16]
	}
	return ws
}

func migrator() (sqlstore.Migrator, error) {
	ms, err := sqlstore.LoadMigrations(mustSub(migrationFiles, "migrations"))
	if err != nil {
		return sqlstore.Migrator{}, err
	}
	return sqlstore.Migrator{
		D:           Dialect,
		Migrations:  ms,
		TableExists: `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?`,
	}, nil
}

// Open opens (creating if missing, with mode 0600) the SQLite database at
// path and checks that its schema is current unless opt.SkipSchemaCheck.
func Open(ctx context.Context, path string, opt Options) (*Store, error) {
	path = strings.TrimPrefix(path, "file:")
	if path == "" {
		return nil, apperr.Field("db", "Give the path of the database file")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, apperr.Wrap(apperr.Invalid, err, "bad database path %q", path)
	}
	create(abs)
	w, err := sql.Open("sqlite", dsn(abs, false))
	if err != nil {
		return nil, apperr.Wrap(apperr.Unavailable, err, "opening %s", abs)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, apperr.Wrap(apperr.Unavailable, err, "opening SQLite database %s", abs)
	}
	readers := opt.Readers
	if readers <= 0 {
		readers = max(4, 2*runtime.NumCPU())
	}
	r, err := sql.Open("sqlite", dsn(abs, true))
	if err != nil {
		w.Close()
		return nil, apperr.Wrap(apperr.Unavailable, err, "opening %s", abs)
	}
	r.SetMaxOpenConns(readers)
	r.SetMaxIdleConns(readers)
	mig, err := migrator()
	if err != nil {
		w.Close()
		r.Close()
		return nil, err
	}
	s := &Store{DB: sqlstore.New(w, r, Dialect), path: abs, mig: mig}
	if !opt.SkipSchemaCheck {
		if err := mig.Check(ctx, w, path); err != nil {
			s.DB.W.Close()
			s.DB.R.Close()
			return nil, err
		}
		if opt.Keys != nil {
			if err := s.UseKeys(ctx, opt.Keys); err != nil {
				s.DB.W.Close()
				s.DB.R.Close()
				return nil, err
			}
		}
	}
	every := opt.SealEvery
	if every == 0 {
		every = 200 * time.Millisecond
	}
	if every > 0 && !opt.SkipSchemaCheck {
		s.StartSealer(every)
	}
	if !opt.SkipSchemaCheck {
		s.StartBatching(cmp.Or(opt.GroupCommit, 1))
	}
	return s, nil
}

// Migrate applies pending migrations to the database at path (creating
// it) and returns the versions before and after. keys seal personal data
// that a migration moves; they may be nil when the database holds none
// (see sqlstore.Migrator.Keys).
func Migrate(ctx context.Context, path string, keys *sealed.Keys) (from, to int, err error) {
	s, err := Open(ctx, path, Options{SkipSchemaCheck: true, SealEvery: -1})
	if err != nil {
		return 0, 0, err
	}
	defer s.DB.W.Close()
	defer s.DB.R.Close()
	s.mig.Keys = keys
	from, to, err = s.mig.Apply(ctx, s.DB.W)
	if err == nil && from > 0 && from < sealedVersion && to >= sealedVersion {
		err = scrub(ctx, s.DB.W)
	}
	return from, to, err
}

// sealedVersion is the schema version that sealed the email addresses
// earlier versions stored in plain text.
const sealedVersion = 3

// scrub rewrites the database file and empties the write-ahead log, so
// that no copy of the plain addresses sealed by migration 3 is left in
// free pages, free space within pages, or old log frames.
func scrub(ctx context.Context, w *sql.DB) error {
	for _, q := range []string{`VACUUM`, `PRAGMA wal_checkpoint(TRUNCATE)`} {
		if _, err := w.ExecContext(ctx, q); err != nil {
			return apperr.Wrap(apperr.Internal, err, "after sealing email addresses: %s", q)
		}
	}
	return nil
}

// SchemaVersion returns the schema version in the file and the one this
// build needs.
func (s *Store) SchemaVersion(ctx context.Context) (have, want int, err error) {
	have, err = s.mig.Version(ctx, s.DB.W)
	return have, s.mig.Want(), err
}

// Path returns the absolute path of the database file.
func (s *Store) Path() string { return s.path }

// String describes the store for logs.
func (s *Store) String() string { return fmt.Sprintf("sqlite:%s", s.path) }
