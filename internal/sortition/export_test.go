package sortition

import "context"

// RelaxedProfile returns every person's probability at the LEXIMIN point
// of the LP relaxation (for tests).
func RelaxedProfile(ctx context.Context, in *Instance) ([]float64, error) {
	ts := newTypeSet(in)
	pt, _, _, err := relaxedLeximin(ctx, in, ts, nil)
	if err != nil {
		return nil, err
	}
	out := make([]float64, len(in.People))
	for i := range out {
		out[i] = pt[ts.of[i]]
	}
	return out, nil
}
