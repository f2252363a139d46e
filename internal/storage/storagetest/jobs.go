package storagetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/jobs"
)

// RunJobs runs the job-queue store tests as subtests of t, each on a
// fresh, empty store from open. Run runs them on each database; the
// in-memory store (jobs/jobsmem) runs them too, so that the fake keeps the
// databases' semantics.
func RunJobs(t *testing.T, open func(t *testing.T) jobs.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s jobs.Store, kind string)
	}{
		{"EnqueueUniqueKeys", testJobEnqueue},
		{"ClaimOrder", testJobClaimOrder},
		{"ConcurrentClaims", testJobConcurrentClaims},
		{"LeaseExpiry", testJobLeaseExpiry},
		{"RetryBackoff", testJobRetry},
		{"FailAndCancel", testJobFailCancel},
		{"Requeue", testJobRequeue},
		{"Progress", testJobProgress},
		{"List", testJobList},
		{"Prune", testJobPrune},
		{"Leases", testJobLeases},
		{"Cursors", testJobCursors},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.fn(t, open(t), "test."+tt.name)
		})
	}
}

// jt0 is the suite's clock origin for jobs.
var jt0 = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

func jmust(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func enqueue(t *testing.T, s jobs.Store, now time.Time, js ...jobs.NewJob) []int64 {
	t.Helper()
	ids, err := s.EnqueueJobs(context.Background(), js, now)
	jmust(t, err)
	return ids
}

func claim(t *testing.T, s jobs.Store, owner, kind string, now time.Time) (jobs.Job, bool) {
	t.Helper()
	j, ok, err := s.ClaimJob(context.Background(), jobs.Claim{Owner: owner, Kinds: []string{kind}, Now: now, LeaseUntil: now.Add(30 * time.Second)})
	jmust(t, err)
	return j, ok
}

func getJob(t *testing.T, s jobs.Store, id int64) jobs.Job {
	t.Helper()
	j, err := s.Job(context.Background(), id)
	jmust(t, err)
	return j
}

func wantConflict(t *testing.T, what string, err error) {
	t.Helper()
	if !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("%s: err = %v, want a Conflict", what, err)
	}
}

func testJobEnqueue(t *testing.T, s jobs.Store, kind string) {
	ctx := context.Background()
	runAt := jt0.Add(1500 * time.Microsecond)
	ids := enqueue(t, s, jt0,
		jobs.NewJob{Kind: kind, Key: kind + ":a", Payload: "sealed-a", RunAt: runAt, MaxAttempts: 7},
		jobs.NewJob{Kind: kind, Payload: "no key", RunAt: jt0},
		jobs.NewJob{Kind: kind, Key: kind + ":a", Payload: "again in the same batch", RunAt: jt0},
		jobs.NewJob{Kind: kind, Payload: "no key either", RunAt: jt0},
	)
	if ids[0] != ids[2] || ids[0] == ids[1] || ids[1] == ids[3] {
		t.Fatalf("ids %v: want the keyed twins equal and the rest distinct", ids)
	}
	again := enqueue(t, s, jt0.Add(time.Minute), jobs.NewJob{Kind: kind, Key: kind + ":a", Payload: "later", RunAt: jt0})
	if again[0] != ids[0] {
		t.Fatalf("second enqueue with a used key: id %d, want %d", again[0], ids[0])
	}
	j := getJob(t, s, ids[0])
	if j.Kind != kind || j.Key != kind+":a" || j.Payload != "sealed-a" || j.Status != jobs.Queued || j.MaxAttempts != 7 ||
		!j.RunAt.Equal(runAt) || !j.Created.Equal(jt0) || j.Attempts != 0 || j.LeaseOwner != "" {
		t.Fatalf("stored job = %+v", j)
	}
	if j := getJob(t, s, ids[1]); j.Key != "" || j.Payload != "no key" {
		t.Fatalf("job without key = %+v", j)
	}
	list, err := s.Jobs(ctx, jobs.Query{Kind: kind})
	jmust(t, err)
	if len(list) != 3 {
		t.Fatalf("%d jobs stored, want 3 (the keyed twins are one)", len(list))
	}
	if _, err := s.Job(ctx, ids[3]+1000); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("Job(unknown) err = %v, want NotFound", err)
	}
}

