package sortition

import (
	"context"
	"fmt"
	"math"

	"github.com/folkmoot/folkmoot/internal/solver"
)

// relaxation is the LEXIMIN point of the LP relaxation.
type relaxation struct {
	floors []float64 // per type: its LEXIMIN probability, the level of the stage that fixed it
	counts []float64 // per type: expected members at the LP's final point (≥ floors·n_t), projected exactly onto face
	face   *face     // the smallest face of the relaxation holding counts
	stages int
	proofs []stageCert // one per stage: the types it fixes and its dual proof
	zero   bool        // some types were held at 0 without an LP proof
}

// relaxedLeximin computes the LEXIMIN point of the LP relaxation of the
// panel polytope (fractional panels, a compact LP over expected type
// counts): an upper bound on the integer LEXIMIN, and in practice often
// equal to it.
//
// The types in zero (on no feasible panel) are held at 0. progress, if
// not nil, hears of every stage.
func relaxedLeximin(ctx context.Context, in *Instance, ts *typeSet, zero []int, progress func(Progress)) (*relaxation, error) {
	T := ts.n()
	fi := in.features()
	inf := math.Inf(1)
	// columns: c_t (expected members of type t), then z. The quota, size
	// and household rows are the panel integer program's (panelProblem),
	// read as constraints on expected counts.
	cz := T
	nc := T + 1
	panel := panelProblem(in, ts)
	fixed := make([]bool, T)
	pbar := make([]float64, T)
	isZero := make([]bool, T)
	for _, t := range zero {
		isZero[t] = true
	}
	// build states the LP afresh for the current floors: rows 0..T-1 are
	// c_t − n_t·z ≥ 0, or c_t ≥ n_t·p̄_t once t is fixed.
	build := func() (*solver.LP, error) {
		p := &solver.Problem{Maximize: true, Obj: make([]float64, nc), ColLo: make([]float64, nc), ColHi: make([]float64, nc)}
		for t := 0; t < T; t++ {
			if !isZero[t] {
				p.ColHi[t] = float64(ts.count(t))
			}
		}
		p.ColHi[cz] = 1
		for t := 0; t < T; t++ {
			n := float64(ts.count(t))
			if fixed[t] {
				p.Rows = append(p.Rows, solver.Row{Lo: n * pbar[t], Hi: inf, Ind: []int{t}, Val: []float64{1}})
			} else {
				p.Rows = append(p.Rows, solver.Row{Lo: 0, Hi: inf, Ind: []int{t, cz}, Val: []float64{1, -n}})
			}
		}
		p.Rows = append(p.Rows, panel.Rows...)
		return solver.NewLP(p)
	}
	lp, err := build()
	if err != nil {
		return nil, err
	}
	defer func() { lp.Close() }()
	fix := func(t int, v float64) {
		fixed[t], pbar[t] = true, v
		lp.SetCoef(t, cz, 0)
		lp.SetRowBounds(t, float64(ts.count(t))*v, inf)
	}
	// solve re-optimises for objective obj with z in [zlo, zhi]; if the
	// warm start ends anywhere but optimal (CLP, after many coefficient
	// changes, can call a feasible LP infeasible), it rebuilds the LP and
	// solves it from scratch.
	solve := func(obj []float64, zlo, zhi float64) (solver.Status, error) {
		lp.SetObjective(obj)
		lp.SetColBounds(cz, zlo, zhi)
		st, err := lp.Solve(ctx)
		if err != nil || st == solver.Optimal {
			return st, err
		}
		lp.Close()
		if lp, err = build(); err != nil {
			return solver.Failed, err
		}
		lp.SetObjective(obj)
		lp.SetColBounds(cz, zlo, zhi)
		return lp.SolveFresh(ctx)
	}
	// lower lowers every positive floor by d: the floors, each the
	// rounded value of a proven bound, may not quite fit together
	lower := func(d float64) {
		for t := 0; t < T; t++ {
			if fixed[t] && pbar[t] > 0 {
				fix(t, math.Max(0, pbar[t]-d))
			}
		}
	}
	nfixed, stages := 0, 0
	var proofs []stageCert
	lev := make([]float64, T) // per fixed type: its stage's proven level (pbar may be lowered below it)
	for _, t := range zero {
		fix(t, 0)
		nfixed++
	}
	for nfixed < T {
		stages++
		if progress != nil {
			progress(Progress{Phase: "relaxation", Round: stages, Fixed: nfixed})
		}
		// raise: max z
		obj := make([]float64, nc)
		obj[cz] = 1
		st, err := solve(obj, 0, 1)
		for d := 1e-9; st == solver.Infeasible && d < 1e-5; d *= 4 {
			// the floors, each shaded by rounding, no longer fit together:
			// lower them a little
			lower(d)
			st, err = solve(obj, 0, 1)
		}
		if err != nil || st != solver.Optimal {
			return nil, fmt.Errorf("sortition: relaxed LEXIMIN stage %d: LP ended %v %v", stages, st, err)
		}
		// fix the types that the stage's dual values prove cannot rise
		// above it (see stageProof): no rise test, no shading
		st1, ok := stageProof(in, ts, panel.Rows, fixed, lev, lp.Duals(), lp.Objective())
		if !ok {
			return nil, fmt.Errorf("sortition: relaxed LEXIMIN stage %d: no dual proof", stages)
		}
		for _, t := range st1.types {
			fix(t, st1.level)
			lev[t] = st1.level
			nfixed++
		}
		proofs = append(proofs, st1)
	}
	// the smallest face of the relaxation holding the point: every panel
	// of a mixture that reaches it lies on that face
	x := lp.X()
	f := &face{typeLo: make([]int, T), typeHi: make([]int, T), featLo: make([]int, fi.n), featHi: make([]int, fi.n)}
	for t := 0; t < T; t++ {
		n := ts.count(t)
		f.typeHi[t] = n
		if x[t] >= float64(n)-faceTol {
			f.typeLo[t] = n
		}
		if x[t] <= faceTol {
			f.typeHi[t] = 0
		}
	}
	for r := 0; r < fi.n; r++ {
		_, v := in.value(r)
		f.featLo[r], f.featHi[r] = v.Min, v.Max
		sum := 0.0
		for _, t := range panel.Rows[featRow(r)].Ind {
			sum += x[t]
		}
		if sum <= float64(v.Min)+faceTol {
			f.featHi[r] = v.Min
		}
		if sum >= float64(v.Max)-faceTol {
			f.featLo[r] = v.Max
		}
	}
	f.houseFull = make([]bool, len(ts.households))
	for h, types := range ts.households {
		sum := 0.0
		for _, t := range types {
			sum += x[t]
		}
		f.houseFull[h] = sum >= 1-faceTol
	}
	counts := projectOnFace(ts, panel.Rows, x[:T], f)
	return &relaxation{floors: pbar, counts: counts, face: f, stages: stages, proofs: proofs, zero: len(zero) > 0}, nil
}

