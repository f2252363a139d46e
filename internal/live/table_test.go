package live

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"
)

// memStore is an in-memory live_events table.
type memStore struct {
	mu      sync.Mutex
	rows    []Row
	next    int64
	appends int   // write transactions
	fail    error // returned by AppendLiveEvents while set
}

func (m *memStore) AppendLiveEvents(_ context.Context, origin string, at time.Time, events []Event) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return m.fail
	}
	m.appends++
	for _, ev := range events {
		m.next++
		m.rows = append(m.rows, Row{ID: m.next, Origin: origin, At: at, Event: ev})
	}
	return nil
}

func (m *memStore) LiveEventsSince(_ context.Context, after int64, limit int) ([]Row, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Row
	for _, r := range m.rows {
		if r.ID > after && len(out) < limit {
			out = append(out, r)
		}
	}
	return out, nil
}

func (m *memStore) LiveEventsHead(context.Context) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.rows) == 0 {
		return 0, nil
	}
	return m.rows[len(m.rows)-1].ID, nil
}

func (m *memStore) PruneLiveEvents(_ context.Context, before time.Time) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	kept := m.rows[:0]
	for _, r := range m.rows {
		if !r.At.Before(before) {
			kept = append(kept, r)
		}
	}
	n := len(m.rows) - len(kept)
	m.rows = kept
	return int64(n), nil
}

func (m *memStore) setFail(err error) {
	m.mu.Lock()
	m.fail = err
	m.mu.Unlock()
}

func (m *memStore) stats() (rows, appends int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.rows), m.appends
}

func newTable(t *testing.T, s Store, opt TableOptions) *Table {
	t.Helper()
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.NewTextHandler(t.Output(), nil))
	}
	b, err := NewTable(ctx, s, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

func TestTableAcrossBrokers(t *testing.T) {
	m := &memStore{}
	m.AppendLiveEvents(ctx, "old", time.Now(), []Event{{Topic: "t", Data: []byte("before")}})
	a := newTable(t, m, TableOptions{PollEvery: 20 * time.Millisecond})
	b := newTable(t, m, TableOptions{PollEvery: 20 * time.Millisecond})
	sa, sb := a.Subscribe("t"), b.Subscribe("t")
	const n = 300
	for i := range n {
		if err := a.Publish(ctx, "t", fmt.Append(nil, i)); err != nil {
			t.Fatal(err)
		}
		if i%50 == 49 { // in order, at once on a, through the table on b
			for j := i - 49; j <= i; j++ {
				if ev := recv(t, sa); string(ev.Data) != fmt.Sprint(j) {
					t.Fatalf("a: event %d is %q", j, ev.Data)
				}
			}
			for j := i - 49; j <= i; j++ {
				if ev := recv(t, sb); string(ev.Data) != fmt.Sprint(j) {
					t.Fatalf("b: event %d is %q", j, ev.Data) // rows from before b started are not replayed
				}
			}
		}
	}
	time.Sleep(100 * time.Millisecond)
	none(t, sa) // a's own rows are not delivered twice
	none(t, sb)
	if _, appends := m.stats(); appends > 2*6+1 { // the first event of a burst, then the rest
		t.Errorf("%d write transactions for %d events published in 6 bursts: not batched", appends, n)
	}
}

// At most one write transaction per FlushEvery, whatever the rate.
func TestTableBatches(t *testing.T) {
	m := &memStore{}
	a := newTable(t, m, TableOptions{FlushEvery: 50 * time.Millisecond, PollEvery: -1})
	start := time.Now()
	n := 0
	for time.Since(start) < 500*time.Millisecond {
		a.Publish(ctx, "issue:1", []byte("x"))
		n++
		if n%100 == 0 {
			time.Sleep(time.Millisecond)
		}
	}
	a.Close()
	elapsed := time.Since(start)
	rows, appends := m.stats()
	if rows != n {
		t.Fatalf("%d rows for %d events", rows, n)
	}
	if limit := int(elapsed/(50*time.Millisecond)) + 2; appends > limit {
		t.Fatalf("%d write transactions in %v (at most %d)", appends, elapsed, limit)
	}
	t.Logf("%d events in %v: %d write transactions", n, elapsed, appends)
}

// A command publishes and exits: Close writes what is pending.
func TestTableCloseFlushes(t *testing.T) {
	m := &memStore{}
	b := newTable(t, m, TableOptions{PollEvery: 10 * time.Millisecond})
	sb := b.Subscribe("cycle")
	cli := newTable(t, m, TableOptions{PollEvery: -1, FlushEvery: time.Hour})
	cli.Publish(ctx, "cycle", []byte("1")) // written at once (the first after a quiet spell)
	cli.Publish(ctx, "cycle", []byte("2")) // waits for FlushEvery...
	if err := cli.Close(); err != nil {    // ...or Close
		t.Fatal(err)
	}
	if err := cli.Publish(ctx, "cycle", nil); !errors.Is(err, ErrClosed) {
		t.Fatalf("publish after Close: %v", err)
	}
	for _, want := range []string{"1", "2"} {
		if ev := recv(t, sb); string(ev.Data) != want {
			t.Fatalf("got %q, want %q", ev.Data, want)
		}
	}
}

// Events wait while the database refuses writes, and go when it is back.
func TestTableRetriesFailedWrites(t *testing.T) {
	m := &memStore{}
	m.setFail(errors.New("database is locked"))
	a := newTable(t, m, TableOptions{PollEvery: -1, FlushEvery: 10 * time.Millisecond, MaxPending: 5})
	for i := range 8 {
		a.Publish(ctx, "t", fmt.Append(nil, i))
	}
	time.Sleep(50 * time.Millisecond)
	m.setFail(nil)
	deadline := time.Now().Add(5 * time.Second)
	for {
		if rows, _ := m.stats(); rows == 5 {
			break
		}
		if time.Now().After(deadline) {
			rows, _ := m.stats()
			t.Fatalf("%d rows written after the database came back, want the newest 5", rows)
		}
		time.Sleep(10 * time.Millisecond)
	}
	rows, _ := m.LiveEventsSince(ctx, 0, 10)
	if string(rows[0].Data) != "3" || string(rows[4].Data) != "7" {
		t.Fatalf("kept %q..%q, want the newest", rows[0].Data, rows[4].Data)
	}
}

func TestTablePrunesAndRefusesBigData(t *testing.T) {
	m := &memStore{}
	m.AppendLiveEvents(ctx, "old", time.Now().Add(-time.Hour), []Event{{Topic: "t"}})
	a := newTable(t, m, TableOptions{PollEvery: 10 * time.Millisecond, Retention: 40 * time.Millisecond})
	deadline := time.Now().Add(5 * time.Second)
	for rows, _ := m.stats(); rows > 0; rows, _ = m.stats() {
		if time.Now().After(deadline) {
			t.Fatal("old rows not pruned")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := a.Publish(ctx, "t", make([]byte, MaxTableData+1)); err == nil {
		t.Fatal("accepted data over MaxTableData")
	}
}

// The cost a publisher pays on the hot path (the write happens later, in
// batches).
func BenchmarkTablePublish(b *testing.B) {
	t, err := NewTable(ctx, &memStore{}, TableOptions{PollEvery: -1, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	defer t.Close()
	data := []byte(`{"supports":1234}`)
	for b.Loop() {
		t.Publish(ctx, "issue:1", data)
	}
}
