//go:build coin

package sortition_test

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/sortition"
)

// The LP relaxation's LEXIMIN must come out on every synthetic pool: its
// stages fix types at floors shaded for rounding, and on the larger pools
// CLP's tolerances once made a stage end "infeasible" or fix nobody. Its
// profile is a distribution of k expected members (to 10⁻⁶ per person) with
// probabilities in [0, 1].
func TestRelaxedLeximinOnSyntheticPools(t *testing.T) {
	for _, pool := range syntheticPools(t) {
		t.Run(pool.name, func(t *testing.T) {
			if testing.Short() && strings.HasPrefix(pool.name, "uk_10000") {
				t.Skip("10-40 s on 2 cores; runs without -short")
			}
			in := pool.load(t)
			k := pool.k
			p, err := sortition.RelaxedProfile(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			sum, lo, hi := 0.0, math.Inf(1), math.Inf(-1)
			for _, x := range p {
				sum += x
				lo, hi = math.Min(lo, x), math.Max(hi, x)
			}
			// each floor may sit up to ~1e-5 below its exact value (the rise
			// test's threshold under rounding slack), so allow 1e-6 per person
			if math.Abs(sum-float64(k)) > 1e-6*float64(len(p)) || lo < 0 || hi > 1+1e-9 {
				t.Fatalf("relaxed profile sums to %v (want %d), range [%v, %v]", sum, k, lo, hi)
			}
			t.Logf("min %.6f, sum %.6f", lo, sum)
		})
	}
}