// projectOnFace returns the point nearest to c (least squares) that meets
// the equalities of face f exactly, up to rounding: the types fixed at 0
// or at all their people, then the panel size, the pinned quotas and the
// full households (rows of panelProblem, every coefficient 1). The LP
// meets them only to its tolerances (about 1e-9), and the decomposition
// walk, whose remaining mass shrinks geometrically, would otherwise stop
// once that mass is of the same order.
func projectOnFace(ts *typeSet, panel []solver.Row, c []float64, f *face) []float64 {
	T := ts.n()
	x := make([]float64, T)
	free := make([]bool, T)
	for t := range x {
		switch {
		case f.typeHi[t] == 0:
		case f.typeLo[t] == ts.count(t):
			x[t] = float64(ts.count(t))
		default:
			x[t] = math.Min(math.Max(c[t], 0), float64(ts.count(t)))
			free[t] = true
		}
	}
	// the equality rows, reduced to their free types
	var rows [][]int
	var rhs []float64
	equal := func(r solver.Row, b float64) {
		var ind []int
		for _, t := range r.Ind {
			if free[t] {
				ind = append(ind, t)
			} else {
				b -= x[t]
			}
		}
		rows, rhs = append(rows, ind), append(rhs, b)
	}
	equal(panel[0], panel[0].Lo)
	for g := range f.featLo {
		if f.featLo[g] == f.featHi[g] {
			equal(panel[featRow(g)], float64(f.featLo[g]))
		}
	}
	for h, full := range f.houseFull {
		if full {
			equal(panel[houseRow(len(f.featLo), h)], 1)
		}
	}
	// δ = Aᵀy with (AAᵀ)y = b − Ax, twice to refine; G = AAᵀ counts the
	// free types two rows share
	R := len(rows)
	rowsOf := make([][]int, T)
	for i, row := range rows {
		for _, t := range row {
			rowsOf[t] = append(rowsOf[t], i)
		}
	}
	G := make([][]float64, R)
	for i := range G {
		G[i] = make([]float64, R)
	}
	for _, rs := range rowsOf {
		for _, i := range rs {
			for _, j := range rs {
				G[i][j]++
			}
		}
	}
	e := make([]float64, R)
	for pass := 0; pass < 2; pass++ {
		for i, row := range rows {
			e[i] = rhs[i]
			for _, t := range row {
				e[i] -= x[t]
			}
		}
		y := solveSPD(G, e)
		for i, row := range rows {
			for _, t := range row {
				x[t] += y[i]
			}
		}
	}
	for t := range x {
		if free[t] {
			x[t] = math.Min(math.Max(x[t], 0), float64(ts.count(t)))
		}
	}
	return x
}