func testJobClaimOrder(t *testing.T, s jobs.Store, kind string) {
	ids := enqueue(t, s, jt0,
		jobs.NewJob{Kind: kind, Payload: "third", RunAt: jt0.Add(2 * time.Second)},
		jobs.NewJob{Kind: kind, Payload: "first", RunAt: jt0.Add(time.Second)},
		jobs.NewJob{Kind: kind, Payload: "second (same time, higher id)", RunAt: jt0.Add(time.Second)},
		jobs.NewJob{Kind: kind, Payload: "future", RunAt: jt0.Add(time.Hour)},
		jobs.NewJob{Kind: kind + ".other", Payload: "another kind", RunAt: jt0},
	)
	now := jt0.Add(10 * time.Second)
	for i, want := range []int64{ids[1], ids[2], ids[0]} {
		j, ok := claim(t, s, fmt.Sprintf("w#%d", i), kind, now)
		if !ok || j.ID != want {
			t.Fatalf("claim %d: got %d (ok %v), want %d", i, j.ID, ok, want)
		}
		if j.Status != jobs.Running || j.Attempts != 1 || j.LeaseOwner != fmt.Sprintf("w#%d", i) || !j.LeaseUntil.Equal(now.Add(30*time.Second)) {
			t.Fatalf("claimed job = %+v", j)
		}
		jmust(t, s.FinishJob(context.Background(), j.ID, j.LeaseOwner, now))
	}
	if j, ok := claim(t, s, "w#x", kind, now); ok {
		t.Fatalf("claimed %+v: the only one left is due in an hour", j)
	}
	if j, ok := claim(t, s, "w#y", kind, jt0.Add(time.Hour)); !ok || j.ID != ids[3] {
		t.Fatalf("at its time, claimed %d (ok %v), want %d", j.ID, ok, ids[3])
	}
	if j, ok := claim(t, s, "w#z", kind+".other", now); !ok || j.ID != ids[4] {
		t.Fatalf("claiming the other kind: %d (ok %v), want %d", j.ID, ok, ids[4])
	}
}

// testJobConcurrentClaims has eight claimers race for 120 jobs (on
// PostgreSQL each on its own pool connection): every job is claimed
// exactly once.
func testJobConcurrentClaims(t *testing.T, s jobs.Store, kind string) {
	const n, claimers = 120, 8
	js := make([]jobs.NewJob, n)
	for i := range js {
		js[i] = jobs.NewJob{Kind: kind, Payload: "x", RunAt: jt0}
	}
	enqueue(t, s, jt0, js...)
	var mu sync.Mutex
	got := map[int64]string{}
	var dup []string
	var wg sync.WaitGroup
	errs := make(chan error, claimers)
	for w := range claimers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				owner := fmt.Sprintf("claimer-%d#%d", w, i)
				j, ok, err := s.ClaimJob(context.Background(), jobs.Claim{Owner: owner, Kinds: []string{kind}, Now: jt0.Add(time.Second), LeaseUntil: jt0.Add(time.Minute)})
				if err != nil {
					errs <- err
					return
				}
				if !ok {
					return
				}
				mu.Lock()
				if prev, seen := got[j.ID]; seen {
					dup = append(dup, fmt.Sprintf("job %d by %s and %s", j.ID, prev, owner))
				}
				got[j.ID] = owner
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if len(dup) > 0 {
		t.Fatalf("jobs claimed twice: %v", dup)
	}
	// A claimer may stop early when another took the job it saw; claim the
	// rest alone.
	for {
		j, ok := claim(t, s, "sweeper", kind, jt0.Add(time.Second))
		if !ok {
			break
		}
		if _, seen := got[j.ID]; seen {
			t.Fatalf("job %d claimed again while its lease holds", j.ID)
		}
		got[j.ID] = "sweeper"
	}
	if len(got) != n {
		t.Fatalf("%d jobs claimed, want %d", len(got), n)
	}
}

