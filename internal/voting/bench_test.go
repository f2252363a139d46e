package voting_test

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/folkmoot/folkmoot/internal/voting"
)

// Benchmarks for `make bench` (see mk/voting.mk). Ballot files are read
// outside the timed loop: the numbers are for counting, aggregation of
// identical ballots included. BenchmarkRead* time the readers.

func BenchmarkScottish2017All40Wards(b *testing.B) {
	dir := sharedBallots(b)
	var es []*voting.Election
	for _, c := range []struct {
		council string
		n       int
	}{{"glasgow", 23}, {"edinburgh", 17}} {
		for i := 1; i <= c.n; i++ {
			es = append(es, readElection(b, filepath.Join(dir, "scotland_"+c.council+"_2017", "blt", fmt.Sprintf("%s_2017_ward%02d.blt", c.council, i))))
		}
	}
	cpu := cpuSeconds()
	for b.Loop() {
		for _, e := range es {
			if _, err := voting.Count("scottish-stv", e, voting.Options{}); err != nil {
				b.Fatal(err)
			}
		}
	}
	reportCPU(b, cpu)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/40/1e6, "ms/ward")
}

func benchFile(b *testing.B, method, rel string, o voting.Options) {
	e := readElection(b, filepath.Join(sharedBallots(b), rel))
	var papers int64
	for _, bl := range e.Ballots {
		papers += bl.Count
	}
	cpu := cpuSeconds()
	for b.Loop() {
		if _, err := voting.Count(method, e, o); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu)
	b.ReportMetric(float64(papers), "ballots")
}

func BenchmarkMeath2002Meek(b *testing.B) {
	benchFile(b, "meek", "ie_2002_meath/ie_2002_meath_aggregated.blt", voting.Options{})
}

func BenchmarkMeath2002ScottishSTV(b *testing.B) {
	benchFile(b, "scottish-stv", "ie_2002_meath/ie_2002_meath_aggregated.blt", voting.Options{})
}

func BenchmarkMinneapolis2013MayorIRV(b *testing.B) {
	benchFile(b, "irv", "us_2013_minneapolis_mayor/2013_minneapolis_mayor_ballots_aggregated.csv", minneapolis2013)
}

func BenchmarkMinneapolis2013ParkSTV(b *testing.B) {
	benchFile(b, "minneapolis-stv", "us_2013_minneapolis_park/2013_minneapolis_park_ballots_aggregated.csv",
		voting.Options{Seats: 3, OvervoteRule: "skip", MaxSkipped: 2, SkipLimitSet: true, WriteIn: "UWI"})
}

func BenchmarkReadMeath2002OriginalOrder(b *testing.B) {
	path := filepath.Join(sharedBallots(b), "ie_2002_meath/ie_2002_meath_original_order.blt")
	cpu := cpuSeconds()
	for b.Loop() {
		readElection(b, path)
	}
	reportCPU(b, cpu)
}

// reportCPU reports the process CPU time per operation since start (GC
// included), which unlike wall time does not grow when other programs
// share the machine.
func reportCPU(b *testing.B, start float64) {
	if start > 0 {
		b.ReportMetric((cpuSeconds()-start)/float64(b.N)*1e3, "cpu-ms/op")
	}
}

// synthetic returns a deterministic election of n ballots over c
// candidates: candidates have Zipf-like popularity, each ballot ranks 1 to
// c candidates (geometric length, mean about 4) drawn by popularity
// without replacement, as voters do in real STV elections.
func synthetic(n, c, seats int) *voting.Election {
	rng := rand.New(rand.NewPCG(2026, 11))
	e := &voting.Election{Seats: seats}
	weight := make([]float64, c)
	for i := range c {
		e.Candidates = append(e.Candidates, fmt.Sprintf("Candidate %02d", i+1))
		weight[i] = 1 / float64(i+2)
	}
	e.Ballots = make([]voting.Ballot, n)
	w := make([]float64, c)
	for i := range e.Ballots {
		copy(w, weight)
		var sum float64
		for _, x := range w {
			sum += x
		}
		length := 1
		for length < c && rng.Float64() < 0.75 {
			length++
		}
		ranks := make([]int, 0, length)
		for range length {
			r := rng.Float64() * sum
			k := 0
			for ; k < c-1 && (w[k] == 0 || r >= w[k]); k++ {
				r -= w[k]
			}
			ranks = append(ranks, k)
			sum -= w[k]
			w[k] = 0
		}
		e.Ballots[i] = voting.Ballot{Count: 1, Ranks: ranks}
	}
	return e
}

func benchSynthetic(b *testing.B, method string, o voting.Options) {
	if testing.Short() {
		b.Skip("short")
	}
	e := synthetic(1_000_000, 20, 5)
	cpu := cpuSeconds()
	for b.Loop() {
		if _, err := voting.Count(method, e, o); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu)
	b.ReportMetric(1e6, "ballots")
}

func BenchmarkSynthetic1MScottishSTV(b *testing.B) {
	benchSynthetic(b, "scottish-stv", voting.Options{})
}
func BenchmarkSynthetic1MMeek(b *testing.B) { benchSynthetic(b, "meek", voting.Options{}) }

// BenchmarkSynthetic1MIRV counts the same ballots for one seat.
func BenchmarkSynthetic1MIRV(b *testing.B) { benchSynthetic(b, "irv", voting.Options{Seats: 1}) }

// TestSyntheticMillion checks the synthetic benchmark election itself:
// the count is sound and both STV methods agree on most winners.
func TestSyntheticMillion(t *testing.T) {
	if testing.Short() {
		t.Skip("short: a million ballots")
	}
	e := synthetic(1_000_000, 20, 5)
	a := count(t, "scottish-stv", e, voting.Options{})
	if len(a.Winners) != 5 {
		t.Fatalf("winners %v", a.WinnerNames())
	}
}
