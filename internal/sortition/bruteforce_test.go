//go:build coin

package sortition_test

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"testing"

	"github.com/folkmoot/folkmoot/internal/solver"
	"github.com/folkmoot/folkmoot/internal/sortition"
)

// bruteLeximin computes the LEXIMIN profile of a tiny instance from its
// definition, independently of the package: enumerate every feasible panel,
// then repeatedly maximise the minimum over the unfixed people and fix
// exactly those who cannot rise above it (one LP per person).
func bruteLeximin(t *testing.T, in *sortition.Instance) []float64 {
	n := len(in.People)
	var panels [][]int
	var rec func(start int, cur []int)
	rec = func(start int, cur []int) {
		if len(cur) == in.K {
			if in.CheckPanel(cur) == nil {
				panels = append(panels, slices.Clone(cur))
			}
			return
		}
		for i := start; i < n; i++ {
			rec(i+1, append(cur, i))
		}
	}
	rec(0, nil)
	fixed := make([]bool, n)
	pbar := make([]float64, n)
	// solve: max objective over λ (and z) with π_j ≥ z (unfixed), π_j ≥ p̄_j (fixed)
	solve := func(objPerson int, z float64) float64 {
		P := len(panels)
		p := &solver.Problem{Maximize: true, Obj: make([]float64, P+1)}
		p.ColHi = make([]float64, P+1)
		for j := range p.ColHi {
			p.ColHi[j] = math.Inf(1)
		}
		if objPerson < 0 {
			p.Obj[P] = 1 // maximise z
		} else {
			p.ColLo = make([]float64, P+1)
			p.ColLo[P], p.ColHi[P] = z, z
		}
		for i := 0; i < n; i++ {
			r := solver.Row{Lo: 0, Hi: math.Inf(1)}
			for j, pan := range panels {
				if slices.Contains(pan, i) {
					r.Ind = append(r.Ind, j)
					r.Val = append(r.Val, 1)
					if i == objPerson {
						p.Obj[j] = 1
					}
				}
			}
			if fixed[i] {
				r.Lo = pbar[i]
			} else {
				r.Ind, r.Val = append(r.Ind, P), append(r.Val, -1)
			}
			p.Rows = append(p.Rows, r)
		}
		conv := solver.Row{Lo: 1, Hi: 1}
		for j := range panels {
			conv.Ind, conv.Val = append(conv.Ind, j), append(conv.Val, 1)
		}
		p.Rows = append(p.Rows, conv)
		lp, err := solver.NewLP(p)
		if err != nil {
			t.Fatal(err)
		}
		defer lp.Close()
		if st, _ := lp.Solve(context.Background()); st != solver.Optimal {
			t.Fatalf("brute-force LP %v", st)
		}
		return lp.Objective()
	}
	for {
		var unfixed []int
		for i := range fixed {
			if !fixed[i] {
				unfixed = append(unfixed, i)
			}
		}
		if len(unfixed) == 0 {
			break
		}
		z := solve(-1, 0) - 1e-9
		var tight []int
		for _, i := range unfixed {
			if solve(i, z) <= z+1e-7 {
				tight = append(tight, i)
			}
		}
		if len(tight) == 0 {
			t.Fatal("brute force: nobody tight")
		}
		for _, i := range tight {
			fixed[i], pbar[i] = true, z
		}
	}
	sort.Float64s(pbar)
	return pbar
}

// TestLeximinAgainstBruteForce runs 40 small pools (38 feasible) with one
// walk, so that every path is taken, then with the default retries.
func TestLeximinAgainstBruteForce(t *testing.T) {
	t.Run("one walk", func(t *testing.T) {
		defer sortition.SetWalkTries(sortition.SetWalkTries(1))
		compared, reached, walked, rescued := leximinAgainstBruteForce(t)
		if reached == 0 || reached == compared || walked == 0 || rescued == 0 {
			t.Fatalf("of %d instances, the relaxation was reached on %d: by the walk alone on %d, by column generation after a stopped walk on %d: one path is untested",
				compared, reached, walked, rescued)
		}
	})
	t.Run("retries", func(t *testing.T) {
		_, reached, walked, _ := leximinAgainstBruteForce(t)
		if walked < reached {
			t.Fatalf("of %d instances whose relaxation was reached, the walks alone reached %d", reached, walked)
		}
	})
}

