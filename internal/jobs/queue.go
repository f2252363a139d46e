package jobs

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	mathrand "math/rand/v2"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
)

// Handler does one job. It reports progress through t and returns nil when
// the work is done; an error marked Permanent fails the job; any other
// error retries it later. It must stop soon after ctx ends (a timeout, a
// lost lease, a shutdown past its grace time). Handlers run at least once
// per job, and sometimes more: see the package documentation.
type Handler func(ctx context.Context, t *Task) error

// HandlerOptions tune how a kind of job runs.
type HandlerOptions struct {
	// MaxAttempts is how many times a job is tried before it fails; 0
	// means 10. A job enqueued with its own MaxAttempts uses that.
	MaxAttempts int
	// Timeout bounds one attempt; 0 means 5 minutes.
	Timeout time.Duration
	// Backoff spaces the attempts; the zero value is DefaultBackoff.
	Backoff Backoff
}

// Sealer seals payloads at rest and opens them (*sealed.Keys is one).
// The associated data names the job's kind and key, so a payload moved to
// another kind of job does not open.
type Sealer interface {
	Seal(plaintext, ad string) (string, error)
	Open(sealedText, ad string) (string, error)
}

// Options tune a Queue. The zero value works (without sealing: tests).
type Options struct {
	// Workers is how many jobs this process runs at once; 0 means 2.
	Workers int
	// Poll is how often an idle queue looks for ready jobs that another
	// process enqueued (Wake starts a same-process enqueue at once); 0
	// means 500 ms.
	Poll time.Duration
	// Lease is how long a claim holds a job without a heartbeat; a worker
	// that dies holds it this long at most. Heartbeats extend it every
	// Lease/3. 0 means 30 s.
	Lease time.Duration
	// Grace is how long Run waits at shutdown for running handlers before
	// cancelling their contexts; 0 means 10 s.
	Grace time.Duration
	// Sealer seals payloads. Without one payloads are stored in clear
	// (base64), which only tests should do; a queue with a Sealer refuses
	// clear payloads.
	Sealer Sealer
	// KeepDone and KeepFailed are how long finished jobs are kept before
	// the "jobs.prune" periodic task deletes them; 0 means 7 and 30 days;
	// KeepDone < 0 turns pruning off. A unique key can be used again once
	// its job is pruned.
	KeepDone, KeepFailed time.Duration
	// Log receives failures and retries; nil discards.
	Log *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Jitter returns a number in [0, 1) for back-off jitter; nil means
	// math/rand.
	Jitter func() float64
}

// Queue enqueues jobs and runs the handlers of the kinds registered with
// Handle. Register handlers and periodic tasks before Run; Enqueue, Job
// and Wake are safe for concurrent use at any time.
type Queue struct {
	store Store
	opt   Options
	id    string // this process, in lease owners
	seq   atomic.Int64
	wake  chan struct{}

	mu      sync.Mutex
	kinds   map[string]*kind
	every   []*periodic
	started bool
}

type kind struct {
	h Handler
	o HandlerOptions
}

