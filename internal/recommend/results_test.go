package recommend

import (
	"context"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
)

// countingStore is a round, its items and ballots, counting the reads
// of the ballots; any other method of Store panics.
type countingStore struct {
	Store
	round Round
	items []Item
	bs    []Ballot
	reads int
}

func (s *countingStore) RecRound(context.Context, int64) (Round, error) { return s.round, nil }
func (s *countingStore) RecItems(context.Context, int64) ([]Item, error) {
	return append([]Item(nil), s.items...), nil
}
func (s *countingStore) RecBallots(context.Context, int64) ([]Ballot, error) {
	s.reads++
	return append([]Ballot(nil), s.bs...), nil
}

// A closed round is counted once and the count kept: a second read gives
// the same results without reading the ballots again, and a caller that
// changes its results does not change the next caller's. A round not yet
// closed is never kept, and one closed at another time is counted anew.
func TestResultsCountedOnce(t *testing.T) {
	ctx := context.Background()
	closed := time.Date(2027, 3, 1, 12, 0, 0, 0, time.UTC)
	st := &countingStore{round: Round{CycleID: 7, Threshold: 0.6, Status: Voting},
		items: []Item{{ID: 1, CycleID: 7, Kind: Agreement, Versions: []Version{{Number: 1, Text: "Say how long the wait is."}}}},
		bs:    []Ballot{{ID: "b", Receipt: "B-1", ItemID: 1, Choice: Agree}, {ID: "a", Receipt: "A-1", ItemID: 1, Choice: StronglyAgree}, {ID: "c", Receipt: "C-1", ItemID: 1, Choice: Disagree}}}
	s := NewService(st, nil, nil, nil, Config{})
	if _, _, _, err := s.Results(ctx, 7); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("Results while voting: %v, want NotFound", err)
	}
	st.round.Status, st.round.Closed = Closed, closed
	for i := range 3 {
		_, res, bs, err := s.Results(ctx, 7)
		if err != nil {
			t.Fatal(err)
		}
		if len(res) != 1 || res[0].Ballots != 3 || !res[0].Passed || res[0].Counts.Agree != 1 || res[0].Counts.Disagree != 1 {
			t.Fatalf("read %d: results %+v", i, res)
		}
		if len(bs) != 3 || bs[0].Receipt != "A-1" || bs[2].Receipt != "C-1" {
			t.Fatalf("read %d: ballots %+v, want them by receipt", i, bs)
		}
		res[0].Passed, res[0].Ballots = false, 0 // a careless caller
	}
	if st.reads != 1 {
		t.Errorf("the ballots were read %d times, want once", st.reads)
	}
	st.bs = st.bs[:1]
	st.round.Closed = closed.Add(time.Hour)
	if _, res, _, err := s.Results(ctx, 7); err != nil || res[0].Ballots != 1 || st.reads != 2 {
		t.Errorf("a round closed at another time: %+v, %v, %d reads; want it counted again", res, err, st.reads)
	}
}
