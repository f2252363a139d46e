package sse_test

import (
	"bufio"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/live"
	"github.com/folkmoot/folkmoot/internal/live/sse"
)

// harness serves a stream of topic "t" from a Local broker.
type harness struct {
	b      *live.Local
	srv    *httptest.Server
	served chan error // Serve's result, per request
	opt    sse.Options
}

func newHarness(t *testing.T, opt sse.Options, wrap func(http.Handler) http.Handler) *harness {
	t.Helper()
	h := &harness{b: live.NewLocal(), served: make(chan error, 10), opt: opt}
	var handler http.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.served <- sse.Serve(w, r, h.b.Subscribe("t"), h.opt)
	})
	if wrap != nil {
		handler = wrap(handler)
	}
	h.srv = httptest.NewUnstartedServer(handler)
	h.srv.Config.WriteTimeout = 300 * time.Millisecond // like the real server's, but shorter than the test
	h.srv.Start()
	t.Cleanup(func() {
		h.b.Close()
		h.srv.Close()
	})
	return h
}

// client reads one stream: its lines, one at a time.
type client struct {
	t      *testing.T
	resp   *http.Response
	lines  chan string
	cancel context.CancelFunc
}

func (h *harness) connect(t *testing.T, header http.Header) *client {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", h.srv.URL, nil)
	for k, v := range header {
		req.Header[k] = v
	}
	tr := &http.Transport{DisableCompression: true}
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	c := &client{t: t, resp: resp, lines: make(chan string, 100), cancel: cancel}
	var body io.Reader = resp.Body
	if resp.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		body = zr
	}
	go func() {
		defer close(c.lines)
		sc := bufio.NewScanner(body)
		for sc.Scan() {
			c.lines <- sc.Text()
		}
	}()
	t.Cleanup(func() {
		cancel()
		resp.Body.Close()
	})
	return c
}

// next returns the next line that is not a keep-alive comment.
func (c *client) next() string {
	c.t.Helper()
	for {
		select {
		case l, ok := <-c.lines:
			if !ok {
				c.t.Fatal("stream ended")
			}
			if !strings.HasPrefix(l, ":") {
				return l
			}
		case <-time.After(5 * time.Second):
			c.t.Fatal("no line within 5s")
		}
	}
}

// expect reads the given lines in order.
func (c *client) expect(lines ...string) {
	c.t.Helper()
	for _, want := range lines {
		if got := c.next(); got != want {
			c.t.Fatalf("got line %q, want %q", got, want)
		}
	}
}

// waitSubscribed waits until n streams follow topic t.
func (h *harness) waitSubscribed(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for h.b.Subscribers("t") != n {
		if time.Now().After(deadline) {
			t.Fatalf("%d subscribers, want %d", h.b.Subscribers("t"), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (h *harness) result(t *testing.T) error {
	t.Helper()
	select {
	case err := <-h.served:
		return err
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return within 5s")
	}
	return nil
}

func TestEvents(t *testing.T) {
	var state atomic.Int64
	h := newHarness(t, sse.Options{
		Initial: func(context.Context) (sse.Message, error) {
			return sse.Message{Event: "count", Data: []byte(strings.Repeat("1", int(state.Add(1))))}, nil
		},
		Encode: func(ev live.Event) (sse.Message, bool) {
			if string(ev.Data) == "skip" {
				return sse.Message{}, false
			}
			return sse.Message{Event: "change\nx", Data: ev.Data}, true
		},
	}, nil)
	c := h.connect(t, nil)
	for k, want := range map[string]string{"Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store", "X-Accel-Buffering": "no"} {
		if got := c.resp.Header.Get(k); got != want {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
	}
	c.expect("retry: 3000", "", "event: count", "data: 1", "")
	h.waitSubscribed(t, 1)
	ctx := context.Background()
	h.b.Publish(ctx, "t", []byte("skip"))
	h.b.Publish(ctx, "t", []byte("two\nlines"))
	c.expect("event: changex", "data: two", "data: lines", "")

	// After the write timeout of the server: still streaming.
	time.Sleep(500 * time.Millisecond)
	h.b.Publish(ctx, "t", []byte("late"))
	c.expect("event: changex", "data: late", "")

	// A lag (the broker may have missed events): the current state again.
	// (Flooding the subscription would lag only when the stream falls
	// behind, which a fast machine may never do.)
	h.b.MarkLagged()
	deadline := time.Now().Add(5 * time.Second)
	for got := c.next(); got != "event: count"; got = c.next() {
		if time.Now().After(deadline) {
			t.Fatal("no state after a lag")
		}
	}
}

func TestHeartbeatAndClientGone(t *testing.T) {
	h := newHarness(t, sse.Options{Heartbeat: 20 * time.Millisecond}, nil)
	c := h.connect(t, nil)
	c.expect("retry: 3000", "")
	beats := 0
	for beats < 3 {
		select {
		case l := <-c.lines:
			if l == ": keep-alive" {
				beats++
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%d heartbeats in 5s", beats)
		}
	}
	h.waitSubscribed(t, 1)
	c.cancel()
	if err := h.result(t); err != nil {
		t.Fatalf("Serve after the client left: %v", err)
	}
	h.waitSubscribed(t, 0)
}

func TestEnds(t *testing.T) {
	done := make(chan struct{})
	h := newHarness(t, sse.Options{MaxLifetime: 100 * time.Millisecond}, nil)
	c := h.connect(t, nil)
	c.expect("retry: 3000", "")
	if err := h.result(t); err != nil {
		t.Fatalf("after its lifetime: %v", err)
	}
	drain(t, c)

	h.opt = sse.Options{Done: done}
	c = h.connect(t, nil)
	c.expect("retry: 3000", "")
	close(done) // server shutdown
	if err := h.result(t); err != nil {
		t.Fatal(err)
	}
	drain(t, c)

	h.opt = sse.Options{}
	c = h.connect(t, nil)
	c.expect("retry: 3000", "")
	h.waitSubscribed(t, 1)
	h.b.Close()
	if err := h.result(t); err != nil {
		t.Fatal(err)
	}
	drain(t, c)
}

// drain waits for the end of the stream.
func drain(t *testing.T, c *client) {
	t.Helper()
	for {
		select {
		case _, ok := <-c.lines:
			if !ok {
				return
			}
		case <-time.After(5 * time.Second):
			t.Fatal("stream did not end")
		}
	}
}

func TestInitialError(t *testing.T) {
	h := newHarness(t, sse.Options{Initial: func(context.Context) (sse.Message, error) {
		return sse.Message{}, errors.New("no such issue")
	}}, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r)
		})
	})
	go http.Get(h.srv.URL)
	if err := h.result(t); err == nil || err.Error() != "no such issue" {
		t.Fatalf("got %v", err)
	}
	h.waitSubscribed(t, 0)
}

// Behind compressing middleware, events still arrive one by one: the
// middleware of internal/web leaves text/event-stream alone (it only
// unwraps); one that compresses it must flush.
func TestBehindGzip(t *testing.T) {
	for name, wrap := range map[string]func(http.Handler) http.Handler{
		"skips event streams": gzipper(false),
		"compresses, flushes": gzipper(true),
	} {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, sse.Options{}, wrap)
			c := h.connect(t, http.Header{"Accept-Encoding": {"gzip"}})
			c.expect("retry: 3000", "")
			h.waitSubscribed(t, 1)
			for _, d := range []string{"a", "b"} {
				h.b.Publish(context.Background(), "t", []byte(d))
				c.expect("event: t", "data: "+d, "")
			}
		})
	}
}

