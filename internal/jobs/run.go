package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/folkmoot/folkmoot/internal/apperr"
)

// progressEvery is the least time between two progress writes of a job.
const progressEvery = 200 * time.Millisecond

// storeTimeout bounds each bookkeeping call to the store.
const storeTimeout = 15 * time.Second

// Run runs this process's workers and periodic tasks until ctx ends. Then
// it stops claiming, lets running handlers and periodic tasks finish
// within Options.Grace, cancels the contexts of those still running, waits
// a little more for them to return (a handler that ignores its context
// keeps its job's lease until the lease expires; the job then runs again
// elsewhere), releases its periodic leases and returns nil. With no
// handler registered it runs only the periodic tasks. Run may be called
// once.
func (q *Queue) Run(ctx context.Context) error {
	q.mu.Lock()
	if q.started {
		q.mu.Unlock()
		return errors.New("jobs: Run called twice")
	}
	q.started = true
	every := append([]*periodic(nil), q.every...)
	q.mu.Unlock()
	if q.opt.KeepDone > 0 {
		every = append(every, &periodic{name: "jobs.prune", interval: time.Hour, fn: q.prune})
	}

	// Handlers get their own context: a shutdown gives them Grace first.
	hctx, cancelHandlers := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelHandlers()
	var running sync.WaitGroup
	for _, p := range every {
		running.Add(1)
		go func() {
			defer running.Done()
			q.runPeriodic(ctx, hctx, p)
		}()
	}
	if kinds := q.handledKinds(); len(kinds) > 0 {
		q.dispatch(ctx, hctx, kinds, &running)
	} else {
		<-ctx.Done()
	}

	done := make(chan struct{})
	go func() { running.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-time.After(q.opt.Grace):
	}
	q.opt.Log.Warn("jobs: cancelling handlers still running after the grace time", "grace", q.opt.Grace)
	cancelHandlers()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		q.opt.Log.Error("jobs: handlers did not stop when cancelled; their jobs run again once their leases expire")
	}
	return nil
}

// dispatch claims jobs while a worker slot is free, until ctx ends.
func (q *Queue) dispatch(ctx, hctx context.Context, kinds []string, running *sync.WaitGroup) {
	slots := make(chan struct{}, q.opt.Workers)
	idle := time.NewTimer(q.opt.Poll)
	defer idle.Stop()
	for {
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			return
		}
		j, ok, err := q.claim(kinds)
		if err != nil || !ok {
			<-slots
			if err != nil {
				q.opt.Log.Warn("jobs: claiming", "err", err)
			}
			idle.Reset(q.opt.Poll)
			select {
			case <-ctx.Done():
				return
			case <-q.wake:
			case <-idle.C:
			}
			continue
		}
		running.Add(1)
		go func() {
			defer running.Done()
			defer func() { <-slots }()
			q.work(hctx, j)
		}()
	}
}

// claim asks the store for a ready job under a new owner name. It does not
// take the run context: a claim made in the database but cut off on its
// way back would hold a job for a whole lease.
func (q *Queue) claim(kinds []string) (Job, bool, error) {
	ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
	defer cancel()
	now := q.opt.Now()
	owner := fmt.Sprintf("%s#%d", q.id, q.seq.Add(1))
	return q.store.ClaimJob(ctx, Claim{Owner: owner, Kinds: kinds, Now: now, LeaseUntil: now.Add(q.opt.Lease)})
}

// work runs one claimed job and records its outcome.
func (q *Queue) work(hctx context.Context, j Job) {
	k := q.kind(j.Kind)
	maxAttempts := j.MaxAttempts
	if maxAttempts <= 0 {
		maxAttempts = k.o.MaxAttempts
	}
	log := q.opt.Log.With("job", j.ID, "kind", j.Kind, "attempt", j.Attempts)
	if j.Attempts > maxAttempts {
		q.record(log, "fail", func(ctx context.Context) error {
			return q.store.FailJob(ctx, j.ID, j.LeaseOwner, fmt.Sprintf("gave up after %d attempts: the last one stopped (its worker died) before it finished", maxAttempts), q.opt.Now())
		})
		return
	}
	payload, err := q.open(j)
	if err != nil {
		log.Error("jobs: failing a job whose payload does not open", "err", err)
		q.record(log, "fail", func(ctx context.Context) error {
			return q.store.FailJob(ctx, j.ID, j.LeaseOwner, shortError(err), q.opt.Now())
		})
		return
	}
	started := q.opt.Now()
	t := &Task{ID: j.ID, Kind: j.Kind, Key: j.Key, Attempt: j.Attempts, MaxAttempts: maxAttempts, Payload: payload, signal: make(chan struct{}, 1)}
	ctx, cancel := context.WithTimeout(hctx, k.o.Timeout)
	b := q.heartbeat(ctx, cancel, j, t, log)
	err = call(ctx, k.h, t)
	lost := b.stop()
	cancel()
	if !lost {
		lost = q.flushProgress(j, t, log)
	}
	now := q.opt.Now()
	switch {
	case lost:
		log.Warn("jobs: the lease was lost while the job ran; it runs again if it is still due", "err", err)
	case err == nil:
		if q.record(log, "finish", func(ctx context.Context) error { return q.store.FinishJob(ctx, j.ID, j.LeaseOwner, now) }) {
			// One line per job at debug level: which process ran it, and how long it took.
			log.Debug("jobs: done", "owner", j.LeaseOwner, "took", now.Sub(started).Round(time.Millisecond))
		}
	case hctx.Err() != nil:
		log.Info("jobs: interrupted by shutdown; queued again", "err", err)
		q.record(log, "requeue", func(ctx context.Context) error {
			return q.store.RetryJob(ctx, j.ID, j.LeaseOwner, now, "interrupted: the worker shut down", now)
		})
	case IsPermanent(err):
		log.Error("jobs: failed permanently", "err", err)
		q.record(log, "fail", func(ctx context.Context) error {
			return q.store.FailJob(ctx, j.ID, j.LeaseOwner, shortError(err), now)
		})
	case t.Attempt >= maxAttempts:
		log.Error("jobs: failed after the last attempt", "err", err)
		q.record(log, "fail", func(ctx context.Context) error {
			return q.store.FailJob(ctx, j.ID, j.LeaseOwner, shortError(fmt.Errorf("gave up after %d attempts: %w", t.Attempt, err)), now)
		})
	default:
		at := now.Add(k.o.Backoff.Delay(t.Attempt, q.opt.Jitter()))
		log.Warn("jobs: failed; will retry", "err", err, "at", at)
		q.record(log, "retry", func(ctx context.Context) error {
			return q.store.RetryJob(ctx, j.ID, j.LeaseOwner, at, shortError(err), now)
		})
	}
}

