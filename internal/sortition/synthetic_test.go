//go:build coin

package sortition_test

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/sortition"
)

// keepCategories returns in restricted to its first n categories. The
// synthetic instances stay feasible (their planted panel meets every
// quota), and the LPs become small enough for a unit test.
func keepCategories(in *sortition.Instance, n int) *sortition.Instance {
	out := *in
	out.Categories = in.Categories[:n]
	out.People = make([]sortition.Person, len(in.People))
	for i, p := range in.People {
		p.Values = p.Values[:n]
		out.People[i] = p
	}
	return &out
}

// Properties on the synthetic pools (restricted to their first two or
// three categories to keep the test fast; the full instances are in
// `make bench`): probabilities sum to K and lie in [0,1], every panel meets
// quotas and households, LEXIMIN is lexicographically at least MAXIMIN,
// people of one type get equal LEXIMIN probability.
func TestSyntheticProperties(t *testing.T) {
	for _, pool := range syntheticPools(t) {
		t.Run(pool.name, func(t *testing.T) {
			addr := pool.addr
			ncat := 3
			if addr != nil {
				ncat = 2
				if testing.Short() {
					t.Skip("households instance takes a few seconds")
				}
			}
			in := keepCategories(pool.load(t), ncat)
			lx := run(t, in, sortition.Leximin)
			mx := runWith(t, in, sortition.Options{Algorithm: sortition.Maximin, Stagewise: true})
			// the shortcut (reach the relaxation's LEXIMIN) and the stages
			// must give the same profile (the stages take two minutes on the
			// households pool, so it is compared with MAXIMIN only)
			if addr == nil {
				st := runWith(t, in, sortition.Options{Algorithm: sortition.Leximin, Stagewise: true})
				a0, b0 := slices.Clone(lx.Probabilities), slices.Clone(st.Probabilities)
				sort.Float64s(a0)
				sort.Float64s(b0)
				for i := range a0 {
					if math.Abs(a0[i]-b0[i]) > 1e-5 {
						t.Fatalf("sorted position %d: LEXIMIN %v (relaxation reached: %v), stage by stage %v", i, a0[i], lx.Stats.Reached, b0[i])
					}
				}
			}
			if math.Abs(lx.Min-mx.Min) > 1e-6 {
				t.Fatalf("LEXIMIN min %v, MAXIMIN min %v", lx.Min, mx.Min)
			}
			a, b := slices.Clone(lx.Probabilities), slices.Clone(mx.Probabilities)
			sort.Float64s(a)
			sort.Float64s(b)
			for i := range a {
				if a[i] > b[i]+1e-6 {
					break
				}
				if a[i] < b[i]-1e-6 {
					t.Fatalf("LEXIMIN below MAXIMIN at sorted position %d: %v < %v", i, a[i], b[i])
				}
			}
			if addr == nil {
				oneProbabilityPerType(t, in, lx.Probabilities)
			}
			t.Logf("%s (first %d categories): %d types, min %.6f, %d panels, stats %+v", pool.name, ncat, lx.Stats.Types, lx.Min, lx.Dist.Len(), lx.Stats)
		})
	}
}

// syntheticPool is one folder of ../shared/sortition-data/synthetic:
// its panel size is the number after the last "_", and the households
// pool has an address column.
type syntheticPool struct {
	name, dir string
	k         int
	addr      []string
}

func syntheticPools(t *testing.T) []syntheticPool {
	t.Helper()
	d := filepath.Join(sharedData(t), "synthetic")
	entries, err := os.ReadDir(d)
	if err != nil {
		t.Fatal(err)
	}
	var pools []syntheticPool
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		name := e.Name()
		k, err := strconv.Atoi(name[strings.LastIndex(name, "_")+1:])
		if err != nil {
			t.Fatalf("%s: no panel size at the end of the name", name)
		}
		p := syntheticPool{name: name, dir: filepath.Join(d, name), k: k}
		if strings.Contains(name, "households") {
			p.addr = []string{"address"}
		}
		pools = append(pools, p)
	}
	return pools
}

