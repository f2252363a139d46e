//go:build coin

package solver

/*
#cgo pkg-config: cbc clp
#include <stdlib.h>
#include <float.h>
#include <coin/Cbc_C_Interface.h>
#include <coin/Clp_C_Interface.h>
*/
import "C"

import (
	"context"
	"math"
	"sort"
	"strconv"
	"sync"
	"unsafe"
)

// Available reports whether the COIN-OR solvers are linked in.
const Available = true

func cDouble(v float64) C.double {
	switch {
	case math.IsInf(v, 1):
		return C.double(C.DBL_MAX)
	case math.IsInf(v, -1):
		return -C.double(C.DBL_MAX)
	}
	return C.double(v)
}

func cDoubles(v []float64) []C.double {
	out := make([]C.double, len(v))
	for i, x := range v {
		out[i] = cDouble(x)
	}
	return out
}

func cInts(v []int) []C.int {
	out := make([]C.int, len(v))
	for i, x := range v {
		out[i] = C.int(x)
	}
	return out
}

func ptrD(v []C.double) *C.double {
	if len(v) == 0 {
		return nil
	}
	return &v[0]
}

func ptrI(v []C.int) *C.int {
	if len(v) == 0 {
		return nil
	}
	return &v[0]
}

func goDoubles(p *C.double, n int) []float64 {
	if p == nil || n == 0 {
		return nil
	}
	s := unsafe.Slice(p, n)
	out := make([]float64, n)
	for i, x := range s {
		out[i] = float64(x)
	}
	return out
}

// matrix returns p's constraint matrix in the column form COIN-OR loads.
func matrix(p *Problem) (start []C.CoinBigIndex, index []C.int, value []C.double, rowLo, rowHi []C.double) {
	st, ix, val := p.columnMajor()
	start = make([]C.CoinBigIndex, len(st))
	for i, s := range st {
		start[i] = C.CoinBigIndex(s)
	}
	index, value = cInts(ix), cDoubles(val)
	rowLo = make([]C.double, len(p.Rows))
	rowHi = make([]C.double, len(p.Rows))
	for i, r := range p.Rows {
		rowLo[i], rowHi[i] = cDouble(r.Lo), cDouble(r.Hi)
	}
	if len(index) == 0 { // COIN-OR reads index[0] even for an empty matrix
		index, value = make([]C.int, 1), make([]C.double, 1)
	}
	return
}

// cbcMu serialises CBC: the Debian build of CBC 2.10 is not made with
// CBC_THREAD_SAFE, and its solver driver (CbcMain0/CbcMain1, under
// Cbc_newModel and Cbc_solve) keeps state in globals, so two solves at
// once in one process can corrupt each other (coin-or/Cbc issue 332). A
// server runs a selection job and a meeting allocation at the same time,
// and tests run packages' solves in parallel; one solve at a time costs
// little on the machines Folkmoot runs on and removes the risk.
var cbcMu sync.Mutex

