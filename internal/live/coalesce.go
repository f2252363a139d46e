package live

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// Coalescer turns frequent changes into at most one event per topic per
// interval: callers Mark a topic dirty as often as they like (a support
// marks its issue's topic); Interval after the first mark, the Coalescer
// asks Data for the topic's latest data and publishes it once. A thousand
// supports a second on one issue thus make ten events a second, not a
// thousand notifications or table rows. It is safe for concurrent use.
type Coalescer struct {
	b        Broker
	interval time.Duration
	data     func(ctx context.Context, topic string) ([]byte, error)
	log      *slog.Logger

	mu       sync.Mutex
	due      map[string]time.Time // dirty topics and when to publish them
	timer    *time.Timer          // armed while due is not empty
	closed   bool
	flushMu  sync.Mutex     // one flush at a time
	inflight sync.WaitGroup // ticks publishing (Close waits for them)
}

// NewCoalescer returns a Coalescer publishing on b at most once per
// interval per topic (0 means 100ms). data computes the data of a topic's
// event when it is published; when it fails the event is skipped and the
// error logged on log (nil means slog.Default()).
func NewCoalescer(b Broker, interval time.Duration, data func(ctx context.Context, topic string) ([]byte, error), log *slog.Logger) *Coalescer {
	if interval <= 0 {
		interval = 100 * time.Millisecond
	}
	if log == nil {
		log = slog.Default()
	}
	return &Coalescer{b: b, interval: interval, data: data, log: log, due: map[string]time.Time{}}
}

// Mark records that topic changed. It never blocks on the broker or the
// database; after Close it does nothing.
func (c *Coalescer) Mark(topic string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return
	}
	if _, ok := c.due[topic]; ok {
		return
	}
	at := time.Now().Add(c.interval)
	c.due[topic] = at
	if c.timer == nil {
		c.timer = time.AfterFunc(c.interval, c.tick)
	}
}

// Pending returns the number of dirty topics not yet published.
func (c *Coalescer) Pending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.due)
}

// tick publishes the topics that are due and re-arms for the rest.
func (c *Coalescer) tick() {
	now := time.Now()
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return
	}
	c.inflight.Add(1)
	defer c.inflight.Done()
	var topics []string
	next := time.Time{}
	for t, at := range c.due {
		if !at.After(now) {
			topics = append(topics, t)
			delete(c.due, t)
		} else if next.IsZero() || at.Before(next) {
			next = at
		}
	}
	if next.IsZero() {
		c.timer = nil
	} else {
		c.timer = time.AfterFunc(next.Sub(now), c.tick)
	}
	c.mu.Unlock()
	c.publish(topics)
}

// publish computes and publishes each topic's event.
func (c *Coalescer) publish(topics []string) {
	if len(topics) == 0 {
		return
	}
	c.flushMu.Lock()
	defer c.flushMu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, t := range topics {
		d, err := c.data(ctx, t)
		if err != nil {
			c.log.Warn("live: computing an event's data", "topic", t, "err", err)
			continue
		}
		if err := c.b.Publish(ctx, t, d); err != nil {
			c.log.Warn("live: publishing", "topic", t, "err", err)
		}
	}
}

// Close publishes every dirty topic now, waits for publishing under way,
// and stops; it does not close the broker (close it afterwards, so that the last events are sent).
func (c *Coalescer) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	if c.timer != nil {
		c.timer.Stop()
		c.timer = nil
	}
	topics := make([]string, 0, len(c.due))
	for t := range c.due {
		topics = append(topics, t)
	}
	c.due = map[string]time.Time{}
	c.mu.Unlock()
	c.publish(topics)
	c.inflight.Wait()
	return nil
}
