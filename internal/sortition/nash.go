package sortition

import (
	"context"
	"errors"
)

func nash(ctx context.Context, in *Instance, ts *typeSet, pr *pricer, initial []profile, uncovered []int, stats *Stats, report func(Progress)) (*Distribution, error) {
	return nil, errors.New("sortition: nash not implemented yet")
}
