package voting

import (
	"fmt"
	"math/bits"
	"slices"
)

// Candidate states during a count.
const (
	hopeful = iota
	elected
	excluded
)

// ScottishDecimals is the fixed-point precision of Scottish STV: transfer
// values are calculated to five decimal places, any remainder ignored.
const ScottishDecimals = 5

// ScottishSTV counts e under the Scottish Local Government Elections Order
// 2007 (SSI 2007/42), schedule 1, rules 45 to 52:
//
//   - quota q = ⌊valid papers / (seats+1)⌋ + 1 (rule 46);
//   - a candidate with at least q votes is elected (rule 47);
//   - the largest surplus s of a candidate with t votes is transferred first
//     (rule 49); every paper the candidate holds moves to its next continuing
//     preference at value ⌊s·v/t⌋ to five decimals, v being its value when
//     received (rule 48, weighted inclusive Gregory);
//   - when no surplus remains the candidate with fewest votes is excluded
//     and all their papers move at their current value, in one stage (rule 50);
//   - ties: the most recent earlier stage with unequal votes, then lot
//     (rules 49(2)-(3), 51);
//   - when continuing candidates no longer outnumber the vacancies they are
//     all elected and no further transfer is made (rule 52).
//
// All values are int64 in units of 10^-5 votes, so stage totals are exact.
func ScottishSTV(e *Election, o Options) *Result {
	c := newWIGM(e, o, "scottish-stv")
	c.run()
	return c.res
}

// wigm is the state of a weighted inclusive Gregory count.
type wigm struct {
	res       *Result
	ties      *tieBreaker
	unit      int64
	seats     int
	quota     int64
	parcels   []parcel
	piles     [][]int32 // piles[c]: parcels c holds
	state     []int
	totals    []int64
	exhausted int64
	loss      int64
	pending   []int // elected with a surplus not yet transferred
}

func newWIGM(e *Election, o Options, method string) *wigm {
	n := len(e.Candidates)
	unit := pow10(ScottishDecimals)
	parcels, valid := aggregate(e, unit)
	seats := o.seats(e)
	res := &Result{
		Method: method, Title: e.Title, Candidates: e.Candidates, Seats: seats,
		Decimals: ScottishDecimals, Valid: valid * unit,
		TieRule: "most recent earlier stage at which the tied candidates had unequal votes (SSI 2007/42 rules 49, 51), then lot",
	}
	c := &wigm{
		res: res, ties: newTieBreaker(res, o, true), unit: unit, seats: seats,
		quota: (valid/int64(seats+1) + 1) * unit, parcels: parcels,
		piles: make([][]int32, n), state: make([]int, n), totals: make([]int64, n),
	}
	res.Quota = c.quota
	for _, w := range e.Withdrawn {
		c.state[w] = excluded
	}
	return c
}

func (c *wigm) seatsLeft() int { return c.seats - len(c.res.Winners) }

func (c *wigm) hopefuls() []int {
	var hs []int
	for i, s := range c.state {
		if s == hopeful {
			hs = append(hs, i)
		}
	}
	return hs
}

// record appends a round with the current totals.
func (c *wigm) record(action string) *Round {
	r := Round{
		Number: len(c.res.Rounds) + 1, Action: action, Totals: slices.Clone(c.totals),
		Exhausted: c.exhausted, Loss: c.loss, Quota: c.quota,
	}
	r.Transfers = make([]int64, len(c.totals))
	if k := len(c.res.Rounds); k > 0 {
		for i, t := range c.totals {
			r.Transfers[i] = t - c.res.Rounds[k-1].Totals[i]
		}
	} else {
		copy(r.Transfers, c.totals)
	}
	c.res.Rounds = append(c.res.Rounds, r)
	return &c.res.Rounds[len(c.res.Rounds)-1]
}

func (c *wigm) current() *Round { return &c.res.Rounds[len(c.res.Rounds)-1] }

func (c *wigm) elect(cand int, why string) {
	c.state[cand] = elected
	c.res.Winners = append(c.res.Winners, cand)
	r := c.current()
	r.Elected = append(r.Elected, cand)
	r.Reasons = append(r.Reasons, fmt.Sprintf("%s elected: %s", c.res.Candidates[cand], why))
}

func (c *wigm) run() {
	for i := range c.parcels {
		p := &c.parcels[i]
		p.pos = -1
		if c.advance(p) {
			c.totals[p.prefs[p.pos]] += p.count * p.value
			c.piles[p.prefs[p.pos]] = append(c.piles[p.prefs[p.pos]], int32(i))
		}
	}
	c.record("first preferences")
	for {
		c.electQuota()
		if c.seatsLeft() <= 0 || len(c.hopefuls()) <= c.seatsLeft() {
			break
		}
		if len(c.pending) > 0 {
			c.transferSurplus()
		} else {
			c.exclude()
		}
	}
	if left := c.seatsLeft(); left > 0 {
		hs := c.hopefuls()
		for _, h := range c.ties.orderByVotes(len(c.res.Rounds), "election order", hs, c.totals) {
			c.elect(h, "continuing candidates no more than vacancies (rule 52)")
		}
	}
}

