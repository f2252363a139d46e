package cycletest

import (
	"context"
	"testing"

	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/people"
)

// OpenRound creates, as the System actor, a programme named "Test
// programme" (once per store) and a round titled title in it, in the
// Gather phase: issues can be raised and supported in it at once. It fails
// the test on error.
func OpenRound(tb testing.TB, st cycle.Store, title string) cycle.Cycle {
	tb.Helper()
	c, err := OpenRoundErr(context.Background(), st, title)
	if err != nil {
		tb.Fatalf("cycletest: making an open round: %v", err)
	}
	return c
}

// OpenRoundErr is OpenRound for callers without a testing.TB (benchmark
// set-ups, load generators).
func OpenRoundErr(ctx context.Context, st cycle.Store, title string) (cycle.Cycle, error) {
	return OpenRoundBy(ctx, cycle.NewService(st, cycle.Config{}), title)
}

// OpenRoundBy is OpenRoundErr through a given service (with its clock).
func OpenRoundBy(ctx context.Context, cs *cycle.Service, title string) (cycle.Cycle, error) {
	p, err := cs.ProgrammeNamed(ctx, people.System, "Test programme")
	if err != nil {
		return cycle.Cycle{}, err
	}
	return cs.CreateCycle(ctx, people.System, cycle.Draft{ProgrammeID: p.ID, Title: title})
}