func testJobLeaseExpiry(t *testing.T, s jobs.Store, kind string) {
	ctx := context.Background()
	id := enqueue(t, s, jt0, jobs.NewJob{Kind: kind, Payload: "p", RunAt: jt0})[0]
	a, ok := claim(t, s, "A#1", kind, jt0) // lease until jt0+30s
	if !ok || a.ID != id {
		t.Fatalf("claim: %+v %v", a, ok)
	}
	if _, ok := claim(t, s, "B#1", kind, jt0.Add(10*time.Second)); ok {
		t.Fatal("claimed a job whose lease holds")
	}
	jmust(t, s.ExtendJob(ctx, id, "A#1", jt0.Add(60*time.Second), jt0.Add(20*time.Second)))
	if _, ok := claim(t, s, "B#2", kind, jt0.Add(45*time.Second)); ok {
		t.Fatal("claimed a job whose extended lease holds")
	}
	// A's worker dies: after the lease, B takes the job over.
	b, ok := claim(t, s, "B#3", kind, jt0.Add(61*time.Second))
	if !ok || b.ID != id || b.Attempts != 2 || b.LeaseOwner != "B#3" {
		t.Fatalf("reclaim after the lease: %+v %v", b, ok)
	}
	wantConflict(t, "A extends after losing the lease", s.ExtendJob(ctx, id, "A#1", jt0.Add(2*time.Minute), jt0.Add(62*time.Second)))
	wantConflict(t, "A finishes after losing the lease", s.FinishJob(ctx, id, "A#1", jt0.Add(62*time.Second)))
	wantConflict(t, "A retries after losing the lease", s.RetryJob(ctx, id, "A#1", jt0, "x", jt0.Add(62*time.Second)))
	wantConflict(t, "A fails after losing the lease", s.FailJob(ctx, id, "A#1", "x", jt0.Add(62*time.Second)))
	jmust(t, s.FinishJob(ctx, id, "B#3", jt0.Add(70*time.Second)))
	j := getJob(t, s, id)
	if j.Status != jobs.Done || j.Payload != "" || j.LeaseOwner != "" || !j.Finished.Equal(jt0.Add(70*time.Second)) || j.Attempts != 2 {
		t.Fatalf("finished job = %+v", j)
	}
	if _, ok := claim(t, s, "C#1", kind, jt0.Add(time.Hour)); ok {
		t.Fatal("claimed a finished job")
	}
	wantConflict(t, "finishing twice", s.FinishJob(ctx, id, "B#3", jt0.Add(71*time.Second)))
}

func testJobRetry(t *testing.T, s jobs.Store, kind string) {
	ctx := context.Background()
	id := enqueue(t, s, jt0, jobs.NewJob{Kind: kind, Payload: "p", RunAt: jt0})[0]
	claim(t, s, "A#1", kind, jt0)
	retryAt := jt0.Add(4 * time.Second)
	jmust(t, s.RetryJob(ctx, id, "A#1", retryAt, "mail: connecting: connection refused", jt0.Add(time.Second)))
	j := getJob(t, s, id)
	if j.Status != jobs.Queued || !j.RunAt.Equal(retryAt) || j.LastError != "mail: connecting: connection refused" || j.LeaseOwner != "" || j.Attempts != 1 {
		t.Fatalf("after RetryJob: %+v", j)
	}
	if _, ok := claim(t, s, "A#2", kind, retryAt.Add(-time.Microsecond)); ok {
		t.Fatal("claimed before its back-off ended")
	}
	j, ok := claim(t, s, "A#3", kind, retryAt)
	if !ok || j.Attempts != 2 {
		t.Fatalf("claim at the retry time: %+v %v", j, ok)
	}
	jmust(t, s.FinishJob(ctx, id, "A#3", retryAt.Add(time.Second)))
	if j := getJob(t, s, id); j.LastError != "mail: connecting: connection refused" {
		t.Fatalf("LastError after success = %q, want the earlier failure kept", j.LastError)
	}
}

