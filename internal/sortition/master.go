package sortition

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/folkmoot/folkmoot/internal/solver"
)

// Tolerances of the column generation.
const (
	// priceTol: a panel is added when its reduced cost exceeds this. The
	// optimum of a stage is then within priceTol of the restricted one.
	priceTol = 1e-8
	// slackOn: in the "who can rise" LP a type whose slack s_t exceeds
	// slackOn can be above z* (by at least slackOn/tauMax); the others are
	// fixed at z*. In exact arithmetic s_t is 0 or 1 at the optimum.
	slackOn = 1e-4
	// tauMax bounds the homogenising scale τ, keeping the LP's numbers
	// moderate; a type that could rise by less than slackOn/tauMax is fixed, an
	// error far below the 1e-4 the reference profiles are given to.
	tauMax = 1e2
	// fixShade lowers z* when it becomes a floor, so that the floors stay
	// feasible despite the LP's rounding (its feasibility tolerance is
	// 1e-9 per row; the homogenised LP multiplies violations by τ). The
	// final polish LP gives the shading back.
	fixShade = 2e-9
	// smoothing is the weight of the stabilisation centre in Wentges dual
	// smoothing: the pricing step uses smoothing·centre + (1−smoothing)·duals,
	// which damps the oscillation of LP duals that makes plain column
	// generation tail off.
	smoothing = 0.7
	// gapTol stops a raise stage when the Lagrangian bound is this close
	// to the restricted master's value.
	gapTol = 1e-8
	// exactEvery: in a raise stage, every exactEvery-th round prices with
	// the integer program even if the heuristic would find panels, so that
	// the Lagrangian bound (and the smoothing centre) keeps improving.
	exactEvery = 6
	// useGapStop enables stopping a raise stage on the Lagrangian bound.
	// Off: on uk_500_50 it let stages stop early enough for the fixing
	// rule to find no tight type (see Stats.Guards).
	useGapStop = false
	// purgeAt: the master holds at most max(purgeAt, 4·types) panels;
	// beyond, unused panels are deleted (see purge).
	purgeAt = 800
	// targetTol: in target mode the master stops once every type is
	// within targetTol of its target probability.
	targetTol = 1e-7
	// faceGap: in target mode the pricing integer program may stop within
	// this relative gap (any improving panel will do; no proof is needed
	// unless it finds none, and then it is re-solved exactly).
	faceGap = 1e-2
)

// master is the restricted master LP of the LEXIMIN / MAXIMIN column
// generation, over panel profiles. Columns: z (the common minimum), τ (a
// homogenising scale), one slack s_t per type, then one λ_P per profile.
// Rows: one per type t, Σ_P λ_P·n_{P,t}/c_t − [z or p̄_t·τ] − s_t ≥ 0, and
// the convexity row Σ_P λ_P − τ = 0.
//
// Two modes share it:
//   - raise (max z, τ = 1, s = 0): the LEXIMIN stage LP of the paper,
//     primal form: max z s.t. π_t ≥ z for unfixed t, π_t ≥ p̄_t for fixed t.
//   - rise (max Σ s_t, z = 0, τ ≥ 1, 0 ≤ s_t ≤ 1, unfixed rows use z*·τ):
//     the homogenised LP whose optimum has s_t = 1 exactly for the types that
//     can be above z* in some optimal distribution and s_t = 0 for the types
//     that are at z* in every one. This replaces the paper's barrier-based
//     fixing rule (y_i > EPS at an interior dual point) by an exact test that
//     any simplex vertex answers.
type master struct {
	rx       *relaxation // the relaxation's LEXIMIN, when computed: its proofs bound every stage
	in       *Instance
	ts       *typeSet
	pr       *pricer
	lp       *solver.LP
	profiles []profile
	seen     map[string]bool
	T        int
	fixed    []bool
	pbar     []float64
	stats    *Stats
	progress func(Progress)
	phase    string
	swap     *swapSearch
	relaxed  int
	raising  bool
	riser    []bool // in the rise LP: types known to be able to rise
	// target, in target mode, is the profile the master tries to reach:
	// its rows are π_t − z ≥ target_t and it stops once z ≥ −targetTol
	// (z ≤ 0 always holds when target sums to K over people).
	target     []float64
	face       *face // in target mode: panels are priced on this face only
	facePricer *pricer
	faceSwap   *swapSearch
	onFace     []bool    // parallel to profiles: on face (target mode only)
	deadline   time.Time // zero: none; then solve returns errTimeLimit
}

