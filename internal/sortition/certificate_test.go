//go:build coin

package sortition_test

import (
	"context"
	"encoding/json"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"testing"

	"github.com/folkmoot/folkmoot/internal/sortition"
)

// smallPool is a random 13-person pool with three categories (and, for
// even seeds, two households of two), small enough for bruteLeximin.
func smallPool(seed uint64) *sortition.Instance {
	rng := rand.New(rand.NewPCG(seed, 4242))
	in := &sortition.Instance{K: 5, QuotaFile: "test",
		Categories: []sortition.Category{
			{Name: "g", Values: []sortition.Value{{Name: "f", Min: 2, Max: 3, MaxFlex: 5}, {Name: "m", Min: 2, Max: 3, MaxFlex: 5}}},
			{Name: "a", Values: []sortition.Value{{Name: "y", Min: 1, Max: 2, MaxFlex: 5}, {Name: "o", Min: 0, Max: 3, MaxFlex: 5}, {Name: "z", Min: 1, Max: 1, MaxFlex: 5}}},
			{Name: "r", Values: []sortition.Value{{Name: "n", Min: 1, Max: 4, MaxFlex: 5}, {Name: "s", Min: 1, Max: 4, MaxFlex: 5}}},
		}}
	for i := 0; i < 13; i++ {
		h := -1
		if seed%2 == 0 && i < 4 {
			h = i / 2
		}
		in.People = append(in.People, sortition.Person{ID: "p" + strconv.Itoa(i), Values: []int{rng.IntN(2), rng.IntN(3), rng.IntN(2)}, Household: h})
	}
	return in
}

func rats(ws []int64) []*big.Rat {
	out := make([]*big.Rat, len(ws))
	for j, w := range ws {
		out[j] = sortition.WeightRat(w)
	}
	return out
}

// cloneCert deep-copies a certificate through JSON, as a reader would.
func cloneCert(t *testing.T, c *sortition.Certificate) *sortition.Certificate {
	data, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var out sortition.Certificate
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	return &out
}

// Every result that reaches the relaxation is certified; its whole profile
// equals the independent brute-force LEXIMIN to 1e-7; results that do
// not reach it (or have people on no feasible panel, which an LP cannot
// prove) are labelled approximate; and tampered distributions and
// certificates are refused.
func TestCertificateAgainstBruteForceAndTampering(t *testing.T) {
	certified, approximate := 0, 0
	for seed := uint64(1); seed <= 30; seed++ {
		in := smallPool(seed)
		res, err := sortition.Select(context.Background(), in, sortition.Options{})
		if err != nil {
			continue
		}
		if !res.Stats.Reached || len(res.Uncoverable) > 0 {
			if res.Stats.Certified || !res.Stats.Approximate {
				t.Fatalf("seed %d: relaxation not reached or people uncoverable, yet certified %v approximate %v", seed, res.Stats.Certified, res.Stats.Approximate)
			}
			approximate++
			continue
		}
		if !res.Stats.Certified || res.Stats.Approximate {
			t.Fatalf("seed %d: relaxation reached but not certified: %v", seed, res.Verification.Problems)
		}
		certified++
		got := slices.Clone(res.Probabilities)
		sort.Float64s(got)
		want := bruteLeximin(t, in)
		for i := range got {
			if math.Abs(got[i]-want[i]) > 1e-7 {
				t.Fatalf("seed %d: sorted profile %v, brute force %v", seed, got, want)
			}
		}
		// the published panels give everyone the engine's probability
		p := make([]float64, len(in.People))
		for j, panel := range res.Panels {
			for _, i := range panel {
				p[i] += float64(res.Weights[j]) / sortition.WeightScale
			}
		}
		for i := range p {
			if math.Abs(p[i]-res.Probabilities[i]) > 1e-9 {
				t.Fatalf("seed %d: person %d has %v in the panels, %v in the result", seed, i, p[i], res.Probabilities[i])
			}
		}
		tamper(t, seed, in, res)
	}
	if certified < 5 {
		t.Fatalf("only %d instances certified (%d approximate)", certified, approximate)
	}
	t.Logf("%d certified, %d approximate", certified, approximate)
}

