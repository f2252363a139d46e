package sortition

import (
	"context"
	"errors"
)

// CheckFeasible reports whether some panel meets in's quotas, without
// computing a distribution: nil when one does, an *InfeasibleError (the
// conflicts and the smallest relaxations within the flex bounds) when
// none does, or another error for invalid input or a failed solver. The
// web app calls it before a run, so that the organiser sees at once why
// quotas cannot be met.
func CheckFeasible(ctx context.Context, in *Instance) error {
	if err := in.Validate(); err != nil {
		return err
	}
	ts := newTypeSet(in)
	pr := newPricer(in, ts)
	if _, err := pr.best(ctx, make([]float64, ts.n())); err != nil {
		if errors.Is(err, errNoPanel) {
			return Explain(ctx, in)
		}
		return err
	}
	return nil
}
