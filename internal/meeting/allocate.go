package meeting

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/solver"
)

// How an allocation was made.
const (
	MethodOptimal = "optimal" // CBC proved the allocation optimal
	MethodBest    = "best"    // CBC stopped at its limit; the best allocation it had found
	MethodGreedy  = "greedy"  // CBC found none within its limit; a greedy allocation
)

// Candidate is one member to place in a group: their ranking of the
// agenda's themes (theme ids, most wanted first) and their demographic
// profile (category → value; nil when unknown).
type Candidate struct {
	UserID  int64
	Ranking []int64
	Profile map[string]string
}

// Problem is an allocation to make: every candidate into exactly one of
// Groups (the theme id of each group), each group holding Min to Max
// members.
type Problem struct {
	Candidates []Candidate
	Groups     []int64 // theme id of each group
	Min, Max   int
	// Slack is how far (in people) a group's count of a value may stray
	// beyond ⌊share⌋/⌈share⌉ before the penalty applies.
	Slack int
	// Penalty is what one person beyond the mix bounds costs, in units of
	// one place of preference; 0 means DefaultPenalty.
	Penalty float64
	// MaxNodes bounds CBC's branch and bound (0: DefaultNodes); Seconds
	// is a backstop time limit (0: DefaultSeconds).
	MaxNodes int
	Seconds  float64
}

// Defaults of Problem.
const (
	DefaultPenalty = 2
	DefaultNodes   = 1000
	DefaultSeconds = 10
)

// Result is an allocation: Group[i] is the index in Problem.Groups of
// candidate i's group.
type Result struct {
	Group     []int
	Method    string
	Objective float64
}

// epsilon turns ⌊share⌋ ≤ n ≤ ⌈share⌉ into linear rows on integer n:
// share−1+ε ≤ n ≤ share+1−ε.
const epsilon = 0.01

// Weight is what placing a candidate in a group of a theme they ranked at
// position r (0-based) of k themes is worth: k−r; an unranked theme is 0.
func Weight(ranking []int64, theme int64, k int) float64 {
	if r := slices.Index(ranking, theme); r >= 0 {
		return float64(k - r)
	}
	return 0
}

// mixTerm is one (category, value) pair with its share among the
// candidates whose profile is known for the category.
type mixTerm struct {
	cat, val string
	share    float64
	has      []bool // candidate i has this value
	known    []bool // candidate i's category is known
}

func (p *Problem) terms() []mixTerm {
	n := len(p.Candidates)
	cats := map[string]bool{}
	for _, c := range p.Candidates {
		for k := range c.Profile {
			cats[k] = true
		}
	}
	var names []string
	for k := range cats {
		names = append(names, k)
	}
	sort.Strings(names)
	var out []mixTerm
	for _, cat := range names {
		count := map[string]int{}
		known := make([]bool, n)
		total := 0
		for i, c := range p.Candidates {
			if v, ok := c.Profile[cat]; ok && v != "" {
				count[v]++
				known[i] = true
				total++
			}
		}
		var vals []string
		for v := range count {
			vals = append(vals, v)
		}
		sort.Strings(vals)
		for _, v := range vals {
			has := make([]bool, n)
			for i, c := range p.Candidates {
				has[i] = known[i] && c.Profile[cat] == v
			}
			out = append(out, mixTerm{cat: cat, val: v, share: float64(count[v]) / float64(total), has: has, known: known})
		}
	}
	return out
}

// themeCount is the number of distinct themes among the groups.
func (p *Problem) themeCount() int {
	seen := map[int64]bool{}
	for _, t := range p.Groups {
		seen[t] = true
	}
	return len(seen)
}

// Feasible reports, as a field error for the organiser, when no
// allocation can respect the group sizes.
func (p *Problem) Feasible() error {
	n, g := len(p.Candidates), len(p.Groups)
	if g == 0 {
		return apperr.Field("groups", "There are no groups to allocate members to")
	}
	if p.Min < 1 || p.Max < p.Min {
		return apperr.Field("size", "Enter a smallest group size of at least 1 and a largest no smaller than it")
	}
	if n < g*p.Min || n > g*p.Max {
		return apperr.Field("size", "%d members cannot fill %d groups of %d to %d people", n, g, p.Min, p.Max)
	}
	return nil
}

