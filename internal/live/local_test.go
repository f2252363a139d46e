package live

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
)

var ctx = context.Background()

// recv returns the next event on s, failing after a generous timeout.
func recv(t *testing.T, s *Subscription) Event {
	t.Helper()
	select {
	case ev, ok := <-s.C:
		if !ok {
			t.Fatal("subscription closed")
		}
		return ev
	case <-time.After(5 * time.Second):
		t.Fatal("no event within 5s")
	}
	return Event{}
}

// none checks that nothing is waiting on s.
func none(t *testing.T, s *Subscription) {
	t.Helper()
	select {
	case ev := <-s.C:
		t.Fatalf("unexpected event %q %q", ev.Topic, ev.Data)
	default:
	}
}

func TestLocalFanOutExactTopics(t *testing.T) {
	b := NewLocal()
	defer b.Close()
	one, two := b.Subscribe("issue:1"), b.Subscribe("issue:1", "cycle", "issue:1")
	ten := b.Subscribe("issue:10")
	if err := b.Publish(ctx, "issue:1", []byte("a")); err != nil {
		t.Fatal(err)
	}
	b.Publish(ctx, "cycle", []byte("c"))
	b.Publish(ctx, "issue:", nil)
	b.Publish(ctx, "nobody", nil)
	if ev := recv(t, one); ev.Topic != "issue:1" || string(ev.Data) != "a" {
		t.Fatalf("one got %+v", ev)
	}
	if ev := recv(t, two); ev.Topic != "issue:1" {
		t.Fatalf("two got %+v", ev)
	}
	if ev := recv(t, two); ev.Topic != "cycle" || string(ev.Data) != "c" {
		t.Fatalf("two got %+v", ev)
	}
	none(t, one)
	none(t, two) // subscribing twice to a topic delivers once
	none(t, ten)
	if got := two.Topics(); len(got) != 2 {
		t.Fatalf("Topics() = %v", got)
	}
}

func TestLocalUnsubscribe(t *testing.T) {
	b := NewLocal()
	defer b.Close()
	s := b.Subscribe("x", "y")
	s.Close()
	s.Close() // twice is fine
	if _, ok := <-s.C; ok {
		t.Fatal("C still open after Close")
	}
	if n := b.Subscribers("x") + b.Subscribers("y"); n != 0 {
		t.Fatalf("%d subscribers left", n)
	}
	if err := b.Publish(ctx, "x", nil); err != nil {
		t.Fatal(err)
	}
}

func TestLocalReservedAndClosed(t *testing.T) {
	b := NewLocal()
	if err := b.Publish(ctx, Lagged, nil); !errors.Is(err, ErrReserved) {
		t.Fatalf("publish on Lagged: %v", err)
	}
	if err := b.Publish(ctx, "", nil); !errors.Is(err, ErrReserved) {
		t.Fatalf("publish on empty topic: %v", err)
	}
	s := b.Subscribe("x")
	b.Close()
	if _, ok := <-s.C; ok {
		t.Fatal("C open after the broker closed")
	}
	s.Close() // after the broker: fine
	if err := b.Publish(ctx, "x", nil); !errors.Is(err, ErrClosed) {
		t.Fatalf("publish after Close: %v", err)
	}
	if _, ok := <-b.Subscribe("x").C; ok {
		t.Fatal("subscription on a closed broker is open")
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
}

// A consumer that does not read never slows a publisher: its buffer fills,
// the rest is dropped, and one Lagged marker tells it to resync.
func TestLocalSlowSubscriber(t *testing.T) {
	b := NewLocal()
	defer b.Close()
	slow := b.Subscribe("t")
	fast := b.Subscribe("t")
	got := make(chan int)
	go func() {
		n := 0
		for ev := range fast.C {
			if ev.Topic == "t" {
				n++
			}
		}
		got <- n
	}()
	const n = 20000
	start := time.Now()
	for i := range n {
		b.Publish(ctx, "t", []byte(fmt.Sprint(i)))
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("publishing %d events took %v", n, d)
	}
	if slow.Dropped() != n-BufferSize {
		t.Fatalf("dropped %d, want %d", slow.Dropped(), n-BufferSize)
	}
	for i := range BufferSize {
		if ev := recv(t, slow); string(ev.Data) != fmt.Sprint(i) {
			t.Fatalf("event %d: %q", i, ev.Data)
		}
	}
	if ev := recv(t, slow); ev.Topic != Lagged {
		t.Fatalf("after the buffer: %+v, want the Lagged marker", ev)
	}
	none(t, slow) // one marker for every drop
	b.Publish(ctx, "t", []byte("again"))
	if ev := recv(t, slow); string(ev.Data) != "again" {
		t.Fatalf("after catching up: %+v", ev)
	}
	fast.Close()
	if m := <-got; m < BufferSize {
		t.Fatalf("the fast consumer got only %d events", m)
	}
}

func TestLocalMarkLagged(t *testing.T) {
	b := NewLocal()
	defer b.Close()
	s := b.Subscribe("a", "b")
	b.MarkLagged()
	b.MarkLagged() // still unread: no second marker
	if ev := recv(t, s); ev.Topic != Lagged {
		t.Fatalf("got %+v", ev)
	}
	none(t, s)
	b.MarkLagged() // read: a new one
	if ev := recv(t, s); ev.Topic != Lagged {
		t.Fatalf("got %+v", ev)
	}
	b.Publish(ctx, "a", nil)
	b.MarkLagged()
	recv(t, s)
	if ev := recv(t, s); ev.Topic != Lagged {
		t.Fatalf("got %+v", ev)
	}
}

// Publishers, subscribers and closes at once (run with -race): every
// subscriber sees each publisher's events in order, with gaps only where
// it lagged.
func TestLocalConcurrent(t *testing.T) {
	b := NewLocal()
	const pubs, each = 4, 2000
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	start := make(chan struct{})
	for range 4 { // subscribers checking order
		s := b.Subscribe("t")
		wg.Go(func() {
			last := map[byte]int{}
			for ev := range s.C {
				if ev.Topic == Lagged {
					continue
				}
				var p byte
				var i int
				fmt.Sscanf(string(ev.Data), "%c%d", &p, &i)
				if prev, ok := last[p]; ok && i <= prev {
					errs <- fmt.Errorf("publisher %c: %d after %d", p, i, prev)
					return
				}
				last[p] = i
			}
		})
	}
	var churn sync.WaitGroup
	for range 2 { // subscribers coming and going
		churn.Go(func() {
			<-start
			for range 300 {
				s := b.Subscribe("t", "u")
				b.MarkLagged()
				s.Close()
			}
		})
	}
	var pw sync.WaitGroup
	for p := range pubs {
		pw.Go(func() {
			<-start
			for i := range each {
				if err := b.Publish(ctx, "t", fmt.Appendf(nil, "%c%d", 'a'+p, i)); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	close(start)
	pw.Wait()
	churn.Wait()
	b.Close()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func BenchmarkLocalPublishNobody(b *testing.B) {
	l := NewLocal()
	defer l.Close()
	s := l.Subscribe("other")
	defer s.Close()
	data := []byte("1")
	for b.Loop() {
		l.Publish(ctx, "issue:1", data)
	}
}

func BenchmarkLocalPublishOne(b *testing.B) {
	l := NewLocal()
	defer l.Close()
	s := l.Subscribe("issue:1")
	go func() {
		for range s.C {
		}
	}()
	data := []byte("1")
	for b.Loop() {
		l.Publish(ctx, "issue:1", data)
	}
}
