package solver

import (
	"fmt"
	"math"
)

// Status is the outcome of a solve.
type Status int

// The outcomes of a solve.
const (
	Optimal    Status = iota // proven optimal (within the solver's tolerances)
	Infeasible               // proven infeasible
	Unbounded                // the objective is unbounded
	Stopped                  // a time, node or iteration limit stopped the solver; X may hold a feasible point
	Failed                   // numerical trouble or another solver failure
)

var statusNames = [...]string{"optimal", "infeasible", "unbounded", "stopped", "failed"}

func (s Status) String() string {
	if s < 0 || int(s) >= len(statusNames) {
		return fmt.Sprintf("Status(%d)", int(s))
	}
	return statusNames[s]
}

// Row is one constraint Lo ≤ Σ_j Val[j]·x[Ind[j]] ≤ Hi. Use math.Inf for a
// missing bound; Lo == Hi makes an equality.
type Row struct {
	Lo, Hi float64
	Ind    []int
	Val    []float64
}

// Column is one variable with its objective coefficient, bounds and its
// coefficients in the rows: Val[j] in row Ind[j].
type Column struct {
	Obj    float64
	Lo, Hi float64
	Ind    []int
	Val    []float64
}

// Problem is a linear or mixed-integer program in row form.
type Problem struct {
	Maximize bool
	Obj      []float64 // one per column; its length is the number of columns
	ColLo    []float64 // lower bounds; nil means all 0
	ColHi    []float64 // upper bounds; nil means all +Inf
	Integer  []bool    // nil means all continuous
	Rows     []Row
}

// Solution is the result of a solve.
type Solution struct {
	Status Status
	Obj    float64   // objective value of X
	X      []float64 // best point found; nil when none
	// Pool holds other integer-feasible points CBC found on the way
	// (best first, X excluded); only SolveMIP fills it.
	Pool [][]float64
	// Nodes is the number of branch-and-bound nodes SolveMIP explored.
	Nodes int
}

// MIPOptions tunes SolveMIP. The zero value means: no time or node limit,
// one thread, relative gap 0 (prove optimality).
type MIPOptions struct {
	Seconds float64 // time limit; 0 means none
	// MaxNodes, if positive, stops the branch and bound after that many
	// nodes: unlike Seconds, a limit that gives the same answer on every
	// machine and under any load (CBC runs on one thread). The pure-Go
	// build ignores it.
	MaxNodes int
	Gap      float64 // allowed relative gap between the best point and the bound
	Start    []float64
	// Params are extra CBC parameters by name ("cuts": "off", ...); the
	// pure-Go build ignores them.
	Params map[string]string
}

// validate reports a malformed problem: a programming error of the caller.
func (p *Problem) validate() error {
	n := len(p.Obj)
	if p.ColLo != nil && len(p.ColLo) != n || p.ColHi != nil && len(p.ColHi) != n || p.Integer != nil && len(p.Integer) != n {
		return fmt.Errorf("solver: bound or integer slices do not match %d columns", n)
	}
	for i, r := range p.Rows {
		if len(r.Ind) != len(r.Val) {
			return fmt.Errorf("solver: row %d has %d indices and %d values", i, len(r.Ind), len(r.Val))
		}
		for _, j := range r.Ind {
			if j < 0 || j >= n {
				return fmt.Errorf("solver: row %d refers to column %d of %d", i, j, n)
			}
		}
	}
	return nil
}

// columnMajor converts the rows of p to compressed column storage.
func (p *Problem) columnMajor() (start []int, index []int, value []float64) {
	n := len(p.Obj)
	count := make([]int, n+1)
	for _, r := range p.Rows {
		for _, j := range r.Ind {
			count[j+1]++
		}
	}
	for j := 0; j < n; j++ {
		count[j+1] += count[j]
	}
	start = append([]int(nil), count...)
	index = make([]int, count[n])
	value = make([]float64, count[n])
	pos := count[:n]
	for i, r := range p.Rows {
		for k, j := range r.Ind {
			index[pos[j]] = i
			value[pos[j]] = r.Val[k]
			pos[j]++
		}
	}
	return start, index, value
}

func (p *Problem) bounds() (lo, hi []float64) {
	n := len(p.Obj)
	lo, hi = p.ColLo, p.ColHi
	if lo == nil {
		lo = make([]float64, n)
	}
	if hi == nil {
		hi = make([]float64, n)
		for j := range hi {
			hi[j] = math.Inf(1)
		}
	}
	return lo, hi
}
