//go:build coin

package sortition_test

import (
	"context"
	"testing"

	"github.com/folkmoot/folkmoot/internal/sortition"
)

// The decomposition walk on the synthetic pools (restricted to four
// categories, or three with households, to keep it quick; the full pools
// run in `make bench`): it must end with nothing left, every panel must
// pass its re-check, the weights must sum to 1, the mixture must be the
// relaxation's point, and so every type must reach its LEXIMIN floor.
func TestWalkDecomposesSyntheticPools(t *testing.T) {
	for _, pool := range syntheticPools(t) {
		t.Run(pool.name, func(t *testing.T) {
			ncat := 4
			if pool.addr != nil {
				ncat = 3
			}
			if testing.Short() {
				ncat--
			}
			in := keepCategories(pool.load(t), ncat)
			rep, err := sortition.Walk(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%d types: %d panels, stuck %v, left %.3g, weights %.12f, mixture error %.3g, shortfall %.3g",
				rep.Types, rep.Panels, rep.Stuck, rep.Left, rep.WeightSum, rep.MixtureErr, rep.Shortfall)
			if rep.BadPanel != nil {
				t.Fatalf("a panel of the walk fails its re-check: %v", rep.BadPanel)
			}
			if rep.Stuck || rep.Left != 0 {
				t.Fatalf("the walk stopped with %.3g of the mass left", rep.Left)
			}
			if d := rep.WeightSum - 1; d > 1e-12 || d < -1e-7 {
				t.Fatalf("weights sum to %.15f", rep.WeightSum)
			}
			if rep.MixtureErr > 1e-9 {
				t.Fatalf("the mixture differs from the point by %.3g people", rep.MixtureErr)
			}
			if rep.Shortfall > 1e-7 {
				t.Fatalf("a type is %.3g below its LEXIMIN floor", rep.Shortfall)
			}
		})
	}
}