func (p syntheticPool) load(t *testing.T) *sortition.Instance {
	t.Helper()
	return load(t, filepath.Join(p.dir, "categories.csv"), filepath.Join(p.dir, "respondents.csv"), p.k, p.addr...)
}

// oneProbabilityPerType fails if two people with the same values (and no
// household) get different probabilities.
func oneProbabilityPerType(t *testing.T, in *sortition.Instance, probs []float64) {
	t.Helper()
	seen := map[string]float64{}
	for i, p := range in.People {
		key := fmtInts(p.Values)
		if q, ok := seen[key]; ok && math.Abs(q-probs[i]) > 1e-9 {
			t.Fatalf("people of one type get %v and %v", q, probs[i])
		}
		seen[key] = probs[i]
	}
}

func fmtInts(v []int) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, ",")
}

// The whole uk_500_50 pool (all seven categories, 384 types): LEXIMIN
// meets every property, and people of one type get one probability.
func TestSyntheticFullPool(t *testing.T) {
	if testing.Short() {
		t.Skip("a few seconds")
	}
	d := filepath.Join(sharedData(t), "synthetic", "uk_500_50")
	in := load(t, filepath.Join(d, "categories.csv"), filepath.Join(d, "respondents.csv"), 50)
	lx := run(t, in, sortition.Leximin)
	oneProbabilityPerType(t, in, lx.Probabilities)
	// The whole sorted profile equals the one computed stage by stage
	// before the shortcut existed (testdata/README.md).
	b, err := os.ReadFile(filepath.Join("testdata", "uk_500_50_leximin_sorted.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var want []float64
	for _, line := range strings.Split(string(b), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		x, err := strconv.ParseFloat(line, 64)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, x)
	}
	got := slices.Clone(lx.Probabilities)
	sort.Float64s(got)
	if len(got) != len(want) {
		t.Fatalf("%d probabilities, want %d", len(got), len(want))
	}
	worst := 0.0
	for i := range got {
		worst = math.Max(worst, math.Abs(got[i]-want[i]))
	}
	if worst > 1e-5 {
		t.Fatalf("sorted profile differs from the stage-by-stage one by %v", worst)
	}
	t.Logf("largest difference from the stage-by-stage profile: %.2g", worst)
	t.Logf("uk_500_50: %d types, min %.6f, %d panels, stats %+v", lx.Stats.Types, lx.Min, lx.Dist.Len(), lx.Stats)
}

// A time limit returns a valid distribution marked approximate, on the
// shortcut and on the stages, with the shortcut's gap bounding how far the
// minimum is below the relaxation's (an upper bound on LEXIMIN's).
func TestTimeLimit(t *testing.T) {
	d := filepath.Join(sharedData(t), "synthetic", "uk_500_50")
	in := keepCategories(load(t, filepath.Join(d, "categories.csv"), filepath.Join(d, "respondents.csv"), 50), 4)
	exact := run(t, in, sortition.Leximin)
	if exact.Stats.Approximate {
		t.Fatal("no time limit, yet approximate")
	}
	for _, stagewise := range []bool{false, true} {
		res := runWith(t, in, sortition.Options{Algorithm: sortition.Leximin, TimeLimit: time.Nanosecond, Stagewise: stagewise})
		if !res.Stats.Approximate {
			t.Fatalf("stagewise %v: a 1 ns limit did not stop the search", stagewise)
		}
		if !stagewise && res.Min < exact.Min-res.Stats.Gap-1e-9 {
			t.Fatalf("min %v is more than the gap %v below LEXIMIN's %v", res.Min, res.Stats.Gap, exact.Min)
		}
		t.Logf("stagewise %v: min %.6f (exact %.6f), gap %.3g", stagewise, res.Min, exact.Min, res.Stats.Gap)
	}
}
