package voting

import (
	"fmt"
	"math/rand/v2"
	"slices"
)

// lot is the tie-breaking order drawn once before a count. pos[c] is the
// place of candidate c in it; earlier places are favoured.
type lot struct {
	order []int
	pos   []int
}

// newLot draws the lot for n candidates from r (file order when r is nil)
// with a Fisher-Yates shuffle, so anyone holding the seed can redraw it.
func newLot(n int, r *rand.Rand) lot {
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	if r != nil {
		r.Shuffle(n, func(i, j int) { order[i], order[j] = order[j], order[i] })
	}
	pos := make([]int, n)
	for i, c := range order {
		pos[c] = i
	}
	return lot{order, pos}
}

// tieBreaker settles ties: first by the method's look-back rule over the
// totals of earlier rounds (when history is used), then by lot.
type tieBreaker struct {
	lot      lot
	res      *Result
	lookBack bool // STV: most recent earlier stage with unequal votes
}

func newTieBreaker(res *Result, o Options, lookBack bool) *tieBreaker {
	l := newLot(len(res.Candidates), o.Rand)
	res.Seed = o.Seed
	res.LotOrder = l.order
	return &tieBreaker{lot: l, res: res, lookBack: lookBack}
}

// pick chooses one of tied: the lowest (lowest=true, e.g. for exclusion)
// or the highest at the most recent earlier round where the remaining
// candidates differ; if they were equal throughout, by lot (for lowest,
// the one latest in the lot order is chosen, so the lot favours the
// earlier). It records the tie in the Result.
func (t *tieBreaker) pick(round int, purpose string, tied []int, lowest bool) int {
	if len(tied) == 1 {
		return tied[0]
	}
	tied = slices.Clone(tied)
	slices.Sort(tied)
	tie := Tie{Round: round, Purpose: purpose, Candidates: slices.Clone(tied)}
	if t.lookBack {
		// Rounds are numbered from 1; the current round's totals are the
		// ones that tie, so look at earlier rounds only.
		rem := tied
		for r := len(t.res.Rounds) - 2; r >= 0 && len(rem) > 1; r-- {
			tot := t.res.Rounds[r].Totals
			best := tot[rem[0]]
			for _, c := range rem[1:] {
				if (lowest && tot[c] < best) || (!lowest && tot[c] > best) {
					best = tot[c]
				}
			}
			var next []int
			for _, c := range rem {
				if tot[c] == best {
					next = append(next, c)
				}
			}
			if len(next) < len(rem) {
				rem = next
				if len(rem) == 1 {
					tie.Rule = fmt.Sprintf("votes at earlier stage %d", t.res.Rounds[r].Number)
					tie.Chosen = rem[0]
					t.res.Ties = append(t.res.Ties, tie)
					return rem[0]
				}
			}
		}
		tied = rem
	}
	c := t.byLot(tied, lowest)
	tie.Rule = fmt.Sprintf("lot (seed %d)", t.res.Seed)
	tie.Chosen = c
	t.res.Ties = append(t.res.Ties, tie)
	return c
}

// byLot returns the candidate of cs earliest in the lot order, or the
// latest when last is true.
func (t *tieBreaker) byLot(cs []int, last bool) int {
	best := cs[0]
	for _, c := range cs[1:] {
		if (t.lot.pos[c] < t.lot.pos[best]) != last {
			best = c
		}
	}
	return best
}

// orderByVotes sorts cs by votes descending, settling equal votes with
// pick (highest first), and records ties; used for the order of election
// of candidates reaching the quota in the same round.
func (t *tieBreaker) orderByVotes(round int, purpose string, cs []int, votes []int64) []int {
	rest := slices.Clone(cs)
	out := make([]int, 0, len(cs))
	for len(rest) > 0 {
		top := votes[rest[0]]
		for _, c := range rest {
			top = max(top, votes[c])
		}
		var tied []int
		for _, c := range rest {
			if votes[c] == top {
				tied = append(tied, c)
			}
		}
		c := t.pick(round, purpose, tied, false)
		out = append(out, c)
		rest = slices.DeleteFunc(rest, func(x int) bool { return x == c })
	}
	return out
}
