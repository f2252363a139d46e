package web

import (
	"context"
	"log/slog"
	"strconv"
	"sync"

	"github.com/folkmoot/folkmoot/internal/live"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// The topics on which servers tell each other to drop cached sessions.
const (
	// TopicSession carries the hash of a session that ended (sign-out):
	// every server drops it from its cache.
	TopicSession = "session"
	// TopicUser carries the id of a user whose roles, name or language
	// changed: every server drops that user's cached sessions.
	TopicUser = "user"
)

// defaultMaxStreams bounds the event streams of one process when Deps
// does not say.
const defaultMaxStreams = 1000

// liveState is the shell's part in live updates: the broker, the stream
// limit, the shutdown signal for streams, and the subscription that keeps
// the session cache in step with other servers.
type liveState struct {
	broker  live.Broker
	own     bool // the broker was made here (no Deps.Live): Close closes it
	streams *kit.Streams
	done    chan struct{}
	stop    sync.Once

	sub     *live.Subscription
	watched chan struct{} // closed when the watcher returns
	closed  sync.Once
}

// initLive sets up the broker, the stream limit and the shutdown channel
// the areas get in their Env.
func (s *Server) initLive(d Deps) {
	s.live.broker = d.Live
	if s.live.broker == nil {
		s.live.broker, s.live.own = live.NewLocal(), true
	}
	n := d.MaxStreams
	if n <= 0 {
		n = defaultMaxStreams
	}
	s.live.streams = kit.NewStreams(n)
	s.live.done = make(chan struct{})
}

// watchSessions subscribes to the session and user topics and drops what
// they name from the session cache, until Close: a sign-out or a change of
// roles on any server reaches this one's cache within the broker's latency
// (milliseconds on PostgreSQL), not the cache's time to live. After
// live.Lagged (events may have been lost) it drops the whole cache.
func (s *Server) watchSessions() {
	sub := s.live.broker.Subscribe(TopicSession, TopicUser)
	s.live.sub, s.live.watched = sub, make(chan struct{})
	go func() {
		defer close(s.live.watched)
		for ev := range sub.C {
			switch ev.Topic {
			case TopicSession:
				s.sessions.forgetHash(string(ev.Data))
			case TopicUser:
				if id, err := strconv.ParseInt(string(ev.Data), 10, 64); err == nil {
					s.sessions.forgetUser(id)
				} else {
					s.sessions.forgetAll()
				}
			default: // live.Lagged
				s.sessions.forgetAll()
			}
		}
	}()
}

// StopStreams ends every open event stream (they get a last flush and
// the browsers reconnect, to another server or after the restart). Give it
// to http.Server.RegisterOnShutdown: Shutdown does not end running
// handlers itself. It is safe to call more than once.
func (s *Server) StopStreams() { s.live.stop.Do(func() { close(s.live.done) }) }

// Close ends the streams, publishes the live updates still waiting (an
// issue's latest counts), and stops listening for other servers' session
// changes. Call it after the HTTP server has shut down and before the
// broker closes. It is safe to call more than once.
func (s *Server) Close() error {
	s.StopStreams()
	s.live.closed.Do(func() {
		if s.gather != nil {
			s.gather.Close()
		}
		if s.live.sub != nil {
			s.live.sub.Close()
			<-s.live.watched
		}
		if s.live.own {
			s.live.broker.Close()
		}
	})
	return nil
}

// AnnounceSignOut returns a people.Config.SessionEnded hook that tells every
// server on b that a session ended (topic "session", data: the session's
// hash, never its raw id), so that their caches refuse it at once.
func AnnounceSignOut(b live.Broker, log *slog.Logger) func(context.Context, string) {
	return func(ctx context.Context, hash string) {
		if err := b.Publish(context.WithoutCancel(ctx), TopicSession, []byte(hash)); err != nil && log != nil {
			log.Warn("announcing a sign-out", "err", err)
		}
	}
}

// AnnounceUserChange returns a people.Config.UserChanged hook that tells
// every server on b that a user's roles, name or language changed (topic
// "user", data: the user id), so that their caches read the user again.
func AnnounceUserChange(b live.Broker, log *slog.Logger) func(context.Context, int64) {
	return func(ctx context.Context, id int64) {
		if err := b.Publish(context.WithoutCancel(ctx), TopicUser, []byte(strconv.FormatInt(id, 10))); err != nil && log != nil {
			log.Warn("announcing a change to a user", "user", id, "err", err)
		}
	}
}

// sessionHash is the cache key of a raw session id: the hash servers
// announce (people.HashToken), so that the raw id never leaves the request.
func sessionHash(raw string) string { return people.HashToken(raw) }
