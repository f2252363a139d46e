package postgres

import (
	"cmp"
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"io"
	"io/fs"
	"net"
	"net/url"
	"strings"
	"syscall"
	"time"
	"unicode"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/sealed"
	"github.com/folkmoot/folkmoot/internal/storage/sqlstore"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Store is an open PostgreSQL database. It implements cycle.Store, gather.Store,
// people.Store and audit.Store (through the embedded *sqlstore.DB) and is
// safe for concurrent use by many goroutines and processes.
type Store struct {
	*sqlstore.DB
	mig sqlstore.Migrator
}

// Options tune Open.
type Options struct {
	// SealEvery is the background audit sealer's interval; 0 means 200ms,
	// negative disables it.
	SealEvery time.Duration
	// MaxConns is the connection pool size; 0 means 12. Keep it small:
	// PostgreSQL allows 100 connections by default across every server
	// process, and group commit needs few (requests wait for a free
	// connection rather than fail).
	MaxConns int
	// GroupCommit is the number of goroutines committing supports in
	// groups (see sqlstore's batch.go); 0 means 2, negative turns group
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

// Dialect is PostgreSQL's sqlstore.Dialect.
var Dialect = sqlstore.Dialect{
	Name:             "postgres",
	Numbered:         true,
	IsUnique:         func(err error) bool { return sqlState(err) == "23505" },
	IsForeignKey:     func(err error) bool { return sqlState(err) == "23503" },
	IsRetryable:      func(err error) bool { s := sqlState(err); return s == "40P01" || s == "40001" },
	Fault:            fault,
	Code:             sqlState,
	Search:           search,
	LockIssues:       " FOR NO KEY UPDATE",
	LockHead:         " FOR UPDATE",
	ClaimLock:        " FOR UPDATE SKIP LOCKED",
	AfterExplicitIDs: `SELECT setval(pg_get_serial_sequence('issues', 'id'), (SELECT MAX(id) FROM issues))`,
	AfterImport:      `ANALYZE issues, supports, issue_tags, audit_log`,
}

// fault classifies the errors that say the server cannot serve now,
// whatever the statement: SQLSTATE 53100 disk full; 25006 read-only
// transaction (a hot standby, or default_transaction_read_only); 53300
// too many connections and the rest of class 53 (insufficient
// resources); 57014 a statement timeout; class 08 and 57P01-57P04 (the
// connection failed, the server is shutting down or starting up); and a
// connection that could not be made or broke (no SQLSTATE at all).
func fault(err error) sqlstore.Fault {
	switch s := sqlState(err); {
	case s == "53100":
		return sqlstore.Full
	case s == "25006":
		return sqlstore.ReadOnly
	case strings.HasPrefix(s, "53"), s == "57014":
		return sqlstore.Busy
	case strings.HasPrefix(s, "08"), strings.HasPrefix(s, "57P"):
		return sqlstore.Down
	case s != "":
		return sqlstore.NoFault
	}
	var ce *pgconn.ConnectError
	var oe *net.OpError
	switch {
	case errors.As(err, &ce), errors.As(err, &oe), errors.Is(err, driver.ErrBadConn),
		errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF), errors.Is(err, syscall.ECONNRESET):
		return sqlstore.Down
	}
	return sqlstore.NoFault
}

func sqlState(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// search turns plain words into a tsquery: every word must match (after
// English stemming), the last one as a prefix; ts_rank orders.
func search(q string) (join, where string, whereArgs []any, rank string, rankArgs []any, ok bool) {
	words := strings.FieldsFunc(q, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(words) == 0 {
		return "", "", nil, "", nil, false
	}
	if len(words) > 16 {
		words = words[:16]
	}
	words[len(words)-1] += ":*"
	tsq := strings.Join(words, " & ")
	return "", `i.search @@ to_tsquery('english', ?)`, []any{tsq}, `ts_rank(i.search, to_tsquery('english', ?)) DESC`, []any{tsq}, true
}

func migrator() (sqlstore.Migrator, error) {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		return sqlstore.Migrator{}, err
	}
	ms, err := sqlstore.LoadMigrations(sub)
	if err != nil {
		return sqlstore.Migrator{}, err
	}
	return sqlstore.Migrator{
		D:           Dialect,
		Migrations:  ms,
		TableExists: `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?`,
		Lock:        `SELECT pg_advisory_xact_lock(hashtext('folkmoot-migrate:' || current_schema()))`,
	}, nil
}

// Open connects to the database at the postgres:// URL dsn and checks that
// its schema is current unless opt.SkipSchemaCheck. A search_path
// parameter in the URL selects a schema.
func Open(ctx context.Context, dsn string, opt Options) (*Store, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, apperr.Wrap(apperr.Invalid, err, "bad PostgreSQL URL")
	}
	conns := opt.MaxConns
	if conns <= 0 {
		conns = 12
	}
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, apperr.Wrap(apperr.Unavailable, err, "cannot connect to PostgreSQL at %s", Redact(dsn))
	}
	mig, err := migrator()
	if err != nil {
		db.Close()
		return nil, err
	}
	s := &Store{DB: sqlstore.New(db, db, Dialect), mig: mig}
	if !opt.SkipSchemaCheck {
		if err := mig.Check(ctx, db, Redact(dsn)); err != nil {
			db.Close()
			return nil, err
		}
		if opt.Keys != nil {
			if err := s.UseKeys(ctx, opt.Keys); err != nil {
				db.Close()
				return nil, err
			}
		}
		every := opt.SealEvery
		if every == 0 {
			every = 200 * time.Millisecond
		}
		if every > 0 {
			s.StartSealer(every)
		}
		s.StartBatching(cmp.Or(opt.GroupCommit, 2))
	}
	return s, nil
}

