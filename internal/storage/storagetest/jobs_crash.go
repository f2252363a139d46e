package storagetest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/jobs"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/sealed"
)

// JobCrashChildEnv names the environment variable that turns a test
// binary into the job crash test's worker process.
const JobCrashChildEnv = "FOLKMOOT_JOB_CRASH_CHILD"

// jobCrashKind is the crash test's kind of job: it adds a user with the
// email address in its payload — a keyed write (addresses are unique), so
// running it twice adds one user — reports progress, and on its first
// attempt then works for a minute (the test kills it meanwhile).
const jobCrashKind = "test.crash.add-user"

// jobCrashLease is the workers' lease: after a SIGKILL the job waits this
// long before another worker takes it.
const jobCrashLease = 2 * time.Second

type jobCrashPayload struct{ Email string }

func jobCrashQueue(s Store) *jobs.Queue {
	q := jobs.New(s, jobs.Options{Lease: jobCrashLease, Poll: 50 * time.Millisecond, Sealer: sealed.MustTest(), KeepDone: -1})
	ps := people.NewService(s, people.Config{})
	q.Handle(jobCrashKind, func(ctx context.Context, t *jobs.Task) error {
		var p jobCrashPayload
		if err := json.Unmarshal(t.Payload, &p); err != nil {
			return jobs.Permanent(err)
		}
		_, err := ps.AddUser(ctx, people.System, p.Email, "Crash effect")
		if err != nil && !apperr.Is(err, apperr.Conflict) { // Conflict: an earlier attempt added them
			return err
		}
		t.Progress(1, 2, "user added")
		if t.Attempt == 1 {
			select {
			case <-time.After(time.Minute):
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		t.Progress(2, 2, "done")
		return nil
	}, jobs.HandlerOptions{MaxAttempts: 5})
	return q
}

// JobCrashChild is called by an adapter's job crash test when
// JobCrashChildEnv is set: it opens the store and runs a worker for the
// crash test's jobs until it is killed. It never returns.
func JobCrashChild(open func() (Store, error)) {
	s, err := open()
	if err != nil {
		fmt.Fprintln(os.Stderr, "job crash child:", err)
		os.Exit(3)
	}
	jobCrashQueue(s).Run(context.Background())
	os.Exit(0)
}

// JobCrashTest checks that a job whose worker is SIGKILLed mid-run
// completes after a restart and that its effect lands once. It enqueues a
// job, runs the calling test binary again as a worker process (test
// testName, with JobCrashChildEnv=1 and extraEnv), waits until the job's
// progress row shows that the handler made its effect and is still
// running, kills the worker with SIGKILL, then starts a new worker (in
// this process) and checks that the job completes on attempt 2 and that
// the effect exists exactly once. open opens the test's database (the
// child is told how by extraEnv).
func JobCrashTest(t *testing.T, testName string, extraEnv []string, open func() (Store, error)) {
	t.Helper()
	ctx := context.Background()
	s, err := open()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	q := jobCrashQueue(s)
	const email = "crash-effect@example.org"
	payload, _ := json.Marshal(jobCrashPayload{Email: email})
	id, err := q.Enqueue(ctx, jobs.Request{Kind: jobCrashKind, Key: "crash:" + email, Payload: payload})
	if err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(os.Args[0], "-test.run", "^"+testName+"$", "-test.count=1")
	cmd.Env = append(append(os.Environ(), JobCrashChildEnv+"=1"), extraEnv...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	killed := false
	defer func() {
		if !killed {
			cmd.Process.Kill()
			cmd.Wait()
		}
	}()
	j := waitJob(t, s, id, 30*time.Second, "the child's progress row", func(j jobs.Job) bool {
		return j.Status == jobs.Running && j.Progress.Done == 1
	})
	if j.Attempts != 1 {
		t.Fatalf("the child runs attempt %d, want 1", j.Attempts)
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL: no deferred code, no lease released
		t.Fatal(err)
	}
	cmd.Wait()
	killed = true
	killedAt := time.Now()
	if _, err := s.UserByEmail(ctx, email); err != nil {
		t.Fatalf("the effect the child reported is not in the database: %v", err)
	}

	// A new worker: it waits out the dead worker's lease, then reruns.
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { jobCrashQueue(s).Run(runCtx); close(done) }()
	defer func() { stop(); <-done }()
	j = waitJob(t, s, id, 30*time.Second, "done", func(j jobs.Job) bool { return j.Status == jobs.Done })
	if j.Attempts != 2 {
		t.Fatalf("the job finished on attempt %d, want 2", j.Attempts)
	}
	if waited := time.Since(killedAt); waited < jobCrashLease/2 {
		t.Fatalf("the job ran again %v after the kill, before the dead worker's lease ended", waited)
	}
	u, err := s.UserByEmail(ctx, email)
	if err != nil {
		t.Fatal(err)
	}
	users, err := s.Users(ctx, people.UserQuery{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, v := range users {
		if v.Email == email {
			n++
		}
	}
	entries, err := s.AuditEntriesFor(ctx, fmt.Sprintf("user:%d", u.ID), 10)
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 || len(entries) != 1 {
		t.Fatalf("the effect landed %d times (%d audit entries), want once", n, len(entries))
	}
	t.Logf("SIGKILL during attempt 1; the job completed on attempt 2 %v after the kill; one user, one audit entry",
		j.Finished.Sub(killedAt).Round(time.Millisecond))
}

func waitJob(t *testing.T, s jobs.Store, id int64, limit time.Duration, what string, cond func(jobs.Job) bool) jobs.Job {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		j, err := s.Job(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if cond(j) {
			return j
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %d: waited %v for %s: %+v", id, limit, what, j)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
