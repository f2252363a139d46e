package jobs

import (
	"context"
	"fmt"
	"time"
)

// periodic is a task registered with Every.
type periodic struct {
	name     string
	interval time.Duration
	fn       func(ctx context.Context) error
}

// Every registers fn to run every interval while Run runs, on at most one
// process of the cluster at a time: each run holds the lease row called
// name (Store.TakeLease), renewed while fn runs. After a run the lease is
// kept until the next run is due, so that the same process runs the task
// again and the others leave it alone; when that process stops (cleanly,
// releasing the lease, or by dying, letting it expire) another one takes
// over within an interval or so. An error from fn is logged and the task
// runs again at its next turn. fn gets a context that ends when it loses
// the lease or when the queue's shutdown grace time is over.
//
// Like a handler, fn may run again after a crash part-way: keep a cursor
// (Store.JobCursor) and enqueue with unique keys. Every panics if called
// after Run.
func (q *Queue) Every(name string, interval time.Duration, fn func(ctx context.Context) error) {
	if name == "" || interval <= 0 || fn == nil {
		panic("jobs: bad periodic task " + name)
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.started {
		panic("jobs: Every after Run")
	}
	q.every = append(q.every, &periodic{name: name, interval: interval, fn: fn})
}

// runPeriodic is p's loop: it stops when ctx ends and releases the lease.
func (q *Queue) runPeriodic(ctx, hctx context.Context, p *periodic) {
	owner := q.id
	log := q.opt.Log.With("task", p.name)
	held := false
	defer func() {
		if held {
			sctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
			defer cancel()
			if err := q.store.ReleaseLease(sctx, p.name, owner); err != nil {
				log.Warn("jobs: releasing a periodic task's lease", "err", err)
			}
		}
	}()
	// Start soon, at a random moment, so that processes started together
	// do not all ask at once.
	wait := time.Duration(q.opt.Jitter() * float64(min(p.interval, time.Second)))
	timer := time.NewTimer(wait)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		}
		start := q.opt.Now()
		ok, err := q.takeLease(p.name, owner, start, start.Add(q.opt.Lease))
		held = ok
		if err != nil {
			log.Warn("jobs: taking a periodic task's lease", "err", err)
		}
		if !ok {
			timer.Reset(p.interval)
			continue
		}
		if err := q.runTask(hctx, p, owner); err != nil {
			log.Warn("jobs: periodic task failed", "err", err)
		}
		// Keep the lease until the next run is due.
		now := q.opt.Now()
		until := start.Add(p.interval)
		if until.Before(now) {
			until = now
		}
		held, err = q.takeLease(p.name, owner, now, until)
		if err != nil {
			log.Warn("jobs: keeping a periodic task's lease", "err", err)
		}
		timer.Reset(max(until.Sub(now), time.Millisecond))
	}
}

func (q *Queue) takeLease(name, owner string, now, until time.Time) (bool, error) {
	ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
	defer cancel()
	return q.store.TakeLease(ctx, name, owner, now, until)
}

// runTask runs p.fn once, renewing the lease every Lease/3 while it runs
// and cancelling fn's context if the lease is lost.
func (q *Queue) runTask(hctx context.Context, p *periodic, owner string) (err error) {
	ctx, cancel := context.WithCancel(hctx)
	defer cancel()
	quit := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(q.opt.Lease / 3)
		defer tick.Stop()
		for {
			select {
			case <-quit:
				return
			case <-tick.C:
				now := q.opt.Now()
				ok, err := q.takeLease(p.name, owner, now, now.Add(q.opt.Lease))
				if err == nil && !ok {
					q.opt.Log.Warn("jobs: a periodic task lost its lease while running", "task", p.name)
					cancel()
					return
				}
			}
		}
	}()
	defer func() {
		close(quit)
		<-done
		if r := recover(); r != nil {
			err = fmt.Errorf("jobs: periodic task %s panicked: %v", p.name, r)
		}
	}()
	return p.fn(ctx)
}
