package voting

import (
	"fmt"
	"slices"
)

// single builds the one-round Result of a method without transfers.
func single(e *Election, o Options, method, action, tieRule string, totals []int64, valid int64) (*Result, *tieBreaker) {
	res := &Result{
		Method: method, Title: e.Title, Candidates: e.Candidates, Seats: o.seats(e),
		Valid: valid, TieRule: tieRule,
	}
	tb := newTieBreaker(res, o, false)
	res.Rounds = []Round{{Number: 1, Action: action, Totals: totals, Transfers: slices.Clone(totals)}}
	return res, tb
}

// topBy elects the seats candidates with the highest score among those
// standing, most first; equal scores are settled by lot.
func topBy(res *Result, tb *tieBreaker, e *Election, score []int64, why string) {
	standing := make([]int, 0, len(e.Candidates))
	for c := range e.Candidates {
		if !slices.Contains(e.Withdrawn, c) {
			standing = append(standing, c)
		}
	}
	for _, c := range tb.orderByVotes(1, "election order", standing, score) {
		if len(res.Winners) == res.Seats {
			break
		}
		res.Winners = append(res.Winners, c)
		r := &res.Rounds[0]
		r.Elected = append(r.Elected, c)
		r.Reasons = append(r.Reasons, fmt.Sprintf("%s elected: %s", res.Candidates[c], why))
	}
}

func withdrawnSet(e *Election) []bool {
	w := make([]bool, len(e.Candidates))
	for _, c := range e.Withdrawn {
		w[c] = true
	}
	return w
}

// Approval counts approval voting: every candidate marked on a ballot, at
// any rank, gets one vote from it; the seats candidates with the most
// approvals win. Ties are broken by lot.
func Approval(e *Election, o Options) *Result {
	totals := make([]int64, len(e.Candidates))
	wd := withdrawnSet(e)
	var valid int64
	seen := make([]bool, len(e.Candidates))
	var buf []int32
	for _, b := range e.Ballots {
		// every mark counts, so an overvote (several marks) is skipped
		// rather than ending the ballot as it does in ranked methods
		buf = buf[:0]
		for i, r := range b.Ranks {
			marks := []int{r}
			if r == Overvote && b.Equal != nil && b.Equal[i] != nil {
				marks = b.Equal[i] // candidates ranked equal are all approved
			}
			for _, r := range marks {
				if r >= 0 && !wd[r] && !seen[r] {
					seen[r] = true
					buf = append(buf, int32(r))
					totals[r] += b.Count
				}
			}
		}
		for _, r := range buf {
			seen[r] = false
		}
		if len(buf) > 0 {
			valid += b.Count
		}
	}
	res, tb := single(e, o, "approval", "approvals", "lot (approval voting has no rule of its own)", totals, valid)
	topBy(res, tb, e, totals, "most approvals")
	return res
}

// Borda counts a Borda count: with n candidates standing, a candidate
// ranked r-th (from 1) on a ballot gets n-r points and an unranked one 0
// (empty ranks are skipped and an overvote ends the ballot, as in STV;
// candidates ranked equal are refused by Count). The seats candidates
// with the most points win; ties by lot.
func Borda(e *Election, o Options) *Result {
	n := int64(len(e.Candidates) - len(e.Withdrawn))
	totals := make([]int64, len(e.Candidates))
	wd := withdrawnSet(e)
	var valid int64
	var buf []int32
	seen := make([]bool, len(e.Candidates))
	for _, b := range e.Ballots {
		buf = cleanRanks(b.Ranks, wd, seen, buf)
		if len(buf) > 0 {
			valid += b.Count
		}
		for r, c := range buf {
			totals[c] += (n - 1 - int64(r)) * b.Count
		}
	}
	res, tb := single(e, o, "borda", "Borda points", "lot", totals, valid)
	topBy(res, tb, e, totals, "most Borda points")
	return res
}

// Agreement counts a vote on recommendations on a 5-point scale (1 strongly
// disagree, 2 disagree, 3 neither, 4 agree, 5 strongly agree): an option
// passes when the share of those answering who agree (4 or 5) is at least
// the threshold Options.ThresholdNum/ThresholdDen (default 2/3), compared
// exactly. Winners are the passing options, highest share first; Totals
// hold the agreeing answers.
func Agreement(e *Election, o Options) *Result {
	num, den := o.ThresholdNum, o.ThresholdDen
	if den <= 0 {
		num, den = 2, 3
	}
	n := len(e.Candidates)
	agree := make([]int64, n)
	answered := make([]int64, n)
	var valid int64
	for _, b := range e.Ballots {
		if b.Scores == nil {
			continue
		}
		valid += b.Count
		for c, s := range b.Scores {
			if s > 0 {
				answered[c] += b.Count
				if s >= 4 {
					agree[c] += b.Count
				}
			}
		}
	}
	o.Seats = max(1, n)
	res, tb := single(e, o, "agreement", "agreeing answers", "lot", agree, valid)
	res.Seats = n
	res.Notes = []string{fmt.Sprintf("an option passes when agree (4-5) / answered >= %d/%d", num, den)}
	r := &res.Rounds[0]
	var passing []int
	for c := range e.Candidates {
		pass := answered[c] > 0 && agree[c]*den >= num*answered[c]
		verdict := "does not pass"
		if pass {
			verdict = "passes"
			passing = append(passing, c)
		} else {
			r.Excluded = append(r.Excluded, c)
		}
		r.Reasons = append(r.Reasons, fmt.Sprintf("%s: %d of %d answering agree: %s", e.Candidates[c], agree[c], answered[c], verdict))
	}
	// order by share agree/answered, compared exactly by cross-multiplying
	for len(passing) > 0 {
		best := []int{passing[0]}
		for _, c := range passing[1:] {
			b := best[0]
			switch l, rr := agree[c]*answered[b], agree[b]*answered[c]; {
			case l > rr:
				best = []int{c}
			case l == rr:
				best = append(best, c)
			}
		}
		c := tb.pick(1, "order of passing options", best, false)
		res.Winners = append(res.Winners, c)
		r.Elected = append(r.Elected, c)
		passing = slices.DeleteFunc(passing, func(x int) bool { return x == c })
	}
	return res
}
