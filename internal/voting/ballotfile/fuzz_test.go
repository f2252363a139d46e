package ballotfile_test

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/folkmoot/folkmoot/internal/voting"
	"github.com/folkmoot/folkmoot/internal/voting/ballotfile"
)

// countInvariants counts e by the ranked methods and checks, in every
// round, that continuing + exhausted + lost to rounding = valid votes and
// that there are never more winners than seats.
func countInvariants(t *testing.T, e *voting.Election) {
	for _, m := range []string{"scottish-stv", "meek", "irv", "minneapolis-stv", "schulze", "borda", "approval"} {
		o := voting.Options{Rand: rand.New(rand.NewPCG(1, 2))}
		if len(e.Candidates) > 40 || len(e.Ballots) > 400 {
			continue // keep the fuzzer fast; big elections are tested elsewhere
		}
		r, err := voting.Count(m, e, o)
		if err != nil {
			continue // invalid for this method (e.g. more seats than candidates)
		}
		if len(r.Winners) > r.Seats {
			t.Fatalf("%s: %d winners for %d seats", m, len(r.Winners), r.Seats)
		}
		if m == "schulze" || m == "borda" || m == "approval" {
			continue
		}
		for i, rd := range r.Rounds {
			if !r.Conserved(i) || rd.Loss < 0 || rd.Exhausted < 0 || (m == "meek" && rd.Loss != 0) {
				t.Fatalf("%s round %d: votes not conserved (exhausted %d, loss %d, valid %d, totals %v)",
					m, rd.Number, rd.Exhausted, rd.Loss, r.Valid, rd.Totals)
			}
		}
	}
}

func FuzzReadBLT(f *testing.F) {
	f.Add([]byte("3 1\n4 1 0\n3 2 1 0\n5 3 0\n0\nA\nB\nC\n\"t\"\n"))
	f.Add([]byte("4 2\n-2\n(a) 3 1 - 3=4 2 0\n1 4 3 2 1 0\n0\n\"A\" \"B\"\n\"C\"\n\"D\"\n\"Title\"\n"))
	f.Add([]byte("2 1\n1 1 0\n"))
	// the dialects of TestBLTDialects
	f.Add([]byte("3 2\n3 1 2 0\n0\n\"Ann \"\"Lab\"\"\" \"Bob\"\n\"Esme HOUSTON \"\"Scottish Green Party\"\"\"\n\"Ward\"\n"))
	f.Add([]byte("3 2\n3 1 2 0\n2 3 0\n0\n# ALTERNATIVE NAME 1: A (Lab)\n# ALTERNATIVE NAME 2: B\n# ALTERNATIVE NAME 3: C\nWard 1 Linn\n"))
	f.Add([]byte("\ufeff3 1\r\n-2 -3\r\n(b1) 2 1=2 - 3 0 # trailing\r\n0\r\n\"Se\xe1n\"\r\nB\r\nC\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := ballotfile.ReadBLT(bytes.NewReader(data))
		if err != nil {
			return
		}
		countInvariants(t, e)
	})
}

func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("count,rank1,rank2,rank3\n3,A,B,undervote\n2,overvote,B,A\n1,undervote,undervote,C\n"))
	f.Add([]byte("1,\"A, Jr\",B\n"))
	f.Add([]byte("x,A\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := ballotfile.ReadCSV(bytes.NewReader(data))
		if err != nil {
			return
		}
		countInvariants(t, e)
	})
}

func FuzzReadJSON(f *testing.F) {
	f.Add([]byte(`{"candidates":["A","B"],"seats":1,"ballots":[{"count":2,"ranking":["A",null,["A","B"]]},{"scores":{"A":5}}]}`))
	f.Add([]byte(`{"candidates":["A"],"withdrawn":["A"]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := ballotfile.ReadJSON(bytes.NewReader(data))
		if err != nil {
			return
		}
		countInvariants(t, e)
		if _, err := voting.Count("agreement", e, voting.Options{}); err != nil && e.Validate() == nil {
			t.Fatalf("agreement: %v", err)
		}
	})
}