func testJobFailCancel(t *testing.T, s jobs.Store, kind string) {
	ctx := context.Background()
	ids := enqueue(t, s, jt0,
		jobs.NewJob{Kind: kind, Payload: "doomed", RunAt: jt0},
		jobs.NewJob{Kind: kind, Payload: "cancelled while queued", RunAt: jt0.Add(time.Minute)},
		jobs.NewJob{Kind: kind, Payload: "cancelled while running", RunAt: jt0.Add(2 * time.Minute)},
	)
	claim(t, s, "A#1", kind, jt0)
	jmust(t, s.FailJob(ctx, ids[0], "A#1", "mail: invalid message", jt0.Add(time.Second)))
	j := getJob(t, s, ids[0])
	if j.Status != jobs.Failed || j.LastError != "mail: invalid message" || j.Payload != "doomed" || j.Finished.IsZero() {
		t.Fatalf("failed job = %+v (the payload stays, for an operator to look into)", j)
	}
	wantConflict(t, "cancelling a failed job", s.CancelJob(ctx, ids[0], jt0.Add(2*time.Second)))
	jmust(t, s.CancelJob(ctx, ids[1], jt0.Add(2*time.Second)))
	if j := getJob(t, s, ids[1]); j.Status != jobs.Cancelled {
		t.Fatalf("cancelled job = %+v", j)
	}
	r, ok := claim(t, s, "A#2", kind, jt0.Add(3*time.Minute))
	if !ok || r.ID != ids[2] {
		t.Fatalf("claim: %+v %v (neither the failed nor the cancelled job may run)", r, ok)
	}
	jmust(t, s.CancelJob(ctx, ids[2], jt0.Add(3*time.Minute)))
	wantConflict(t, "the heartbeat of a cancelled job", s.ExtendJob(ctx, ids[2], "A#2", jt0.Add(4*time.Minute), jt0.Add(3*time.Minute)))
	if _, ok := claim(t, s, "A#3", kind, jt0.Add(time.Hour)); ok {
		t.Fatal("claimed a failed or cancelled job")
	}
	if err := s.CancelJob(ctx, ids[2]+1000, jt0); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("cancelling an unknown job: %v, want NotFound", err)
	}
}

// testJobRequeue: an operator's retry runs a failed or cancelled job again
// from its first attempt, brings a queued job forward, and leaves running
// and done jobs alone.
func testJobRequeue(t *testing.T, s jobs.Store, kind string) {
	ctx := context.Background()
	ids := enqueue(t, s, jt0,
		jobs.NewJob{Kind: kind, Payload: "failed", RunAt: jt0},
		jobs.NewJob{Kind: kind, Payload: "cancelled", RunAt: jt0},
		jobs.NewJob{Kind: kind, Payload: "waiting out its back-off", RunAt: jt0},
		jobs.NewJob{Kind: kind, Payload: "running", RunAt: jt0},
		jobs.NewJob{Kind: kind, Payload: "done", RunAt: jt0},
	)
	for i, id := range ids {
		j, ok := claim(t, s, fmt.Sprintf("A#%d", i), kind, jt0)
		if !ok || j.ID != id {
			t.Fatalf("claim %d: %+v %v", i, j, ok)
		}
	}
	jmust(t, s.FailJob(ctx, ids[0], "A#0", "gave up after 96 attempts: connection refused", jt0.Add(time.Second)))
	jmust(t, s.CancelJob(ctx, ids[1], jt0.Add(time.Second)))
	jmust(t, s.RetryJob(ctx, ids[2], "A#2", jt0.Add(time.Hour), "connection refused", jt0.Add(time.Second)))
	jmust(t, s.FinishJob(ctx, ids[4], "A#4", jt0.Add(time.Second)))

	at := jt0.Add(10 * time.Second) // within the running job's lease
	for i, want := range []bool{true, true, true, false, false} {
		ok, err := s.RequeueJob(ctx, ids[i], at, at)
		jmust(t, err)
		if ok != want {
			t.Fatalf("requeue job %d (%s): %v, want %v", i, []string{"failed", "cancelled", "queued", "running", "done"}[i], ok, want)
		}
	}
	for i, attempts := range []int{0, 0, 1} {
		j := getJob(t, s, ids[i])
		if j.Status != jobs.Queued || !j.RunAt.Equal(at) || j.Attempts != attempts || !j.Finished.IsZero() || j.LeaseOwner != "" {
			t.Fatalf("job %d after requeue = %+v", i, j)
		}
	}
	if j := getJob(t, s, ids[0]); j.LastError == "" || j.Payload != "failed" {
		t.Fatalf("the failed job lost its last error or payload: %+v", j)
	}
	if j := getJob(t, s, ids[3]); j.Status != jobs.Running || j.LeaseOwner != "A#3" {
		t.Fatalf("requeue touched a running job: %+v", j)
	}
	if j := getJob(t, s, ids[4]); j.Status != jobs.Done {
		t.Fatalf("requeue touched a done job: %+v", j)
	}
	// They run again, oldest RunAt first.
	if j, ok := claim(t, s, "B#1", kind, at); !ok || j.ID != ids[0] || j.Attempts != 1 {
		t.Fatalf("claim after requeue: %+v %v", j, ok)
	}
	if _, err := s.RequeueJob(ctx, ids[4]+1000, at, at); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("requeueing an unknown job: %v, want NotFound", err)
	}
}

