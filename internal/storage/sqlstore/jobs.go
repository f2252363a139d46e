package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/jobs"
)

// The job queue (internal/jobs) in three tables of schema version 5: jobs,
// job_leases (periodic tasks) and job_cursors. Claims differ by dialect
// only in Dialect.ClaimLock. Job rows are operational state: no method
// here writes an audit entry.

const jobCols = `id, kind, COALESCE(unique_key, ''), payload, status, attempts, max_attempts, run_at,
	lease_owner, lease_until, last_error, progress_done, progress_total, progress_note, created_at, updated_at, finished_at`

// errLeaseLost is returned by the methods acting on a running job that no
// longer runs under the caller's claim.
func errLeaseLost() error {
	return apperr.New(apperr.Conflict, "The job is no longer running under this claim.")
}

func scanJob(r scanner) (jobs.Job, error) {
	var j jobs.Job
	var status string
	var runAt, leaseUntil, created, updated, finished int64
	err := r.Scan(&j.ID, &j.Kind, &j.Key, &j.Payload, &status, &j.Attempts, &j.MaxAttempts, &runAt,
		&j.LeaseOwner, &leaseUntil, &j.LastError, &j.Progress.Done, &j.Progress.Total, &j.Progress.Note, &created, &updated, &finished)
	j.Status = jobs.Status(status)
	j.RunAt, j.LeaseUntil, j.Created, j.Updated, j.Finished = tm(runAt), tm(leaseUntil), tm(created), tm(updated), tm(finished)
	return j, err
}

// nullKey stores an empty unique key as NULL (which never conflicts).
func nullKey(k string) any {
	if k == "" {
		return nil
	}
	return k
}

// EnqueueJobs implements jobs.Store.
func (db *DB) EnqueueJobs(ctx context.Context, js []jobs.NewJob, now time.Time) ([]int64, error) {
	var ids []int64
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		ids, err = db.enqueueJobs(ctx, tx, js, now)
		return err
	})
	return ids, err
}

// enqueueJobs adds jobs inside tx. Store methods that must enqueue work in
// the same transaction as the change that calls for it use it directly.
func (db *DB) enqueueJobs(ctx context.Context, tx *sql.Tx, js []jobs.NewJob, now time.Time) ([]int64, error) {
	const insert = `INSERT INTO jobs(kind, unique_key, payload, status, max_attempts, run_at, created_at, updated_at)
		VALUES (?, ?, ?, 'queued', ?, ?, ?, ?) ON CONFLICT (unique_key) DO NOTHING RETURNING id`
	ids := make([]int64, len(js))
	for i, j := range js {
		err := db.row(ctx, tx, insert, j.Kind, nullKey(j.Key), j.Payload, j.MaxAttempts, us(j.RunAt), us(now), us(now)).Scan(&ids[i])
		if errors.Is(err, sql.ErrNoRows) && j.Key != "" { // the key is taken: return its job
			err = db.row(ctx, tx, `SELECT id FROM jobs WHERE unique_key = ?`, j.Key).Scan(&ids[i])
		}
		if err != nil {
			return nil, db.translate(err, "enqueueing a job")
		}
	}
	return ids, nil
}