const (
	colZ   = 0
	colTau = 1
	colS0  = 2
)

func newMaster(in *Instance, ts *typeSet, pr *pricer, initial []profile, stats *Stats, progress func(Progress)) (*master, error) {
	T := ts.n()
	inf := math.Inf(1)
	nc := colS0 + T
	p := &solver.Problem{
		Maximize: true,
		Obj:      make([]float64, nc),
		ColLo:    make([]float64, nc),
		ColHi:    make([]float64, nc),
	}
	p.Obj[colZ] = 1
	p.ColHi[colZ] = inf
	p.ColLo[colTau], p.ColHi[colTau] = 1, 1
	for t := 0; t <= T; t++ {
		r := solver.Row{Lo: 0, Hi: inf}
		if t == T {
			r = solver.Row{Lo: 0, Hi: 0, Ind: []int{colTau}, Val: []float64{-1}}
		} else {
			r.Ind = []int{colZ, colS0 + t}
			r.Val = []float64{-1, -1}
		}
		p.Rows = append(p.Rows, r)
	}
	lp, err := solver.NewLP(p)
	if err != nil {
		return nil, err
	}
	m := &master{in: in, ts: ts, pr: pr, lp: lp, seen: map[string]bool{}, T: T,
		fixed: make([]bool, T), pbar: make([]float64, T), stats: stats, progress: progress}
	if _, err := m.add(initial); err != nil {
		lp.Close()
		return nil, err
	}
	return m, nil
}

func (m *master) close() { m.lp.Close() }

// add appends the profiles not yet in the master; it returns how many.
// Every profile is re-checked against the quotas first.
func (m *master) add(ps []profile) (int, error) {
	var cols []solver.Column
	for _, p := range ps {
		k := p.key()
		if m.seen[k] {
			continue
		}
		if err := m.ts.check(m.in, p); err != nil {
			return 0, fmt.Errorf("sortition: a generated panel fails its re-check: %w", err)
		}
		m.seen[k] = true
		m.profiles = append(m.profiles, p)
		m.onFace = append(m.onFace, m.face != nil && m.face.holds(m.ts, p))
		c := solver.Column{Lo: 0, Hi: math.Inf(1)}
		for j, t := range p.types {
			c.Ind = append(c.Ind, t)
			c.Val = append(c.Val, float64(p.counts[j])/float64(m.ts.count(t)))
		}
		c.Ind = append(c.Ind, m.T)
		c.Val = append(c.Val, 1)
		cols = append(cols, c)
	}
	m.lp.AddColumns(cols)
	m.stats.Columns += len(cols)
	return len(cols), nil
}

// fix sets type t's probability floor to v (its row becomes
// π_t − v·τ ≥ 0 and z no longer appears in it).
func (m *master) fix(t int, v float64) {
	m.fixed[t] = true
	m.pbar[t] = v
	m.lp.SetCoef(t, colZ, 0)
	m.lp.SetCoef(t, colTau, -v)
	m.lp.SetColBounds(colS0+t, 0, 0)
}

// relaxFloors lowers every positive floor by 1e-9 after the LP found the
// floors infeasible through rounding (the paper's code lowers them by
// 1e-4). It returns false once it has done so 50 times.
func (m *master) relaxFloors() bool {
	if m.relaxed >= 50 {
		return false
	}
	m.relaxed++
	for t := 0; t < m.T; t++ {
		if m.fixed[t] && m.pbar[t] > 0 {
			m.fix(t, math.Max(0, m.pbar[t]-1e-9))
		}
	}
	return true
}

// polish solves, over the panels found, max z s.t. π_t ≥ p̄_t + z for
// every type, once all types are fixed: it hands back the shading of the
// floors (z comes out about fixShade) and returns that distribution. If
// the LP fails it returns nil, and the caller keeps its distribution.
func (m *master) polish(ctx context.Context) *Distribution {
	m.raising = false
	obj := make([]float64, m.lp.Cols())
	obj[colZ] = 1
	m.lp.SetObjective(obj)
	m.lp.SetColBounds(colZ, math.Inf(-1), math.Inf(1))
	m.lp.SetColBounds(colTau, 1, 1)
	for t := 0; t < m.T; t++ {
		m.lp.SetColBounds(colS0+t, 0, 0)
		m.lp.SetCoef(t, colZ, -1)
		m.lp.SetCoef(t, colTau, -m.pbar[t])
	}
	st, err := m.lp.SolveFresh(ctx)
	if err != nil || st != solver.Optimal || m.lp.Objective() < -fixShade {
		return nil
	}
	return m.distribution()
}

