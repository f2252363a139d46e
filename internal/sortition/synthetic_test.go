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
	d := filepath.Join(sharedData(t), "synthetic")
	entries, err := os.ReadDir(d)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		name := e.Name()
		t.Run(name, func(t *testing.T) {
			k, _ := strconv.Atoi(name[strings.LastIndex(name, "_")+1:])
			var addr []string
			ncat := 3
			if strings.Contains(name, "households") {
				addr, ncat = []string{"address"}, 2
				if testing.Short() {
					t.Skip("households instance takes a few seconds")
				}
			}
			full := load(t, filepath.Join(d, name, "categories.csv"), filepath.Join(d, name, "respondents.csv"), k, addr...)
			in := keepCategories(full, ncat)
			lx := run(t, in, sortition.Leximin)
			mx := run(t, in, sortition.Maximin)
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
				seen := map[string]float64{}
				for i, p := range in.People {
					key := fmtInts(p.Values)
					if q, ok := seen[key]; ok && math.Abs(q-lx.Probabilities[i]) > 1e-9 {
						t.Fatalf("people of one type get %v and %v", q, lx.Probabilities[i])
					}
					seen[key] = lx.Probabilities[i]
				}
			}
			t.Logf("%s (first %d categories): %d types, min %.6f, %d panels, stats %+v", name, ncat, lx.Stats.Types, lx.Min, lx.Dist.Len(), lx.Stats)
		})
	}
}

func fmtInts(v []int) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, ",")
}
