package e2e

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// pair is a (user, issue) support.
type pair struct{ user, issue int64 }

// loadResult is what a load run observed from the clients' side.
type loadResult struct {
	Acked     map[pair]int // acknowledged supports, with how many said changed=true
	OK        int          // acknowledged requests
	Failed    int          // requests without an acknowledgement
	Errors    map[string]int
	Latencies []time.Duration // of acknowledged requests
	Elapsed   time.Duration
}

// runLoad makes every client support random issues, one request at a time,
// until dur has passed. A failed request (e.g. while the server is down) is
// counted and retried after a short pause.
func runLoad(ctx context.Context, clients []*client, issues []int64, dur time.Duration, seed uint64) loadResult {
	ctx, cancel := context.WithTimeout(ctx, dur)
	defer cancel()
	var mu sync.Mutex
	res := loadResult{Acked: map[pair]int{}, Errors: map[string]int{}}
	var wg sync.WaitGroup
	start := time.Now()
	for ci, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(seed, uint64(ci)))
			acked := map[pair]int{}
			errs := map[string]int{}
			var lat []time.Duration
			failed := 0
			for ctx.Err() == nil {
				issue := issues[r.IntN(len(issues))]
				t0 := time.Now()
				reply, err := c.support(ctx, issue)
				if err != nil {
					if ctx.Err() != nil {
						break
					}
					failed++
					errs[errorKind(err)]++
					time.Sleep(20 * time.Millisecond)
					continue
				}
				lat = append(lat, time.Since(t0))
				p := pair{c.user, issue}
				acked[p] += 0
				if reply.Changed {
					acked[p]++
				}
			}
			mu.Lock()
			defer mu.Unlock()
			for p, n := range acked {
				res.Acked[p] += n
			}
			for k, n := range errs {
				res.Errors[k] += n
			}
			res.OK += len(lat)
			res.Failed += failed
			res.Latencies = append(res.Latencies, lat...)
		}()
	}
	wg.Wait()
	res.Elapsed = time.Since(start)
	return res
}

// errorKind groups errors for the log: refused connections while the
// server is down, resets when it is killed mid-request, HTTP statuses.
func errorKind(err error) string {
	var op *net.OpError
	switch {
	case errors.As(err, &op) && strings.Contains(err.Error(), "refused"):
		return "connection refused"
	case strings.Contains(err.Error(), "reset") || strings.Contains(err.Error(), "EOF"):
		return "connection reset"
	case errors.As(err, new(*statusError)):
		var se *statusError
		errors.As(err, &se)
		return fmt.Sprintf("status %d", se.code)
	}
	return "other: " + err.Error()
}

// percentile returns the q-quantile (0..1) of ds by the nearest-rank method.
func percentile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(q*float64(len(s))+0.999999) - 1
	return s[max(0, min(i, len(s)-1))]
}

// killer SIGKILLs the server every interval and restarts it on the same
// address, until ctx ends; it returns how many times it killed and any
// restart error.
func killer(ctx context.Context, p *process, interval time.Duration, r *rand.Rand) (kills int, err error) {
	for {
		jitter := time.Duration(r.Int64N(int64(interval / 2)))
		select {
		case <-ctx.Done():
			return kills, nil
		case <-time.After(interval/2 + jitter):
		}
		p.Kill()
		kills++
		time.Sleep(100 * time.Millisecond)
		if err := p.TryStart(60 * time.Second); err != nil {
			return kills, err
		}
	}
}

// checkDatabase verifies what the SIGKILL test promises: every acknowledged
// support is stored, counts equal rows, nobody supports an issue twice.
func checkDatabase(t *testing.T, db database, res loadResult) {
	t.Helper()
	rows, counter, counted := supportRows(t, db)
	problems := verifySupports(rows, counter, counted, res)
	for i, p := range problems {
		if i == 20 {
			t.Errorf("... and %d more problems", len(problems)-20)
			break
		}
		t.Error(p)
	}
	t.Logf("database: %d support rows; %d distinct acknowledged supports; %d problems",
		len(rows), len(res.Acked), len(problems))
}

