package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strings"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/gather"
)

// Group commit for supports.
//
// Supports are the hot write: hundreds of people at once, each a tiny
// transaction whose cost is dominated by the commit (for SQLite, writing
// the same few pages to the WAL again; for PostgreSQL, a WAL flush). With
// batching on, AddSupport and RemoveSupport hand their work to a batcher
// goroutine that runs every request waiting at that moment in ONE
// transaction of a few multi-row statements, commits once, and only then
// answers each caller (if the batch fails, each request is retried alone,
// so one bad request cannot fail the others).
// Nothing is acknowledged before its commit, so durability is unchanged;
// under light load a batch is a single request and latency is as before.
//
// Counter updates in a batch are made in issue-id order so concurrent
// batchers (PostgreSQL runs several) take row locks in the same order and
// cannot deadlock.

// maxBatch bounds the requests committed together.
const maxBatch = 256

type supportReq struct {
	s      gather.Support
	ev     audit.Event
	remove bool
	done   chan supportRes
}

type supportRes struct {
	changed bool
	err     error
}

// StartBatching starts n batcher goroutines for supports (0 or less: off).
// Call it before serving; StopBatching (via Close) ends them.
func (db *DB) StartBatching(n int) {
	if n <= 0 || db.batch != nil {
		return
	}
	db.batch = make(chan *supportReq, 4*maxBatch)
	db.batchDone = make(chan struct{})
	db.batchers = n
	for range n {
		go db.batcher()
	}
}

func (db *DB) stopBatching() {
	if db.batch == nil {
		return
	}
	db.batchMu.Lock()
	db.batchClosed = true
	close(db.batch)
	db.batchMu.Unlock()
	for range db.batchers {
		<-db.batchDone
	}
}

func (db *DB) batcher() {
	defer func() { db.batchDone <- struct{}{} }()
	for first := range db.batch {
		reqs := []*supportReq{first}
	drain:
		for len(reqs) < maxBatch {
			select {
			case r, ok := <-db.batch:
				if !ok {
					break drain
				}
				reqs = append(reqs, r)
			default:
				break drain
			}
		}
		db.runBatch(reqs)
	}
}

// runBatch commits reqs together: one multi-row INSERT (or DELETE) of the
// support rows whose RETURNING clause says which changed, one counter
// UPDATE per issue, one multi-row INSERT of the audit entries. If the batch
// fails as a whole (say one request names a missing issue), every request
// is retried in its own transaction so each gets its own answer.
func (db *DB) runBatch(reqs []*supportReq) {
	// A person's second request for the same issue in one batch waits for
	// the next batch, so each batch has distinct (issue, user) pairs.
	type pair struct{ issue, user int64 }
	seen := make(map[pair]bool, len(reqs))
	var now, later []*supportReq
	for _, r := range reqs {
		k := pair{r.s.IssueID, r.s.UserID}
		if seen[k] {
			later = append(later, r)
			continue
		}
		seen[k] = true
		now = append(now, r)
	}
	// Rows in (issue, user) order: two batchers (or two servers) inserting
	// overlapping rows then wait on each other in one direction only.
	slices.SortFunc(now, func(a, b *supportReq) int {
		if c := cmp.Compare(a.s.IssueID, b.s.IssueID); c != 0 {
			return c
		}
		return cmp.Compare(a.s.UserID, b.s.UserID)
	})
	res := make([]supportRes, len(now))
	ctx := context.Background()
	err := db.tx(ctx, func(tx *sql.Tx) error { return db.applyBatch(ctx, tx, now, res) })
	if err != nil {
		for i, r := range now {
			res[i].changed, res[i].err = db.single(ctx, r)
		}
	}
	for i, r := range now {
		r.done <- res[i]
	}
	if len(later) > 0 {
		db.runBatch(later)
	}
}

func (db *DB) single(ctx context.Context, r *supportReq) (changed bool, err error) {
	err = db.tx(ctx, func(tx *sql.Tx) error {
		if r.remove {
			changed, err = db.removeSupport(ctx, tx, r.s.IssueID, r.s.UserID, r.ev)
		} else {
			changed, err = db.addSupport(ctx, tx, r.s, r.ev)
		}
		return err
	})
	return changed, err
}

func (db *DB) execRaw(ctx context.Context, tx *sql.Tx, query string, args ...any) (*sql.Rows, error) {
	if db.d.Numbered {
		query = Rebind(query)
	}
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, db.translate(err, query)
	}
	return rows, nil
}