func testJobProgress(t *testing.T, s jobs.Store, kind string) {
	ctx := context.Background()
	id := enqueue(t, s, jt0, jobs.NewJob{Kind: kind, Payload: "p", RunAt: jt0})[0]
	claim(t, s, "A#1", kind, jt0)
	jmust(t, s.ProgressJob(ctx, id, "A#1", jobs.Progress{Done: 3, Total: 20, Note: "drawing the panel"}, jt0.Add(time.Second)))
	j := getJob(t, s, id)
	if j.Progress != (jobs.Progress{Done: 3, Total: 20, Note: "drawing the panel"}) || !j.Updated.Equal(jt0.Add(time.Second)) {
		t.Fatalf("progress = %+v, updated %v", j.Progress, j.Updated)
	}
	wantConflict(t, "progress from another claim", s.ProgressJob(ctx, id, "B#1", jobs.Progress{Done: 4}, jt0.Add(2*time.Second)))
}

func testJobList(t *testing.T, s jobs.Store, kind string) {
	ctx := context.Background()
	ids := enqueue(t, s, jt0,
		jobs.NewJob{Kind: kind, Payload: "secret-1", RunAt: jt0},
		jobs.NewJob{Kind: kind, Payload: "secret-2", RunAt: jt0.Add(time.Hour)},
		jobs.NewJob{Kind: kind + ".b", Payload: "secret-3", RunAt: jt0},
	)
	claim(t, s, "A#1", kind, jt0)
	all, err := s.Jobs(ctx, jobs.Query{Kind: kind})
	jmust(t, err)
	if len(all) != 2 || all[0].ID != ids[1] || all[1].ID != ids[0] || all[0].Payload != "" || all[1].Payload != "" {
		t.Fatalf("Jobs(kind) = %+v: want both, newest first, no payloads", all)
	}
	running, err := s.Jobs(ctx, jobs.Query{Kind: kind, Statuses: []jobs.Status{jobs.Running}})
	jmust(t, err)
	if len(running) != 1 || running[0].ID != ids[0] || running[0].Status != jobs.Running {
		t.Fatalf("Jobs(running) = %+v", running)
	}
	one, err := s.Jobs(ctx, jobs.Query{Kind: kind, Limit: 1})
	jmust(t, err)
	if len(one) != 1 {
		t.Fatalf("Limit 1 gave %d", len(one))
	}
}