// ClaimJob implements jobs.Store. It looks on the read pool first: most
// polls find nothing, and on SQLite a claim is a write that would queue
// behind the web's writes. The claim itself is one UPDATE of the row
// chosen by a sub-SELECT, which on PostgreSQL locks it FOR UPDATE SKIP
// LOCKED (concurrent claimers pass over it) and on SQLite runs alone on
// the single writer connection.
func (db *DB) ClaimJob(ctx context.Context, c jobs.Claim) (jobs.Job, bool, error) {
	if len(c.Kinds) == 0 {
		return jobs.Job{}, false, nil
	}
	now := us(c.Now)
	ready := `kind IN (` + placeholders(len(c.Kinds)) + `) AND (status = 'queued' AND run_at <= ? OR status = 'running' AND lease_until < ?)`
	args := make([]any, 0, len(c.Kinds)+2)
	for _, k := range c.Kinds {
		args = append(args, k)
	}
	args = append(args, now, now)
	var one int
	err := db.get(ctx, db.R, "", `SELECT 1 FROM jobs WHERE `+ready+` LIMIT 1`, args, &one)
	if apperr.Is(err, apperr.NotFound) {
		return jobs.Job{}, false, nil
	}
	if err != nil {
		return jobs.Job{}, false, err
	}
	q := `UPDATE jobs SET status = 'running', attempts = attempts + 1, lease_owner = ?, lease_until = ?, updated_at = ?
		WHERE id = (SELECT id FROM jobs WHERE ` + ready + ` ORDER BY run_at, id LIMIT 1` + db.d.ClaimLock + `)
		RETURNING ` + jobCols
	rows, err := db.query(ctx, db.W, q, append([]any{c.Owner, us(c.LeaseUntil), now}, args...)...)
	if err != nil {
		return jobs.Job{}, false, err
	}
	defer rows.Close()
	if !rows.Next() {
		return jobs.Job{}, false, db.translate(rows.Err(), q) // taken by another claimer meanwhile
	}
	j, err := scanJob(rows)
	if err != nil {
		return jobs.Job{}, false, db.translate(err, q)
	}
	return j, true, db.translate(rows.Close(), q)
}

// updateRunning runs an UPDATE guarded by "id = ? AND status = 'running'
// AND lease_owner = ?" (the last two arguments) and reports a lost lease
// when it changed nothing.
func (db *DB) updateRunning(ctx context.Context, set string, args ...any) error {
	res, err := db.exec(ctx, db.W, `UPDATE jobs SET `+set+` WHERE id = ? AND status = 'running' AND lease_owner = ?`, args...)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return errLeaseLost()
	}
	return nil
}

// ExtendJob implements jobs.Store.
func (db *DB) ExtendJob(ctx context.Context, id int64, owner string, until, now time.Time) error {
	return db.updateRunning(ctx, `lease_until = ?, updated_at = ?`, us(until), us(now), id, owner)
}

// ProgressJob implements jobs.Store.
func (db *DB) ProgressJob(ctx context.Context, id int64, owner string, p jobs.Progress, now time.Time) error {
	return db.updateRunning(ctx, `progress_done = ?, progress_total = ?, progress_note = ?, updated_at = ?`,
		p.Done, p.Total, p.Note, us(now), id, owner)
}

// FinishJob implements jobs.Store.
func (db *DB) FinishJob(ctx context.Context, id int64, owner string, now time.Time) error {
	return db.updateRunning(ctx, `status = 'done', payload = '', lease_owner = '', lease_until = 0, updated_at = ?, finished_at = ?`,
		us(now), us(now), id, owner)
}

// RetryJob implements jobs.Store.
func (db *DB) RetryJob(ctx context.Context, id int64, owner string, runAt time.Time, lastErr string, now time.Time) error {
	return db.updateRunning(ctx, `status = 'queued', run_at = ?, last_error = ?, lease_owner = '', lease_until = 0, updated_at = ?`,
		us(runAt), lastErr, us(now), id, owner)
}

// FailJob implements jobs.Store.
func (db *DB) FailJob(ctx context.Context, id int64, owner string, lastErr string, now time.Time) error {
	return db.updateRunning(ctx, `status = 'failed', last_error = ?, lease_owner = '', lease_until = 0, updated_at = ?, finished_at = ?`,
		lastErr, us(now), us(now), id, owner)
}

// CancelJob implements jobs.Store.
func (db *DB) CancelJob(ctx context.Context, id int64, now time.Time) error {
	res, err := db.exec(ctx, db.W, `UPDATE jobs SET status = 'cancelled', lease_owner = '', lease_until = 0, updated_at = ?, finished_at = ?
		WHERE id = ? AND status IN ('queued', 'running')`, us(now), us(now), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return nil
	}
	if _, err := db.Job(ctx, id); err != nil {
		return err
	}
	return apperr.New(apperr.Conflict, "The job has finished already.")
}

