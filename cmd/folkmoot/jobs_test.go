package main

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/jobs"
	"github.com/folkmoot/folkmoot/internal/sealed"
	"github.com/folkmoot/folkmoot/internal/storage"
)

// jobsFixture makes a database holding a failed, a queued (waiting out a
// back-off), a running and a done mail job, each with a payload naming a
// person, and returns the database and the jobs' ids in that order.
func jobsFixture(t *testing.T) (db string, st storage.Store, ids [4]int64) {
	t.Helper()
	ctx := context.Background()
	db = filepath.Join(t.TempDir(), "jobs.db")
	t.Setenv("FOLKMOOT_DB", "")
	t.Setenv("FOLKMOOT_DATA_KEY", testKeyEnv)
	t.Setenv("FOLKMOOT_DATA_KEY_FILE", "")
	if _, _, err := storage.Migrate(ctx, db, nil); err != nil {
		t.Fatal(err)
	}
	st, err := storage.Open(ctx, db, storage.Options{Keys: sealed.MustTest()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	q := jobs.New(st, jobs.Options{Sealer: sealed.MustTest()})
	for i := range ids {
		id, err := q.Enqueue(ctx, jobs.Request{Kind: "mail.send", Payload: []byte(`{"To":"payload-person@example.org","Body":"secret sign-in link"}`)})
		must(t, err)
		ids[i] = id
		now := time.Now()
		j, ok, err := st.ClaimJob(ctx, jobs.Claim{Owner: "cli-test#" + strconv.Itoa(i), Kinds: []string{"mail.send"}, Now: now, LeaseUntil: now.Add(time.Hour)})
		if err != nil || !ok || j.ID != id {
			t.Fatalf("claim %d: %+v %v %v", i, j, ok, err)
		}
	}
	now := time.Now()
	refusal := "mail: the server refuses the recipient: 550 5.1.1 <refused-person@example.org>: Recipient address rejected: " +
		"User unknown in virtual mailbox table (this part is long enough to be cut)"
	must(t, st.FailJob(ctx, ids[0], "cli-test#0", refusal, now))
	must(t, st.RetryJob(ctx, ids[1], "cli-test#1", now.Add(10*time.Minute), "mail: connecting to 127.0.0.1:2525: connection refused", now))
	must(t, st.ProgressJob(ctx, ids[2], "cli-test#2", jobs.Progress{Done: 3, Total: 20, Note: "drawing\tthe panel"}, now))
	must(t, st.FinishJob(ctx, ids[3], "cli-test#3", now))
	return db, st, ids
}

func TestJobsList(t *testing.T) {
	db, _, ids := jobsFixture(t)
	code, out, errs := run(t, "jobs", "list", "--db", db)
	if code != 0 {
		t.Fatalf("jobs list: exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 5 || !strings.HasPrefix(lines[0], "ID") || !strings.Contains(lines[0], "LAST ERROR") {
		t.Fatalf("jobs list:\n%s", out)
	}
	// Newest first: done, running, queued, failed.
	for i, want := range []string{"done", "running", "queued", "failed"} {
		f := strings.Fields(lines[i+1])
		if f[0] != strconv.FormatInt(ids[3-i], 10) || f[1] != "mail.send" || f[2] != want || f[3] != "1" {
			t.Errorf("row %d: %q, want job %d %s with 1 attempt", i+1, lines[i+1], ids[3-i], want)
		}
	}
	for _, secret := range []string{"payload-person", "secret sign-in", "refused-person", "@example.org"} {
		if strings.Contains(out, secret) {
			t.Errorf("jobs list shows %q:\n%s", secret, out)
		}
	}
	if !strings.Contains(out, "3/20 drawing the panel") || !strings.Contains(out, "mail: the server refuses") ||
		!strings.Contains(out, "…") || !strings.Contains(out, "long enough to be cut)") {
		t.Errorf("jobs list lacks the progress or the cut error's start and end:\n%s", out)
	}
	if next := time.Now().Add(10 * time.Minute).UTC().Format("2006-01-02 15:04"); !strings.Contains(lines[3], next) {
		t.Errorf("the queued job's RUN AT is not its back-off time %s: %q", next, lines[3])
	}

	code, out, _ = run(t, "jobs", "list", "--db", db, "--status", "failed,queued", "--kind", "mail.send")
	if code != 0 || strings.Count(strings.TrimSpace(out), "\n") != 2 || strings.Contains(out, "running") {
		t.Fatalf("jobs list --status failed,queued: exit %d\n%s", code, out)
	}
	if code, out, errs := run(t, "jobs", "list", "--db", db, "--kind", "selection.run"); code != 0 || strings.Count(out, "\n") != 1 || !strings.Contains(errs, "No jobs") {
		t.Fatalf("jobs list of a kind with none: exit %d %q %q", code, out, errs)
	}
	if code, _, errs := run(t, "jobs", "list", "--db", db, "--status", "stuck"); code != 2 || !strings.Contains(errs, "unknown status") {
		t.Fatalf("jobs list --status stuck: exit %d %q", code, errs)
	}
}

func TestJobsShow(t *testing.T) {
	db, _, ids := jobsFixture(t)
	code, out, errs := run(t, "jobs", "show", "--db", db, strconv.FormatInt(ids[0], 10))
	if code != 0 {
		t.Fatalf("jobs show: exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "(this part is long enough to be cut)") || !strings.Contains(out, "550 5.1.1 <address>") || strings.Contains(out, "@") {
		t.Fatalf("jobs show should give the whole error with the address hidden:\n%s", out)
	}
	code, out, _ = run(t, "jobs", "show", "--db", db, strconv.FormatInt(ids[2], 10))
	if code != 0 || !strings.Contains(out, "cli-test#2") || strings.Contains(out, "payload") {
		t.Fatalf("jobs show of a running job names its worker, not its payload: %d\n%s", code, out)
	}
	if code, _, errs := run(t, "jobs", "show", "--db", db, "99999"); code != 1 || !strings.Contains(errs, "no such job") {
		t.Fatalf("jobs show of an unknown job: exit %d %q", code, errs)
	}
}

func TestJobsRetryAndCancel(t *testing.T) {
	db, st, ids := jobsFixture(t)
	ctx := context.Background()
	id := func(i int) string { return strconv.FormatInt(ids[i], 10) }

	// A failed job runs again from its first attempt, at once.
	code, out, errs := run(t, "jobs", "retry", "--db", db, id(0))
	if code != 0 || !strings.Contains(out, "queued to run now, attempt 1") {
		t.Fatalf("jobs retry of a failed job: exit %d %q %q", code, out, errs)
	}
	j, err := st.Job(ctx, ids[0])
	must(t, err)
	if j.Status != jobs.Queued || j.Attempts != 0 || time.Until(j.RunAt) > time.Second {
		t.Fatalf("after retry: %+v", j)
	}
	// A queued job comes forward from the end of its back-off.
	if code, out, _ := run(t, "jobs", "retry", "--db", db, id(1)); code != 0 || !strings.Contains(out, "attempt 2") {
		t.Fatalf("jobs retry of a queued job: exit %d %q", code, out)
	}
	if j, _ := st.Job(ctx, ids[1]); time.Until(j.RunAt) > time.Second || j.Attempts != 1 {
		t.Fatalf("the queued job after retry: %+v", j)
	}
	if code, _, errs := run(t, "jobs", "retry", "--db", db, id(2)); code != 1 || !strings.Contains(errs, "running now") {
		t.Fatalf("jobs retry of a running job: exit %d %q", code, errs)
	}
	if code, _, errs := run(t, "jobs", "retry", "--db", db, id(3)); code != 1 || !strings.Contains(errs, "is done") {
		t.Fatalf("jobs retry of a done job: exit %d %q", code, errs)
	}

	// Cancel a running job, then a queued one; a cancelled one cannot be again.
	if code, out, _ := run(t, "jobs", "cancel", "--db", db, id(2)); code != 0 || !strings.Contains(out, "next heartbeat") {
		t.Fatalf("jobs cancel of a running job: exit %d %q", code, out)
	}
	if code, out, _ := run(t, "jobs", "cancel", "--db", db, id(1)); code != 0 || !strings.Contains(out, "is cancelled.") {
		t.Fatalf("jobs cancel of a queued job: exit %d %q", code, out)
	}
	if code, _, errs := run(t, "jobs", "cancel", "--db", db, id(1)); code != 1 || !strings.Contains(errs, "cancelled already") {
		t.Fatalf("jobs cancel twice: exit %d %q", code, errs)
	}
	for _, i := range []int{1, 2} {
		if j, _ := st.Job(ctx, ids[i]); j.Status != jobs.Cancelled {
			t.Fatalf("job %d after cancel: %+v", ids[i], j)
		}
	}
	// A cancelled job can be retried.
	if code, _, errs := run(t, "jobs", "retry", "--db", db, id(2)); code != 0 {
		t.Fatalf("jobs retry of a cancelled job: exit %d %q", code, errs)
	}
	if code, _, errs := run(t, "jobs", "retry", "--db", db, "99999"); code != 1 || !strings.Contains(errs, "no such job") {
		t.Fatalf("jobs retry of an unknown job: exit %d %q", code, errs)
	}
}

func TestJobsUsage(t *testing.T) {
	db, _, _ := jobsFixture(t)
	t.Setenv("FOLKMOOT_DB", db)
	for _, args := range [][]string{{"jobs"}, {"jobs", "frobnicate"}, {"jobs", "retry"}, {"jobs", "retry", "abc"},
		{"jobs", "cancel", "1", "2"}, {"jobs", "list", "--limit", "0"}} {
		if code, _, errs := run(t, args...); code != 2 {
			t.Errorf("%v: exit %d (%s), want 2", args, code, errs)
		}
	}
	code, _, errs := run(t, "jobs", "-h")
	if code != 0 || !strings.Contains(errs, "retry ID") || !strings.Contains(errs, "never shown") {
		t.Fatalf("jobs -h: exit %d %q", code, errs)
	}
	if code, _, errs := run(t, "jobs", "list", "-h"); code != 0 || !strings.Contains(errs, "-status") {
		t.Fatalf("jobs list -h: exit %d %q", code, errs)
	}
}
