package jobs_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/jobs"
	"github.com/folkmoot/folkmoot/internal/jobs/jobsmem"
	"github.com/folkmoot/folkmoot/internal/sealed"
)

func TestBackoffDelay(t *testing.T) {
	def := jobs.Backoff{}
	custom := jobs.Backoff{Base: 100 * time.Millisecond, Cap: time.Second}
	tests := []struct {
		name    string
		b       jobs.Backoff
		attempt int
		jitter  float64
		want    time.Duration
	}{
		{"first, no jitter", def, 1, 0, time.Second},
		{"first, most jitter", def, 1, 0.999999, 2*time.Second - 2*time.Microsecond},
		{"second doubles", def, 2, 0, 2 * time.Second},
		{"fourth", def, 4, 0.5, 12 * time.Second},
		{"capped at 15 minutes", def, 30, 0, 450 * time.Second},
		{"capped, full jitter", def, 1000, 1, 15 * time.Minute},
		{"custom base", custom, 1, 0, 50 * time.Millisecond},
		{"custom cap", custom, 10, 1, time.Second},
		{"jitter out of range is clamped", custom, 1, 7, 100 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.b.Delay(tt.attempt, tt.jitter)
			if diff := got - tt.want; diff < -time.Microsecond || diff > time.Microsecond {
				t.Fatalf("Delay(%d, %v) = %v, want %v", tt.attempt, tt.jitter, got, tt.want)
			}
		})
	}
}

// harness is a queue over an in-memory store, running until the test ends.
type harness struct {
	t     *testing.T
	store *jobsmem.Store
	q     *jobs.Queue
	stop  func()
}

func newHarness(t *testing.T, o jobs.Options) *harness {
	t.Helper()
	if o.Lease == 0 {
		o.Lease = 300 * time.Millisecond
	}
	if o.Poll == 0 {
		o.Poll = 20 * time.Millisecond
	}
	if o.Grace == 0 {
		o.Grace = time.Second
	}
	s := jobsmem.New()
	return &harness{t: t, store: s, q: jobs.New(s, o)}
}

// run starts the queue; the returned func (also run at cleanup) stops it
// and waits for Run to return.
func (h *harness) run() func() {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		if err := h.q.Run(ctx); err != nil {
			h.t.Error(err)
		}
		close(done)
	}()
	var once sync.Once
	h.stop = func() { once.Do(func() { cancel(); <-done }) }
	h.t.Cleanup(h.stop)
	return h.stop
}

func (h *harness) enqueue(r jobs.Request) int64 {
	h.t.Helper()
	id, err := h.q.Enqueue(context.Background(), r)
	if err != nil {
		h.t.Fatal(err)
	}
	return id
}