// verifySupports compares the database's support rows and counters with
// what the clients were told, and lists every discrepancy.
func verifySupports(rows map[[2]int64]bool, counter, counted map[int64]int, res loadResult) []string {
	var problems []string
	acked := make([]pair, 0, len(res.Acked))
	for p := range res.Acked {
		acked = append(acked, p)
	}
	sort.Slice(acked, func(i, j int) bool {
		return acked[i].issue < acked[j].issue || acked[i].issue == acked[j].issue && acked[i].user < acked[j].user
	})
	for _, p := range acked {
		if !rows[[2]int64{p.issue, p.user}] {
			problems = append(problems, fmt.Sprintf("acknowledged support of issue %d by user %d is not in the database", p.issue, p.user))
		}
		if n := res.Acked[p]; n > 1 {
			problems = append(problems, fmt.Sprintf("user %d's support of issue %d was newly recorded %d times", p.user, p.issue, n))
		}
	}
	ids := make([]int64, 0, len(counter))
	for id := range counter {
		ids = append(ids, id)
	}
	for id := range counted {
		if _, ok := counter[id]; !ok {
			ids = append(ids, id)
		}
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	for _, id := range ids {
		if counter[id] != counted[id] {
			problems = append(problems, fmt.Sprintf("issue %d: support counter %d, support rows %d", id, counter[id], counted[id]))
		}
	}
	return problems
}

// The checker itself must be able to fail.
func TestVerifySupportsFindsLossAndDrift(t *testing.T) {
	rows := map[[2]int64]bool{{1, 10}: true, {1, 11}: true, {2, 10}: true}
	counted := map[int64]int{1: 2, 2: 1}
	ok := loadResult{Acked: map[pair]int{{10, 1}: 1, {11, 1}: 0, {10, 2}: 1}}
	if p := verifySupports(rows, map[int64]int{1: 2, 2: 1}, counted, ok); len(p) != 0 {
		t.Fatalf("consistent data reported: %v", p)
	}
	lost := loadResult{Acked: map[pair]int{{10, 1}: 1, {12, 1}: 1}}
	if p := verifySupports(rows, map[int64]int{1: 2, 2: 1}, counted, lost); len(p) != 1 || !strings.Contains(p[0], "user 12") {
		t.Errorf("lost support: %v", p)
	}
	twice := loadResult{Acked: map[pair]int{{10, 1}: 2}}
	if p := verifySupports(rows, map[int64]int{1: 2, 2: 1}, counted, twice); len(p) != 1 || !strings.Contains(p[0], "2 times") {
		t.Errorf("double support: %v", p)
	}
	if p := verifySupports(rows, map[int64]int{1: 3, 2: 1}, counted, ok); len(p) != 1 || !strings.Contains(p[0], "counter 3") {
		t.Errorf("counter drift: %v", p)
	}
	if p := verifySupports(rows, map[int64]int{1: 2}, counted, ok); len(p) != 1 || !strings.Contains(p[0], "issue 2") {
		t.Errorf("rows without a counter: %v", p)
	}
}

func TestSupportsSurviveSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("load test with SIGKILL: skipped under -short")
	}
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			db := newDatabase(t, dialect)
			const users, issues = 200, 40
			f := seed(t, db, users, issues)
			p := serve(t, db.DSN)
			p.Start()
			clients := newClients(t, p, f, users)

			ctx := context.Background()
			kctx, stopKiller := context.WithCancel(ctx)
			var kills int
			var kerr error
			done := make(chan struct{})
			go func() {
				defer close(done)
				kills, kerr = killer(kctx, p, 2*time.Second, rand.New(rand.NewPCG(7, 7)))
			}()
			res := runLoad(ctx, clients, f.Issues, 10*time.Second, 1)
			stopKiller()
			<-done
			if kerr != nil {
				t.Fatalf("restarting after SIGKILL: %v\n%s", kerr, p.Output())
			}
			p.Stop()

			t.Logf("%d clients, %v: %d acknowledged, %d failed (%v), %d SIGKILLs",
				len(clients), res.Elapsed.Round(time.Millisecond), res.OK, res.Failed, res.Errors, kills)
			if kills < 2 {
				t.Errorf("only %d SIGKILLs during the run", kills)
			}
			if res.OK < 1000 {
				t.Errorf("only %d acknowledged supports: the load did not reach the server", res.OK)
			}
			checkDatabase(t, db, res)
			auditVerify(t, db)
		})
	}
}