// setRaise switches to the "raise the minimum" LP.
func (m *master) setRaise() {
	m.raising = true
	m.target, m.face = nil, nil
	obj := make([]float64, m.lp.Cols())
	obj[colZ] = 1
	m.lp.SetObjective(obj)
	m.lp.SetColBounds(colZ, 0, math.Inf(1))
	m.lp.SetColBounds(colTau, 1, 1)
	for t := 0; t < m.T; t++ {
		m.lp.SetColBounds(colS0+t, 0, 0)
		if !m.fixed[t] {
			m.lp.SetCoef(t, colZ, -1)
			m.lp.SetCoef(t, colTau, 0)
		}
	}
}

// setTarget switches to "reach the profile p": max z s.t. π_t ≥ p_t + z
// for every unfixed type (z may be negative; z ≤ 0 when p sums to K).
func (m *master) setTarget(ctx context.Context, p []float64, f *face) error {
	m.setRaise()
	m.target, m.face = p, f
	if f != nil {
		m.facePricer = m.pr.onFace(f)
		if m.swap == nil {
			m.swap = newSwapSearch(m.in, m.ts)
		}
		m.faceSwap = m.swap.onFace(f)
		for i, q := range m.profiles {
			m.onFace[i] = f.holds(m.ts, q)
		}
		if !slices.Contains(m.onFace, true) {
			ps, err := m.facePricer.best(ctx, make([]float64, m.T))
			if err != nil {
				return err
			}
			if _, err := m.add(ps); err != nil {
				return err
			}
		}
	}
	m.lp.SetColBounds(colZ, math.Inf(-1), math.Inf(1))
	for t := 0; t < m.T; t++ {
		if !m.fixed[t] {
			m.lp.SetCoef(t, colTau, -p[t])
		}
	}
	return nil
}

// shortfall returns, in target mode, how far the master's point is below
// the target for the worst type.
func (m *master) shortfall() float64 { return -m.lp.Objective() }

// setRise switches to the "who can rise above z*" LP.
func (m *master) setRise(zstar float64) {
	m.raising = false
	m.target, m.face = nil, nil
	m.riser = make([]bool, m.T)
	obj := make([]float64, m.lp.Cols())
	for t := 0; t < m.T; t++ {
		if !m.fixed[t] {
			obj[colS0+t] = 1
			m.lp.SetColBounds(colS0+t, 0, 1)
			m.lp.SetCoef(t, colZ, 0)
			m.lp.SetCoef(t, colTau, -zstar)
		}
	}
	m.lp.SetObjective(obj)
	m.lp.SetColBounds(colZ, 0, 0)
	m.lp.SetColBounds(colTau, 1, tauMax)
}

// solve runs column generation on the current mode until no panel has a
// positive reduced cost (beyond priceTol).
func (m *master) solve(ctx context.Context) error {
	T := m.T
	u, uSep := make([]float64, T), make([]float64, T)
	wLP, wSep := make([]float64, T), make([]float64, T)
	var center []float64 // multipliers with the best (lowest) bound so far
	bestUB := math.Inf(1)
	for round := 0; ; round++ {
		t0 := time.Now()
		st, err := m.lp.Solve(ctx)
		m.stats.LPTime += time.Since(t0)
		if err != nil {
			return err
		}
		m.stats.LPSolves++
		m.stats.LPIterations += m.lp.Iterations()
		if st == solver.Infeasible && m.relaxFloors() {
			continue
		}
		if st != solver.Optimal {
			return fmt.Errorf("sortition: master LP ended %v", st)
		}
		if !m.raising && m.markRisers() {
			continue // re-solve without the types known to rise
		}
		if m.target != nil && m.shortfall() <= targetTol {
			return nil // the target is reached: no proof needed
		}
		if !m.deadline.IsZero() && time.Now().After(m.deadline) {
			return errTimeLimit // the LP's point is a valid distribution
		}
		y := m.lp.Duals()
		mu := y[T]
		zLP := m.lp.Objective()
		smooth := m.raising && center != nil
		for t := 0; t < T; t++ {
			u[t] = math.Max(0, -y[t])
			uSep[t] = u[t]
			if smooth {
				uSep[t] = smoothing*center[t] + (1-smoothing)*u[t]
			}
			c := float64(m.ts.count(t))
			wLP[t], wSep[t] = u[t]/c, uSep[t]/c
		}
		var improving []profile
		exact := m.raising && round%exactEvery == exactEvery-1 // for the bound
		if !exact {
			t0 = time.Now()
			improving = m.heuristic(wSep, wLP, mu)
			m.stats.HeuristicTime += time.Since(t0)
		}
		if len(improving) == 0 {
			for attempt := 0; attempt < 2 && len(improving) == 0; attempt++ {
				w, uu := wSep, uSep
				if attempt == 1 {
					if !smooth {
						break
					}
					w, uu = wLP, u // mis-priced at the smoothed point: price at the LP's own duals
				}
				ps, best, err := m.price(ctx, w, wLP, mu)
				if err != nil {
					return err
				}
				// best is a valid Lagrangian bound only when the pricing
				// was exact; on the target's face (1% gap) it is an
				// estimate, still a good choice of smoothing centre
				// (measured: requiring a proof doubled the rounds on
				// uk_500_50), and target mode needs no bound to stop.
				if m.raising {
					if ub, ok := m.bound(best, uu); ok && ub < bestUB {
						bestUB = ub
						center = append(center[:0], uu...)
					}
				}
				improving = ps
			}
		}
		if m.progress != nil {
			m.progress(Progress{Phase: m.phase, Round: round, Columns: len(m.profiles), Objective: zLP, Bound: bestUB})
		}
		if len(improving) == 0 || (m.raising && useGapStop && bestUB-zLP <= gapTol) {
			return nil
		}
		if added, err := m.add(improving); err != nil || added == 0 {
			return err
		}
		if round%10 == 9 {
			m.purge()
		}
	}
}