// solveSPD solves G·y = e for a symmetric positive semi-definite G by
// Gaussian elimination without row exchanges, setting y_i = 0 for a row
// that depends on the earlier ones (its pivot vanishes; the equalities
// of a face are consistent, so its right-hand side vanishes too).
func solveSPD(G [][]float64, e []float64) []float64 {
	R := len(e)
	a := make([][]float64, R)
	for i := range a {
		a[i] = append(append([]float64(nil), G[i]...), e[i])
	}
	skip := make([]bool, R)
	for k := 0; k < R; k++ {
		if a[k][k] <= 1e-9*math.Max(1, G[k][k]) {
			skip[k] = true
			continue
		}
		for i := k + 1; i < R; i++ {
			if a[i][k] == 0 {
				continue
			}
			q := a[i][k] / a[k][k]
			for j := k; j <= R; j++ {
				a[i][j] -= q * a[k][j]
			}
		}
	}
	y := make([]float64, R)
	for k := R - 1; k >= 0; k-- {
		if skip[k] {
			continue
		}
		s := a[k][R]
		for j := k + 1; j < R; j++ {
			s -= a[k][j] * y[j]
		}
		y[k] = s / a[k][k]
	}
	return y
}

// faceTol: a bound of the relaxation counts as tight at its LEXIMIN point
// when it holds to within faceTol people.
const faceTol = 1e-8

// face restricts panels to a face of the relaxation: type t has between
// typeLo[t] and typeHi[t] members, feature f between featLo[f] and
// featHi[f], and a full household (houseFull[h]) one member.
type face struct {
	typeLo, typeHi []int
	featLo, featHi []int
	houseFull      []bool
}

// holds reports whether profile p lies on the face.
func (f *face) holds(ts *typeSet, p profile) bool {
	n := make(map[int]int, len(p.types))
	feat := make([]int, len(f.featLo))
	for i, t := range p.types {
		n[t] = p.counts[i]
		for _, g := range ts.feats[t] {
			feat[g] += p.counts[i]
		}
	}
	for t := range f.typeLo {
		if n[t] < f.typeLo[t] || n[t] > f.typeHi[t] {
			return false
		}
	}
	for g := range feat {
		if feat[g] < f.featLo[g] || feat[g] > f.featHi[g] {
			return false
		}
	}
	for h, full := range f.houseFull {
		if !full {
			continue
		}
		s := 0
		for _, t := range ts.households[h] {
			s += n[t]
		}
		if s != 1 {
			return false
		}
	}
	return true
}