// SolveMIP solves p with CBC. It may be called from several goroutines:
// the solves take turns (cbcMu). ctx is checked before the solve only; use
// o.Seconds to bound a solve's time, o.MaxNodes to bound its work.
func SolveMIP(ctx context.Context, p *Problem, o MIPOptions) (*Solution, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	cbcMu.Lock()
	defer cbcMu.Unlock()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	n := len(p.Obj)
	m := C.Cbc_newModel()
	defer C.Cbc_deleteModel(m)
	start, index, value, rowLo, rowHi := matrix(p)
	lo, hi := p.bounds()
	clo, chi, obj := cDoubles(lo), cDoubles(hi), cDoubles(p.Obj)
	C.Cbc_loadProblem(m, C.int(n), C.int(len(p.Rows)), &start[0], ptrI(index), ptrD(value),
		ptrD(clo), ptrD(chi), ptrD(obj), ptrD(rowLo), ptrD(rowHi))
	if p.Maximize {
		C.Cbc_setObjSense(m, -1)
	}
	for j, isInt := range p.Integer {
		if isInt {
			C.Cbc_setInteger(m, C.int(j))
		}
	}
	setParam(m, "log", "0")
	setParam(m, "slog", "0")
	C.Cbc_setLogLevel(m, 0)
	C.Cbc_setAllowableFractionGap(m, C.double(o.Gap))
	C.Cbc_setAllowableGap(m, 1e-9)
	keys := make([]string, 0, len(o.Params))
	for k := range o.Params {
		keys = append(keys, k)
	}
	sort.Strings(keys) // the same order on every run
	for _, k := range keys {
		setParam(m, k, o.Params[k])
	}
	if o.Seconds > 0 {
		C.Cbc_setMaximumSeconds(m, C.double(o.Seconds))
	}
	if o.MaxNodes > 0 {
		C.Cbc_setMaximumNodes(m, C.int(o.MaxNodes))
	}
	if len(o.Start) == n {
		idx := make([]C.int, n)
		for j := range idx {
			idx[j] = C.int(j)
		}
		vals := cDoubles(o.Start)
		C.Cbc_setMIPStartI(m, C.int(n), &idx[0], &vals[0])
	}
	C.Cbc_solve(m)
	sol := &Solution{Nodes: int(C.Cbc_getNodeCount(m))}
	switch {
	case C.Cbc_isProvenOptimal(m) != 0:
		sol.Status = Optimal
	case C.Cbc_isProvenInfeasible(m) != 0:
		sol.Status = Infeasible
	case C.Cbc_isContinuousUnbounded(m) != 0:
		sol.Status = Unbounded
	case C.Cbc_isAbandoned(m) != 0:
		sol.Status = Failed
	default:
		sol.Status = Stopped
	}
	if best := C.Cbc_bestSolution(m); best != nil {
		sol.X = goDoubles(best, n)
		sol.Obj = float64(C.Cbc_getObjValue(m))
		for s := 1; s < int(C.Cbc_numberSavedSolutions(m)); s++ {
			sol.Pool = append(sol.Pool, goDoubles(C.Cbc_savedSolution(m, C.int(s)), n))
		}
	} else if sol.Status == Optimal {
		sol.Status = Failed
	}
	return sol, nil
}

func setParam(m unsafe.Pointer, name, value string) {
	cn, cv := C.CString(name), C.CString(value)
	C.Cbc_setParameter(m, cn, cv)
	C.free(unsafe.Pointer(cn))
	C.free(unsafe.Pointer(cv))
}

// LP is a linear program held by CLP between solves, so that a re-solve
// after AddColumns or a bound change starts from the previous basis (primal
// simplex, as column generation wants). An LP is not safe for concurrent use.
// Close frees it.
type LP struct {
	m    unsafe.Pointer
	rows int
	cols int
	max  bool
}

// NewLP loads p (its Integer field is ignored) into CLP.
func NewLP(p *Problem) (*LP, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	m := C.Clp_newModel()
	C.Clp_setLogLevel(m, 0)
	C.Clp_setPrimalTolerance(m, 1e-9)
	C.Clp_setDualTolerance(m, 1e-9)
	start, index, value, rowLo, rowHi := matrix(p)
	lo, hi := p.bounds()
	clo, chi, obj := cDoubles(lo), cDoubles(hi), cDoubles(p.Obj)
	C.Clp_loadProblem(m, C.int(len(p.Obj)), C.int(len(p.Rows)), &start[0], ptrI(index), ptrD(value),
		ptrD(clo), ptrD(chi), ptrD(obj), ptrD(rowLo), ptrD(rowHi))
	l := &LP{m: m, rows: len(p.Rows), cols: len(p.Obj), max: p.Maximize}
	if p.Maximize {
		C.Clp_setOptimizationDirection(m, -1)
	}
	return l, nil
}

// Close frees the solver's memory; the LP must not be used afterwards.
func (l *LP) Close() {
	if l.m != nil {
		C.Clp_deleteModel(l.m)
		l.m = nil
	}
}

// Rows and Cols return the problem's size.
func (l *LP) Rows() int { return l.rows }

// Cols returns the number of columns.
func (l *LP) Cols() int { return l.cols }

// AddColumns appends columns; their indices continue from Cols().
func (l *LP) AddColumns(cols []Column) {
	if len(cols) == 0 {
		return
	}
	lo, hi, obj := make([]C.double, len(cols)), make([]C.double, len(cols)), make([]C.double, len(cols))
	start := make([]C.CoinBigIndex, len(cols)+1)
	var index []C.int
	var value []C.double
	for i, c := range cols {
		lo[i], hi[i], obj[i] = cDouble(c.Lo), cDouble(c.Hi), cDouble(c.Obj)
		for k, r := range c.Ind {
			if r < 0 || r >= l.rows {
				panic("solver: column refers to row " + strconv.Itoa(r))
			}
			index = append(index, C.int(r))
			value = append(value, C.double(c.Val[k]))
		}
		start[i+1] = C.CoinBigIndex(len(index))
	}
	if len(index) == 0 {
		index, value = make([]C.int, 1), make([]C.double, 1)
	}
	C.Clp_addColumns(l.m, C.int(len(cols)), &lo[0], &hi[0], &obj[0], &start[0], &index[0], &value[0])
	l.cols += len(cols)
}

