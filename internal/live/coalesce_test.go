package live

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Thousands of marks a second become one event per interval per topic,
// each with the data current when it is sent.
func TestCoalescerLimitsRate(t *testing.T) {
	b := NewLocal()
	defer b.Close()
	s := b.Subscribe("issue:1", "issue:2")
	var count atomic.Int64
	calls := map[string]int{}
	var mu sync.Mutex
	c := NewCoalescer(b, 50*time.Millisecond, func(_ context.Context, topic string) ([]byte, error) {
		mu.Lock()
		calls[topic]++
		mu.Unlock()
		return fmt.Append(nil, count.Load()), nil
	}, slog.New(slog.NewTextHandler(t.Output(), nil)))
	got := map[string][]string{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ev := range s.C {
			got[ev.Topic] = append(got[ev.Topic], string(ev.Data))
		}
	}()
	start := time.Now()
	for time.Since(start) < 400*time.Millisecond {
		count.Add(1)
		c.Mark("issue:1")
		if count.Load()%50 == 0 {
			time.Sleep(time.Millisecond)
		}
	}
	c.Mark("issue:2")
	elapsed := time.Since(start)
	time.Sleep(150 * time.Millisecond) // past the last interval
	if c.Pending() != 0 {
		t.Fatalf("%d topics still pending", c.Pending())
	}
	c.Close()
	b.Close()
	<-done
	n := len(got["issue:1"])
	if limit := int(elapsed/(50*time.Millisecond)) + 2; n > limit || n < 2 {
		t.Fatalf("%d events for %d marks in %v (expected 2..%d)", n, count.Load(), elapsed, limit)
	}
	if last := got["issue:1"][n-1]; last != fmt.Sprint(count.Load()) {
		t.Fatalf("last event carries %s, want the latest count %d", last, count.Load())
	}
	if len(got["issue:2"]) != 1 {
		t.Fatalf("issue:2 got %v", got["issue:2"])
	}
	t.Logf("%d marks in %v: %d events", count.Load(), elapsed, n)
}

func TestCoalescerCloseFlushes(t *testing.T) {
	b := NewLocal()
	defer b.Close()
	s := b.Subscribe("cycle")
	c := NewCoalescer(b, time.Hour, func(_ context.Context, topic string) ([]byte, error) {
		return []byte(strings.ToUpper(topic)), nil
	}, nil)
	c.Mark("cycle")
	c.Mark("cycle")
	c.Close()
	if ev := recv(t, s); string(ev.Data) != "CYCLE" {
		t.Fatalf("got %+v", ev)
	}
	none(t, s)
	c.Mark("cycle") // after Close: nothing
	c.Close()
	none(t, s)
}

func TestCoalescerSkipsFailedData(t *testing.T) {
	b := NewLocal()
	defer b.Close()
	s := b.Subscribe("bad", "good")
	c := NewCoalescer(b, 10*time.Millisecond, func(_ context.Context, topic string) ([]byte, error) {
		if topic == "bad" {
			return nil, errors.New("no such issue")
		}
		return nil, nil
	}, slog.New(slog.DiscardHandler))
	defer c.Close()
	c.Mark("bad")
	c.Mark("good")
	if ev := recv(t, s); ev.Topic != "good" {
		t.Fatalf("got %+v", ev)
	}
	time.Sleep(30 * time.Millisecond)
	none(t, s)
}

// The cost of marking a hot topic dirty (the support path pays it).
func BenchmarkCoalescerMark(b *testing.B) {
	l := NewLocal()
	defer l.Close()
	c := NewCoalescer(l, 100*time.Millisecond, func(context.Context, string) ([]byte, error) { return nil, nil }, nil)
	defer c.Close()
	for b.Loop() {
		c.Mark("issue:1")
	}
}
