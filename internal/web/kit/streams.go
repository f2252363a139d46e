package kit

import "sync/atomic"

// Streams counts the long-lived responses (server-sent event streams) a
// process holds open, and refuses more than its limit: each stream holds a
// connection, a goroutine and a subscription for as long as the page stays
// open. It is safe for concurrent use.
type Streams struct {
	max  int64
	open atomic.Int64
}

// NewStreams returns a limit of n streams at once (n < 1 means 1).
func NewStreams(n int) *Streams { return &Streams{max: int64(max(n, 1))} }

// Acquire takes a slot and reports whether one was free; a true answer
// must be matched by one Release.
func (s *Streams) Acquire() bool {
	if s.open.Add(1) > s.max {
		s.open.Add(-1)
		return false
	}
	return true
}

// Release gives a slot back.
func (s *Streams) Release() { s.open.Add(-1) }

// Open returns the number of streams open now.
func (s *Streams) Open() int { return int(s.open.Load()) }

// Max returns the limit.
func (s *Streams) Max() int { return int(s.max) }
