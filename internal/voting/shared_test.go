package voting_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/sharedtest"
	"github.com/folkmoot/folkmoot/internal/voting"
	"github.com/folkmoot/folkmoot/internal/voting/ballotfile"
)

// sharedBallots returns ../shared/ballots (see sharedtest.Dir).
func sharedBallots(t testing.TB) string {
	t.Helper()
	return sharedtest.Dir(t, "ballots")
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
		if r.Method == "meek" && rd.Loss != 0 {
			t.Errorf("meek round %d: %s lost to rounding; meek loses nothing (tolerance 0)", rd.Number, r.Format(rd.Loss))
		}
	}
	for _, n := range r.Notes {
		if strings.Contains(n, "do not make the surplus") || strings.Contains(n, "whole units") || strings.Contains(n, "differ from the valid vote") {
			t.Errorf("%s: %s", r.Method, n)
		}
	}
}
