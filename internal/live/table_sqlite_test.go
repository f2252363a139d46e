package live_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/live"
	"github.com/folkmoot/folkmoot/internal/storage/sqlite"
)

var ctx = context.Background()

// openSQLite opens the migrated database at path as a separate store, as
// another process would.
func openSQLite(t testing.TB, path string) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(ctx, path, sqlite.Options{SealEvery: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func migrated(t testing.TB) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "folkmoot.db")
	if _, _, err := sqlite.Migrate(ctx, path, nil); err != nil {
		t.Fatal(err)
	}
	return path
}

func newTable(t testing.TB, s live.Store, opt live.TableOptions) *live.Table {
	t.Helper()
	opt.Logger = slog.New(slog.NewTextHandler(t.Output(), nil))
	b, err := live.NewTable(ctx, s, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

func recv(t testing.TB, s *live.Subscription, within time.Duration) live.Event {
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

// Two brokers on two stores over one SQLite file, as two processes: events
// cross in order, once, within a second or so.
func TestTableOnSQLite(t *testing.T) {
	path := migrated(t)
	a := newTable(t, openSQLite(t, path), live.TableOptions{})
	b := newTable(t, openSQLite(t, path), live.TableOptions{})
	sa, sb := a.Subscribe("issue:1", "cycle"), b.Subscribe("issue:1", "cycle")

	var lat []time.Duration
	for i := range 15 {
		sent := time.Now()
		if err := a.Publish(ctx, "issue:1", strconv.AppendInt(nil, int64(i), 10)); err != nil {
			t.Fatal(err)
		}
		if ev := recv(t, sa, 5*time.Second); string(ev.Data) != strconv.Itoa(i) {
			t.Fatalf("local: %+v", ev)
		}
		if ev := recv(t, sb, 5*time.Second); string(ev.Data) != strconv.Itoa(i) {
			t.Fatalf("remote: %+v", ev)
		}
		lat = append(lat, time.Since(sent))
		time.Sleep(time.Duration(i%7) * 20 * time.Millisecond) // land at different points of the poll
	}
	logLatency(t, "SQLite table, across stores", lat)

	// A burst keeps its order, both ways at once. (Both bursts together
	// stay within a subscription's buffer: a subscriber that falls further
	// behind is told it lagged, which another test checks.)
	const burst = (live.BufferSize - 4) / 2
	for i := range burst {
		a.Publish(ctx, "cycle", fmt.Append(nil, "a", i))
		b.Publish(ctx, "cycle", fmt.Append(nil, "b", i))
	}
	for _, s := range []*live.Subscription{sa, sb} {
		next := map[byte]int{}
		for range 2 * burst {
			ev := recv(t, s, 5*time.Second)
			if ev.Topic != "cycle" || len(ev.Data) < 2 {
				t.Fatalf("in the burst: %+v", ev)
			}
			from, i := ev.Data[0], string(ev.Data[1:])
			if i != strconv.Itoa(next[from]) {
				t.Fatalf("from %c: got %s, want %d", from, i, next[from])
			}
			next[from]++
		}
	}
	time.Sleep(600 * time.Millisecond) // two polls: nothing delivered twice
	for _, s := range []*live.Subscription{sa, sb} {
		select {
		case ev := <-s.C:
			t.Fatalf("extra event %+v", ev)
		default:
		}
	}
}

// A command in another process publishes a phase change and exits at once:
// a running broker hears it.
func TestTableFromAnotherProcess(t *testing.T) {
	if os.Getenv("LIVE_TEST_CHILD_DB") != "" {
		t.Skip("the child's own run")
	}
	path := migrated(t)
	b := newTable(t, openSQLite(t, path), live.TableOptions{})
	s := b.Subscribe("cycle")
	cmd := exec.Command(os.Args[0], "-test.run=^TestTableChildPublishes$", "-test.count=1")
	cmd.Env = append(os.Environ(), "LIVE_TEST_CHILD_DB="+path)
	start := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	exited := time.Since(start)
	for _, want := range []string{"41", "42"} {
		if ev := recv(t, s, 3*time.Second); string(ev.Data) != want {
			t.Fatalf("got %+v, want %s", ev, want)
		}
	}
	t.Logf("latency: SQLite table, from a process that exited %v after starting: heard %v after it exited",
		exited.Round(time.Millisecond), (time.Since(start) - exited).Round(time.Millisecond))
}

// TestTableChildPublishes is the other process of TestTableFromAnotherProcess.
func TestTableChildPublishes(t *testing.T) {
	path := os.Getenv("LIVE_TEST_CHILD_DB")
	if path == "" {
		t.Skip("run by TestTableFromAnotherProcess")
	}
	s, err := sqlite.Open(ctx, path, sqlite.Options{SealEvery: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	b, err := live.NewTable(ctx, s, live.TableOptions{PollEvery: -1})
	if err != nil {
		t.Fatal(err)
	}
	b.Publish(ctx, "cycle", []byte("41"))
	b.Publish(ctx, "cycle", []byte("42")) // waits in the batch: Close must write it
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestLocalLatency(t *testing.T) {
	b := live.NewLocal()
	defer b.Close()
	s := b.Subscribe("t")
	var lat []time.Duration
	for range 1000 {
		sent := time.Now()
		b.Publish(ctx, "t", nil)
		<-s.C
		lat = append(lat, time.Since(sent))
	}
	logLatency(t, "Local", lat)
}

// logLatency logs the median and maximum of lat, for the record rather
// than as an assertion (timings depend on the machine's load).
func logLatency(t testing.TB, what string, lat []time.Duration) {
	t.Helper()
	slices.Sort(lat)
	t.Logf("latency: %s: median %v, max %v over %d events", what, lat[len(lat)/2], lat[len(lat)-1], len(lat))
}
