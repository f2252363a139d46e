package sortition

import (
	"fmt"
	"math"
	"math/big"
	"sort"
)

// WeightScale: published panel weights are whole multiples of 1/WeightScale
// (18 decimal places) and sum to exactly 1.
const WeightScale = 1_000_000_000_000_000_000

// Panels expands the distribution over panel profiles into a distribution
// over panels of people that gives every member of a type the same
// probability, as the profile's uniform choice within types does.
// Weights are in units of 1/WeightScale and sum to exactly WeightScale.
//
// Per type, first the time each member spends on each profile: lay the
// profiles that take the type out on a tape, once per member they take
// (layer j holds every profile taking more than j members), and give
// member m the stretch [m·p, (m+1)·p) of it, p being the type's
// probability (McNaughton's wrap-around rule). A member must not spend
// more than a profile's weight on it; where the tape asks for more (a
// layer shorter than p), exchanges between two members and two profiles
// repair it, keeping every sum. Then, per profile, McNaughton's rule
// again turns those times into members at each instant of the profile's
// weight, and the profile is cut wherever its members change.
func (d *Distribution) Panels() ([][]int, []int64, error) {
	P := len(d.profiles)
	type share struct {
		t, m int // type, member index within the type
		a    float64
	}
	shares := make([][]share, P) // per profile: its members' times, by type
	type use struct{ i, c int }
	uses := make([][]use, d.ts.n())
	for i, p := range d.profiles {
		for j, t := range p.types {
			uses[t] = append(uses[t], use{i, p.counts[j]})
		}
	}
	for t, us := range uses {
		if len(us) == 0 {
			continue
		}
		sort.SliceStable(us, func(a, b int) bool { return us[a].c > us[b].c })
		n := d.ts.count(t)
		total := 0.0
		for _, u := range us {
			total += float64(u.c) * d.weights[u.i]
		}
		per := total / float64(n)
		A := make([][]float64, len(us)) // A[k][m]: member m's time on profile us[k]
		for k := range A {
			A[k] = make([]float64, n)
		}
		tape := 0.0
		for j := 0; j < us[0].c; j++ {
			for k, u := range us {
				if u.c <= j {
					break
				}
				lo, hi := tape, tape+d.weights[u.i]
				for m := min(int(lo/per), n-1); m < n && (float64(m)*per < hi || m == 0); m++ {
					a, b := max(lo, float64(m)*per), min(hi, float64(m+1)*per)
					if m == n-1 {
						b = hi
					}
					if b > a {
						A[k][m] += b - a
					}
				}
				tape = hi
			}
		}
		if err := repairShares(A, func(k int) float64 { return d.weights[us[k].i] }); err != nil {
			return nil, nil, fmt.Errorf("sortition: type %d: %w", t, err)
		}
		for k, u := range us {
			for m, a := range A[k] {
				if a > 0 {
					shares[u.i] = append(shares[u.i], share{t, m, a})
				}
			}
		}
	}
	var panels [][]int
	var weights []int64
	start, W := 0.0, 0.0
	for _, w := range d.weights {
		W += w
	}
	unit := func(x float64) int64 { return int64(math.Round(x / W * WeightScale)) }
	for i, p := range d.profiles {
		w := d.weights[i]
		// McNaughton per type: the members' times laid end to end on a
		// line of length c·w; slot k at instant u takes the member at
		// k·w + u. Cuts: every member's start, taken modulo w.
		cuts := []float64{0, w}
		type span struct {
			from, to float64
			person   int
		}
		lines := map[int][]span{}
		counts := map[int]int{}
		for j, t := range p.types {
			counts[t] = p.counts[j]
		}
		for _, sh := range shares[i] {
			l := lines[sh.t]
			from := 0.0
			if len(l) > 0 {
				from = l[len(l)-1].to
			}
			lines[sh.t] = append(l, span{from, from + sh.a, d.ts.members[sh.t][sh.m]})
			if x := math.Mod(from, w); x > 0 && x < w {
				cuts = append(cuts, x)
			}
		}
		// cuts closer than snap merge: the repair leaves times within
		// rounding of a profile's weight, which would otherwise make
		// slivers where a member meets themself
		snap := max(1e-12*w, 1e-14)
		sort.Float64s(cuts)
		kept := cuts[:1]
		for _, x := range cuts[1:] {
			if x-kept[len(kept)-1] > snap {
				kept = append(kept, x)
			}
		}
		if w-kept[len(kept)-1] <= snap {
			kept = kept[:len(kept)-1]
		}
		cuts = append(kept, w)
		for a := 0; a+1 < len(cuts); a++ {
			wt := unit(start+cuts[a+1]) - unit(start+cuts[a])
			if wt <= 0 {
				continue
			}
			mid := (cuts[a] + cuts[a+1]) / 2
			panel := make([]int, 0, d.in.K)
			seen := map[int]bool{}
			for _, t := range p.types {
				l := lines[t]
				for k := 0; k < counts[t]; k++ {
					x := float64(k)*w + mid
					q := sort.Search(len(l), func(z int) bool { return l[z].to > x })
					q = min(q, len(l)-1)
					if seen[l[q].person] {
						return nil, nil, fmt.Errorf("sortition: panel expansion met person %d twice (piece %.3g of %.3g)", l[q].person, cuts[a+1]-cuts[a], w)
					}
					seen[l[q].person] = true
					panel = append(panel, l[q].person)
				}
			}
			sort.Ints(panel)
			panels = append(panels, panel)
			weights = append(weights, wt)
		}
		start += w
	}
	// the units telescope to unit(W) = WeightScale
	var sum int64
	for _, w := range weights {
		sum += w
	}
	if sum != WeightScale {
		return nil, nil, fmt.Errorf("sortition: panel weights sum to %d units, not %d", sum, int64(WeightScale))
	}
	return panels, weights, nil
}

// repairShares moves time between members so that no member spends more
// than a profile's weight w(k) on profile k, keeping every member's and
// every profile's total: excess of member m on k goes to a member m2
// with room on k, who gives back as much on a profile q where m has room.
func repairShares(A [][]float64, w func(int) float64) error {
	const eps = 1e-15
	for k := range A {
		for m := range A[k] {
			for e := A[k][m] - w(k); e > eps*max(1, w(k)); e = A[k][m] - w(k) {
				moved := false
				for m2 := range A[k] {
					if A[k][m2] >= w(k)-eps {
						continue
					}
					for q := range A {
						if q == k || A[q][m2] <= eps || A[q][m] >= w(q)-eps {
							continue
						}
						dlt := min(e, w(k)-A[k][m2], A[q][m2], w(q)-A[q][m])
						A[k][m] -= dlt
						A[k][m2] += dlt
						A[q][m2] -= dlt
						A[q][m] += dlt
						moved = true
						break
					}
					if moved {
						break
					}
				}
				if !moved {
					return fmt.Errorf("cannot spread member %d's %.3g on one profile", m, e)
				}
			}
		}
	}
	return nil
}

// WeightRat returns a weight of Panels as an exact rational.
func WeightRat(w int64) *big.Rat { return big.NewRat(w, WeightScale) }

// FormatWeight writes a weight of Panels as an exact decimal.
func FormatWeight(w int64) string {
	return fmt.Sprintf("%d.%018d", w/WeightScale, w%WeightScale)
}
