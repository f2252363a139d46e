package sse

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/folkmoot/folkmoot/internal/live"
)

// Message is one server-sent event.
type Message struct {
	// Event is the event's name (EventSource's addEventListener type);
	// empty means "message". Line breaks are removed.
	Event string
	// Data is the event's data; it may span lines.
	Data []byte
	// Raw, if set, is the whole event already in the event-stream format
	// (Encoded's result), written as is: a publisher with thousands of
	// subscribers encodes an event once, not once per subscriber. Event
	// and Data are then ignored.
	Raw []byte
}

// Encoded returns m in the event-stream format, for Message.Raw.
func Encoded(m Message) []byte {
	var s stream
	s.message(m)
	return s.buf.Bytes()
}

// LaggedEvent is the name of the event sent, when Options.Initial is nil,
// after the subscription dropped events: the page should re-read its state
// (or reload).
const LaggedEvent = "lagged"

// Options tune Serve. Only Encode is needed; zero durations take defaults.
type Options struct {
	// Initial, if set, returns the current state, sent as the first event
	// and again whenever the subscription reports live.Lagged. An error
	// before the stream starts is returned by Serve (no response written).
	Initial func(ctx context.Context) (Message, error)
	// Encode turns a broker event into a message, or reports false to
	// skip it. Nil sends the topic as the event name and Data as data.
	Encode func(ev live.Event) (Message, bool)
	// Heartbeat is the interval between keep-alive comments; 0 means 15s.
	Heartbeat time.Duration
	// Retry is the reconnection delay the browser is told; 0 means 3s.
	Retry time.Duration
	// MaxLifetime ends the stream after this long (less up to a tenth, at
	// random, so that clients do not all reconnect at once); 0 means 1h.
	MaxLifetime time.Duration
	// WriteTimeout bounds each write to a client that stopped reading; 0
	// means 30s.
	WriteTimeout time.Duration
	// Done, when closed, ends the stream (server shutdown: http.Server's
	// Shutdown does not cancel running handlers; pass a channel closed by
	// its RegisterOnShutdown hook). Nil means never.
	Done <-chan struct{}
}

// Serve writes sub to w as an event stream until the client goes away,
// opt.Done closes, the subscription closes (the broker closed) or
// MaxLifetime passes; it then closes sub. It returns nil for these normal
// endings, Initial's error if the stream could not start, or the error of
// a failed write or flush (also when w cannot flush: streaming needs it).
func Serve(w http.ResponseWriter, r *http.Request, sub *live.Subscription, opt Options) error {
	defer sub.Close()
	opt = withDefaults(opt)
	ctx := r.Context()
	var first *Message
	if opt.Initial != nil {
		m, err := opt.Initial(ctx)
		if err != nil {
			return err
		}
		first = &m
	}

	s := &stream{w: w, rc: http.NewResponseController(w), timeout: opt.WriteTimeout}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no") // nginx: do not buffer the stream
	h.Del("Content-Length")
	w.WriteHeader(http.StatusOK)

	s.buf.WriteString("retry: " + strconv.FormatInt(opt.Retry.Milliseconds(), 10) + "\n\n")
	if first != nil {
		s.message(*first)
	}
	if err := s.send(); err != nil {
		return s.ended(ctx, err)
	}

	life := time.NewTimer(opt.MaxLifetime - time.Duration(rand.Int64N(int64(opt.MaxLifetime/10)+1)))
	defer life.Stop()
	beat := time.NewTicker(opt.Heartbeat)
	defer beat.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-opt.Done:
			return nil
		case <-life.C:
			return nil
		case <-beat.C:
			s.buf.WriteString(": keep-alive\n\n")
		case ev, ok := <-sub.C:
			if !ok {
				return nil
			}
			if err := s.event(ctx, ev, opt); err != nil {
				return err
			}
		}
		if err := s.send(); err != nil {
			return s.ended(ctx, err)
		}
	}
}

func withDefaults(opt Options) Options {
	if opt.Heartbeat <= 0 {
		opt.Heartbeat = 15 * time.Second
	}
	if opt.Retry <= 0 {
		opt.Retry = 3 * time.Second
	}
	if opt.MaxLifetime <= 0 {
		opt.MaxLifetime = time.Hour
	}
	if opt.WriteTimeout <= 0 {
		opt.WriteTimeout = 30 * time.Second
	}
	if opt.Encode == nil {
		opt.Encode = func(ev live.Event) (Message, bool) { return Message{Event: ev.Topic, Data: ev.Data}, true }
	}
	return opt
}

// event buffers the message for a broker event: the current state again
// after a lag, else Encode's message (or nothing).
func (s *stream) event(ctx context.Context, ev live.Event, opt Options) error {
	if ev.Topic == live.Lagged {
		if opt.Initial == nil {
			s.message(Message{Event: LaggedEvent})
			return nil
		}
		m, err := opt.Initial(ctx)
		if err != nil {
			return fmt.Errorf("sse: re-reading the state after a lag: %w", err)
		}
		s.message(m)
		return nil
	}
	if m, ok := opt.Encode(ev); ok {
		s.message(m)
	}
	return nil
}

// stream buffers what is to be written and writes it with a fresh
// deadline, then flushes.
type stream struct {
	w       http.ResponseWriter
	rc      *http.ResponseController
	timeout time.Duration
	buf     bytes.Buffer
}

// message buffers m in the event-stream format.
func (s *stream) message(m Message) {
	if m.Raw != nil {
		s.buf.Write(m.Raw)
		return
	}
	if name := strings.NewReplacer("\r", "", "\n", "").Replace(m.Event); name != "" {
		s.buf.WriteString("event: " + name + "\n")
	}
	data := strings.ReplaceAll(strings.ReplaceAll(string(m.Data), "\r\n", "\n"), "\r", "\n")
	for line := range strings.SplitSeq(data, "\n") {
		s.buf.WriteString("data: " + line + "\n")
	}
	s.buf.WriteString("\n")
}

// send writes the buffer and flushes it to the client.
func (s *stream) send() error {
	if s.buf.Len() == 0 {
		return nil
	}
	// Without deadline support (a wrapper that hides the connection), the
	// server's WriteTimeout ends the stream and the client reconnects.
	_ = s.rc.SetWriteDeadline(time.Now().Add(s.timeout))
	_, err := s.w.Write(s.buf.Bytes())
	s.buf.Reset()
	if err != nil {
		return err
	}
	if err := s.rc.Flush(); err != nil {
		if errors.Is(err, http.ErrNotSupported) {
			return errors.New("sse: the response writer cannot flush, so events would not stream")
		}
		return err
	}
	return nil
}

// ended turns a write error into nil when the client went away.
func (s *stream) ended(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return nil
	}
	return fmt.Errorf("sse: writing the stream: %w", err)
}
