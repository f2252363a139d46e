package sortition

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/solver"
)

// pricer finds the panel profile maximising Σ_t w_t·n_t (w is a weight per
// person of type t) over all feasible panels, with an integer program
// solved by CBC. It holds the constraint rows, built once.
type pricer struct {
	in     *Instance
	ts     *typeSet
	prob   solver.Problem
	calls  int
	parent *pricer // a face pricer counts its calls in its parent too
	gap    float64 // relative optimality gap allowed (0: prove optimal)
	// nodes, if positive, caps each integer program's branch and bound
	// (a count of work, not time, so runs repeat on any machine); when the
	// cap stops one, the best panel found so far is returned (callers that
	// set it need any panel, not the best), or errPricingStopped if none was.
	nodes  int
	params map[string]string // extra CBC parameters
}

// panelProblem states "n_t people of type t form a feasible panel" as an
// integer program with one integer column per type. min and max give the
// quota of each feature. Its rows: the panel size, then feature f's quota
// in row featRow(f), then one row per household.
func panelProblem(in *Instance, ts *typeSet) solver.Problem {
	T := ts.n()
	fi := in.features()
	p := solver.Problem{
		Maximize: true,
		Obj:      make([]float64, T),
		ColLo:    make([]float64, T),
		ColHi:    make([]float64, T),
		Integer:  make([]bool, T),
	}
	size := solver.Row{Lo: float64(in.K), Hi: float64(in.K)}
	byFeat := make([]solver.Row, fi.n)
	for f := range byFeat {
		_, v := in.value(f)
		byFeat[f] = solver.Row{Lo: float64(v.Min), Hi: float64(v.Max)}
	}
	for t := 0; t < T; t++ {
		p.ColHi[t] = float64(ts.count(t))
		p.Integer[t] = true
		size.Ind = append(size.Ind, t)
		size.Val = append(size.Val, 1)
		for _, f := range ts.feats[t] {
			byFeat[f].Ind = append(byFeat[f].Ind, t)
			byFeat[f].Val = append(byFeat[f].Val, 1)
		}
	}
	p.Rows = append(p.Rows, size)
	p.Rows = append(p.Rows, byFeat...)
	for _, h := range ts.households {
		r := solver.Row{Lo: math.Inf(-1), Hi: 1}
		for _, t := range h {
			r.Ind = append(r.Ind, t)
			r.Val = append(r.Val, 1)
		}
		p.Rows = append(p.Rows, r)
	}
	return p
}

func newPricer(in *Instance, ts *typeSet) *pricer {
	return &pricer{in: in, ts: ts, prob: panelProblem(in, ts)}
}

// featRow is the row of panelProblem holding feature f's quota.
func featRow(f int) int { return 1 + f }

// houseRow is the row of panelProblem holding household h's rule, after
// the quotas of nfeat features.
func houseRow(nfeat, h int) int { return 1 + nfeat + h }

// onFace returns a pricer for the panels on face f only (it shares the
// call count with pr).
func (pr *pricer) onFace(f *face) *pricer {
	q := pr.prob
	q.ColLo = make([]float64, len(f.typeLo))
	q.ColHi = make([]float64, len(f.typeHi))
	for t := range f.typeLo {
		q.ColLo[t], q.ColHi[t] = float64(f.typeLo[t]), float64(f.typeHi[t])
	}
	q.Rows = append([]solver.Row(nil), pr.prob.Rows...)
	for g := range f.featLo {
		q.Rows[featRow(g)].Lo, q.Rows[featRow(g)].Hi = float64(f.featLo[g]), float64(f.featHi[g])
	}
	for h, full := range f.houseFull {
		if full {
			q.Rows[houseRow(len(f.featLo), h)].Lo = 1
		}
	}
	// Cuts and heuristics off: measured on uk_500_50, 18 ms per call
	// instead of 43 ms, same optima (the face's integer programs are
	// small and their LP bounds tight).
	return &pricer{in: pr.in, ts: pr.ts, prob: q, parent: pr, gap: faceGap,
		params: map[string]string{"cuts": "off", "heur": "off"}}
}

// errNoPanel is returned by best when no panel meets the quotas.
var errNoPanel = apperr.New(apperr.Invalid, "no panel meets the quotas")

// errPricingStopped is returned by best when its node cap (pricer.nodes)
// stopped the integer program before it found any panel.
var errPricingStopped = errors.New("sortition: the panel integer program found no panel within its node cap")

// best returns the best profiles for weights w (the optimum first, then
// other feasible profiles CBC found), each re-checked against the quotas.
func (pr *pricer) best(ctx context.Context, w []float64) ([]profile, error) {
	return pr.solve(ctx, w, pr.gap)
}

// solve is best with the relative optimality gap given (0: proven optimal).
func (pr *pricer) solve(ctx context.Context, w []float64, gap float64) ([]profile, error) {
	pr.calls++
	if pr.parent != nil {
		pr.parent.calls++
	}
	p := pr.prob
	// Scale the objective so its largest coefficient is 1: the argmax is
	// the same, and CBC's absolute tolerances then mean the same thing in
	// every round (dual values can be tiny).
	scale := 0.0
	for _, x := range w {
		scale = math.Max(scale, math.Abs(x))
	}
	p.Obj = w
	if scale > 0 {
		p.Obj = make([]float64, len(w))
		for t, x := range w {
			p.Obj[t] = x / scale
		}
	}
	sol, err := solver.SolveMIP(ctx, &p, solver.MIPOptions{Gap: gap, Params: pr.params, MaxNodes: pr.nodes})
	if err != nil {
		return nil, err
	}
	switch sol.Status {
	case solver.Optimal:
	case solver.Stopped:
		if pr.nodes <= 0 {
			return nil, fmt.Errorf("sortition: panel integer program ended %v", sol.Status)
		}
		if sol.X == nil {
			return nil, errPricingStopped
		}
	case solver.Infeasible:
		return nil, errNoPanel
	default:
		return nil, fmt.Errorf("sortition: panel integer program ended %v", sol.Status)
	}
	out := make([]profile, 0, 1+len(sol.Pool))
	for i, x := range append([][]float64{sol.X}, sol.Pool...) {
		prof := profileOf(x)
		if err := pr.ts.check(pr.in, prof); err != nil {
			if i == 0 {
				return nil, fmt.Errorf("sortition: the solver returned an infeasible panel: %w", err)
			}
			continue
		}
		out = append(out, prof)
	}
	return out, nil
}

// profileOf rounds an integer program's solution to a profile.
func profileOf(x []float64) profile {
	var p profile
	for t, v := range x {
		if n := int(math.Round(v)); n > 0 {
			p.types = append(p.types, t)
			p.counts = append(p.counts, n)
		}
	}
	return p
}

// value returns Σ w_t·n_t over the profile.
func (p profile) value(w []float64) float64 {
	s := 0.0
	for i, t := range p.types {
		s += w[t] * float64(p.counts[i])
	}
	return s
}