// Migrate applies pending migrations to the database at dsn and returns the
// versions before and after. Concurrent runs are serialised by an advisory
// lock. keys seal personal data that a migration moves; they may be nil
// when the database holds none (see sqlstore.Migrator.Keys).
func Migrate(ctx context.Context, dsn string, keys *sealed.Keys) (from, to int, err error) {
	s, err := Open(ctx, dsn, Options{SkipSchemaCheck: true, MaxConns: 2})
	if err != nil {
		return 0, 0, err
	}
	defer s.DB.W.Close()
	s.mig.Keys = keys
	from, to, err = s.mig.Apply(ctx, s.DB.W)
	if err == nil && from > 0 && from < sealedVersion && to >= sealedVersion {
		// Rewrite the tables so that the row versions holding plain
		// addresses, dead since migration 3, are gone from them. (Backups
		// and archived write-ahead log from before still hold them.)
		if _, err := s.DB.W.ExecContext(ctx, `VACUUM FULL users, signin_tokens`); err != nil {
			return from, to, apperr.Wrap(apperr.Internal, err, "after sealing email addresses: VACUUM FULL")
		}
	}
	return from, to, err
}

// sealedVersion is the schema version that sealed the email addresses
// earlier versions stored in plain text.
const sealedVersion = 3

// SchemaVersion returns the schema version in the database and the one
// this build needs.
func (s *Store) SchemaVersion(ctx context.Context) (have, want int, err error) {
	have, err = s.mig.Version(ctx, s.DB.W)
	return have, s.mig.Want(), err
}

// Redact returns dsn with any password (in the user information or a
// password= parameter) replaced by "xxxxx", for messages.
func Redact(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.Scheme != "" {
		if p, ok := u.User.Password(); ok && p != "" {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
		}
		if q := u.Query(); q.Has("password") {
			q.Set("password", "xxxxx")
			u.RawQuery = q.Encode()
		}
		return u.String()
	}
	// Not a URL net/url accepts (a password with unescaped characters):
	// hide everything between the scheme and the last @, after the user,
	// and any password parameter.
	at := strings.LastIndexByte(dsn, '@')
	scheme := strings.Index(dsn, "://")
	if at > scheme && scheme >= 0 {
		userinfo := dsn[scheme+3 : at]
		if i := strings.IndexByte(userinfo, ':'); i >= 0 {
			dsn = dsn[:scheme+3] + userinfo[:i] + ":xxxxx" + dsn[at:]
		}
	}
	if i := strings.Index(dsn, "password="); i >= 0 {
		end := strings.IndexByte(dsn[i:], '&')
		rest := ""
		if end >= 0 {
			rest = dsn[i+end:]
		}
		dsn = dsn[:i] + "password=xxxxx" + rest
	}
	return dsn
}
