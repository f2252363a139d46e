package webtest

import (
	"bufio"
	"context"
	"net/http"
	"strings"
	"time"
)

// Event is one server-sent event as a browser's EventSource sees it.
type Event struct {
	Name string // "message" when the stream gave none
	Data string // data lines joined with "\n"
}

// Stream is an open text/event-stream (GET /issues/{id}/events) read as
// EventSource reads it. Close it before the test ends: the server waits
// for open streams when it shuts down.
type Stream struct {
	Code   int
	Header http.Header

	cancel context.CancelFunc
	events chan Event
}

// Stream opens path with the client's cookies and the header pairs hdr,
// and reads its events in the background. A response other than an event
// stream has Code set and no events.
func (c *Client) Stream(path string, hdr ...string) *Stream {
	c.h.T.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.h.URL+path, nil)
	if err != nil {
		cancel()
		c.h.T.Fatal(err)
	}
	req.Header.Set("Accept", "text/event-stream")
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := c.HC.Do(req)
	if err != nil {
		cancel()
		c.h.T.Fatal(err)
	}
	s := &Stream{Code: res.StatusCode, Header: res.Header, cancel: cancel, events: make(chan Event, 100)}
	c.h.T.Cleanup(s.Close)
	if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") {
		res.Body.Close()
		close(s.events)
		return s
	}
	go func() {
		defer close(s.events)
		defer res.Body.Close()
		sc := bufio.NewScanner(res.Body)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		var ev Event
		var data []string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if data != nil {
					ev.Data = strings.Join(data, "\n")
					if ev.Name == "" {
						ev.Name = "message"
					}
					select {
					case s.events <- ev:
					case <-ctx.Done():
						return
					}
				}
				ev, data = Event{}, nil
			case strings.HasPrefix(line, "event:"):
				ev.Name = strings.TrimSpace(strings.TrimPrefix(line, "event:"))
			case strings.HasPrefix(line, "data:"):
				data = append(data, strings.TrimPrefix(strings.TrimPrefix(line, "data:"), " "))
			}
		}
	}()
	return s
}

// Next returns the next event within wait, or false when none came (or
// the stream ended).
func (s *Stream) Next(wait time.Duration) (Event, bool) {
	select {
	case ev, ok := <-s.events:
		return ev, ok
	case <-time.After(wait):
		return Event{}, false
	}
}

// Ended reports whether the stream ends within wait: the server closed it
// (all events before its end are dropped).
func (s *Stream) Ended(wait time.Duration) bool {
	deadline := time.After(wait)
	for {
		select {
		case _, ok := <-s.events:
			if !ok {
				return true
			}
		case <-deadline:
			return false
		}
	}
}

// Close ends the stream (the client goes away).
func (s *Stream) Close() { s.cancel() }
