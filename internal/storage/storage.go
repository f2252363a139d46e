package storage

import (
	"context"
	"strings"
	"time"

	"github.com/folkmoot/folkmoot/internal/assembly"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/consult"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/evidence"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/jobs"
	"github.com/folkmoot/folkmoot/internal/jury"
	"github.com/folkmoot/folkmoot/internal/live"
	"github.com/folkmoot/folkmoot/internal/lottery"
	"github.com/folkmoot/folkmoot/internal/meeting"
	"github.com/folkmoot/folkmoot/internal/notify"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/quality"
	"github.com/folkmoot/folkmoot/internal/recommend"
	"github.com/folkmoot/folkmoot/internal/recruit"
	"github.com/folkmoot/folkmoot/internal/response"
	"github.com/folkmoot/folkmoot/internal/room"
	"github.com/folkmoot/folkmoot/internal/sealed"
	"github.com/folkmoot/folkmoot/internal/storage/postgres"
	"github.com/folkmoot/folkmoot/internal/storage/sqlite"
)

// Store is an open database. It is safe for concurrent use by many
// goroutines, and (PostgreSQL) by several processes.
type Store interface {
	cycle.Store
	gather.Store
	people.Store
	audit.Store
	// live.Store is the live_events table, for live.NewTable (SQLite).
	live.Store
	jobs.Store
	// A round's citizens' jury and its agenda (schema version 12).
	jury.Store
	// Notification settings, weekly digests, and what the notify step
	// rules read (schema version 9).
	notify.Prefs
	notify.Digests
	notify.Audience
	// The selection of a round's assembly (schema version 14).
	lottery.Store
	// The store also satisfies gather.Representatives (IsVerifiedRepresentative).
	// Recruitment of a round's assembly (schema version 13).
	recruit.Store
	// Who takes part in a round's assembly (schema version 15).
	assembly.Store
	// The assembly's evidence: packs, witnesses, requests, submissions
	// (schema version 16).
	evidence.Store
	// Online participants' posts and reactions on discussion groups' live pages (schema version 18).
	room.Store
	// A round's recommendations and their secret ballot (schema version 19).
	recommend.Store
	// The Board's answers, commitments and their progress, the stocktake
	// (schema version 20).
	response.Store
	// The assembly's meetings and discussion groups (schema version 17).
	meeting.Store
	// The public consultation on a round's recommendations (schema version 21).
	consult.Store
	// A round's quality self-assessment (schema version 22).
	quality.Store

	// The organisers' dashboard: activity and participation figures, and
	// the audit log newest first (AuditLog: entries with id below beforeID,
	// 0 for the newest, of one action unless action is "").
	gather.StatsStore
	AuditLog(ctx context.Context, action string, beforeID int64, limit int) ([]audit.Entry, error)
	AuditActions(ctx context.Context) ([]string, error)
	// LastAuditID returns the id of the newest audit entry (0 when none):
	// it moves with every change (the exports' snapshot follows it).
	LastAuditID(ctx context.Context) (int64, error)

	// AuditHead returns the chain position of the last sealed audit entry
	// (0 for an empty chain).
	AuditHead(ctx context.Context) (int64, error)

	// Dialect returns "sqlite" or "postgres".
	Dialect() string
	// SchemaVersion returns the version of the schema in the database and
	// the version this build needs.
	SchemaVersion(ctx context.Context) (have, want int, err error)
	// CheckCounts compares maintained counters (support and comment counts,
	// issue totals) with the rows they count and describes each kind of
	// mismatch; an empty result means consistent. It scans whole tables.
	CheckCounts(ctx context.Context) ([]string, error)
	// ImportIssues bulk-loads open issues and their supports (IssueID of a
	// support is an index into issues) in one transaction, with counters,
	// tags, search index and audit entries as if made one by one; for demo
	// seeding and benchmarks, not concurrent with other issue writers.
	ImportIssues(ctx context.Context, issues []gather.Issue, supports []gather.Support) error
	// ServerSecret returns 32 random bytes made once per database, the same
	// for every process using it (to sign forms across several servers).
	ServerSecret(ctx context.Context) ([]byte, error)
	// Ping checks the database is reachable.
	Ping(ctx context.Context) error
	// Health checks, within a few seconds, that the database answers and
	// accepts a write (it commits a one-row heartbeat, not audited); it
	// returns an apperr.Unavailable error saying whether the database is
	// busy, full, read-only or unreachable. For /healthz.
	Health(ctx context.Context) error
	// Close seals pending audit entries, stops the background sealer and
	// closes the connections.
	Close() error
}

// Options tune Open. The zero value is what the server wants.
type Options struct {
	// SealEvery is how often the background sealer seals committed audit
	// entries into the hash chain; 0 means 200ms; negative disables the
	// background sealer (callers then call SealAudit themselves).
	SealEvery time.Duration
	// MaxConns caps open connections (PostgreSQL pool size, SQLite reader
	// pool); 0 picks a default for the machine.
	MaxConns int
	// Keys seal and open the email addresses stored (see internal/sealed).
	// Without them every method that reads or writes an address fails;
	// Open refuses keys other than those the addresses were sealed with.
	Keys *sealed.Keys
}

// Open opens the database named by dsn — a file path (SQLite; the file is
// created if missing) or a postgres:// URL — and checks its schema. If the
// schema is older than this build needs (including an empty database) it
// returns an apperr.Unavailable error telling the user to run
// `folkmoot migrate --db DSN`; if newer, an error asking for a newer
// folkmoot.
func Open(ctx context.Context, dsn string, opt Options) (Store, error) {
	return open(ctx, dsn, opt)
}

// Migrate brings the schema of the database named by dsn up to the version
// this build needs, creating the database file (SQLite) if missing. It
// returns the versions before and after. Running it on an up-to-date schema
// does nothing. Concurrent migrations are serialised by the database.
// keys seal personal data a migration finds in plain text (email addresses
// stored before version 3); they may be nil for a database that holds
// none, else the migration fails and changes nothing.
func Migrate(ctx context.Context, dsn string, keys *sealed.Keys) (from, to int, err error) {
	return migrate(ctx, dsn, keys)
}

// CheckWritable reports whether this process can write the database named
// by dsn, without changing it: for SQLite, the file (if it exists) and its
// folder, where SQLite makes its -wal and -shm files; PostgreSQL decides
// for itself (see Store.Health), so a postgres:// URL gives nil. It
// returns an apperr.Unavailable error naming what cannot be written, for
// `folkmoot serve` to warn at start.
func CheckWritable(dsn string) error {
	if IsPostgres(dsn) {
		return nil
	}
	return sqlite.CheckWritable(dsn)
}

// Redact returns dsn fit to print: a PostgreSQL URL with its password
// replaced by "xxxxx"; a file path unchanged. Use it wherever a DSN goes
// into a message or a log.
func Redact(dsn string) string {
	if IsPostgres(dsn) {
		return postgres.Redact(dsn)
	}
	return dsn
}

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}
