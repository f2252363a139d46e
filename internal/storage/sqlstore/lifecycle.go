package sqlstore

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"
)

// sealer is the background goroutine that seals audit entries.
type sealer struct {
	stop chan struct{}
	done chan struct{}
}

// sweepEvery is how often the background goroutine deletes expired
// sessions and sign-in tokens.
const sweepEvery = 10 * time.Minute

// StartSealer seals committed audit entries every interval until Close,
// and deletes expired sessions and sign-in tokens every sweepEvery. Errors
// are logged and retried at the next tick.
func (db *DB) StartSealer(every time.Duration) {
	db.sealOnceStart.Do(func() {
		s := &sealer{stop: make(chan struct{}), done: make(chan struct{})}
		db.sealer = s
		go func() {
			defer close(s.done)
			t := time.NewTicker(every)
			defer t.Stop()
			lastSweep := time.Now()
			for {
				select {
				case <-s.stop:
					return
				case <-t.C:
					ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
					if _, err := db.SealAudit(ctx); err != nil {
						slog.Warn("audit sealer", "err", err)
					}
					if time.Since(lastSweep) > sweepEvery {
						lastSweep = time.Now()
						if _, err := db.DeleteExpired(ctx, lastSweep); err != nil {
							slog.Warn("deleting expired sessions", "err", err)
						}
					}
					cancel()
				}
			}
		}()
	})
}

// Close stops the sealer, seals what is pending, and closes the pools.
func (db *DB) Close() error {
	var errs []error
	db.closeOnce.Do(func() {
		db.stopBatching()
		if db.sealer != nil {
			close(db.sealer.stop)
			<-db.sealer.done
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		if _, err := db.SealAudit(ctx); err != nil {
			errs = append(errs, err)
		}
		cancel()
		errs = append(errs, db.W.Close())
		if db.R != db.W {
			errs = append(errs, db.R.Close())
		}
	})
	return errors.Join(errs...)
}

// lifecycle holds the once-guards of DB (kept out of db.go for clarity).
type lifecycle struct {
	sealOnceStart sync.Once
	closeOnce     sync.Once
	sealer        *sealer

	batch       chan *supportReq // nil when group commit is off
	batchDone   chan struct{}
	batchers    int
	batchMu     sync.RWMutex // guards sending on batch against its closing
	batchClosed bool
}