// RequeueJob implements jobs.Store.
func (db *DB) RequeueJob(ctx context.Context, id int64, runAt, now time.Time) (bool, error) {
	res, err := db.exec(ctx, db.W, `UPDATE jobs SET
		attempts = CASE WHEN status = 'queued' THEN attempts ELSE 0 END,
		status = 'queued', run_at = ?, lease_owner = '', lease_until = 0, finished_at = 0, updated_at = ?
		WHERE id = ? AND status IN ('queued', 'failed', 'cancelled')`, us(runAt), us(now), id)
	if err != nil {
		return false, err
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return true, nil
	}
	_, err = db.Job(ctx, id)
	return false, err
}

// Job implements jobs.Store.
func (db *DB) Job(ctx context.Context, id int64) (jobs.Job, error) {
	q := `SELECT ` + jobCols + ` FROM jobs WHERE id = ?`
	j, err := scanJob(db.row(ctx, db.R, q, id))
	if errors.Is(err, sql.ErrNoRows) {
		return j, apperr.New(apperr.NotFound, "There is no such job.")
	}
	return j, db.translate(err, q)
}

// Jobs implements jobs.Store.
func (db *DB) Jobs(ctx context.Context, jq jobs.Query) ([]jobs.Job, error) {
	var where []string
	var args []any
	if jq.Kind != "" {
		where, args = append(where, `kind = ?`), append(args, jq.Kind)
	}
	if len(jq.Statuses) > 0 {
		where = append(where, `status IN (`+placeholders(len(jq.Statuses))+`)`)
		for _, s := range jq.Statuses {
			args = append(args, string(s))
		}
	}
	limit := jq.Limit
	if limit <= 0 {
		limit = 100
	}
	q := `SELECT ` + strings.Replace(jobCols, "payload", "''", 1) + ` FROM jobs`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	q += ` ORDER BY id DESC LIMIT ?`
	rows, err := db.query(ctx, db.R, q, append(args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []jobs.Job
	for rows.Next() {
		j, err := scanJob(rows)
		if err != nil {
			return nil, db.translate(err, q)
		}
		out = append(out, j)
	}
	return out, db.translate(rows.Err(), q)
}

// pruneBatch is the most jobs deleted per statement, so that pruning never
// holds SQLite's writer for long.
const pruneBatch = 1000

// PruneJobs implements jobs.Store.
func (db *DB) PruneJobs(ctx context.Context, doneBefore, failedBefore time.Time) (int, error) {
	total := 0
	for {
		res, err := db.exec(ctx, db.W, `DELETE FROM jobs WHERE id IN (SELECT id FROM jobs
			WHERE status IN ('done', 'cancelled') AND updated_at < ? OR status = 'failed' AND updated_at < ? LIMIT ?)`,
			us(doneBefore), us(failedBefore), pruneBatch)
		if err != nil {
			return total, err
		}
		n, _ := res.RowsAffected()
		total += int(n)
		if n < pruneBatch {
			return total, nil
		}
	}
}

// TakeLease implements jobs.Store: one upsert that changes the row only
// when it is the caller's or has expired.
func (db *DB) TakeLease(ctx context.Context, name, owner string, now, until time.Time) (bool, error) {
	res, err := db.exec(ctx, db.W, `INSERT INTO job_leases(name, owner, expires_at) VALUES (?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
		WHERE job_leases.owner = excluded.owner OR job_leases.expires_at <= ?`, name, owner, us(until), us(now))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, db.translate(err, "take lease")
}

// ReleaseLease implements jobs.Store.
func (db *DB) ReleaseLease(ctx context.Context, name, owner string) error {
	_, err := db.exec(ctx, db.W, `DELETE FROM job_leases WHERE name = ? AND owner = ?`, name, owner)
	return err
}

// JobCursor implements jobs.Store.
func (db *DB) JobCursor(ctx context.Context, name string) (int64, error) {
	var v int64
	err := db.get(ctx, db.R, "No cursor is stored under this name.", `SELECT value FROM job_cursors WHERE name = ?`, []any{name}, &v)
	return v, err
}

// AdvanceJobCursor implements jobs.Store.
func (db *DB) AdvanceJobCursor(ctx context.Context, name string, to int64, now time.Time) error {
	_, err := db.exec(ctx, db.W, `INSERT INTO job_cursors(name, value, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
		WHERE job_cursors.value < excluded.value`, name, to, us(now))
	return err
}