// price solves the pricing integer program for weights w (on the target's
// face in target mode) and returns the panels whose reduced cost at the
// LP duals (weights wLP, convexity dual mu) exceeds priceTol, and the
// best value found under w. The face pricer first stops within faceGap;
// when that finds no improving panel it solves again exactly.
func (m *master) price(ctx context.Context, w, wLP []float64, mu float64) ([]profile, float64, error) {
	t0 := time.Now()
	defer func() { m.stats.PricingTime += time.Since(t0) }()
	pr := m.pr
	if m.face != nil {
		pr = m.facePricer
	}
	gap := pr.gap
	for {
		ps, err := pr.solve(ctx, w, gap)
		if err != nil {
			return nil, 0, err
		}
		var improving []profile
		for _, p := range ps {
			if p.value(wLP)-mu > priceTol {
				improving = append(improving, p)
			}
		}
		if len(improving) > 0 || gap == 0 {
			return improving, ps[0].value(w), nil
		}
		gap = 0 // the quick solve found nothing: prove it
	}
}

// markRisers records, in the rise LP, the types whose slack is already
// positive: they can be above z* in some optimal distribution, and since
// the set of optimal distributions is convex, all such types can be above
// z* at once. So their slack can leave the objective (its column is fixed
// at 0; the row keeps π_t ≥ z*·τ), which leaves the LP and the pricing to
// the undecided types. It reports whether it marked any.
func (m *master) markRisers() bool {
	x := m.lp.X()
	marked := false
	for t := 0; t < m.T; t++ {
		if !m.fixed[t] && !m.riser[t] && x[colS0+t] > slackOn {
			m.riser[t] = true
			m.lp.SetColBounds(colS0+t, 0, 0)
			marked = true
		}
	}
	return marked
}

// purge keeps the master small: when it holds more than purgeAt panels,
// it deletes the unused ones (value 0) with the most negative reduced
// costs, keeping purgeKeep panels. A deleted panel may be generated again.
func (m *master) purge() {
	n := len(m.profiles)
	limit := max(purgeAt, 2*m.T)
	if n <= limit {
		return
	}
	x := m.lp.X()
	rc := m.lp.ReducedCosts()
	type cand struct {
		i  int
		rc float64
	}
	var cands []cand
	for i := 0; i < n; i++ {
		j := colS0 + m.T + i
		if x[j] <= 1e-12 {
			cands = append(cands, cand{i, rc[j]})
		}
	}
	sort.Slice(cands, func(a, b int) bool { return cands[a].rc < cands[b].rc })
	drop := n - limit*3/4
	if drop > len(cands) {
		drop = len(cands)
	}
	del := make([]bool, n)
	which := make([]int, 0, drop)
	for _, c := range cands[:drop] {
		del[c.i] = true
		which = append(which, colS0+m.T+c.i)
		delete(m.seen, m.profiles[c.i].key())
	}
	sort.Ints(which)
	m.lp.DeleteColumns(which)
	kept, keptOn := m.profiles[:0], m.onFace[:0]
	for i, p := range m.profiles {
		if !del[i] {
			kept = append(kept, p)
			keptOn = append(keptOn, m.onFace[i])
		}
	}
	m.profiles, m.onFace = kept, keptOn
	m.stats.Purged += len(which)
}

