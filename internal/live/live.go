package live

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
)

// Event is one message on a topic. Data is shared by every subscriber and
// must not be modified, by the publisher after Publish or by a subscriber.
type Event struct {
	Topic string
	Data  []byte
}

// Broker carries events from publishers to subscribers. Implementations
// are safe for concurrent use.
type Broker interface {
	// Publish sends data on topic to the subscribers of every process using
	// the same broker backend. It never waits for a subscriber and returns
	// before remote delivery; the error reports a closed broker or a refused
	// event (reserved topic, data too large), never a slow subscriber.
	Publish(ctx context.Context, topic string, data []byte) error
	// Subscribe returns a subscription receiving the events published on
	// the exact topics named (no patterns), until it or the broker is closed.
	Subscribe(topics ...string) *Subscription
	// Close ends every subscription (their channels close) and releases the
	// broker's resources, first sending what is waiting to go to other
	// processes, so that a command that publishes and exits is heard.
	Close() error
}

// Lagged is the topic of the marker event a subscription receives after
// events for it were dropped because its buffer was full (or because the
// broker may have lost events, e.g. while reconnecting to PostgreSQL). A
// consumer seeing it should re-read the state it follows. Nothing can be
// published on it.
const Lagged = "!lagged"

// BufferSize is the number of events a subscription holds before it
// starts dropping them.
const BufferSize = 64

// ErrClosed is returned by Publish on a closed broker.
var ErrClosed = errors.New("live: broker closed")

// ErrReserved is returned by Publish on the Lagged topic or an empty topic.
var ErrReserved = errors.New("live: empty or reserved topic")

// Subscription receives the events of the topics it was made for on C, in
// the order each publisher published them. When the consumer falls more
// than BufferSize events behind, further events are dropped and one event
// with topic Lagged takes their place. C is closed by Close or when the
// broker closes.
type Subscription struct {
	// C delivers the events.
	C <-chan Event

	ch     chan Event
	topics []string
	hub    *Local

	mu         sync.Mutex // serialises sends (publishers of different topics may deliver at once)
	closed     bool
	markerLast bool // the last value sent on ch was the Lagged marker

	dropped atomic.Uint64
	once    sync.Once
}

func newSubscription(hub *Local, topics []string) *Subscription {
	ch := make(chan Event, BufferSize+1) // one slot more, kept for the Lagged marker
	return &Subscription{C: ch, ch: ch, topics: topics, hub: hub}
}

// Topics returns the topics the subscription receives.
func (s *Subscription) Topics() []string { return append([]string(nil), s.topics...) }

// Dropped returns how many events were dropped because the consumer was
// too slow.
func (s *Subscription) Dropped() uint64 { return s.dropped.Load() }

// Close ends the subscription: C is closed (events already buffered may
// still be read). It is safe to call more than once and concurrently.
func (s *Subscription) Close() {
	s.once.Do(func() {
		if s.hub != nil {
			s.hub.unsubscribe(s)
		}
		s.shut()
	})
}

// shut closes the channel once.
func (s *Subscription) shut() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.closed = true
		close(s.ch)
	}
}

// deliver sends ev without blocking. Normal events use at most BufferSize
// slots; the extra slot lets the Lagged marker in when they are full.
func (s *Subscription) deliver(ev Event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	if len(s.ch) < BufferSize {
		s.ch <- ev
		s.markerLast = false
		return
	}
	s.dropped.Add(1)
	s.markLocked()
}

// mark sends the Lagged marker unless one is already waiting at the end.
// One marker stands for every event dropped until the consumer reads it.
// The channel is first in, first out and the value sent last is its tail:
// if that value was a marker and the channel is not empty, the marker is
// still unread, so no second one is needed. (The extra slot is then free
// whenever a marker is needed: the channel only fills up to BufferSize+1
// with a marker at its end.)
func (s *Subscription) mark() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.markLocked()
	}
}

func (s *Subscription) markLocked() {
	if s.markerLast && len(s.ch) > 0 {
		return
	}
	select {
	case s.ch <- Event{Topic: Lagged}:
		s.markerLast = true
	default:
		// Cannot happen while the invariant in deliver holds; dropping the
		// marker is still better than blocking a publisher.
	}
}