// Score returns the objective of an allocation (preference weight less
// the mix penalty) exactly as the programme counts it.
func (p *Problem) Score(group []int) float64 {
	k := p.themeCount()
	pen := p.penalty()
	total := 0.0
	for i, c := range p.Candidates {
		total += Weight(c.Ranking, p.Groups[group[i]], k)
	}
	for _, t := range p.terms() {
		for g := range p.Groups {
			var nv, kn float64
			for i := range p.Candidates {
				if group[i] != g {
					continue
				}
				if t.known[i] {
					kn++
				}
				if t.has[i] {
					nv++
				}
			}
			over := math.Abs(nv-t.share*kn) - (1 - epsilon) - float64(p.Slack)
			if over > 0 {
				total -= pen * over
			}
		}
	}
	return total
}

func (p *Problem) penalty() float64 {
	if p.Penalty > 0 {
		return p.Penalty
	}
	return DefaultPenalty
}

// Check reports the first hard rule an allocation breaks: every candidate
// in exactly one existing group, every group within Min..Max.
func (p *Problem) Check(group []int) error {
	if len(group) != len(p.Candidates) {
		return fmt.Errorf("%d placements for %d members", len(group), len(p.Candidates))
	}
	size := make([]int, len(p.Groups))
	for i, g := range group {
		if g < 0 || g >= len(p.Groups) {
			return fmt.Errorf("member %d is in no group", p.Candidates[i].UserID)
		}
		size[g]++
	}
	for g, s := range size {
		if s < p.Min || s > p.Max {
			return fmt.Errorf("group %d has %d members, not %d to %d", g, s, p.Min, p.Max)
		}
	}
	return nil
}

// Allocate places every candidate in one group. With the COIN-OR solver
// it solves the integer programme (x[i][g] binary, Σ_g x = 1, Min ≤ Σ_i x
// ≤ Max, per (group, category, value) a penalised slack beyond
// ⌊share⌋/⌈share⌉ ± Slack), maximising Σ weight − penalty·Σ slack; if CBC
// stops at its limit it keeps the best allocation found (MethodBest), or
// if none, a greedy one (MethodGreedy). Without the solver it returns an
// apperr.Unavailable error. The same Problem gives the same Result.
func Allocate(ctx context.Context, p *Problem) (Result, error) {
	if err := p.Feasible(); err != nil {
		return Result{}, err
	}
	if !solver.Available {
		return Result{}, apperr.New(apperr.Unavailable, "Allocating members to groups needs the COIN-OR solver, and this folkmoot was built without it.")
	}
	n, G := len(p.Candidates), len(p.Groups)
	k := p.themeCount()
	x := func(i, g int) int { return i*G + g }
	nx := n * G
	terms := p.terms()
	obj := make([]float64, nx, nx+len(terms)*G)
	for i, c := range p.Candidates {
		for g, th := range p.Groups {
			obj[x(i, g)] = Weight(c.Ranking, th, k)
		}
	}
	var rows []solver.Row
	for i := 0; i < n; i++ {
		r := solver.Row{Lo: 1, Hi: 1}
		for g := 0; g < G; g++ {
			r.Ind, r.Val = append(r.Ind, x(i, g)), append(r.Val, 1)
		}
		rows = append(rows, r)
	}
	for g := 0; g < G; g++ {
		r := solver.Row{Lo: float64(p.Min), Hi: float64(p.Max)}
		for i := 0; i < n; i++ {
			r.Ind, r.Val = append(r.Ind, x(i, g)), append(r.Val, 1)
		}
		rows = append(rows, r)
	}
	pen := p.penalty()
	allow := 1 - epsilon + float64(p.Slack)
	for _, t := range terms {
		for g := 0; g < G; g++ {
			s := len(obj)
			obj = append(obj, -pen)
			// n_v − share·k ≤ allow + s   and   share·k − n_v ≤ allow + s
			up := solver.Row{Lo: math.Inf(-1), Hi: allow}
			dn := solver.Row{Lo: math.Inf(-1), Hi: allow}
			for i := 0; i < n; i++ {
				if !t.known[i] {
					continue
				}
				c := -t.share
				if t.has[i] {
					c += 1
				}
				if c != 0 {
					up.Ind, up.Val = append(up.Ind, x(i, g)), append(up.Val, c)
					dn.Ind, dn.Val = append(dn.Ind, x(i, g)), append(dn.Val, -c)
				}
			}
			up.Ind, up.Val = append(up.Ind, s), append(up.Val, -1)
			dn.Ind, dn.Val = append(dn.Ind, s), append(dn.Val, -1)
			rows = append(rows, up, dn)
		}
	}
	nc := len(obj)
	hi := make([]float64, nc)
	integer := make([]bool, nc)
	for j := range hi {
		if j < nx {
			hi[j], integer[j] = 1, true
		} else {
			hi[j] = math.Inf(1)
		}
	}
	// Cuts and preprocessing cost more than they give here: the bound is
	// weak (the mix slacks are continuous), and the node limit keeps the
	// run short and repeatable.
	o := solver.MIPOptions{MaxNodes: p.MaxNodes, Seconds: p.Seconds, Params: map[string]string{"cuts": "off", "preprocess": "off"}}
	if o.MaxNodes == 0 {
		o.MaxNodes = DefaultNodes
	}
	if o.Seconds == 0 {
		o.Seconds = DefaultSeconds
	}
	greedy := p.Greedy()
	o.Start = make([]float64, nc)
	for i, g := range greedy {
		o.Start[x(i, g)] = 1
	}
	p.fillSlack(o.Start, greedy, terms, nx, G)
	// CBC minimises the negated objective (its C interface's maximise
	// sense is not used, to stay on its most exercised path).
	neg := make([]float64, nc)
	for j, v := range obj {
		neg[j] = -v
	}
	sol, err := solver.SolveMIP(ctx, &solver.Problem{Obj: neg, ColHi: hi, Integer: integer, Rows: rows}, o)
	if err != nil {
		return Result{}, err
	}
	if sol.X == nil || (sol.Status != solver.Optimal && sol.Status != solver.Stopped) {
		return Result{Group: greedy, Method: MethodGreedy, Objective: p.Score(greedy)}, nil
	}
	out := make([]int, n)
	for i := 0; i < n; i++ {
		out[i] = -1
		for g := 0; g < G; g++ {
			if sol.X[x(i, g)] > 0.5 {
				out[i] = g
				break
			}
		}
	}
	if p.Check(out) != nil {
		return Result{Group: greedy, Method: MethodGreedy, Objective: p.Score(greedy)}, nil
	}
	m := MethodOptimal
	if sol.Status != solver.Optimal {
		m = MethodBest
	}
	return Result{Group: out, Method: m, Objective: p.Score(out)}, nil
}

