package jobs

import (
	"context"
	"errors"
	"time"
)

// Status is where a job is in its life.
type Status string

// The statuses. Queued and Running are live; the others are final.
const (
	Queued    Status = "queued"    // waiting for its RunAt, then for a worker
	Running   Status = "running"   // claimed by a worker holding a lease
	Done      Status = "done"      // the handler succeeded
	Failed    Status = "failed"    // dead: a permanent error, or too many attempts
	Cancelled Status = "cancelled" // cancelled by an operator or a program
)

// Progress is what a running handler reports of its work, for a page to
// show ("3 of 20: drawing the panel"). Total 0 means unknown.
type Progress struct {
	Done  int64
	Total int64
	Note  string // a short text for the page; not translated
}

// Job is one row of the queue.
type Job struct {
	ID   int64
	Kind string // what to do, e.g. "mail.send"; selects the Handler
	Key  string // unique key, or "" for none
	// Payload is the sealed payload as stored (see Sealer); Queue opens it
	// for handlers and never returns it to callers. Stores blank it when a
	// job is done, so that nothing personal outlives the need for it.
	Payload     string
	Status      Status
	Attempts    int // how many times the job was claimed (started)
	MaxAttempts int // 0: the handler's HandlerOptions.MaxAttempts
	RunAt       time.Time
	LeaseOwner  string    // the claim holding the lease while Running
	LeaseUntil  time.Time // the lease ends then unless extended
	LastError   string    // the last failure, for operators only
	Progress    Progress
	Created     time.Time
	Updated     time.Time
	Finished    time.Time // when it became Done, Failed or Cancelled
}

// NewJob is a job to enqueue, as the store receives it.
type NewJob struct {
	Kind        string
	Key         string // "" for none
	Payload     string // already sealed
	RunAt       time.Time
	MaxAttempts int // 0: the handler's default
}

// Claim asks the store for the next ready job.
type Claim struct {
	Owner      string    // written as the job's LeaseOwner; unique per claim
	Kinds      []string  // only jobs of these kinds
	Now        time.Time // jobs with RunAt <= Now, or whose lease ended before Now
	LeaseUntil time.Time
}

// Query selects jobs to list.
type Query struct {
	Kind     string   // "" for every kind
	Statuses []Status // empty for every status
	Limit    int      // 0 means 100
}

// Store keeps the queue. It is implemented by the storage adapters (both
// SQLite and PostgreSQL, in internal/storage/sqlstore) and by jobsmem for
// tests. Implementations are safe for concurrent use, including by several
// processes on one database. Times are passed in by the caller (the Queue's
// clock) and stored to the microsecond.
//
// The methods that act on a running job (ExtendJob, ProgressJob, FinishJob,
// RetryJob, FailJob) take the owner that claimed it and change nothing,
// returning an apperr.Conflict error, when the job is no longer running
// under that owner (its lease expired and another claim took it, or it was
// cancelled). Job returns apperr.NotFound for an unknown id.
type Store interface {
	// EnqueueJobs adds jobs as Queued in one transaction and returns their
	// ids in order. A job whose Key is already used by a stored job is not
	// added; its id is that job's.
	EnqueueJobs(ctx context.Context, jobs []NewJob, now time.Time) ([]int64, error)
	// ClaimJob takes the ready job with the earliest RunAt (then lowest id)
	// among c.Kinds — Queued with RunAt <= c.Now, or Running with a lease
	// that ended before c.Now — and marks it Running under c.Owner until
	// c.LeaseUntil, counting one more attempt. Two concurrent claims never
	// take the same job. ok is false when no job is ready.
	ClaimJob(ctx context.Context, c Claim) (j Job, ok bool, err error)
	// ExtendJob moves a running job's lease to until (a heartbeat).
	ExtendJob(ctx context.Context, id int64, owner string, until, now time.Time) error
	// ProgressJob records a running job's progress.
	ProgressJob(ctx context.Context, id int64, owner string, p Progress, now time.Time) error
	// FinishJob marks a running job Done, ends its lease and blanks its
	// payload (LastError is kept: it tells what earlier attempts met).
	FinishJob(ctx context.Context, id int64, owner string, now time.Time) error
	// RetryJob puts a running job back in the queue to run at runAt,
	// recording lastErr.
	RetryJob(ctx context.Context, id int64, owner string, runAt time.Time, lastErr string, now time.Time) error
	// FailJob marks a running job Failed, recording lastErr.
	FailJob(ctx context.Context, id int64, owner string, lastErr string, now time.Time) error
	// CancelJob marks a queued or running job Cancelled (a running
	// handler's next heartbeat then finds its lease gone). A job already
	// final is a Conflict.
	CancelJob(ctx context.Context, id int64, now time.Time) error
	// RequeueJob puts a Failed or Cancelled job back in the queue, to run
	// at runAt with its attempts counted from zero (LastError is kept),
	// or moves a Queued job's RunAt to runAt (its attempts kept): an
	// operator's "try again now". It changes nothing and returns false for
	// a job that is Running or Done (a done job's payload is gone).
	RequeueJob(ctx context.Context, id int64, runAt, now time.Time) (bool, error)
	// Job returns one job.
	Job(ctx context.Context, id int64) (Job, error)
	// Jobs lists jobs matching q, newest first, without their payloads.
	Jobs(ctx context.Context, q Query) ([]Job, error)
	// PruneJobs deletes Done and Cancelled jobs last updated before
	// doneBefore and Failed jobs last updated before failedBefore, and
	// returns how many went.
	PruneJobs(ctx context.Context, doneBefore, failedBefore time.Time) (int, error)

	// TakeLease takes or renews the lease called name for owner until
	// until, if no other owner holds it past now; ok reports whether owner
	// holds it now.
	TakeLease(ctx context.Context, name, owner string, now, until time.Time) (ok bool, err error)
	// ReleaseLease gives up owner's lease called name (nothing if another
	// owner holds it).
	ReleaseLease(ctx context.Context, name, owner string) error

	// JobCursor returns the position stored under name by a periodic task
	// (apperr.NotFound if none was stored yet).
	JobCursor(ctx context.Context, name string) (int64, error)
	// AdvanceJobCursor stores to under name unless a greater value is
	// stored already: cursors never move back.
	AdvanceJobCursor(ctx context.Context, name string, to int64, now time.Time) error
}

// permanent marks an error that retrying cannot cure.
type permanent struct{ err error }

func (p permanent) Error() string { return p.err.Error() }
func (p permanent) Unwrap() error { return p.err }

// Permanent marks err as one that must not be retried: the job fails at
// once (a malformed payload, an address the mail server refuses). A nil
// err stays nil.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return permanent{err}
}

// IsPermanent reports whether err (or an error it wraps) was marked by
// Permanent.
func IsPermanent(err error) bool {
	var p permanent
	return errors.As(err, &p)
}