// New returns a Queue over s.
func New(s Store, o Options) *Queue {
	if o.Workers <= 0 {
		o.Workers = 2
	}
	if o.Poll <= 0 {
		o.Poll = 500 * time.Millisecond
	}
	if o.Lease <= 0 {
		o.Lease = 30 * time.Second
	}
	if o.Grace <= 0 {
		o.Grace = 10 * time.Second
	}
	if o.KeepDone == 0 {
		o.KeepDone = 7 * 24 * time.Hour
	}
	if o.KeepFailed <= 0 {
		o.KeepFailed = 30 * 24 * time.Hour
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Jitter == nil {
		o.Jitter = mathrand.Float64
	}
	return &Queue{store: s, opt: o, id: processID(), wake: make(chan struct{}, 1), kinds: map[string]*kind{}}
}

// processID names this process in lease owners: host, pid and a random
// part (a restarted process with the same pid is another owner).
func processID() string {
	host, _ := os.Hostname()
	if i := strings.IndexByte(host, '.'); i > 0 {
		host = host[:i]
	}
	var b [4]byte
	rand.Read(b[:])
	return fmt.Sprintf("%s:%d:%s", host, os.Getpid(), hex.EncodeToString(b[:]))
}

// Handle registers h for jobs of kind. It panics if called twice for one
// kind or after Run started (programming errors).
func (q *Queue) Handle(kindName string, h Handler, o HandlerOptions) {
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 10
	}
	if o.Timeout <= 0 {
		o.Timeout = 5 * time.Minute
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.started {
		panic("jobs: Handle after Run")
	}
	if _, dup := q.kinds[kindName]; dup || kindName == "" || h == nil {
		panic("jobs: bad or duplicate handler for kind " + kindName)
	}
	q.kinds[kindName] = &kind{h: h, o: o}
}

// Request is a job to enqueue.
type Request struct {
	Kind    string
	Payload []byte
	// Key, if set, makes the enqueue idempotent: while a job with this key
	// is stored, enqueueing it again adds nothing and returns that job's id.
	Key string
	// RunAt delays the job; zero means now.
	RunAt time.Time
	// MaxAttempts overrides the handler's; 0 keeps it.
	MaxAttempts int
}

// Enqueue adds one job and returns its id (the existing job's id for a
// used Key). The job may be run by any process handling its kind.
func (q *Queue) Enqueue(ctx context.Context, r Request) (int64, error) {
	ids, err := q.EnqueueMany(ctx, []Request{r})
	if err != nil {
		return 0, err
	}
	return ids[0], nil
}

// EnqueueMany adds jobs in one transaction and returns their ids in order,
// then wakes this process's workers.
func (q *Queue) EnqueueMany(ctx context.Context, rs []Request) ([]int64, error) {
	if len(rs) == 0 {
		return nil, nil
	}
	now := q.opt.Now()
	js := make([]NewJob, len(rs))
	for i, r := range rs {
		if r.Kind == "" {
			return nil, apperr.New(apperr.Internal, "jobs: a job needs a kind")
		}
		p, err := q.seal(r.Kind, r.Key, r.Payload)
		if err != nil {
			return nil, err
		}
		runAt := r.RunAt
		if runAt.IsZero() {
			runAt = now
		}
		js[i] = NewJob{Kind: r.Kind, Key: r.Key, Payload: p, RunAt: runAt, MaxAttempts: r.MaxAttempts}
	}
	ids, err := q.store.EnqueueJobs(ctx, js, now)
	if err != nil {
		return nil, err
	}
	q.Wake()
	return ids, nil
}

// Wake makes an idle worker of this process look for jobs now instead of
// at its next poll.
func (q *Queue) Wake() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// Job returns a job without its payload: its status and progress, for a
// page to show.
func (q *Queue) Job(ctx context.Context, id int64) (Job, error) {
	j, err := q.store.Job(ctx, id)
	j.Payload = ""
	return j, err
}

// Cancel cancels a queued or running job (a running handler's context
// ends at its next heartbeat).
func (q *Queue) Cancel(ctx context.Context, id int64) error {
	return q.store.CancelJob(ctx, id, q.opt.Now())
}

// Retry runs a failed or cancelled job again from its first attempt, or a
// queued one now rather than at the end of its back-off. It returns false,
// changing nothing, for a job that is running or done.
func (q *Queue) Retry(ctx context.Context, id int64) (bool, error) {
	now := q.opt.Now()
	ok, err := q.store.RequeueJob(ctx, id, now, now)
	if ok {
		q.Wake()
	}
	return ok, err
}

// plainPrefix marks a payload stored without a Sealer.
const plainPrefix = "plain:"

func payloadAD(kindName, key string) string { return "jobs.payload:" + kindName + ":" + key }

func (q *Queue) seal(kindName, key string, payload []byte) (string, error) {
	if q.opt.Sealer == nil {
		return plainPrefix + base64.RawStdEncoding.EncodeToString(payload), nil
	}
	s, err := q.opt.Sealer.Seal(string(payload), payloadAD(kindName, key))
	if err != nil {
		return "", apperr.Wrap(apperr.Internal, err, "jobs: sealing a payload")
	}
	return s, nil
}

// errNoOpen reports a payload that cannot be opened; retrying cannot help.
var errNoOpen = errors.New("jobs: the payload does not open (another data key, or stored without one)")

func (q *Queue) open(j Job) ([]byte, error) {
	if rest, ok := strings.CutPrefix(j.Payload, plainPrefix); ok {
		if q.opt.Sealer != nil {
			return nil, errNoOpen
		}
		b, err := base64.RawStdEncoding.DecodeString(rest)
		if err != nil {
			return nil, errNoOpen
		}
		return b, nil
	}
	if q.opt.Sealer == nil {
		return nil, errNoOpen
	}
	s, err := q.opt.Sealer.Open(j.Payload, payloadAD(j.Kind, j.Key))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errNoOpen, err)
	}
	return []byte(s), nil
}

// handledKinds returns the registered kinds, sorted.
func (q *Queue) handledKinds() []string {
	q.mu.Lock()
	defer q.mu.Unlock()
	ks := make([]string, 0, len(q.kinds))
	for k := range q.kinds {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

func (q *Queue) kind(name string) *kind {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.kinds[name]
}

// Task is a running job as its handler sees it. Its methods are safe for
// concurrent use.
type Task struct {
	ID          int64
	Kind        string
	Key         string
	Attempt     int // 1 for the first run
	MaxAttempts int
	Payload     []byte // opened

	mu      sync.Mutex
	pending *Progress     // reported, not yet written
	signal  chan struct{} // wakes the heartbeat to write progress
}

// Progress records how far the handler has got. Writes are coalesced (at
// most a few a second), the latest always kept; a page reads it with
// Queue.Job.
func (t *Task) Progress(done, total int64, note string) {
	t.mu.Lock()
	t.pending = &Progress{Done: done, Total: total, Note: note}
	t.mu.Unlock()
	select {
	case t.signal <- struct{}{}:
	default:
	}
}

// takeProgress returns the pending progress, if any, and clears it.
func (t *Task) takeProgress() *Progress {
	t.mu.Lock()
	defer t.mu.Unlock()
	p := t.pending
	t.pending = nil
	return p
}
