package voting

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
)

// Markers that a Ballot's Ranks may hold in place of a candidate index.
const (
	// Undervote marks a rank the voter left empty.
	Undervote = -1
	// Overvote marks a rank at which the voter marked more than one candidate.
	Overvote = -2
)

// A Ballot is one or more identical ballot papers.
type Ballot struct {
	// Count is the number of identical papers (at least 1).
	Count int64
	// Ranks lists, from first preference on, the index of the candidate
	// marked at each rank, or Undervote or Overvote. For approval voting the
	// ranks are simply the approved candidates.
	Ranks []int
	// Scores, when not nil, has one entry per candidate: 0 for no answer,
	// else 1 (strongly disagree) to 5 (strongly agree). Only the agreement
	// method reads it.
	Scores []int8
	// Equal, when not nil, has one entry per rank: at a rank that is
	// Overvote because the voter ranked several candidates equal (BLT "a=b",
	// a JSON list), the candidates so ranked. Methods that read equal
	// rankings (schulze, approval) use it; the others refuse it or apply
	// their overvote rule (see EqualRankings).
	Equal [][]int
}

// An Election is what a count needs: candidates, seats and ballots.
type Election struct {
	Title      string
	Candidates []string
	// Seats is the number to elect; 0 means "not given" (methods use 1).
	Seats int
	// Withdrawn lists candidates (by index) who withdrew before the count;
	// preferences for them are skipped.
	Withdrawn []int
	Ballots   []Ballot
}

// MaxPapers bounds the number of ballot papers in one election, so that
// every total fits in an int64 at the finest precision offered (10^-9).
const MaxPapers = 1_000_000_000

// MaxSchulzeOptions bounds the options of a Schulze count, whose strongest
// paths take time cubic in their number.
const MaxSchulzeOptions = 1000

// MaxPrecision is the most decimal places meek and minneapolis-stv take.
const MaxPrecision = 9

// ErrInvalid is wrapped by every error that reports an election no method
// can count (no candidates, a rank naming no candidate, too many seats...).
var ErrInvalid = errors.New("voting: invalid election")

// Validate checks that every rank and score refers to a candidate.
func (e *Election) Validate() error {
	n := len(e.Candidates)
	if n == 0 {
		return fmt.Errorf("%w: no candidates", ErrInvalid)
	}
	if e.Seats < 0 {
		return fmt.Errorf("%w: %d seats", ErrInvalid, e.Seats)
	}
	for i, w := range e.Withdrawn {
		if w < 0 || w >= n {
			return fmt.Errorf("%w: withdrawn candidate %d of %d", ErrInvalid, w+1, n)
		}
		if slices.Contains(e.Withdrawn[:i], w) {
			return fmt.Errorf("%w: candidate %d withdrawn twice", ErrInvalid, w+1)
		}
	}
	var papers int64
	for i, b := range e.Ballots {
		if b.Count < 0 || b.Count > MaxPapers {
			return fmt.Errorf("%w: ballot %d has count %d outside 0..%d", ErrInvalid, i+1, b.Count, int64(MaxPapers))
		}
		if papers += b.Count; papers > MaxPapers {
			return fmt.Errorf("%w: more than %d ballot papers", ErrInvalid, int64(MaxPapers))
		}
		for _, r := range b.Ranks {
			if r >= n || r < Overvote {
				return fmt.Errorf("%w: ballot %d ranks candidate %d of %d", ErrInvalid, i+1, r+1, n)
			}
		}
		if b.Equal != nil && len(b.Equal) != len(b.Ranks) {
			return fmt.Errorf("%w: ballot %d has %d equal-rank entries for %d ranks", ErrInvalid, i+1, len(b.Equal), len(b.Ranks))
		}
		for r, eq := range b.Equal {
			if eq != nil && b.Ranks[r] != Overvote {
				return fmt.Errorf("%w: ballot %d lists candidates ranked equal at rank %d, which is not an overvote", ErrInvalid, i+1, r+1)
			}
			for _, c := range eq {
				if c < 0 || c >= n {
					return fmt.Errorf("%w: ballot %d ranks candidate %d of %d", ErrInvalid, i+1, c+1, n)
				}
			}
		}
		if b.Scores != nil && len(b.Scores) != n {
			return fmt.Errorf("%w: ballot %d has %d scores for %d candidates", ErrInvalid, i+1, len(b.Scores), n)
		}
		for _, s := range b.Scores {
			if s < 0 || s > 5 {
				return fmt.Errorf("%w: ballot %d has score %d outside 0-5", ErrInvalid, i+1, s)
			}
		}
	}
	return nil
}

