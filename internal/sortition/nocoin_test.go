//go:build !coin

package sortition_test

import (
	"context"
	"testing"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/sortition"
)

// Without the COIN-OR solvers, Select says so instead of failing obscurely.
func TestSelectWithoutSolverIsUnavailable(t *testing.T) {
	in := &sortition.Instance{K: 1, QuotaFile: "q",
		Categories: []sortition.Category{{Name: "g", Values: []sortition.Value{{Name: "f", Min: 0, Max: 1, MaxFlex: 1}}}},
		People:     []sortition.Person{{ID: "a", Values: []int{0}, Household: -1}}}
	_, err := sortition.Select(context.Background(), in, sortition.Options{})
	if !apperr.Is(err, apperr.Unavailable) {
		t.Fatalf("error %v, want an Unavailable error", err)
	}
}