// DeleteColumns removes the columns with the given indices; the remaining
// columns keep their order (and are renumbered from 0).
func (l *LP) DeleteColumns(which []int) {
	if len(which) == 0 {
		return
	}
	w := cInts(which)
	C.Clp_deleteColumns(l.m, C.int(len(w)), &w[0])
	l.cols -= len(which)
}

// ReducedCosts returns the reduced cost of every column after a solve, in
// the problem's own sense (for a maximisation, ≤ 0 at optimality for a
// column at its lower bound).
func (l *LP) ReducedCosts() []float64 { return goDoubles(C.Clp_dualColumnSolution(l.m), l.cols) }

// SetObjective replaces the objective coefficients (one per column).
func (l *LP) SetObjective(obj []float64) {
	if len(obj) != l.cols {
		panic("solver: objective length does not match columns")
	}
	c := cDoubles(obj)
	C.Clp_chgObjCoefficients(l.m, &c[0])
}

// SetRowBounds changes the bounds of row i.
func (l *LP) SetRowBounds(i int, lo, hi float64) {
	unsafe.Slice(C.Clp_rowLower(l.m), l.rows)[i] = cDouble(lo)
	unsafe.Slice(C.Clp_rowUpper(l.m), l.rows)[i] = cDouble(hi)
}

// SetColBounds changes the bounds of column j.
func (l *LP) SetColBounds(j int, lo, hi float64) {
	unsafe.Slice(C.Clp_columnLower(l.m), l.cols)[j] = cDouble(lo)
	unsafe.Slice(C.Clp_columnUpper(l.m), l.cols)[j] = cDouble(hi)
}

// SetCoef sets the matrix entry in row i, column j.
func (l *LP) SetCoef(i, j int, v float64) {
	C.Clp_modifyCoefficient(l.m, C.int(i), C.int(j), C.double(v), C.bool(true))
}

// Solve re-optimises from the current basis with the primal simplex method
// (the first call starts from scratch). It returns the status.
func (l *LP) Solve(ctx context.Context) (Status, error) {
	if err := ctx.Err(); err != nil {
		return Failed, err
	}
	C.Clp_primal(l.m, 0)
	return l.status(), nil
}

// SolveBarrier solves from scratch with CLP's interior-point method. Without
// crossover the point (and its duals) is interior to the optimal face,
// which makes column generation converge in far fewer rounds; with
// crossover it ends at a vertex.
func (l *LP) SolveBarrier(ctx context.Context, crossover bool) (Status, error) {
	if err := ctx.Err(); err != nil {
		return Failed, err
	}
	if crossover {
		C.Clp_initialBarrierSolve(l.m)
	} else {
		C.Clp_initialBarrierNoCrossSolve(l.m)
	}
	return l.status(), nil
}

// SolveFresh solves ignoring the previous basis (CLP's default strategy,
// with presolve).
func (l *LP) SolveFresh(ctx context.Context) (Status, error) {
	if err := ctx.Err(); err != nil {
		return Failed, err
	}
	C.Clp_initialSolve(l.m)
	return l.status(), nil
}

// SolveDual re-optimises with the dual simplex method, the better choice
// after bound changes that keep the basis dual feasible.
func (l *LP) SolveDual(ctx context.Context) (Status, error) {
	if err := ctx.Err(); err != nil {
		return Failed, err
	}
	C.Clp_dual(l.m, 0)
	return l.status(), nil
}

func (l *LP) status() Status {
	switch C.Clp_status(l.m) {
	case 0:
		return Optimal
	case 1:
		return Infeasible
	case 2:
		return Unbounded
	case 3:
		return Stopped
	}
	return Failed
}

// Objective returns the objective value of the last solve.
func (l *LP) Objective() float64 { return float64(C.Clp_objectiveValue(l.m)) }

// X returns the primal values of the columns.
func (l *LP) X() []float64 { return goDoubles(C.Clp_primalColumnSolution(l.m), l.cols) }

// Duals returns one dual value per row: the rate at which the optimal
// objective (in the problem's own sense, maximised or minimised) changes per
// unit increase of the row's active bound.
func (l *LP) Duals() []float64 { return goDoubles(C.Clp_dualRowSolution(l.m), l.rows) }

// Iterations returns the simplex iterations of the last solve.
func (l *LP) Iterations() int { return int(C.Clp_numberIterations(l.m)) }
