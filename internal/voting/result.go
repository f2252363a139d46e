package voting

import (
	"math/bits"
	"strconv"
	"strings"
)

// A Result is a count sheet: the winners and every round of the count.
//
// Vote values (Totals, Transfers, Exhausted, Loss, Quota) are integers in
// units of 10^-Decimals votes; Format turns one into a decimal string.
type Result struct {
	Method     string
	Title      string
	Candidates []string
	Seats      int
	Decimals   int
	// Valid is the value of the valid (non-blank) ballots, in units.
	Valid int64
	// Quota is the quota or threshold in units (the final one for meek);
	// 0 when the method has none.
	Quota int64
	// Winners are candidate indices in order of election.
	Winners []int
	Rounds  []Round
	// TieRule states how this method breaks ties.
	TieRule string
	// Seed and LotOrder record the lot: LotOrder lists candidate indices,
	// and a tie that the method's own rule does not settle goes in favour of
	// the candidate earlier in it.
	Seed     uint64
	LotOrder []int
	// Ties lists every tie met during the count and how it was broken.
	Ties []Tie
	// Pairwise (schulze only) holds d[i][j], the number of voters
	// preferring i to j, and Strength the strongest-path strengths p[i][j].
	Pairwise, Strength [][]int64
	// Notes explain method choices (options used, etc.).
	Notes []string
}

// A Round is one stage of a count.
type Round struct {
	Number int
	// Action says what happened in this round ("first preferences",
	// "surplus of X", "exclusion of X"...).
	Action string
	// Totals holds each candidate's votes at the end of the round;
	// Transfers the change since the previous round.
	Totals, Transfers []int64
	// Exhausted is the running value of non-transferable papers; Loss the
	// running loss to rounding (truncated fractions).
	Exhausted, Loss int64
	// Quota is the quota in force in this round (it varies under meek).
	Quota int64
	// Elected lists candidates elected in this round, with why;
	// Excluded those excluded (whose papers this round transferred, or who
	// are excluded at its end for methods without transfers).
	Elected, Excluded []int
	Reasons           []string
}

// A Tie records a tie and how it was broken.
type Tie struct {
	Round      int
	Purpose    string // "exclusion", "surplus order", "election order", ...
	Candidates []int
	Rule       string // "earlier stage N", "lot"
	Chosen     int
}

// Format writes v (in units of 10^-Decimals) as a decimal with exactly
// Decimals places.
func (r *Result) Format(v int64) string { return FormatFixed(v, r.Decimals) }

// FormatFixed writes v/10^dec with exactly dec decimal places.
func FormatFixed(v int64, dec int) string {
	neg := v < 0
	if neg {
		v = -v
	}
	s := strconv.FormatInt(v, 10)
	if dec > 0 {
		if len(s) <= dec {
			s = strings.Repeat("0", dec-len(s)+1) + s
		}
		s = s[:len(s)-dec] + "." + s[len(s)-dec:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// WinnerNames returns the names of the winners in order of election.
func (r *Result) WinnerNames() []string {
	out := make([]string, len(r.Winners))
	for i, w := range r.Winners {
		out[i] = r.Candidates[w]
	}
	return out
}

// Conserved reports whether, in round i, candidate totals plus exhausted
// plus loss equal the valid vote: no vote created or lost unaccounted.
func (r *Result) Conserved(i int) bool {
	rd := r.Rounds[i]
	sum := rd.Exhausted + rd.Loss
	for _, t := range rd.Totals {
		sum += t
	}
	return sum == r.Valid
}

// mulDown returns ⌊a·b/d⌋ for non-negative a, b and positive d, exactly
// (the product may exceed 64 bits; the quotient must not).
func mulDown(a, b, d int64) int64 {
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	q, _ := bits.Div64(hi, lo, uint64(d))
	return int64(q)
}

func pow10(n int) int64 {
	p := int64(1)
	for range n {
		p *= 10
	}
	return p
}
