package storagetest

import (
	"context"
	"fmt"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/cycle/cycletest"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/people"
)

// SupportLoad is the result of MeasureSupports.
type SupportLoad struct {
	Clients   int
	Supports  int
	Warm      int // supports made first, not measured
	Elapsed   time.Duration
	PerSecond float64
	P50, P99  time.Duration
}

// String summarises the measurement on one line for test logs.
func (r SupportLoad) String() string {
	return fmt.Sprintf("%d clients: %d supports in %v = %.0f/s, p50 %v, p99 %v",
		r.Clients, r.Supports, r.Elapsed.Round(time.Millisecond), r.PerSecond, r.P50.Round(10*time.Microsecond), r.P99.Round(10*time.Microsecond))
}

// MeasureSupports seeds users and issues, then has clients goroutines each
// support issues through gather.Service (the same path the web handler
// takes) until total supports are made, and reports throughput and
// latency. A sixth as many supports again are made first, unmeasured.
func MeasureSupports(t testing.TB, s Store, clients, total, issues int) SupportLoad {
	t.Helper()
	ctx := context.Background()
	now := time.Now()
	ps := people.NewService(s, people.Config{})
	gs := gather.NewService(s, s, cycle.NewService(s, cycle.Config{}), gather.Config{})
	org, err := ps.AddUser(ctx, people.System, fmt.Sprintf("perf-organiser-%d@example.org", now.UnixNano()), "", people.RoleOrganiser)
	if err != nil {
		t.Fatal(err)
	}
	c := cycletest.OpenRound(t, s, "Perf")
	ids := make([]int64, issues)
	for i := range ids {
		iss, err := gs.SubmitIssue(ctx, org, gather.IssueDraft{CycleID: c.ID, Title: fmt.Sprintf("Performance issue %d", i), Description: "Load."})
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = iss.ID
	}
	// Warm-up: the first supports open the pool's connections and fill the
	// service's caches; they are made, not measured (as the HTTP benchmark's
	// first second is not).
	warm := total / 6
	perUser := issues
	users := make([]people.User, (warm+total+perUser-1)/perUser)
	for i := range users {
		u, err := ps.AddUser(ctx, people.System, fmt.Sprintf("perf-%d-%d@example.org", now.UnixNano(), i), "")
		if err != nil {
			t.Fatal(err)
		}
		users[i] = u
	}
	storeOnly := os.Getenv("FOLKMOOT_PERF_STORE_ONLY") != ""
	var next atomic.Int64
	run := func(upto int64) ([]time.Duration, time.Duration) {
		lat := make([][]time.Duration, clients)
		var wg sync.WaitGroup
		start := time.Now()
		for w := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					n := next.Add(1) - 1
					if n >= upto {
						return
					}
					u, iss := users[n/int64(perUser)], ids[n%int64(perUser)]
					t0 := time.Now()
					var err error
					if storeOnly {
						_, err = s.AddSupport(ctx, gather.Support{IssueID: iss, UserID: u.ID, Created: time.Now()}, audit.Event{Time: time.Now(), Actor: audit.UserActor(u.ID), Action: "support.add"})
					} else {
						_, err = gs.Support(ctx, u, iss)
					}
					if err != nil {
						t.Error(err)
						return
					}
					lat[w] = append(lat[w], time.Since(t0))
				}
			}()
		}
		wg.Wait()
		el := time.Since(start)
		var all []time.Duration
		for _, l := range lat {
			all = append(all, l...)
		}
		slices.Sort(all)
		return all, el
	}
	run(int64(warm))
	next.Store(int64(warm))
	all, el := run(int64(warm + total))
	r := SupportLoad{Clients: clients, Supports: len(all), Warm: warm, Elapsed: el, PerSecond: float64(len(all)) / el.Seconds()}
	if len(all) > 0 {
		r.P50, r.P99 = all[len(all)/2], all[len(all)*99/100]
	}
	return r
}
