package live

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// Store is the storage a Table broker needs: the live_events table
// (internal/storage/sqlstore implements it for SQLite and PostgreSQL).
type Store interface {
	// AppendLiveEvents appends events, in order, as rows from origin stamped
	// at, in one write transaction. Row ids grow in the order rows commit.
	AppendLiveEvents(ctx context.Context, origin string, at time.Time, events []Event) error
	// LiveEventsSince returns up to limit rows with an id above after, in
	// id order.
	LiveEventsSince(ctx context.Context, after int64, limit int) ([]Row, error)
	// LiveEventsHead returns the highest row id ever used (0 for none), so
	// that a new broker starts after the rows already there.
	LiveEventsHead(ctx context.Context) (int64, error)
	// PruneLiveEvents deletes rows stamped before before and returns how
	// many it deleted.
	PruneLiveEvents(ctx context.Context, before time.Time) (int64, error)
}

// Row is a stored event.
type Row struct {
	ID     int64
	Origin string
	At     time.Time
	Event
}

// TableOptions tune a Table broker. The zero value is what a server wants.
type TableOptions struct {
	// FlushEvery is the least time between two writes of pending events;
	// 0 means 100ms. The first event after a quiet spell is written at once.
	FlushEvery time.Duration
	// PollEvery is how often other processes' rows are read; 0 means
	// 250ms; negative means never (a command that only publishes).
	PollEvery time.Duration
	// Retention is how long rows are kept; 0 means 2 minutes. A process
	// that could not poll for half of it tells its subscribers they lagged.
	Retention time.Duration
	// MaxPending caps events waiting to be written while the database is
	// slow or failing (the oldest are dropped); 0 means 10,000.
	MaxPending int
	// Logger receives write and poll failures; nil means slog.Default().
	Logger *slog.Logger
}

// MaxTableData is the largest Data a Table broker accepts: events name
// what changed; they do not carry pages.
const MaxTableData = 64 << 10

// pollLimit is the number of rows read per query while catching up.
const pollLimit = 500

// Table is a Broker for several processes sharing one database without a
// notification channel (SQLite): events reach this process's subscribers at
// once and are appended to the live_events table in small batches (at most
// one write transaction per FlushEvery, so that the database's single
// writer stays free for requests); every process polls the table for rows
// of other origins and delivers them. Rows are pruned after Retention.
//
// Delivery order across processes follows row ids, which follow commit
// order on SQLite. On PostgreSQL, concurrent writers may commit ids out of
// order and a poller can step over a row committed late: use pglive there.
type Table struct {
	local  *Local
	store  Store
	origin string
	opt    TableOptions
	log    *slog.Logger

	mu      sync.Mutex
	pending []Event
	closed  bool
	lost    int // pending events dropped since the last report

	kick chan struct{} // wakes the writer
	stop chan struct{}
	wg   sync.WaitGroup

	cursor int64 // highest row id seen (poller only)
}

var _ Broker = (*Table)(nil)

// NewTable starts a Table broker on s. It reads the table's head so that
// only rows written from now on are delivered.
func NewTable(ctx context.Context, s Store, opt TableOptions) (*Table, error) {
	if opt.FlushEvery <= 0 {
		opt.FlushEvery = 100 * time.Millisecond
	}
	if opt.PollEvery == 0 {
		opt.PollEvery = 250 * time.Millisecond
	}
	if opt.Retention <= 0 {
		opt.Retention = 2 * time.Minute
	}
	if opt.MaxPending <= 0 {
		opt.MaxPending = 10000
	}
	t := &Table{local: NewLocal(), store: s, origin: NewOrigin(), opt: opt, log: opt.Logger,
		kick: make(chan struct{}, 1), stop: make(chan struct{})}
	if t.log == nil {
		t.log = slog.Default()
	}
	if opt.PollEvery > 0 {
		head, err := s.LiveEventsHead(ctx)
		if err != nil {
			return nil, fmt.Errorf("live: reading the head of live_events: %w", err)
		}
		t.cursor = head
		t.wg.Add(1)
		go t.poller()
	}
	t.wg.Add(1)
	go t.writer()
	return t, nil
}

// NewOrigin returns a random id for one process's broker, so that it can
// recognise its own events when they come back.
func NewOrigin() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Origin returns the id this broker writes in its rows.
func (t *Table) Origin() string { return t.origin }

