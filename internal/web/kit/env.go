package kit

import (
	"log/slog"
	"time"

	"github.com/folkmoot/folkmoot/internal/live"
)

// Env is what the shell gives every area besides the area's own domain
// services: the Renderer, the log, the clock, the rate limits, the session
// cache and live updates. The shell fills every field (limits that are
// switched off allow everything; without a broker of its own the shell
// gives an in-process one), so areas never check for nil.
type Env struct {
	Render   *Renderer
	Log      *slog.Logger
	Now      func() time.Time
	Sessions Sessions
	Limits   Limits

	// Live is the process's live broker (shared with every server on the
	// database): areas publish what changed and stream it to pages.
	Live live.Broker
	// Streams bounds the event streams open at once in this process; an
	// area takes a slot for each stream and answers 503 without one.
	Streams *Streams
	// Done is closed when the server shuts down: long-lived responses
	// (event streams) end then (sse.Options.Done).
	Done <-chan struct{}
}

// Limits are the rate limits areas apply, per person (or per client
// address before sign-in). Over a limit a handler returns an apperr
// RateLimited error (429 with Retry-After).
type Limits struct {
	SignIn  Limiter // sign-in emails and link uses
	Submit  Limiter // issues, comments, reports
	Support Limiter // supports and their withdrawal
	Export  Limiter // open-data exports, per client address
}