// electQuota elects, in order of votes, every hopeful with a quota.
func (c *wigm) electQuota() {
	var reached []int
	for _, h := range c.hopefuls() {
		if c.totals[h] >= c.quota {
			reached = append(reached, h)
		}
	}
	for _, h := range c.ties.orderByVotes(len(c.res.Rounds), "election order", reached, c.totals) {
		if c.seatsLeft() <= 0 {
			break
		}
		c.elect(h, "reached the quota")
		if c.totals[h] > c.quota {
			c.pending = append(c.pending, h)
		}
	}
}

// advance moves p to its next continuing preference; false if none.
func (c *wigm) advance(p *parcel) bool {
	for p.pos++; int(p.pos) < len(p.prefs); p.pos++ {
		if c.state[p.prefs[p.pos]] == hopeful {
			return true
		}
	}
	return false
}

// move transfers all papers held by from, each at value newValue(v).
// It returns the value that reached continuing candidates and the value
// that became non-transferable.
func (c *wigm) move(from int, newValue func(int64) int64) (moved, exhausted int64) {
	for _, i := range c.piles[from] {
		p := &c.parcels[i]
		p.value = newValue(p.value)
		if p.value == 0 {
			continue
		}
		v := p.count * p.value
		if !c.advance(p) {
			exhausted += v
			continue
		}
		to := p.prefs[p.pos]
		c.totals[to] += v
		c.piles[to] = append(c.piles[to], i)
		moved += v
	}
	c.piles[from] = nil
	return moved, exhausted
}

func (c *wigm) transferSurplus() {
	surplus := func(x int) int64 { return c.totals[x] - c.quota }
	best := surplus(c.pending[0])
	for _, x := range c.pending {
		best = max(best, surplus(x))
	}
	var tied []int
	for _, x := range c.pending {
		if surplus(x) == best {
			tied = append(tied, x)
		}
	}
	from := c.ties.pick(len(c.res.Rounds), "surplus order", tied, false)
	c.pending = slices.DeleteFunc(c.pending, func(x int) bool { return x == from })
	s, t := surplus(from), c.totals[from]
	lost := c.truncation(from, s, t)
	moved, ex := c.move(from, func(v int64) int64 { return mulDown(s, v, t) })
	c.totals[from] = c.quota
	c.exhausted += ex
	c.loss += lost
	if moved+ex+lost != s {
		c.res.Notes = append(c.res.Notes, fmt.Sprintf("surplus of %s: %s moved, %s non-transferable and %s lost to truncation do not make the surplus %s",
			c.res.Candidates[from], c.res.Format(moved), c.res.Format(ex), c.res.Format(lost), c.res.Format(s)))
	}
	c.record(fmt.Sprintf("surplus of %s (%s votes over the quota, from %s)",
		c.res.Candidates[from], c.res.Format(s), c.res.Format(t)))
}

func (c *wigm) exclude() {
	hs := c.hopefuls()
	low := c.totals[hs[0]]
	for _, h := range hs {
		low = min(low, c.totals[h])
	}
	var tied []int
	for _, h := range hs {
		if c.totals[h] == low {
			tied = append(tied, h)
		}
	}
	x := c.ties.pick(len(c.res.Rounds), "exclusion", tied, true)
	c.state[x] = excluded
	_, ex := c.move(x, func(v int64) int64 { return v })
	c.totals[x] = 0
	c.exhausted += ex
	r := c.record(fmt.Sprintf("exclusion of %s (fewest votes: %s)", c.res.Candidates[x], c.res.Format(low)))
	r.Excluded = append(r.Excluded, x)
	r.Reasons = append(r.Reasons, fmt.Sprintf("%s excluded with the fewest votes", c.res.Candidates[x]))
}

// truncation returns the value lost when from's papers move at ⌊s·v/t⌋: for
// each parcel of n papers of value v, n·((s·v) mod t)/t units. It is
// computed from the remainders of the truncation, not as what is left over,
// so that the conservation check (Result.Conserved) compares two separate
// sums. The fractions add up to a whole number of units exactly when the
// candidate's papers are worth t; when they do not, it rounds down and the
// count's Notes say so.
func (c *wigm) truncation(from int, s, t int64) int64 {
	var whole, frac uint64 // frac < t: the part of a unit, in t-ths
	for _, i := range c.piles[from] {
		p := &c.parcels[i]
		hi, lo := bits.Mul64(uint64(s), uint64(p.value))
		_, rem := bits.Div64(hi, lo, uint64(t)) // (s·v) mod t; s ≤ t so hi < t
		hi, lo = bits.Mul64(uint64(p.count), rem)
		q, r := bits.Div64(hi, lo, uint64(t)) // count·rem < count·t, so hi < t
		whole += q
		frac += r
		if frac >= uint64(t) {
			whole += frac / uint64(t)
			frac %= uint64(t)
		}
	}
	if frac != 0 {
		c.res.Notes = append(c.res.Notes, fmt.Sprintf("surplus of %s: the truncated fractions do not add up to whole units (%d/%d left over): the papers held are not worth the total",
			c.res.Candidates[from], frac, t))
	}
	return int64(whole)
}