// fillSlack sets the slack columns of a start point to the least values
// the allocation needs.
func (p *Problem) fillSlack(start []float64, group []int, terms []mixTerm, nx, G int) {
	allow := 1 - epsilon + float64(p.Slack)
	j := nx
	for _, t := range terms {
		for g := 0; g < G; g++ {
			var nv, kn float64
			for i := range p.Candidates {
				if group[i] == g && t.known[i] {
					kn++
					if t.has[i] {
						nv++
					}
				}
			}
			start[j] = math.Max(0, math.Abs(nv-t.share*kn)-allow)
			j++
		}
	}
}

// Greedy is the fallback allocation: candidates in order each take the
// group of their most wanted theme that has room (the emptiest such group
// first), then groups below Min take members from groups above it, at the
// least loss of preference. It respects the sizes when Feasible does.
func (p *Problem) Greedy() []int {
	n, G := len(p.Candidates), len(p.Groups)
	k := p.themeCount()
	group := make([]int, n)
	size := make([]int, G)
	for i, c := range p.Candidates {
		best := -1
		for g := 0; g < G; g++ {
			if size[g] >= p.Max {
				continue
			}
			if best < 0 {
				best = g
				continue
			}
			wg, wb := Weight(c.Ranking, p.Groups[g], k), Weight(c.Ranking, p.Groups[best], k)
			if wg > wb || wg == wb && size[g] < size[best] {
				best = g
			}
		}
		group[i] = best
		if best >= 0 {
			size[best]++
		}
	}
	for {
		low := -1
		for g := 0; g < G; g++ {
			if size[g] < p.Min {
				low = g
				break
			}
		}
		if low < 0 {
			break
		}
		who, loss := -1, math.Inf(1)
		for i, c := range p.Candidates {
			from := group[i]
			if from < 0 || size[from] <= p.Min {
				continue
			}
			l := Weight(c.Ranking, p.Groups[from], k) - Weight(c.Ranking, p.Groups[low], k)
			if l < loss {
				who, loss = i, l
			}
		}
		if who < 0 {
			break
		}
		size[group[who]]--
		group[who] = low
		size[low]++
	}
	return group
}
