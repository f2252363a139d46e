package sortition_test

import (
	"context"
	"math"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/folkmoot/folkmoot/internal/sortition"
)

// On a shared pool with households every person's share of the
// M tickets is within 1.5/M of their exact probability, and every ticket
// is a valid panel: the exchanges that balance the tickets keep the size,
// the quotas and one person per household.
func TestLotteryGapSharedPools(t *testing.T) {
	const M = 1000
	dir := sharedData(t)
	for _, pool := range []struct {
		name    string
		k       int
		address []string
	}{{"uk_households_1000_60", 60, []string{"address"}}} {
		d := filepath.Join(dir, "synthetic", pool.name)
		in := load(t, filepath.Join(d, "categories.csv"), filepath.Join(d, "respondents.csv"), pool.k, pool.address...)
		res, err := sortition.Select(context.Background(), in, sortition.Options{})
		if err != nil {
			t.Fatalf("%s: %v", pool.name, err)
		}
		lot := res.Dist.Lottery(M, rand.New(rand.NewPCG(1, 1)))
		if len(lot.Tickets) != M {
			t.Fatalf("%s: %d tickets, want %d", pool.name, len(lot.Tickets), M)
		}
		for j, tk := range lot.Tickets {
			if err := in.CheckPanel(tk); err != nil {
				t.Fatalf("%s: ticket %d is not a panel: %v", pool.name, j+1, err)
			}
		}
		gap := 0.0
		for i, q := range lot.Probabilities() {
			gap = max(gap, math.Abs(q-res.Probabilities[i]))
		}
		if gap > 1.5/M {
			t.Fatalf("%s: lottery gap %.3f/M > 1.5/M", pool.name, gap*M)
		}
		t.Logf("%s: lottery gap %.3f/M", pool.name, gap*M)
	}
}