// tamper checks that Verify refuses every kind of change.
func tamper(t *testing.T, seed uint64, in *sortition.Instance, res *sortition.Result) {
	t.Helper()
	ok := func(what string, panels [][]int, ws []int64, c *sortition.Certificate) {
		if rep := sortition.Verify(in, panels, rats(ws), c); rep.OK() {
			t.Fatalf("seed %d: Verify accepted %s", seed, what)
		}
	}
	if rep := sortition.Verify(in, res.Panels, rats(res.Weights), cloneCert(t, res.Certificate)); !rep.OK() {
		t.Fatalf("seed %d: the untouched copy fails: %v", seed, rep.Problems)
	}
	// a weight moved from one panel to another keeps the sum, not the profile
	if len(res.Weights) > 1 {
		ws := slices.Clone(res.Weights)
		d := min(ws[0]/2, sortition.WeightScale/100)
		ws[0] -= d
		ws[1] += d
		ok("a weight moved between panels", res.Panels, ws, res.Certificate)
	}
	ws := slices.Clone(res.Weights)
	ws[0] += 1
	ok("weights summing to more than 1", res.Panels, ws, res.Certificate)
	// a panel that breaks a quota
	panels := slices.Clone(res.Panels)
	panels[0] = slices.Clone(panels[0][:len(panels[0])-1])
	ok("a panel one short", panels, res.Weights, res.Certificate)
	// levels raised and lowered
	for _, f := range []float64{1.01, 0.999} {
		c := cloneCert(t, res.Certificate)
		l, _ := strconv.ParseFloat(string(c.Stages[0].Level), 64)
		c.Stages[0].Level = json.Number(strconv.FormatFloat(l*f, 'g', -1, 64))
		ok("a level scaled by "+strconv.FormatFloat(f, 'g', -1, 64), res.Panels, res.Weights, c)
	}
	// a multiplier changed: the bound no longer proves the level
	c := cloneCert(t, res.Certificate)
	c.Stages[0].Duals.Size = json.Number("1")
	ok("a changed size multiplier", res.Panels, res.Weights, c)
	// a stage dropped: someone is never fixed
	c = cloneCert(t, res.Certificate)
	c.Stages = c.Stages[:len(c.Stages)-1]
	ok("a missing stage", res.Panels, res.Weights, c)
	// a person fixed without a weight
	c = cloneCert(t, res.Certificate)
	if len(c.Stages) > 1 {
		c.Stages[0].Fixes = append(c.Stages[0].Fixes, c.Stages[1].Fixes[0])
		c.Stages[1].Fixes = c.Stages[1].Fixes[1:]
		ok("a person fixed with no weight", res.Panels, res.Weights, c)
	}
	// a looser tolerance than allowed
	c = cloneCert(t, res.Certificate)
	c.Tolerance = 1e-3
	ok("a tolerance of 1e-3", res.Panels, res.Weights, c)
}

// The lottery's largest gap between a person's share of the tickets and
// their exact probability is at most 1/M on small pools (the integer
// programme keeps every type within one ticket per person).
func TestLotteryGapBound(t *testing.T) {
	const M = 1000
	n := 0
	for seed := uint64(1); seed <= 12; seed++ {
		in := smallPool(seed)
		res, err := sortition.Select(context.Background(), in, sortition.Options{})
		if err != nil {
			continue
		}
		lot := res.Dist.Lottery(M, rand.New(rand.NewPCG(seed, 1)))
		gap := 0.0
		for i, q := range lot.Probabilities() {
			gap = max(gap, math.Abs(q-res.Probabilities[i]))
		}
		if gap > 1.0/M+1e-12 {
			t.Fatalf("seed %d: lottery gap %.5f > 1/M", seed, gap)
		}
		n++
	}
	if n < 5 {
		t.Fatalf("only %d pools", n)
	}
}
