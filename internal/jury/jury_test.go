package jury_test

import (
	"bytes"
	"slices"
	"testing"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/jury"
	"github.com/folkmoot/folkmoot/internal/voting/ballotfile"
)

func TestParseRanks(t *testing.T) {
	for _, c := range []struct {
		ranks []int
		want  []int
		field string // the field in error, "" for none
	}{
		{[]int{2, 1, 0}, []int{1, 0}, ""},
		{[]int{0, 0, 1}, []int{2}, ""},
		{[]int{3, 1, 2}, []int{1, 2, 0}, ""},
		{[]int{1, 1, 0}, nil, "rank-1"},
		{[]int{0, 0, 0}, nil, "rank-0"},
		{[]int{1, 3, 0}, nil, "rank-0"},  // a gap: nothing ranked 2nd
		{[]int{4, 0, 0}, nil, "rank-0"},  // out of range
		{[]int{1, 2}, nil, "rank-0"},     // not one rank per theme
		{[]int{-1, 1, 0}, nil, "rank-0"}, // not a rank
	} {
		got, err := jury.ParseRanks(c.ranks, 3)
		if c.field == "" {
			if err != nil || !slices.Equal(got, c.want) {
				t.Errorf("ParseRanks(%v) = %v, %v; want %v", c.ranks, got, err, c.want)
			}
			continue
		}
		var fields []string
		for e := range allErrors(err) {
			fields = append(fields, e.Field)
		}
		if !apperr.Is(err, apperr.Invalid) || !slices.Contains(fields, c.field) {
			t.Errorf("ParseRanks(%v) = %v, %v; want an error about %s", c.ranks, got, err, c.field)
		}
	}
}

// The published ballot file reads back as the same election, in its
// canonical order, whatever the order the ballots were cast in, and with
// names that need quoting.
func TestBLTRoundTrip(t *testing.T) {
	j := jury.Settings{Seats: 1, Shortlist: &jury.Shortlist{Themes: []jury.Theme{{Title: `A "quoted" theme`}, {Title: "Gofal iechyd meddwl — Welsh"}, {Title: "Third"}}}}
	bs := []jury.Ballot{{ID: "b", Ranking: []int{2, 0}}, {ID: "a", Ranking: []int{0}}, {ID: "c", Ranking: []int{1, 2, 0}}}
	rev := slices.Clone(bs)
	slices.Reverse(rev)
	f1, f2 := jury.BLT("Round's agenda", j, bs), jury.BLT("Round's agenda", j, rev)
	if !bytes.Equal(f1, f2) {
		t.Fatalf("the file depends on the order of the ballots:\n%s\n%s", f1, f2)
	}
	e, err := ballotfile.ReadBLT(bytes.NewReader(f1))
	if err != nil {
		t.Fatal(err)
	}
	if e.Candidates[0] != `A "quoted" theme` || e.Candidates[1] != "Gofal iechyd meddwl — Welsh" || e.Seats != 1 || len(e.Ballots) != 3 || e.Title != "Round's agenda" {
		t.Fatalf("read back %+v", e)
	}
	if !slices.Equal(e.Ballots[0].Ranks, []int{0}) || !slices.Equal(e.Ballots[2].Ranks, []int{2, 0}) {
		t.Fatalf("ballots not in canonical order: %+v", e.Ballots)
	}
	res, err := jury.Count("x", j, bs)
	if err != nil || len(res.Winners) != 1 {
		t.Fatalf("count %v %v", res, err)
	}
}

// allErrors yields the apperr errors of err (joined or not).
func allErrors(err error) func(func(*apperr.Error) bool) {
	return func(yield func(*apperr.Error) bool) {
		var walk func(error) bool
		walk = func(e error) bool {
			if j, ok := e.(interface{ Unwrap() []error }); ok {
				for _, x := range j.Unwrap() {
					if !walk(x) {
						return false
					}
				}
				return true
			}
			if ae, ok := e.(*apperr.Error); ok {
				return yield(ae)
			}
			return true
		}
		if err != nil {
			walk(err)
		}
	}
}
