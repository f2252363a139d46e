package kit

import (
	"log/slog"
	"time"
)

// Env is what the shell gives every area besides the area's own domain
// services: the Renderer, the log, the clock, the rate limits and the
// session cache. The shell fills every field (limits that are switched off
// allow everything), so areas never check for nil.
type Env struct {
	Render   *Renderer
	Log      *slog.Logger
	Now      func() time.Time
	Sessions Sessions
	Limits   Limits
}

// Limits are the rate limits areas apply, per person (or per client
// address before sign-in). Over a limit a handler returns an apperr
// RateLimited error (429 with Retry-After).
type Limits struct {
	SignIn  Limiter // sign-in emails and link uses
	Submit  Limiter // issues, comments, reports
	Support Limiter // supports and their withdrawal
}
