package sortition

import "errors"

var (
	errNegativeWeight = errors.New("sortition: negative panel probability")
	errWeightSum      = errors.New("sortition: panel probabilities do not sum to 1")
)
