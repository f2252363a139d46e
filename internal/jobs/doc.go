// Package jobs is Folkmoot's durable job queue and its cluster-wide
// periodic tasks, kept in the database so that work survives restarts and
// is shared by every process on one database.
//
// A job is a row: a kind, an optional unique key, a payload (sealed at
// rest: it may hold an email address or a sign-in link), a status, an
// attempt count and a lease. A Queue claims ready jobs for its registered
// kinds, runs their Handler with a lease it extends by heartbeats while
// the handler runs, and records the outcome: done, retried later with
// exponential back-off and jitter, or failed (a Permanent error, or too
// many attempts). A job whose worker dies (SIGKILL, power cut) keeps its
// lease until it expires; then any worker claims it again. On PostgreSQL
// several servers claim from one table with FOR UPDATE SKIP LOCKED; on
// SQLite claims go through the single writer connection.
//
// # The contract: at least once
//
// A handler runs at least once per job, and may run more than once: when a
// worker dies after the handler's effect but before the job is marked
// done, when a lease is lost to a stalled heartbeat, or when a shutdown
// interrupts it. Handlers must therefore make their effect idempotent:
// keyed writes (insert-if-absent on a natural key), a stable message id
// that the mail outbox deduplicates on, a unique job key for follow-up
// jobs. Enqueue with a unique key is itself idempotent: a second enqueue
// with the same key adds nothing and returns the first job's id (for as
// long as the first job's row is kept; see Options.KeepDone).
//
// Every(name, interval, fn) runs fn at most once per interval across the
// cluster and never in two processes at once, by holding a lease row named
// name; fn too must tolerate running again after a crash, which it does
// most simply by keeping a cursor (Store.JobCursor) and unique job keys.
//
// Job rows are operational state, not an audit trail: claims, heartbeats
// and retries write no audit entry (what a handler changes is audited by
// the service it calls). Job.LastError is a short text for operators; it
// may name hosts or addresses and is never shown to the public. Operators
// list jobs, run failed ones again (Store.RequeueJob) and cancel them with
// `folkmoot jobs`; docs/jobs.md describes the queue for them.
//
// # Why not river
//
// riverqueue/river (weighed for this: it installs here, with a PostgreSQL
// driver and a newer SQLite one) is a fine queue, but it owns its schema,
// migrations and connections, while Folkmoot must enqueue inside its own
// transactions (sqlstore's, on SQLite and PostgreSQL alike), keep one
// storage suite that runs on both databases, and fit SQLite's
// single-writer connection pool, where a second writer of river's own
// would contend for the lock. The queue Folkmoot needs (claim, lease,
// retry, progress, a lease row for periodic tasks) is a few hundred lines
// over the storage layer it already has, tested by that suite.
//
// May import only: the standard library, internal/apperr.
package jobs
