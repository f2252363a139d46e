package jobs

import "time"

// Backoff is how long a job waits before its next attempt: Base after the
// first failure, doubling after each further one, never more than Cap,
// with "equal jitter" (a random half of the delay) so that jobs failing
// together (a mail server down) do not come back in step.
type Backoff struct {
	Base time.Duration
	Cap  time.Duration
}

// DefaultBackoff suits email: 2 s, 4 s, 8 s ... up to 15 minutes.
var DefaultBackoff = Backoff{Base: 2 * time.Second, Cap: 15 * time.Minute}

// Delay returns the wait after failed attempt number attempt (1 for the
// first), given jitter drawn uniformly from [0, 1):
//
//	d = min(Cap, Base·2^(attempt−1)),  Delay = d/2 + jitter·d/2.
//
// A zero Base or Cap takes DefaultBackoff's.
func (b Backoff) Delay(attempt int, jitter float64) time.Duration {
	if b.Base <= 0 {
		b.Base = DefaultBackoff.Base
	}
	if b.Cap <= 0 {
		b.Cap = DefaultBackoff.Cap
	}
	d := b.Base
	for i := 1; i < attempt && d < b.Cap; i++ {
		d *= 2
	}
	d = min(d, b.Cap)
	jitter = min(max(jitter, 0), 1)
	return d/2 + time.Duration(jitter*float64(d/2))
}