// call runs h, turning a panic into an error (retried like any other).
func call(ctx context.Context, h Handler, t *Task) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("jobs: handler panicked: %v", r)
		}
	}()
	return h(ctx, t)
}

// record runs a bookkeeping write, trying three times over a few seconds
// (the database may blink), and reports whether it was written. A
// Conflict means the lease was lost: another claim owns the job now. If
// every try fails, the job stays Running until its lease expires and then
// runs again.
func (q *Queue) record(log *slog.Logger, what string, f func(ctx context.Context) error) bool {
	for try := 1; ; try++ {
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		err := f(ctx)
		cancel()
		switch {
		case err == nil:
			return true
		case apperr.Is(err, apperr.Conflict):
			log.Warn("jobs: the lease was lost before the outcome was recorded", "outcome", what)
			return false
		case try == 3:
			log.Error("jobs: cannot record the outcome; the job runs again after its lease", "outcome", what, "err", err)
			return false
		}
		time.Sleep(time.Duration(try) * time.Second)
	}
}

// flushProgress writes progress reported after the last write; it reports
// whether the lease turned out lost.
func (q *Queue) flushProgress(j Job, t *Task, log *slog.Logger) bool {
	p := t.takeProgress()
	if p == nil {
		return false
	}
	ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
	defer cancel()
	err := q.store.ProgressJob(ctx, j.ID, j.LeaseOwner, *p, q.opt.Now())
	if err != nil && !apperr.Is(err, apperr.Conflict) {
		log.Warn("jobs: writing progress", "err", err)
	}
	return apperr.Is(err, apperr.Conflict)
}

// beat is a running job's heartbeat goroutine.
type beat struct {
	quit chan struct{}
	done chan struct{}
	lost atomic.Bool
}

// stop ends the heartbeat and reports whether the lease was lost.
func (b *beat) stop() bool {
	close(b.quit)
	<-b.done
	return b.lost.Load()
}

// heartbeat extends j's lease every Lease/3 and writes t's progress as it
// comes (coalesced to one write per progressEvery). When the store says
// the lease is gone (it expired and was claimed again, or the job was
// cancelled) it cancels the handler's context.
func (q *Queue) heartbeat(ctx context.Context, cancel context.CancelFunc, j Job, t *Task, log *slog.Logger) *beat {
	b := &beat{quit: make(chan struct{}), done: make(chan struct{})}
	lose := func(err error) bool {
		if apperr.Is(err, apperr.Conflict) {
			b.lost.Store(true)
			cancel()
			return true
		}
		if err != nil && ctx.Err() == nil {
			log.Warn("jobs: heartbeat", "err", err)
		}
		return false
	}
	go func() {
		defer close(b.done)
		tick := time.NewTicker(q.opt.Lease / 3)
		defer tick.Stop()
		var last time.Time
		var later <-chan time.Time
		write := func() bool {
			p := t.takeProgress()
			if p == nil {
				return false
			}
			last = time.Now()
			sctx, scancel := context.WithTimeout(context.Background(), storeTimeout)
			defer scancel()
			return lose(q.store.ProgressJob(sctx, j.ID, j.LeaseOwner, *p, q.opt.Now()))
		}
		for {
			select {
			case <-b.quit:
				return
			case <-tick.C:
				now := q.opt.Now()
				sctx, scancel := context.WithTimeout(context.Background(), storeTimeout)
				err := q.store.ExtendJob(sctx, j.ID, j.LeaseOwner, now.Add(q.opt.Lease), now)
				scancel()
				if lose(err) {
					return
				}
			case <-t.signal:
				if wait := progressEvery - time.Since(last); wait > 0 {
					if later == nil {
						later = time.After(wait)
					}
					continue
				}
				if write() {
					return
				}
			case <-later:
				later = nil
				if write() {
					return
				}
			}
		}
	}()
	return b
}

// prune is the "jobs.prune" periodic task.
func (q *Queue) prune(ctx context.Context) error {
	now := q.opt.Now()
	n, err := q.store.PruneJobs(ctx, now.Add(-q.opt.KeepDone), now.Add(-q.opt.KeepFailed))
	if n > 0 {
		q.opt.Log.Info("jobs: pruned finished jobs", "count", n)
	}
	return err
}

// maxErrorLen bounds Job.LastError, in bytes.
const maxErrorLen = 500

// shortError returns err's text cut to maxErrorLen bytes on a rune boundary.
func shortError(err error) string {
	s := err.Error()
	if len(s) <= maxErrorLen {
		return s
	}
	s = s[:maxErrorLen]
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s + "…"
}