// Publish delivers the event to this process's subscribers and queues it
// for the table. It refuses Data over MaxTableData.
func (t *Table) Publish(ctx context.Context, topic string, data []byte) error {
	if len(data) > MaxTableData {
		return fmt.Errorf("live: event on %q has %d bytes of data, more than the %d a table broker takes", topic, len(data), MaxTableData)
	}
	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		return ErrClosed
	}
	if err := t.local.Publish(ctx, topic, data); err != nil {
		t.mu.Unlock()
		return err
	}
	t.pending = append(t.pending, Event{Topic: topic, Data: data})
	t.trimLocked()
	t.mu.Unlock()
	select {
	case t.kick <- struct{}{}:
	default:
	}
	return nil
}

// Subscribe subscribes to topics published by any process on the table.
func (t *Table) Subscribe(topics ...string) *Subscription { return t.local.Subscribe(topics...) }

// Close writes the pending events (waiting up to 5 s for the database),
// stops polling and closes every subscription.
func (t *Table) Close() error {
	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		return nil
	}
	t.closed = true
	t.mu.Unlock()
	close(t.stop)
	t.wg.Wait()
	err := t.flush(5 * time.Second)
	t.local.Close()
	return err
}

// trimLocked drops the oldest pending events beyond MaxPending, and a
// tenth more, so that a full queue costs a copy per MaxPending/10
// publishes rather than one per publish.
func (t *Table) trimLocked() {
	if len(t.pending) <= t.opt.MaxPending {
		return
	}
	drop := len(t.pending) - t.opt.MaxPending + t.opt.MaxPending/10
	t.pending = append(t.pending[:0], t.pending[drop:]...)
	t.lost += drop
}

// writer writes pending events when kicked, then rests FlushEvery, so
// that bursts share one transaction.
func (t *Table) writer() {
	defer t.wg.Done()
	failing := false
	for {
		select {
		case <-t.kick:
		case <-t.stop:
			return
		}
		err := t.flush(10 * time.Second)
		switch {
		case err != nil && !failing:
			failing = true
			t.log.Warn("live: cannot write events to the database; retrying", "err", err)
		case err == nil && failing:
			failing = false
			t.log.Info("live: writing events to the database again")
		}
		rest := t.opt.FlushEvery
		if err != nil {
			rest = max(rest, time.Second)
			select { // retry the events put back
			case t.kick <- struct{}{}:
			default:
			}
		}
		select {
		case <-time.After(rest):
		case <-t.stop:
			return
		}
	}
}

// flush writes the pending events in one transaction. On failure (the
// transaction changed nothing) they are put back in front of newer ones.
func (t *Table) flush(timeout time.Duration) error {
	t.mu.Lock()
	batch := t.pending
	t.pending = nil
	lost := t.lost
	t.lost = 0
	t.mu.Unlock()
	if lost > 0 {
		t.log.Warn("live: dropped events the database was too slow to take", "events", lost)
	}
	if len(batch) == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	err := t.store.AppendLiveEvents(ctx, t.origin, time.Now(), batch)
	if err != nil {
		t.mu.Lock()
		t.pending = append(batch, t.pending...)
		t.trimLocked()
		t.mu.Unlock()
	}
	return err
}

// poller reads other processes' rows every PollEvery and prunes old rows
// every quarter of Retention.
func (t *Table) poller() {
	defer t.wg.Done()
	tick := time.NewTicker(t.opt.PollEvery)
	defer tick.Stop()
	lastOK, lastPrune := time.Now(), time.Now()
	failing := false
	for {
		select {
		case <-tick.C:
		case <-t.stop:
			return
		}
		err := t.poll()
		now := time.Now()
		switch {
		case err != nil && !failing:
			failing = true
			t.log.Warn("live: cannot read events from the database; retrying", "err", err)
		case err == nil:
			if failing {
				failing = false
				t.log.Info("live: reading events from the database again")
			}
			if now.Sub(lastOK) > t.opt.Retention/2 {
				// Rows may have been pruned unread (or this process was
				// suspended): let consumers re-read their state.
				t.local.MarkLagged()
			}
			lastOK = now
		}
		if now.Sub(lastPrune) > t.opt.Retention/4 {
			lastPrune = now
			t.prune(now)
		}
	}
}

// poll delivers the rows of other origins written since the cursor.
func (t *Table) poll() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for {
		rows, err := t.store.LiveEventsSince(ctx, t.cursor, pollLimit)
		if err != nil {
			return err
		}
		for _, r := range rows {
			t.cursor = r.ID
			if r.Origin != t.origin {
				t.local.Publish(ctx, r.Topic, r.Data)
			}
		}
		if len(rows) < pollLimit {
			return nil
		}
	}
}

func (t *Table) prune(now time.Time) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := t.store.PruneLiveEvents(ctx, now.Add(-t.opt.Retention)); err != nil {
		t.log.Warn("live: cannot prune old events", "err", err)
	}
}