func leximinAgainstBruteForce(t *testing.T) (compared, reached, walked, rescued int) {
	for seed := uint64(1); seed <= 40; seed++ {
		rng := rand.New(rand.NewPCG(seed, 99))
		in := &sortition.Instance{K: 5, QuotaFile: "test",
			Categories: []sortition.Category{
				{Name: "g", Values: []sortition.Value{{Name: "f", Min: 2, Max: 3, MaxFlex: 5}, {Name: "m", Min: 2, Max: 3, MaxFlex: 5}}},
				{Name: "a", Values: []sortition.Value{{Name: "y", Min: 1, Max: 2, MaxFlex: 5}, {Name: "o", Min: 0, Max: 3, MaxFlex: 5}, {Name: "z", Min: 1, Max: 1, MaxFlex: 5}}},
				{Name: "r", Values: []sortition.Value{{Name: "n", Min: 1, Max: 4, MaxFlex: 5}, {Name: "s", Min: 1, Max: 4, MaxFlex: 5}}},
			}}
		for i := 0; i < 13; i++ {
			h := -1
			if seed%2 == 0 && i < 4 {
				h = i / 2 // two households of two
			}
			in.People = append(in.People, sortition.Person{ID: strconv.Itoa(i), Values: []int{rng.IntN(2), rng.IntN(3), rng.IntN(2)}, Household: h})
		}
		res, err := sortition.Select(context.Background(), in, sortition.Options{})
		if err != nil {
			t.Logf("seed %d: %v (skipped)", seed, err)
			continue
		}
		got := slices.Clone(res.Probabilities)
		sort.Float64s(got)
		want := bruteLeximin(t, in)
		for i := range got {
			if math.Abs(got[i]-want[i]) > 1e-6 {
				t.Fatalf("seed %d: sorted profile %v, brute force %v", seed, got, want)
			}
		}
		// The relaxation's LEXIMIN is an upper bound: its sorted profile is
		// lexicographically at least the integer one.
		rp, err := sortition.RelaxedProfile(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		sort.Float64s(rp)
		for i := range rp {
			if rp[i] > want[i]+1e-6 {
				break
			}
			if rp[i] < want[i]-1e-6 {
				t.Fatalf("seed %d: relaxed profile %v is below the integer LEXIMIN %v", seed, rp, want)
			}
		}
		if res.Stats.Reached != slices.EqualFunc(rp, want, func(a, b float64) bool { return math.Abs(a-b) <= 1e-6 }) {
			t.Fatalf("seed %d: relaxation reached %v, but relaxed %v and integer %v profiles", seed, res.Stats.Reached, rp, want)
		}
		compared++
		if res.Stats.Reached {
			reached++
		}
		if res.Stats.WalkSteps > 0 && res.Stats.WalkLeft == 0 {
			walked++ // the decomposition walk alone reached it
		} else if res.Stats.Reached {
			rescued++ // the walk stopped; column generation went on from its panels
		}
		t.Logf("seed %d: %d distinct values, profile matches (relaxation reached: %v; walk: %d panels, %.2g left)",
			seed, len(slices.Compact(roundAll(got))), res.Stats.Reached, res.Stats.WalkSteps, res.Stats.WalkLeft)
	}
	if compared < 10 {
		t.Fatalf("only %d instances were feasible", compared)
	}
	t.Logf("%d instances: relaxation reached on %d: by the walk alone on %d, by column generation after the walk on %d", compared, reached, walked, rescued)
	return compared, reached, walked, rescued
}

func roundAll(v []float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = math.Round(x*1e6) / 1e6
	}
	return out
}