// bound returns the Lagrangian upper bound on the raise LP's optimum given
// by multipliers u (one per type row) when the best panel under u has
// value best: max_P Σ_t u_t·a_tP − Σ_{fixed t} u_t·p̄_t, valid when the
// multipliers of the unfixed rows sum to at least 1.
func (m *master) bound(best float64, u []float64) (float64, bool) {
	sumU, fixedPart := 0.0, 0.0
	for t := 0; t < m.T; t++ {
		if m.fixed[t] {
			fixedPart += u[t] * m.pbar[t]
		} else {
			sumU += u[t]
			if m.target != nil {
				fixedPart += u[t] * m.target[t]
			}
		}
	}
	if sumU < 1-1e-9 {
		return 0, false
	}
	return best - fixedPart, true
}

// heuristicStarts is how many of the best existing panels the swap search
// starts from in one pricing round; heuristicExtra is how many further
// panels one round may add after re-weighting (see heuristic).
const (
	heuristicStarts = 4
	heuristicExtra  = 6
	maxNewColumns   = 10 // per round, the best by reduced cost
)

// heuristic runs the swap search for weights w from the best existing
// panels and returns distinct new panels whose reduced cost at the LP
// duals (weights wLP, convexity dual mu) exceeds priceTol. After each panel
// found it scales down the weights of that panel's types until the panel
// is just priced out (as the Sortition Foundation's maximin heuristic does)
// and searches again, so that one LP solve yields several columns.
func (m *master) heuristic(w, wLP []float64, mu float64) []profile {
	if m.swap == nil {
		m.swap = newSwapSearch(m.in, m.ts)
	}
	swap := m.swap
	if m.face != nil {
		swap = m.faceSwap
	}
	w = append([]float64(nil), w...)
	var out []profile
	keys := map[string]bool{}
	// the starting panels: the best existing ones under w, chosen once
	idx := make([]int, len(m.profiles))
	val := make([]float64, len(m.profiles))
	for i, p := range m.profiles {
		idx[i], val[i] = i, p.value(w)
		if m.face != nil && !m.onFace[i] {
			val[i] = math.Inf(-1)
		}
	}
	sort.Slice(idx, func(a, b int) bool { return val[idx[a]] > val[idx[b]] })
	for len(idx) > 0 && math.IsInf(val[idx[len(idx)-1]], -1) {
		idx = idx[:len(idx)-1]
	}
	idx = idx[:min(heuristicStarts, len(idx))]
	for extra := 0; extra < heuristicExtra; extra++ {
		var best profile
		bestV := math.Inf(-1)
		for _, i := range idx {
			p := swap.improve(m.profiles[i], w, 1e-12)
			k := p.key()
			if m.seen[k] || keys[k] {
				continue
			}
			if v := p.value(w); v > bestV {
				best, bestV = p, v
			}
			if p.value(wLP)-mu > priceTol {
				keys[k] = true
				out = append(out, p)
			}
		}
		if bestV <= mu || bestV <= 0 {
			break
		}
		if len(out) >= 3*maxNewColumns {
			break
		}
		// price the best panel out and look again
		sum0, sum1 := 0.0, 0.0
		for t := range w {
			sum0 += w[t] * float64(m.ts.count(t))
		}
		f := mu / bestV
		for _, t := range best.types {
			w[t] *= f
		}
		for t := range w {
			sum1 += w[t] * float64(m.ts.count(t))
		}
		for t := range w {
			w[t] *= sum0 / sum1
		}
	}
	if len(out) > maxNewColumns {
		sort.SliceStable(out, func(a, b int) bool { return out[a].value(wLP) > out[b].value(wLP) })
		out = out[:maxNewColumns]
	}
	return out
}

// distribution returns the master's current point as a distribution
// (λ/τ, so the rise mode's homogenised point is scaled back).
func (m *master) distribution() *Distribution {
	x := m.lp.X()
	tau := x[colTau]
	lam := make([]float64, len(m.profiles))
	for i := range lam {
		lam[i] = math.Max(0, x[colS0+m.T+i]/tau)
	}
	return newDistribution(m.in, m.ts, m.profiles, lam)
}