// auditVerify runs `folkmoot audit verify` on the database: the hash chain
// must be whole after the kills, and maintained counters equal their rows.
func auditVerify(t *testing.T, db database) {
	t.Helper()
	cmd := exec.Command(binary(t), "audit", "verify", "--db", db.DSN)
	cmd.Env = append(os.Environ(), "FOLKMOOT_DB=")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Errorf("folkmoot audit verify: %v\n%s", err, out)
		return
	}
	t.Logf("folkmoot audit verify: %s", strings.TrimSpace(string(out)))
}

// Many requests by the same person for the same issue at the same moment
// record one support.
func TestNoDoubleSupportWhenRacing(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the server: skipped under -short")
	}
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			db := newDatabase(t, dialect)
			const users, racers = 50, 8
			f := seed(t, db, users, 1)
			p := serve(t, db.DSN)
			p.Start()
			clients := newClients(t, p, f, users)
			issue := f.Issues[0]
			var mu sync.Mutex
			changed := map[int64]int{}
			var wg sync.WaitGroup
			startGun := make(chan struct{})
			for _, c := range clients {
				for range racers {
					wg.Add(1)
					go func() {
						defer wg.Done()
						<-startGun
						r, err := c.support(context.Background(), issue)
						mu.Lock()
						defer mu.Unlock()
						if err != nil {
							t.Errorf("user %d: %v", c.user, err)
						} else if r.Changed {
							changed[c.user]++
						}
					}()
				}
			}
			close(startGun)
			wg.Wait()
			p.Stop()
			for _, c := range clients {
				if changed[c.user] != 1 {
					t.Errorf("user %d: %d of %d racing requests recorded a new support, want exactly 1", c.user, changed[c.user], racers)
				}
			}
			rows, counter, counted := supportRows(t, db)
			if len(rows) != users || counter[issue] != users || counted[issue] != users {
				t.Errorf("%d rows, counter %d, counted %d; want %d each", len(rows), counter[issue], counted[issue], users)
			}
		})
	}
}

func fmtRate(n int, d time.Duration) string {
	return fmt.Sprintf("%.0f/s", float64(n)/d.Seconds())
}

func TestPercentile(t *testing.T) {
	ms := func(ns ...int) []time.Duration {
		var out []time.Duration
		for _, n := range ns {
			out = append(out, time.Duration(n)*time.Millisecond)
		}
		return out
	}
	tests := []struct {
		name string
		in   []time.Duration
		q    float64
		want time.Duration
	}{
		{"empty", nil, 0.5, 0},
		{"one", ms(7), 0.99, 7 * time.Millisecond},
		{"median of odd", ms(5, 1, 3), 0.5, 3 * time.Millisecond},
		{"p99 of 100 is the 99th", ms(func() []int {
			v := make([]int, 100)
			for i := range v {
				v[i] = 100 - i
			}
			return v
		}()...), 0.99, 99 * time.Millisecond},
		{"max", ms(1, 2, 3), 1, 3 * time.Millisecond},
	}
	for _, tc := range tests {
		if got := percentile(tc.in, tc.q); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
