package sortition

import (
	"context"
	"errors"
)

func legacy(ctx context.Context, in *Instance, ts *typeSet, opt Options) (*Distribution, error) {
	return nil, errors.New("sortition: legacy not implemented yet")
}
