package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// issueSupports reads an issue's support count from a server's public JSON
// export (/issues.json), as any reader would.
func issueSupports(t *testing.T, base string) map[int64]int {
	t.Helper()
	res, err := http.Get(base + "/issues.json")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /issues.json: %s", res.Status)
	}
	var issues []struct {
		ID       int64 `json:"id"`
		Supports int   `json:"supports"`
	}
	if err := json.Unmarshal(b, &issues); err != nil {
		t.Fatalf("/issues.json: %v (%.200s)", err, b)
	}
	out := map[int64]int{}
	for _, is := range issues {
		out[is.ID] = is.Supports
	}
	return out
}

// Two `folkmoot serve` processes on one PostgreSQL database: supports sent
// to both at once are all counted, each server shows what the other wrote,
// and both report the same counts as the database's rows.
func TestTwoServersOnePostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("runs two servers: skipped under -short")
	}
	db := newDatabase(t, "postgres")
	const users, issues = 100, 10
	f := seed(t, db, users, issues)
	a, b := serve(t, db.DSN), serve(t, db.DSN)
	a.Start()
	b.Start()
	ca := newClients(t, a, f, users)
	cb := newClients(t, b, f, users)

	// Every user supports every issue, half through each server, racing
	// the same (user, issue) through both servers for the first issue.
	// At most inFlight requests per server at once: each folkmoot process
	// pools up to 40 PostgreSQL connections, and two of them at full tilt
	// plus the storage suites running in parallel under make test exceed
	// PostgreSQL's default max_connections (100).
	const inFlight = 16
	slots := [2]chan struct{}{make(chan struct{}, inFlight), make(chan struct{}, inFlight)}
	var wg sync.WaitGroup
	var mu sync.Mutex
	newly := map[pair]int{}
	var fails []string
	for u := range users {
		for side, cs := range [][]*client{ca, cb} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c := cs[u]
				for i, issue := range f.Issues {
					if i > 0 && (i+u)%2 != side { // issue 0 goes to both servers
						continue
					}
					slots[side] <- struct{}{}
					r, err := c.support(context.Background(), issue)
					<-slots[side]
					mu.Lock()
					if err != nil {
						fails = append(fails, fmt.Sprintf("user %d, issue %d via server %c: %v", c.user, issue, 'A'+side, err))
					} else if r.Changed {
						newly[pair{c.user, issue}]++
					}
					mu.Unlock()
				}
			}()
		}
	}
	wg.Wait()
	if len(fails) > 0 {
		t.Errorf("%d support requests failed; the first: %s", len(fails), fails[0])
		t.Logf("server A log:\n%s\nserver B log:\n%s", lastLines(a.Output(), 20), lastLines(b.Output(), 20))
		t.FailNow()
	}
	for _, issue := range f.Issues {
		for _, u := range f.UserIDs {
			if n := newly[pair{u, issue}]; n != 1 {
				t.Errorf("user %d, issue %d: newly recorded %d times across both servers, want 1", u, issue, n)
			}
		}
	}
	// Both servers now show every support, whichever server took it.
	deadline := time.Now().Add(5 * time.Second)
	for {
		sa, sb := issueSupports(t, a.URL), issueSupports(t, b.URL)
		same := true
		for _, issue := range f.Issues {
			if sa[issue] != users || sb[issue] != users {
				same = false
			}
		}
		if same {
			break
		}
		if time.Now().After(deadline) {
			for _, issue := range f.Issues {
				t.Errorf("issue %d: server A shows %d, server B %d, want %d", issue, sa[issue], sb[issue], users)
			}
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	a.Stop()
	b.Stop()
	_, counter, counted := supportRows(t, db)
	for _, issue := range f.Issues {
		if counter[issue] != users || counted[issue] != users {
			t.Errorf("issue %d: counter %d, rows %d, want %d", issue, counter[issue], counted[issue], users)
		}
	}
	auditVerify(t, db)
}

// lastLines returns the last n lines of s.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
