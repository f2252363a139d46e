package storagetest

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/cycle/cycletest"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/people"
)

// CrashChildEnv names the environment variable that turns a test binary
// into the crash test's child process.
const CrashChildEnv = "FOLKMOOT_CRASH_CHILD"

// CrashChild is called from an adapter's TestMain-free test when
// CrashChildEnv is set: it opens the store, has 64 goroutines support
// issues as fast as they can, and prints "ack ISSUE USER" for every support
// the store acknowledged, until it is killed. It never returns.
func CrashChild(open func() (Store, error)) {
	s, err := open()
	if err != nil {
		fmt.Fprintln(os.Stderr, "crash child:", err)
		os.Exit(3)
	}
	ctx := context.Background()
	gs := gather.NewService(s, s, cycle.NewService(s, cycle.Config{}), gather.Config{})
	ps := people.NewService(s, people.Config{})
	org, err := ps.AddUser(ctx, people.System, "crash-organiser@example.org", "", people.RoleOrganiser)
	if err != nil {
		fmt.Fprintln(os.Stderr, "crash child:", err)
		os.Exit(3)
	}
	c, err := cycletest.OpenRoundErr(ctx, s, "Crash")
	if err != nil {
		fmt.Fprintln(os.Stderr, "crash child:", err)
		os.Exit(3)
	}
	var ids []int64
	for i := range 20 {
		iss, err := gs.SubmitIssue(ctx, org, gather.IssueDraft{CycleID: c.ID, Title: fmt.Sprintf("Crash issue %d", i), Description: "x"})
		if err != nil {
			fmt.Fprintln(os.Stderr, "crash child:", err)
			os.Exit(3)
		}
		ids = append(ids, iss.ID)
	}
	out := bufio.NewWriter(os.Stdout)
	var mu sync.Mutex
	fmt.Fprintln(out, "ready")
	out.Flush()
	var wg sync.WaitGroup
	for w := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; ; n++ {
				u, err := ps.AddUser(ctx, people.System, fmt.Sprintf("crash-%d-%d@example.org", w, n), "")
				if err != nil {
					continue
				}
				for _, id := range ids {
					if added, err := gs.Support(ctx, u, id); err == nil && added {
						mu.Lock()
						fmt.Fprintf(out, "ack %d %d\n", id, u.ID)
						out.Flush()
						mu.Unlock()
					}
				}
			}
		}()
	}
	wg.Wait()
	os.Exit(0)
}

// crashWarmUp is how many supports the child acknowledges before the
// crash test starts the clock to kill it.
const crashWarmUp = 20

// CrashTest runs the calling test binary again as a child (test name
// testName, with CrashChildEnv=1), lets it support issues for a while,
// kills it with SIGKILL, then opens the store with reopen and checks that
// every acknowledged support is present, counts equal rows, no one
// supports an issue twice, and the audit chain verifies.

func CrashTest(t *testing.T, testName string, extraEnv []string, reopen func() (Store, error)) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run", "^"+testName+"$", "-test.count=1")
	cmd.Env = append(append(os.Environ(), CrashChildEnv+"=1"), extraEnv...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	type pair struct{ issue, user int64 }
	var acked []pair
	done := make(chan error, 1)
	working := make(chan struct{}) // closed once the child has acknowledged a few supports
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			var p pair
			if n, _ := fmt.Sscanf(sc.Text(), "ack %d %d", &p.issue, &p.user); n == 2 {
				acked = append(acked, p)
				if len(acked) == crashWarmUp {
					close(working)
				}
			}
		}
		done <- sc.Err()
	}()
	// Kill the child while it is busy: once it has acknowledged a few
	// supports (on a loaded machine, starting it can take longer than any
	// fixed pause), then a moment later, so the kill lands mid-write.
	select {
	case <-working:
		time.Sleep(500 * time.Millisecond)
	case <-time.After(2 * time.Minute):
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL
		t.Fatal(err)
	}
	<-done
	cmd.Wait()
	if len(acked) == 0 {
		t.Fatal("the child acknowledged no supports before it was killed")
	}
	s, err := reopen()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	missing := 0
	for _, p := range acked {
		v, err := s.Viewer(ctx, p.issue, p.user)
		if err != nil {
			t.Fatal(err)
		}
		if !v.Supported {
			missing++
		}
	}
	if missing > 0 {
		t.Fatalf("%d of %d acknowledged supports lost after SIGKILL", missing, len(acked))
	}
	problems, err := s.CheckCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) > 0 {
		t.Fatalf("after SIGKILL: %v", problems)
	}
	if _, err := s.SealAudit(ctx); err != nil {
		t.Fatal(err)
	}
	n, err := audit.Verify(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("SIGKILL after %d acknowledged supports: all present, counts equal rows, %d audit entries verify", len(acked), n)
}
