//go:build coin

package meeting_test

import (
	"context"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/folkmoot/folkmoot/internal/meeting"
)

// synthetic makes n members ranking 3 themes, with an age and a gender.
func synthetic(n int, seed uint64) *meeting.Problem {
	r := rand.New(rand.NewPCG(seed, 1))
	themes := []int64{10, 20, 30}
	ages := []string{"16-29", "30-44", "45-64", "65+"}
	p := &meeting.Problem{}
	for i := 0; i < n; i++ {
		rk := append([]int64(nil), themes...)
		r.Shuffle(len(rk), func(a, b int) { rk[a], rk[b] = rk[b], rk[a] })
		prof := map[string]string{"age": ages[r.IntN(len(ages))], "gender": []string{"woman", "man"}[r.IntN(2)]}
		if i%7 == 0 {
			prof = nil // unknown profile: ignored by the mix
		}
		p.Candidates = append(p.Candidates, meeting.Candidate{UserID: int64(i + 1), Ranking: rk[:1+r.IntN(3)], Profile: prof})
	}
	return p
}

func TestAllocateRespectsRulesAndRepeats(t *testing.T) {
	p := synthetic(60, 7)
	p.Groups = []int64{10, 10, 20, 20, 30, 30}
	p.Min, p.Max = 8, 12
	res, err := meeting.Allocate(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Check(res.Group); err != nil {
		t.Fatalf("allocation breaks a rule: %v", err)
	}
	if res.Method == meeting.MethodGreedy {
		t.Fatalf("CBC found nothing for 60 members")
	}
	if g := p.Score(p.Greedy()); res.Objective < g-1e-6 {
		t.Fatalf("solver's %v is worse than greedy %v", res.Objective, g)
	}
	again, err := meeting.Allocate(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(res, again) {
		t.Fatalf("the same input gave two allocations")
	}
}

// Check catches a broken allocation (so the test above can fail).
func TestCheckCatchesBrokenAllocation(t *testing.T) {
	p := synthetic(6, 1)
	p.Groups = []int64{10, 20}
	p.Min, p.Max = 3, 3
	if err := p.Check([]int{0, 0, 0, 0, 1, 1}); err == nil {
		t.Fatal("a group of 4 over a maximum of 3 passed")
	}
	if err := p.Check([]int{0, 0, 0, 1, 1, 2}); err == nil {
		t.Fatal("a member in no group passed")
	}
	if err := p.Check([]int{0, 0, 0, 1, 1, 1}); err != nil {
		t.Fatal(err)
	}
}

// A small case solved to proven optimality matches brute force.
func TestAllocateMatchesBruteForce(t *testing.T) {
	for seed := uint64(1); seed <= 4; seed++ {
		p := synthetic(9, seed)
		p.Groups = []int64{10, 20, 30}
		p.Min, p.Max = 2, 4
		res, err := meeting.Allocate(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		if res.Method != meeting.MethodOptimal {
			t.Fatalf("seed %d: method %s", seed, res.Method)
		}
		best := math.Inf(-1)
		g := make([]int, len(p.Candidates))
		var walk func(i int)
		walk = func(i int) {
			if i == len(g) {
				if p.Check(g) == nil {
					best = math.Max(best, p.Score(g))
				}
				return
			}
			for k := range p.Groups {
				g[i] = k
				walk(i + 1)
			}
		}
		walk(0)
		if math.Abs(best-res.Objective) > 1e-6 {
			t.Fatalf("seed %d: solver %v, brute force %v", seed, res.Objective, best)
		}
	}
}

// The mix penalty moves members: with two themes everyone wants the
// first, but each group must mix women and men.
func TestAllocateBalancesMix(t *testing.T) {
	p := &meeting.Problem{Groups: []int64{1, 1}, Min: 4, Max: 4, Penalty: 5}
	for i := 0; i < 8; i++ {
		g := "woman"
		if i >= 4 {
			g = "man"
		}
		p.Candidates = append(p.Candidates, meeting.Candidate{UserID: int64(i + 1), Ranking: []int64{1}, Profile: map[string]string{"gender": g}})
	}
	res, err := meeting.Allocate(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	women := 0
	for i := 0; i < 4; i++ {
		if res.Group[i] == 0 {
			women++
		}
	}
	if women != 2 {
		t.Fatalf("group 1 has %d of the 4 women, want 2 (%v %s %v, score of 2-2: %v)", women, res.Group, res.Method, res.Objective, p.Score([]int{0, 0, 1, 1, 0, 0, 1, 1}))
	}
}

func TestGreedyRespectsSizes(t *testing.T) {
	p := synthetic(50, 3)
	p.Groups = []int64{10, 10, 20, 30, 30}
	p.Min, p.Max = 9, 11
	if err := p.Check(p.Greedy()); err != nil {
		t.Fatal(err)
	}
}