// gzipper is a compressing middleware like internal/web's: it implements
// Unwrap and compresses the types listed; with all, it compresses every
// response and implements Flush.
func gzipper(all bool) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			g := &gzipWriter{ResponseWriter: w, all: all}
			defer g.close()
			var rw http.ResponseWriter = g
			if all {
				rw = &flushingGzipWriter{g}
			}
			next.ServeHTTP(rw, r)
		})
	}
}

type gzipWriter struct {
	http.ResponseWriter
	all     bool
	gz      *gzip.Writer
	decided bool
}

func (g *gzipWriter) Unwrap() http.ResponseWriter { return g.ResponseWriter }

func (g *gzipWriter) decide() {
	if g.decided {
		return
	}
	g.decided = true
	h := g.Header()
	if !g.all && !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
		return
	}
	h.Set("Content-Encoding", "gzip")
	g.gz = gzip.NewWriter(g.ResponseWriter)
}

func (g *gzipWriter) WriteHeader(code int) {
	g.decide()
	g.ResponseWriter.WriteHeader(code)
}

func (g *gzipWriter) Write(b []byte) (int, error) {
	g.decide()
	if g.gz == nil {
		return g.ResponseWriter.Write(b)
	}
	return g.gz.Write(b)
}

func (g *gzipWriter) close() {
	if g.gz != nil {
		g.gz.Close()
	}
}

type flushingGzipWriter struct{ *gzipWriter }

func (f *flushingGzipWriter) FlushError() error {
	if f.gz != nil {
		if err := f.gz.Flush(); err != nil {
			return err
		}
	}
	return http.NewResponseController(f.ResponseWriter).Flush()
}

// A message encoded once (Encoded, sent as Raw) reads exactly as the same
// message encoded for each subscriber.
func TestRawMessages(t *testing.T) {
	h := newHarness(t, sse.Options{
		Initial: func(context.Context) (sse.Message, error) {
			return sse.Message{Raw: sse.Encoded(sse.Message{Event: "frame", Data: []byte("a\nb")})}, nil
		},
		Encode: func(ev live.Event) (sse.Message, bool) { return sse.Message{Raw: ev.Data, Event: "ignored"}, true },
	}, nil)
	c := h.connect(t, nil)
	c.expect("retry: 3000", "", "event: frame", "data: a", "data: b", "")
	h.waitSubscribed(t, 1)
	h.b.Publish(context.Background(), "t", sse.Encoded(sse.Message{Event: "frame", Data: []byte(`{"x":1}`)}))
	c.expect("event: frame", `data: {"x":1}`, "")
}
