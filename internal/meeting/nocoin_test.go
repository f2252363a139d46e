//go:build !coin

package meeting_test

import (
	"context"
	"testing"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/meeting"
)

// Without the solver, allocation says it needs it.
func TestAllocateWithoutSolver(t *testing.T) {
	p := &meeting.Problem{Groups: []int64{1}, Min: 1, Max: 2, Candidates: []meeting.Candidate{{UserID: 1}}}
	if _, err := meeting.Allocate(context.Background(), p); !apperr.Is(err, apperr.Unavailable) {
		t.Fatalf("error %v, want Unavailable", err)
	}
}
