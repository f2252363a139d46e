package pglive_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/folkmoot/folkmoot/internal/live"
	"github.com/folkmoot/folkmoot/internal/live/pglive"
	"github.com/folkmoot/folkmoot/internal/storage/pgtest"
)

var ctx = context.Background()

// fixture is one test's channel on the test server.
type fixture struct {
	t       *testing.T
	dsn     string
	channel string
	admin   *sql.DB
}

func newFixture(t *testing.T) *fixture {
	dsn := pgtest.Server(t)
	var b [6]byte
	rand.Read(b[:])
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	return &fixture{t: t, dsn: dsn, channel: "live_test_" + hex.EncodeToString(b[:]), admin: admin}
}

// broker opens a broker on the fixture's channel whose connections are
// named app in pg_stat_activity.
func (f *fixture) broker(app string, opt pglive.Options) *pglive.Broker {
	f.t.Helper()
	u, _ := url.Parse(f.dsn)
	q := u.Query()
	q.Set("application_name", f.channel+"_"+app)
	u.RawQuery = q.Encode()
	if opt.Channel == "" {
		opt.Channel = f.channel
	}
	opt.Logger = slog.New(slog.NewTextHandler(f.t.Output(), nil))
	b, err := pglive.New(ctx, u.String(), opt)
	if err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() { b.Close() })
	return b
}

// kill terminates the backends of broker app whose last query starts
// with prefix, and returns how many.
func (f *fixture) kill(app, prefix string) int {
	f.t.Helper()
	var n int
	err := f.admin.QueryRow(`SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE application_name = $1 AND query LIKE $2`, f.channel+"_"+app, prefix+"%").Scan(&n)
	if err != nil {
		f.t.Fatal(err)
	}
	return n
}

func recv(t *testing.T, s *live.Subscription, within time.Duration) live.Event {
	t.Helper()
	select {
	case ev, ok := <-s.C:
		if !ok {
			t.Fatal("subscription closed")
		}
		return ev
	case <-time.After(within):
		t.Fatalf("no event within %v", within)
	}
	return live.Event{}
}

func quiet(t *testing.T, subs ...*live.Subscription) {
	t.Helper()
	time.Sleep(300 * time.Millisecond)
	for _, s := range subs {
		select {
		case ev := <-s.C:
			t.Fatalf("unexpected event %q %q", ev.Topic, ev.Data)
		default:
		}
	}
}

func TestAcrossBrokers(t *testing.T) {
	f := newFixture(t)
	a, b := f.broker("a", pglive.Options{}), f.broker("b", pglive.Options{})
	other := f.broker("other", pglive.Options{Channel: f.channel + "_other"})
	sa, sb, so := a.Subscribe("t"), b.Subscribe("t"), other.Subscribe("t")

	var lat []time.Duration
	for i := range 20 {
		sent := time.Now()
		a.Publish(ctx, "t", []byte(strconv.Itoa(i)))
		if ev := recv(t, sb, 5*time.Second); string(ev.Data) != strconv.Itoa(i) {
			t.Fatalf("b got %+v", ev)
		}
		lat = append(lat, time.Since(sent))
		recv(t, sa, time.Second)
	}
	slices.Sort(lat)
	t.Logf("latency: PostgreSQL LISTEN/NOTIFY, across brokers: median %v, max %v over %d events", lat[len(lat)/2], lat[len(lat)-1], len(lat))

	// Bursts keep their order, identical data included (within a
	// subscription's buffer: nobody reads during a burst).
	const n = live.BufferSize / 2
	for burst := range 4 {
		for i := range n {
			a.Publish(ctx, "t", []byte(strconv.Itoa(burst*n+i)))
			b.Publish(ctx, "t", []byte("same"))
		}
		for _, s := range []*live.Subscription{sa, sb} {
			same, next := 0, burst*n
			for range 2 * n {
				ev := recv(t, s, 5*time.Second)
				if string(ev.Data) == "same" {
					same++
					continue
				}
				if string(ev.Data) != strconv.Itoa(next) {
					t.Fatalf("got %q, want %d", ev.Data, next)
				}
				next++
			}
			if same != n {
				t.Fatalf("%d identical events of %d", same, n)
			}
		}
	}
	quiet(t, sa, sb, so) // nothing twice, nothing on another channel
}

