package live

import (
	"context"
	"sync"
)

// Local is a Broker within one process: Publish hands the event to every
// subscription of its topic at once, without waiting for any consumer. It
// is safe for concurrent use, and publishing on a topic nobody follows
// costs one read lock and a map lookup. The other brokers use a Local for
// their local fan-out.
type Local struct {
	mu     sync.RWMutex
	topics map[string]map[*Subscription]struct{}
	closed bool
}

var _ Broker = (*Local)(nil)

// NewLocal returns an empty in-process broker.
func NewLocal() *Local {
	return &Local{topics: map[string]map[*Subscription]struct{}{}}
}

// Publish delivers data on topic to this process's subscribers. ctx is
// not used: delivery never waits.
func (l *Local) Publish(_ context.Context, topic string, data []byte) error {
	if topic == "" || topic == Lagged {
		return ErrReserved
	}
	l.mu.RLock()
	defer l.mu.RUnlock()
	if l.closed {
		return ErrClosed
	}
	subs := l.topics[topic]
	if len(subs) == 0 {
		return nil
	}
	ev := Event{Topic: topic, Data: data}
	for s := range subs {
		s.deliver(ev)
	}
	return nil
}

// Subscribe returns a subscription to the given topics (duplicates are
// ignored). On a closed broker its channel is already closed.
func (l *Local) Subscribe(topics ...string) *Subscription {
	uniq := make([]string, 0, len(topics))
	seen := make(map[string]bool, len(topics))
	for _, t := range topics {
		if !seen[t] {
			seen[t] = true
			uniq = append(uniq, t)
		}
	}
	s := newSubscription(l, uniq)
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		s.hub = nil
		s.shut()
		return s
	}
	for _, t := range uniq {
		set := l.topics[t]
		if set == nil {
			set = map[*Subscription]struct{}{}
			l.topics[t] = set
		}
		set[s] = struct{}{}
	}
	return s
}

// MarkLagged sends the Lagged marker to every subscription, telling each
// consumer to re-read its state. Brokers call it when they may have missed
// events from other processes (a dropped database connection).
func (l *Local) MarkLagged() {
	l.mu.RLock()
	defer l.mu.RUnlock()
	done := map[*Subscription]bool{}
	for _, subs := range l.topics {
		for s := range subs {
			if !done[s] {
				done[s] = true
				s.mark()
			}
		}
	}
}

// Subscribers returns the number of subscriptions to topic.
func (l *Local) Subscribers(topic string) int {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return len(l.topics[topic])
}

// Close closes every subscription; later Publish calls return ErrClosed.
func (l *Local) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return nil
	}
	l.closed = true
	done := map[*Subscription]bool{}
	for _, subs := range l.topics {
		for s := range subs {
			if !done[s] {
				done[s] = true
				s.shut()
			}
		}
	}
	l.topics = nil
	return nil
}

func (l *Local) unsubscribe(s *Subscription) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, t := range s.topics {
		set := l.topics[t]
		delete(set, s)
		if len(set) == 0 {
			delete(l.topics, t)
		}
	}
}
