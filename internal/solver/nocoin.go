//go:build !coin

package solver

import (
	"context"

	"github.com/folkmoot/folkmoot/internal/apperr"
)

// Available reports whether the COIN-OR solvers are linked in.
const Available = false

var errNoCoin = apperr.New(apperr.Unavailable,
	"this folkmoot was built without the COIN-OR solvers; rebuild with -tags coin (make build does) after installing coinor-libcbc-dev and coinor-libclp-dev")

// SolveMIP reports that no solver is linked in.
func SolveMIP(ctx context.Context, p *Problem, o MIPOptions) (*Solution, error) {
	return nil, errNoCoin
}

// LP is a linear program; without the coin tag it cannot be created.
type LP struct{}

// NewLP reports that no solver is linked in.
func NewLP(p *Problem) (*LP, error) { return nil, errNoCoin }

// Close does nothing.
func (l *LP) Close() {}

// Rows returns 0.
func (l *LP) Rows() int { return 0 }

// Cols returns 0.
func (l *LP) Cols() int { return 0 }

// AddColumns panics: no LP exists without the solver.
func (l *LP) AddColumns(cols []Column) { panic("solver: no LP without the coin build tag") }

// SetObjective panics.
func (l *LP) SetObjective(obj []float64) { panic("solver: no LP without the coin build tag") }

// SetRowBounds panics.
func (l *LP) SetRowBounds(i int, lo, hi float64) { panic("solver: no LP without the coin build tag") }

// SetColBounds panics.
func (l *LP) SetColBounds(j int, lo, hi float64) { panic("solver: no LP without the coin build tag") }

// SetCoef panics.
func (l *LP) SetCoef(i, j int, v float64) { panic("solver: no LP without the coin build tag") }

// Solve reports that no solver is linked in.
func (l *LP) Solve(ctx context.Context) (Status, error) { return Failed, errNoCoin }

// SolveDual reports that no solver is linked in.
func (l *LP) SolveDual(ctx context.Context) (Status, error) { return Failed, errNoCoin }

// Objective returns 0.
func (l *LP) Objective() float64 { return 0 }

// X returns nil.
func (l *LP) X() []float64 { return nil }

// Duals returns nil.
func (l *LP) Duals() []float64 { return nil }

// Iterations returns 0.
func (l *LP) Iterations() int { return 0 }

// SolveBarrier reports that no solver is linked in.
func (l *LP) SolveBarrier(ctx context.Context, crossover bool) (Status, error) {
	return Failed, errNoCoin
}

// SolveFresh reports that no solver is linked in.
func (l *LP) SolveFresh(ctx context.Context) (Status, error) { return Failed, errNoCoin }

// DeleteColumns panics.
func (l *LP) DeleteColumns(which []int) { panic("solver: no LP without the coin build tag") }

// ReducedCosts returns nil.
func (l *LP) ReducedCosts() []float64 { return nil }