func TestPayloadLimit(t *testing.T) {
	f := newFixture(t)
	a := f.broker("a", pglive.Options{PublishOnly: true})
	err := a.Publish(ctx, "t", make([]byte, 6000))
	if err == nil || !strings.Contains(err.Error(), "8000") {
		t.Fatalf("6000 bytes (8000 in base64): %v", err)
	}
	if err := a.Publish(ctx, "t", make([]byte, 5000)); err != nil {
		t.Fatal(err)
	}
	if err := a.Publish(ctx, live.Lagged, nil); err == nil {
		t.Fatal("published on the Lagged topic")
	}
}

// A command publishes and exits: Close sends what is queued first.
func TestCloseSends(t *testing.T) {
	f := newFixture(t)
	srv := f.broker("server", pglive.Options{})
	s := srv.Subscribe("cycle")
	cli := f.broker("cli", pglive.Options{PublishOnly: true})
	for i := range 3 {
		cli.Publish(ctx, "cycle", fmt.Append(nil, i))
	}
	if err := cli.Close(); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if ev := recv(t, s, 5*time.Second); string(ev.Data) != strconv.Itoa(i) {
			t.Fatalf("got %+v", ev)
		}
	}
	if err := cli.Publish(ctx, "cycle", nil); err != live.ErrClosed {
		t.Fatalf("publish after Close: %v", err)
	}
}

// Killed connections come back: the listener's subscribers are told they
// lagged, and events flow again both ways.
func TestReconnect(t *testing.T) {
	f := newFixture(t)
	a, b := f.broker("a", pglive.Options{}), f.broker("b", pglive.Options{})
	sa := a.Subscribe("t")
	b.Publish(ctx, "t", []byte("warm-up")) // b's sender connects
	recv(t, sa, 5*time.Second)

	if n := f.kill("a", "LISTEN"); n != 1 {
		t.Fatalf("killed %d listening connections", n)
	}
	if ev := recv(t, sa, 10*time.Second); ev.Topic != live.Lagged {
		t.Fatalf("after the listener was killed: %+v, want the Lagged marker", ev)
	}
	until(t, b, sa, "after the listener came back")

	if n := f.kill("b", "SELECT pg_notify"); n != 1 {
		t.Fatalf("killed %d sending connections", n)
	}
	until(t, b, sa, "after the sender was killed")
}

// until publishes on b every 100ms until s receives one, or fails.
func until(t *testing.T, b *pglive.Broker, s *live.Subscription, what string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	start := time.Now()
	for time.Now().Before(deadline) {
		b.Publish(ctx, "t", []byte("ping"))
		select {
		case ev := <-s.C:
			if ev.Topic == "t" {
				t.Logf("events flow again %v %s", time.Since(start).Round(time.Millisecond), what)
				for len(s.C) > 0 {
					<-s.C
				}
				return
			}
		case <-time.After(100 * time.Millisecond):
		}
	}
	t.Fatalf("no event within 15s %s", what)
}

// A silent listening connection is checked with a query and stays usable.
func TestSilenceCheck(t *testing.T) {
	f := newFixture(t)
	a, b := f.broker("a", pglive.Options{CheckEvery: 30 * time.Millisecond}), f.broker("b", pglive.Options{})
	sa := a.Subscribe("t")
	time.Sleep(300 * time.Millisecond) // several checks
	var n int
	err := f.admin.QueryRow(`SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = $1 AND query = 'SELECT 1'`, f.channel+"_a").Scan(&n)
	if err != nil || n != 1 {
		t.Fatalf("the listening connection was not checked (%d, %v)", n, err)
	}
	b.Publish(ctx, "t", []byte("x"))
	if ev := recv(t, sa, 5*time.Second); string(ev.Data) != "x" {
		t.Fatalf("got %+v", ev)
	}
	time.Sleep(100 * time.Millisecond)
	if len(sa.C) != 0 {
		t.Fatalf("unexpected events: %d", len(sa.C)) // no Lagged: the connection never dropped
	}
}