// Options tune a count. The zero value is valid and gives each method's
// default (published) rules, with ties by lot in file order.
type Options struct {
	// Seats overrides Election.Seats when positive.
	Seats int
	// Rand draws the lot used when a tie survives the method's own rule.
	// nil means no shuffle: the lot order is the file order.
	Rand *rand.Rand
	// Seed is reported in the Result so that a recount can reproduce the lot;
	// it is not used to draw anything (Rand is).
	Seed uint64

	// Precision is the number of decimal places for meek (default 9) and the
	// Minneapolis multi-seat count (default 4), at most MaxPrecision.
	Precision int

	// IRV options (Minneapolis rules as RCTab configures them).
	BatchElimination bool // eliminate all sure losers at once
	// OvervoteRule is "exhaust" (an overvote ends the ballot) or "skip"
	// (go on to the next rank). Default "exhaust".
	OvervoteRule string
	// MaxSkipped is the number of consecutive empty ranks a ballot may skip
	// before it is exhausted; it applies only when SkipLimitSet is true,
	// otherwise empty ranks are skipped without limit.
	MaxSkipped   int
	SkipLimitSet bool
	// WriteIn names the undeclared write-in candidate, if any: it is
	// eliminated on its own after the first round, as Minneapolis (and
	// RCTab) do, before any other elimination.
	WriteIn string

	// Threshold is the agreement threshold as a fraction Num/Den
	// (default 2/3): an option passes when agreeing/answered >= Num/Den.
	ThresholdNum, ThresholdDen int64
}

func (o Options) seats(e *Election) int {
	switch {
	case o.Seats > 0:
		return o.Seats
	case e.Seats > 0:
		return e.Seats
	}
	return 1
}

// Methods lists the method names Count accepts.
var Methods = []string{"scottish-stv", "meek", "irv", "minneapolis-stv", "approval", "borda", "schulze", "agreement"}

// Count counts e by the named method.
func Count(method string, e *Election, o Options) (*Result, error) {
	if err := e.Validate(); err != nil {
		return nil, err
	}
	if s := o.seats(e); s > len(e.Candidates)-len(e.Withdrawn) && method != "agreement" {
		return nil, fmt.Errorf("%w: %d seats but only %d candidates standing", ErrInvalid, s, len(e.Candidates)-len(e.Withdrawn))
	}
	if o.Precision < 0 || o.Precision > MaxPrecision {
		return nil, fmt.Errorf("%w: precision %d outside 0..%d", ErrInvalid, o.Precision, MaxPrecision)
	}
	if method == "schulze" && len(e.Candidates) > MaxSchulzeOptions {
		return nil, fmt.Errorf("%w: schulze compares every pair of options; %d is more than %d", ErrInvalid, len(e.Candidates), MaxSchulzeOptions)
	}
	if err := equalRankings(method, e); err != nil {
		return nil, err
	}
	var r *Result
	switch method {
	case "scottish-stv":
		r = ScottishSTV(e, o)
	case "meek":
		r = Meek(e, o)
	case "irv", "minneapolis-stv":
		r = RCV(e, o)
	case "approval":
		r = Approval(e, o)
	case "borda":
		r = Borda(e, o)
	case "schulze":
		r = Schulze(e, o)
	case "agreement":
		r = Agreement(e, o)
	default:
		return nil, fmt.Errorf("voting: unknown method %q (want one of %v)", method, Methods)
	}
	if n := equalBallots(e); n > 0 {
		r.Notes = append(r.Notes, fmt.Sprintf("%d ballot lines rank candidates equal; %s: %s", n, method, EqualRankings[method]))
	}
	return r, nil
}

// equalBallots counts the ballots that rank candidates equal.
func equalBallots(e *Election) int {
	n := 0
	for _, b := range e.Ballots {
		if slices.ContainsFunc(b.Equal, func(eq []int) bool { return eq != nil }) {
			n++
		}
	}
	return n
}

// EqualRankings says how each method reads candidates ranked equal on a
// ballot ("a=b" in BLT): schulze and approval read them as equal; the STV
// and IRV methods apply their rules for several marks at one preference (the
// paper goes no further, or for irv --overvote skip, that rank is skipped);
// borda, which scores by rank, refuses them.
var EqualRankings = map[string]string{
	"schulze":         "read: candidates ranked equal are preferred to neither",
	"approval":        "read: candidates ranked equal are all approved",
	"scottish-stv":    "an overvote: the paper goes no further",
	"meek":            "an overvote: the paper goes no further",
	"irv":             "an overvote (see --overvote)",
	"minneapolis-stv": "an overvote (see --overvote)",
	"agreement":       "not used (agreement reads scores)",
}

// equalRankings refuses equal rankings for the methods that have no rule
// for them.
func equalRankings(method string, e *Election) error {
	if _, ok := EqualRankings[method]; ok {
		return nil
	}
	for i, b := range e.Ballots {
		for r, eq := range b.Equal {
			if eq != nil {
				return fmt.Errorf("%w: ballot %d ranks candidates equal at rank %d; %s has no rule for equal rankings "+
					"(schulze and approval read them, the STV methods count them as an overvote)", ErrInvalid, i+1, r+1, method)
			}
		}
	}
	return nil
}