func testJobPrune(t *testing.T, s jobs.Store, kind string) {
	ctx := context.Background()
	// done long ago, done lately, failed long ago, failed lately, queued long ago
	ids := enqueue(t, s, jt0,
		jobs.NewJob{Kind: kind, Key: kind + ":old-done", RunAt: jt0},
		jobs.NewJob{Kind: kind, RunAt: jt0.Add(time.Second)},
		jobs.NewJob{Kind: kind, RunAt: jt0.Add(2 * time.Second)},
		jobs.NewJob{Kind: kind, RunAt: jt0.Add(3 * time.Second)},
		jobs.NewJob{Kind: kind, RunAt: jt0.Add(24 * time.Hour)},
	)
	day := 24 * time.Hour
	finish := func(i int, at time.Time, fail bool) {
		j, ok := claim(t, s, fmt.Sprintf("A#%d", i), kind, jt0.Add(time.Hour))
		if !ok || j.ID != ids[i] {
			t.Fatalf("claim %d: %+v %v", i, j, ok)
		}
		if fail {
			jmust(t, s.FailJob(ctx, j.ID, j.LeaseOwner, "x", at))
		} else {
			jmust(t, s.FinishJob(ctx, j.ID, j.LeaseOwner, at))
		}
	}
	finish(0, jt0.Add(time.Hour), false)
	finish(1, jt0.Add(9*day), false)
	finish(2, jt0.Add(2*day), true)
	finish(3, jt0.Add(9*day), true)
	// Done jobs older than jt0+3 days go, failed ones older than jt0+5 days.
	n, err := s.PruneJobs(ctx, jt0.Add(3*day), jt0.Add(5*day))
	jmust(t, err)
	if n != 2 {
		t.Fatalf("pruned %d, want 2 (the old done and the old failed job)", n)
	}
	for i, gone := range []bool{true, false, true, false, false} {
		_, err := s.Job(ctx, ids[i])
		if gone != apperr.Is(err, apperr.NotFound) {
			t.Fatalf("job %d: err %v, gone should be %v", i, err, gone)
		}
	}
	again := enqueue(t, s, jt0.Add(10*day), jobs.NewJob{Kind: kind, Key: kind + ":old-done", RunAt: jt0})
	if again[0] == ids[0] {
		t.Fatal("a pruned job's key still returned its old id")
	}
}

func testJobLeases(t *testing.T, s jobs.Store, kind string) {
	ctx := context.Background()
	name := kind + ".scan"
	take := func(owner string, now, until time.Time) bool {
		t.Helper()
		ok, err := s.TakeLease(ctx, name, owner, now, until)
		jmust(t, err)
		return ok
	}
	if !take("A", jt0, jt0.Add(10*time.Second)) {
		t.Fatal("A could not take a free lease")
	}
	if take("B", jt0.Add(5*time.Second), jt0.Add(15*time.Second)) {
		t.Fatal("B took A's lease before it expired")
	}
	if !take("A", jt0.Add(8*time.Second), jt0.Add(20*time.Second)) {
		t.Fatal("A could not renew its own lease")
	}
	if take("B", jt0.Add(15*time.Second), jt0.Add(25*time.Second)) {
		t.Fatal("B took A's renewed lease")
	}
	if !take("B", jt0.Add(20*time.Second), jt0.Add(30*time.Second)) {
		t.Fatal("B could not take A's expired lease")
	}
	if take("A", jt0.Add(21*time.Second), jt0.Add(31*time.Second)) {
		t.Fatal("A took its lost lease back while B holds it")
	}
	jmust(t, s.ReleaseLease(ctx, name, "A")) // not A's: nothing happens
	if take("A", jt0.Add(22*time.Second), jt0.Add(32*time.Second)) {
		t.Fatal("A's release freed B's lease")
	}
	jmust(t, s.ReleaseLease(ctx, name, "B"))
	if !take("A", jt0.Add(23*time.Second), jt0.Add(33*time.Second)) {
		t.Fatal("A could not take a released lease")
	}
}

func testJobCursors(t *testing.T, s jobs.Store, kind string) {
	ctx := context.Background()
	name := kind + ".cursor"
	if _, err := s.JobCursor(ctx, name); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("unset cursor: err %v, want NotFound", err)
	}
	for _, step := range []struct{ to, want int64 }{{5, 5}, {3, 5}, {9, 9}, {9, 9}} {
		jmust(t, s.AdvanceJobCursor(ctx, name, step.to, jt0))
		v, err := s.JobCursor(ctx, name)
		jmust(t, err)
		if v != step.want {
			t.Fatalf("after advancing to %d: %d, want %d (cursors never move back)", step.to, v, step.want)
		}
	}
}