func (db *DB) applyBatch(ctx context.Context, tx *sql.Tx, reqs []*supportReq, res []supportRes) error {
	clear(res) // a retried transaction starts again from nothing
	type pair struct{ issue, user int64 }
	index := make(map[pair]int, len(reqs))
	var adds, removes []any
	nAdd, nRem := 0, 0
	for i, r := range reqs {
		index[pair{r.s.IssueID, r.s.UserID}] = i
		if r.remove {
			removes = append(removes, r.s.IssueID, r.s.UserID)
			nRem++
		} else {
			adds = append(adds, r.s.IssueID, r.s.UserID, us(r.s.Created))
			nAdd++
		}
	}
	if db.d.LockIssues != "" {
		// Lock the issue rows first, in id order, so concurrent batchers
		// (or servers) queue instead of deadlocking. NO KEY UPDATE is the
		// lock the counter UPDATE takes anyway, and unlike FOR UPDATE it
		// does not clash with the KEY SHARE locks other transactions'
		// foreign-key checks hold on the same rows.
		ids := make([]int64, 0, len(reqs))
		for _, r := range reqs {
			if len(ids) == 0 || ids[len(ids)-1] != r.s.IssueID {
				ids = append(ids, r.s.IssueID) // reqs are sorted by issue
			}
		}
		rows, err := db.execRaw(ctx, tx, `SELECT id FROM issues WHERE id IN (`+placeholders(len(ids))+`) ORDER BY id`+db.d.LockIssues, int64Args(ids)...)
		if err != nil {
			return err
		}
		rows.Close()
	}
	type delta struct {
		n int
		w float64
	}
	deltas := map[int64]*delta{}
	bump := func(issue int64, n int, w float64) {
		d := deltas[issue]
		if d == nil {
			d = &delta{}
			deltas[issue] = d
		}
		d.n += n
		d.w += w
	}
	if nAdd > 0 {
		rows, err := db.execRaw(ctx, tx, `INSERT INTO supports(issue_id, user_id, created_at)
			SELECT v.column1, v.column2, v.column3 FROM (VALUES `+castTuples(nAdd, "BIGINT", "BIGINT", "BIGINT")+`) AS v
			JOIN issues i ON i.id = v.column1 WHERE i.status = 'open'
			ON CONFLICT DO NOTHING RETURNING issue_id, user_id`, adds...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var k pair
			if err := rows.Scan(&k.issue, &k.user); err != nil {
				rows.Close()
				return db.translate(err, "batch insert")
			}
			i := index[k]
			res[i].changed = true
			bump(k.issue, 1, gather.TrendWeight(reqs[i].s.Created))
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return db.translate(err, "batch insert")
		}
	}
	if nRem > 0 {
		rows, err := db.execRaw(ctx, tx, `DELETE FROM supports WHERE (issue_id, user_id) IN (VALUES `+tuples(nRem, 2)+
			`) RETURNING issue_id, user_id, created_at`, removes...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var k pair
			var created int64
			if err := rows.Scan(&k.issue, &k.user, &created); err != nil {
				rows.Close()
				return db.translate(err, "batch delete")
			}
			res[index[k]].changed = true
			bump(k.issue, -1, -gather.TrendWeight(tm(created)))
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return db.translate(err, "batch delete")
		}
	}
	if len(deltas) > 0 {
		issues := make([]int64, 0, len(deltas))
		for id := range deltas {
			issues = append(issues, id)
		}
		slices.Sort(issues)
		args := make([]any, 0, 3*len(issues))
		for _, id := range issues {
			args = append(args, id, deltas[id].n, deltas[id].w)
		}
		rows, err := db.execRaw(ctx, tx, `UPDATE issues SET supports = supports + v.column2, trend = trend + v.column3
			FROM (VALUES `+castTuples(len(issues), "BIGINT", "BIGINT", "DOUBLE PRECISION")+`) AS v WHERE issues.id = v.column1`, args...)
		if err != nil {
			return err
		}
		rows.Close()
	}
	var evs []any
	n := 0
	for i, r := range reqs {
		if !res[i].changed {
			continue
		}
		ev := r.ev
		if ev.Object == "" {
			ev.Object = audit.ObjectRef("issue", r.s.IssueID)
		}
		details, err := encodeDetails(ev.Details)
		if err != nil {
			return err
		}
		evs = append(evs, us(ev.Time), ev.Actor, ev.Action, ev.Object, details)
		n++
	}
	if n > 0 {
		rows, err := db.execRaw(ctx, tx, `INSERT INTO audit_log(at, actor, action, object, details) VALUES `+tuples(n, 5), evs...)
		if err != nil {
			return err
		}
		rows.Close()
	}
	return nil
}

// castTuples returns n tuples of typed placeholders,
// "(CAST(? AS BIGINT), CAST(? AS TEXT)), ...", so VALUES lists have the
// same column types in both databases (PostgreSQL cannot infer them).
func castTuples(n int, types ...string) string {
	parts := make([]string, len(types))
	for i, t := range types {
		parts[i] = "CAST(? AS " + t + ")"
	}
	one := "(" + strings.Join(parts, ", ") + ")"
	return strings.TrimSuffix(strings.Repeat(one+", ", n), ", ")
}

// tuples returns "(?, ?), (?, ?)" for n tuples of width w.
func tuples(n, w int) string {
	one := "(" + placeholders(w) + ")"
	var b strings.Builder
	b.Grow(n * (len(one) + 2))
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(one)
	}
	return b.String()
}

// submit queues a request and waits for its commit.
func (db *DB) submit(ctx context.Context, r *supportReq) (bool, error) {
	r.done = make(chan supportRes, 1)
	db.batchMu.RLock()
	if db.batchClosed {
		db.batchMu.RUnlock()
		return false, apperr.New(apperr.Unavailable, "The database is shutting down.")
	}
	select {
	case db.batch <- r:
		db.batchMu.RUnlock()
	case <-ctx.Done():
		db.batchMu.RUnlock()
		return false, db.translate(ctx.Err(), "queueing support")
	}
	// Once queued the request will be committed or fail; wait for the
	// answer even if the caller gives up, so it is never half-known.
	res := <-r.done
	return res.changed, res.err
}
