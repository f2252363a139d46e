package voting_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/folkmoot/folkmoot/internal/voting"
	"github.com/folkmoot/folkmoot/internal/voting/ballotfile"
)

// sharedBallots returns ../shared/ballots next to the module root, skipping
// the test when it is absent (failing under CI=true).
func sharedBallots(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test directory")
		}
		dir = parent
	}
	// ../shared beside the checkout; helpers' worktrees sit one level
	// deeper (wt/<area>); FOLKMOOT_SHARED overrides both.
	tries := []string{filepath.Join(dir, "..", "shared"), filepath.Join(dir, "..", "..", "shared")}
	if env := os.Getenv("FOLKMOOT_SHARED"); env != "" {
		tries = []string{env}
	}
	for _, s := range tries {
		d := filepath.Join(s, "ballots")
		if _, err := os.Stat(d); err == nil {
			return d
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("shared ballots missing (CI=true): looked in %v", tries)
	}
	t.Skipf("shared ballots not found in %v; these checks need the project's ../shared folder", tries)
	return ""
}

func readElection(t testing.TB, path string) *voting.Election {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	e, err := ballotfile.Read(filepath.Base(path), f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return e
}

func count(t testing.TB, method string, e *voting.Election, o voting.Options) *voting.Result {
	t.Helper()
	r, err := voting.Count(method, e, o)
	if err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, r)
	return r
}

// checkInvariants checks what must hold for every count: votes conserved
// in every round, no more winners than seats, no candidate elected twice.
func checkInvariants(t testing.TB, r *voting.Result) {
	t.Helper()
	if len(r.Winners) > r.Seats && r.Method != "agreement" {
		t.Errorf("%s: %d winners for %d seats", r.Method, len(r.Winners), r.Seats)
	}
	seen := map[int]bool{}
	for _, w := range r.Winners {
		if seen[w] {
			t.Errorf("%s: %s elected twice", r.Method, r.Candidates[w])
		}
		seen[w] = true
	}
	if r.Method == "approval" || r.Method == "borda" || r.Method == "schulze" || r.Method == "agreement" {
		return
	}
	for i, rd := range r.Rounds {
		if !r.Conserved(i) {
			var sum int64
			for _, v := range rd.Totals {
				sum += v
			}
			t.Errorf("%s round %d: totals %s + exhausted %s + loss %s != valid %s", r.Method, rd.Number,
				r.Format(sum), r.Format(rd.Exhausted), r.Format(rd.Loss), r.Format(r.Valid))
		}
		if rd.Loss < 0 || rd.Exhausted < 0 {
			t.Errorf("%s round %d: negative loss %d or exhausted %d", r.Method, rd.Number, rd.Loss, rd.Exhausted)
		}
	}
}
