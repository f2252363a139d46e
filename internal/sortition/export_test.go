package sortition

import (
	"context"
	"math"
	"time"
)

// RelaxedProfile returns every person's probability at the LEXIMIN point
// of the LP relaxation (for tests).
func RelaxedProfile(ctx context.Context, in *Instance) ([]float64, error) {
	ts := newTypeSet(in)
	rx, err := relaxedLeximin(ctx, in, ts, nil, nil)
	if err != nil {
		return nil, err
	}
	pt := rx.floors
	out := make([]float64, len(in.People))
	for i := range out {
		out[i] = pt[ts.of[i]]
	}
	return out, nil
}

// WalkReport is what Walk measured.
type WalkReport struct {
	Types, Panels int
	Stuck         bool
	Left          float64 // mass not decomposed
	WeightSum     float64 // Σ weights (1 − Left when all is well)
	MixtureErr    float64 // max over types of |Σ λ·a_t − point_t| − Residual_t
	Shortfall     float64 // max over types of (floor − mixture probability)
	BadPanel      error   // the first panel that fails its re-check
}

// Walk runs the relaxation's LEXIMIN and the decomposition walk on its
// point, and checks the walk's result (for tests).
func Walk(ctx context.Context, in *Instance) (*WalkReport, error) {
	ts := newTypeSet(in)
	rx, err := relaxedLeximin(ctx, in, ts, nil, nil)
	if err != nil {
		return nil, err
	}
	point := rx.counts
	wr, _, err := walkRelaxed(ctx, in, ts, newPricer(in, ts), rx, time.Time{}, nil)
	if err != nil {
		return nil, err
	}
	rep := &WalkReport{Types: ts.n(), Panels: len(wr.Panels), Stuck: wr.Stuck, Left: wr.Left}
	mix := make([]float64, ts.n())
	for i, p := range wr.Panels {
		if err := ts.check(in, p); err != nil && rep.BadPanel == nil {
			rep.BadPanel = err
		}
		rep.WeightSum += wr.Weights[i]
		for j, t := range p.types {
			mix[t] += wr.Weights[i] * float64(p.counts[j])
		}
	}
	for t := range mix {
		rep.MixtureErr = max(rep.MixtureErr, math.Abs(mix[t]+wr.Residual[t]-point[t]))
		rep.Shortfall = max(rep.Shortfall, rx.floors[t]-mix[t]/rep.WeightSum/float64(ts.count(t)))
	}
	return rep, nil
}

// SetWalkTries sets how many walks a selection may run, returning the
// old value (for tests).
func SetWalkTries(n int) int {
	old := walkTries
	walkTries = n
	return old
}

// LotteryWork is the work a lottery's rounding did (for tests).
type LotteryWork = lotteryWork

// Work returns the work l's rounding did.
func (l *Lottery) Work() LotteryWork { return l.work }

// SetLotteryLimits sets the rounding's work limits (zero keeps one),
// returning a function that restores them.
func SetLotteryLimits(nodes, evals, work int) func() {
	n, e, w := lotteryNodes, spreadEvals, balanceWork
	if nodes > 0 {
		lotteryNodes = nodes
	}
	if evals > 0 {
		spreadEvals = evals
	}
	if work > 0 {
		balanceWork = work
	}
	return func() { lotteryNodes, spreadEvals, balanceWork = n, e, w }
}
