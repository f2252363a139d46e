//go:build coin && benchreport

package meeting_test

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/meeting"
)

var benchReport = flag.String("bench-report", "", "write the allocation benchmark section (markdown) to this file (make bench sets it)")

// realistic makes n members ranking 3 themes, with five answers each as a
// recruitment pool has them (one in ten unknown).
func realistic(n int, seed uint64) *meeting.Problem {
	r := rand.New(rand.NewPCG(seed, 2))
	cats := map[string][]string{
		"age":       {"16-29", "30-44", "45-64", "65+"},
		"gender":    {"woman", "man"},
		"area":      {"leeds", "bradford", "wakefield", "calderdale", "kirklees"},
		"ethnicity": {"white", "asian", "black", "mixed", "other"},
		"education": {"none", "gcse", "a-level", "degree"},
	}
	p := &meeting.Problem{}
	for i := 0; i < n; i++ {
		rk := []int64{10, 20, 30}
		r.Shuffle(3, func(a, b int) { rk[a], rk[b] = rk[b], rk[a] })
		var prof map[string]string
		if r.IntN(10) > 0 {
			prof = map[string]string{}
			for k, vs := range cats {
				prof[k] = vs[r.IntN(len(vs))]
			}
		}
		p.Candidates = append(p.Candidates, meeting.Candidate{UserID: int64(i + 1), Ranking: rk[:1+r.IntN(3)], Profile: prof})
	}
	return p
}

func TestBenchReport(t *testing.T) {
	if *benchReport == "" {
		t.Fatal("run with -bench-report=FILE (make bench)")
	}
	var b strings.Builder
	b.WriteString("# Allocation of members to discussion groups\n\n")
	b.WriteString("`meeting.Allocate` on synthetic members (3 themes, rankings of 1–3 themes, five demographic answers, one in ten unknown), CBC on one thread, 1,000-node limit, 10-second backstop.\n\n")
	b.WriteString("| members | groups | sizes | time | result | objective | greedy's objective |\n| --- | --- | --- | --- | --- | --- | --- |\n")
	for _, c := range []struct{ n, per, min, max int }{{60, 2, 8, 12}, {500, 14, 10, 14}} {
		p := realistic(c.n, uint64(c.n))
		for th := int64(10); th <= 30; th += 10 {
			for k := 0; k < c.per; k++ {
				p.Groups = append(p.Groups, th)
			}
		}
		p.Min, p.Max = c.min, c.max
		t0 := time.Now()
		res, err := meeting.Allocate(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		d := time.Since(t0)
		if err := p.Check(res.Group); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "| %d | %d | %d–%d | %.1f s | %s | %.1f | %.1f |\n", c.n, len(p.Groups), c.min, c.max, d.Seconds(), res.Method, res.Objective, p.Score(p.Greedy()))
	}
	b.WriteString("\nResult: optimal = proven optimal; best = CBC stopped at its limit with this allocation; greedy = CBC found none, the fallback was used.\n\n")
	b.WriteString("Reproduce: `make bench-meetings`, or `go test -tags=coin,benchreport -run '^TestBenchReport$' ./internal/meeting/ -args -bench-report=docs/bench/meetings.md`.\n")
	if err := os.WriteFile(*benchReport, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