// waitFor polls the job until cond holds (5 s at most) and returns it.
func (h *harness) waitFor(id int64, what string, cond func(jobs.Job) bool) jobs.Job {
	h.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		j, err := h.store.Job(context.Background(), id)
		if err != nil {
			h.t.Fatal(err)
		}
		if cond(j) {
			return j
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("job %d never got %s: %+v", id, what, j)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func status(s jobs.Status) func(jobs.Job) bool { return func(j jobs.Job) bool { return j.Status == s } }

var fast = jobs.HandlerOptions{Backoff: jobs.Backoff{Base: 10 * time.Millisecond, Cap: 40 * time.Millisecond}}

func TestRunsAJob(t *testing.T) {
	h := newHarness(t, jobs.Options{})
	got := make(chan string, 1)
	h.q.Handle("echo", func(ctx context.Context, task *jobs.Task) error {
		got <- fmt.Sprintf("%s %s attempt %d", task.Kind, task.Payload, task.Attempt)
		return nil
	}, jobs.HandlerOptions{})
	h.run()
	id := h.enqueue(jobs.Request{Kind: "echo", Payload: []byte("hello")})
	if g := <-got; g != "echo hello attempt 1" {
		t.Fatalf("handler saw %q", g)
	}
	j := h.waitFor(id, "done", status(jobs.Done))
	if j.Attempts != 1 || j.Payload != "" || j.LastError != "" {
		t.Fatalf("done job = %+v", j)
	}
}

func TestWakeStartsAtOnce(t *testing.T) {
	h := newHarness(t, jobs.Options{Poll: time.Hour})
	ran := make(chan struct{})
	h.q.Handle("now", func(context.Context, *jobs.Task) error { close(ran); return nil }, jobs.HandlerOptions{})
	h.run()
	time.Sleep(50 * time.Millisecond) // the dispatcher has polled once and sleeps for an hour
	h.enqueue(jobs.Request{Kind: "now"})
	select {
	case <-ran:
	case <-time.After(2 * time.Second):
		t.Fatal("an enqueue in this process did not wake the idle queue")
	}
}

func TestRetriesWithBackoffThenSucceeds(t *testing.T) {
	h := newHarness(t, jobs.Options{})
	var calls atomic.Int32
	var times []time.Time
	var mu sync.Mutex
	h.q.Handle("flaky", func(ctx context.Context, task *jobs.Task) error {
		mu.Lock()
		times = append(times, time.Now())
		mu.Unlock()
		if calls.Add(1) < 3 {
			return fmt.Errorf("mail server down (attempt %d)", task.Attempt)
		}
		return nil
	}, fast)
	h.run()
	id := h.enqueue(jobs.Request{Kind: "flaky"})
	j := h.waitFor(id, "done", status(jobs.Done))
	if j.Attempts != 3 || j.LastError != "mail server down (attempt 2)" {
		t.Fatalf("job = %+v: want 3 attempts and the last failure kept", j)
	}
	mu.Lock()
	defer mu.Unlock()
	// Back-off: at least Base/2 = 5 ms after the first failure, 10 ms after the second.
	if d := times[1].Sub(times[0]); d < 5*time.Millisecond {
		t.Errorf("second attempt %v after the first, want ≥ 5ms", d)
	}
	if d := times[2].Sub(times[1]); d < 10*time.Millisecond {
		t.Errorf("third attempt %v after the second, want ≥ 10ms", d)
	}
}

func TestPermanentErrorFailsAtOnce(t *testing.T) {
	h := newHarness(t, jobs.Options{})
	h.q.Handle("bad", func(context.Context, *jobs.Task) error {
		return jobs.Permanent(errors.New("mail: invalid message: recipient \"nobody\""))
	}, fast)
	h.run()
	id := h.enqueue(jobs.Request{Kind: "bad"})
	j := h.waitFor(id, "failed", status(jobs.Failed))
	if j.Attempts != 1 || !strings.Contains(j.LastError, "invalid message") {
		t.Fatalf("job = %+v", j)
	}
}

func TestGivesUpAfterMaxAttempts(t *testing.T) {
	h := newHarness(t, jobs.Options{})
	h.q.Handle("doomed", func(context.Context, *jobs.Task) error { panic("a bug") }, jobs.HandlerOptions{MaxAttempts: 5, Backoff: fast.Backoff})
	h.run()
	id := h.enqueue(jobs.Request{Kind: "doomed", MaxAttempts: 3}) // the job's own limit wins
	j := h.waitFor(id, "failed", status(jobs.Failed))
	if j.Attempts != 3 || !strings.Contains(j.LastError, "gave up after 3 attempts") || !strings.Contains(j.LastError, "panicked: a bug") {
		t.Fatalf("job = %+v", j)
	}
}

func TestProgressIsVisibleWhileRunning(t *testing.T) {
	h := newHarness(t, jobs.Options{})
	release := make(chan struct{})
	h.q.Handle("long", func(ctx context.Context, task *jobs.Task) error {
		for i := range int64(5) {
			task.Progress(i, 4, "counting")
		}
		task.Progress(1, 4, "first of four") // the latest value wins
		<-release
		task.Progress(4, 4, "all done")
		return nil
	}, jobs.HandlerOptions{})
	h.run()
	id := h.enqueue(jobs.Request{Kind: "long"})
	j := h.waitFor(id, "progress", func(j jobs.Job) bool { return j.Progress.Note == "first of four" })
	if j.Status != jobs.Running || j.Progress.Done != 1 || j.Progress.Total != 4 {
		t.Fatalf("job = %+v", j)
	}
	close(release)
	j = h.waitFor(id, "done", status(jobs.Done))
	if j.Progress != (jobs.Progress{Done: 4, Total: 4, Note: "all done"}) {
		t.Fatalf("progress reported just before finishing was lost: %+v", j.Progress)
	}
	if pj, _ := h.q.Job(context.Background(), id); pj.Payload != "" || pj.ID != id {
		t.Fatalf("Queue.Job = %+v", pj)
	}
}

func TestHeartbeatKeepsTheLease(t *testing.T) {
	h := newHarness(t, jobs.Options{Lease: 200 * time.Millisecond})
	var runs atomic.Int32
	h.q.Handle("slow", func(ctx context.Context, task *jobs.Task) error {
		runs.Add(1)
		time.Sleep(700 * time.Millisecond) // several leases long
		return nil
	}, jobs.HandlerOptions{})
	h.run()
	id := h.enqueue(jobs.Request{Kind: "slow"})
	j := h.waitFor(id, "done", status(jobs.Done))
	if j.Attempts != 1 || runs.Load() != 1 {
		t.Fatalf("a slow handler with heartbeats was run %d times (attempts %d)", runs.Load(), j.Attempts)
	}
}

func TestCancelStopsARunningHandler(t *testing.T) {
	h := newHarness(t, jobs.Options{Lease: 60 * time.Millisecond})
	started := make(chan struct{})
	stopped := make(chan error, 1)
	h.q.Handle("forever", func(ctx context.Context, task *jobs.Task) error {
		close(started)
		<-ctx.Done()
		stopped <- ctx.Err()
		return ctx.Err()
	}, jobs.HandlerOptions{})
	h.run()
	id := h.enqueue(jobs.Request{Kind: "forever"})
	<-started
	if err := h.q.Cancel(context.Background(), id); err != nil {
		t.Fatal(err)
	}
	select {
	case <-stopped:
	case <-time.After(2 * time.Second):
		t.Fatal("the handler's context did not end after its job was cancelled")
	}
	if j := h.waitFor(id, "cancelled", status(jobs.Cancelled)); j.Attempts != 1 {
		t.Fatalf("job = %+v", j)
	}
}

// TestReclaimsAJobWhoseWorkerDied: a claim whose worker vanished keeps the
// job until its lease ends; then the queue runs it again.
func TestReclaimsAJobWhoseWorkerDied(t *testing.T) {
	h := newHarness(t, jobs.Options{})
	ctx := context.Background()
	id := h.enqueue(jobs.Request{Kind: "orphan", Payload: []byte("x")})
	now := time.Now()
	if _, ok, err := h.store.ClaimJob(ctx, jobs.Claim{Owner: "dead#1", Kinds: []string{"orphan"}, Now: now, LeaseUntil: now.Add(150 * time.Millisecond)}); !ok || err != nil {
		t.Fatalf("claim: %v %v", ok, err)
	}
	attempts := make(chan int, 2)
	h.q.Handle("orphan", func(ctx context.Context, task *jobs.Task) error { attempts <- task.Attempt; return nil }, jobs.HandlerOptions{})
	h.run()
	select {
	case a := <-attempts:
		if a != 2 {
			t.Fatalf("reclaimed as attempt %d, want 2", a)
		}
		if time.Since(now) < 150*time.Millisecond {
			t.Fatal("reclaimed before the dead worker's lease ended")
		}
	case <-time.After(3 * time.Second):
		t.Fatal("the orphaned job was never run again")
	}
	h.waitFor(id, "done", status(jobs.Done))
}

func TestDiedOnTheLastAttemptFails(t *testing.T) {
	h := newHarness(t, jobs.Options{})
	ctx := context.Background()
	id := h.enqueue(jobs.Request{Kind: "once", MaxAttempts: 1})
	now := time.Now()
	h.store.ClaimJob(ctx, jobs.Claim{Owner: "dead#1", Kinds: []string{"once"}, Now: now, LeaseUntil: now.Add(50 * time.Millisecond)})
	var ran atomic.Bool
	h.q.Handle("once", func(context.Context, *jobs.Task) error { ran.Store(true); return nil }, jobs.HandlerOptions{})
	h.run()
	j := h.waitFor(id, "failed", status(jobs.Failed))
	if ran.Load() || !strings.Contains(j.LastError, "gave up after 1 attempts") {
		t.Fatalf("job = %+v, ran again: %v", j, ran.Load())
	}
}

func TestShutdownLetsHandlersFinish(t *testing.T) {
	h := newHarness(t, jobs.Options{Grace: 2 * time.Second})
	started := make(chan struct{})
	h.q.Handle("tidy", func(ctx context.Context, task *jobs.Task) error {
		close(started)
		time.Sleep(150 * time.Millisecond)
		return ctx.Err()
	}, jobs.HandlerOptions{})
	stop := h.run()
	id := h.enqueue(jobs.Request{Kind: "tidy"})
	<-started
	stop() // returns once the handler has finished
	if j, _ := h.store.Job(context.Background(), id); j.Status != jobs.Done {
		t.Fatalf("after a graceful shutdown the job is %s, want done", j.Status)
	}
}

func TestShutdownPastGraceRequeues(t *testing.T) {
	h := newHarness(t, jobs.Options{Grace: 100 * time.Millisecond})
	started := make(chan struct{})
	h.q.Handle("stubborn", func(ctx context.Context, task *jobs.Task) error {
		close(started)
		<-ctx.Done()
		return ctx.Err()
	}, jobs.HandlerOptions{})
	stop := h.run()
	id := h.enqueue(jobs.Request{Kind: "stubborn"})
	<-started
	begin := time.Now()
	stop()
	if d := time.Since(begin); d > 2*time.Second {
		t.Fatalf("shutdown took %v", d)
	}
	j, _ := h.store.Job(context.Background(), id)
	if j.Status != jobs.Queued || !strings.Contains(j.LastError, "shut down") {
		t.Fatalf("a job interrupted by shutdown is %+v, want queued again", j)
	}
}

func TestPayloadsAreSealed(t *testing.T) {
	h := newHarness(t, jobs.Options{Sealer: sealed.MustTest()})
	got := make(chan string, 1)
	h.q.Handle("mail", func(ctx context.Context, task *jobs.Task) error { got <- string(task.Payload); return nil }, jobs.HandlerOptions{})
	ctx := context.Background()
	id := h.enqueue(jobs.Request{Kind: "mail", Key: "k1", Payload: []byte(`{"to":"ann@example.org"}`)})
	j, _ := h.store.Job(ctx, id)
	if strings.Contains(j.Payload, "ann@example.org") || !sealed.IsSealed(j.Payload) {
		t.Fatalf("stored payload %q is not sealed", j.Payload)
	}
	// A payload moved to another job does not open: it fails, never runs.
	moved, _ := h.store.EnqueueJobs(ctx, []jobs.NewJob{{Kind: "mail", Key: "k2", Payload: j.Payload, RunAt: time.Now()}}, time.Now())
	// A clear payload (from a queue without a key) is refused too.
	plain := jobs.New(h.store, jobs.Options{})
	clearID, err := plain.Enqueue(ctx, jobs.Request{Kind: "mail", Payload: []byte("clear")})
	if err != nil {
		t.Fatal(err)
	}
	h.run()
	if g := <-got; g != `{"to":"ann@example.org"}` {
		t.Fatalf("handler got %q", g)
	}
	h.waitFor(moved[0], "failed", status(jobs.Failed))
	h.waitFor(clearID, "failed", status(jobs.Failed))
	select {
	case g := <-got:
		t.Fatalf("a payload that should not open reached the handler: %q", g)
	default:
	}
}

// TestEveryRunsOnOneProcessAtATime runs one periodic task in three
// queues over one store (three processes): runs never overlap, happen
// about once per interval in all, and go on when the holder stops.
func TestEveryRunsOnOneProcessAtATime(t *testing.T) {
	s := jobsmem.New()
	const interval = 40 * time.Millisecond
	var inFlight, overlaps, runs atomic.Int32
	var mu sync.Mutex
	byQueue := map[int]int{}
	var stops []func()
	for i := range 3 {
		q := jobs.New(s, jobs.Options{Lease: 150 * time.Millisecond, KeepDone: -1})
		q.Every("scan", interval, func(ctx context.Context) error {
			if inFlight.Add(1) > 1 {
				overlaps.Add(1)
			}
			runs.Add(1)
			mu.Lock()
			byQueue[i]++
			mu.Unlock()
			time.Sleep(10 * time.Millisecond)
			inFlight.Add(-1)
			return nil
		})
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { q.Run(ctx); close(done) }()
		stops = append(stops, func() { cancel(); <-done })
	}
	defer func() {
		for _, stop := range stops {
			stop()
		}
	}()
	time.Sleep(500 * time.Millisecond)
	n := runs.Load()
	if overlaps.Load() > 0 {
		t.Fatalf("%d runs overlapped", overlaps.Load())
	}
	if n < 3 || n > 16 {
		t.Fatalf("%d runs in 500ms at a 40ms interval across three processes, want about 10", n)
	}
	// Stop whichever process holds the task: another takes over.
	mu.Lock()
	holder := 0
	for i, c := range byQueue {
		if c > byQueue[holder] {
			holder = i
		}
	}
	mu.Unlock()
	stops[holder]()
	stops[holder] = func() {}
	before := runs.Load()
	time.Sleep(400 * time.Millisecond)
	if runs.Load()-before < 2 {
		t.Fatalf("after the holder stopped, only %d runs in 400ms", runs.Load()-before)
	}
}
