package voting

import (
	"fmt"
	"math"
	"math/bits"
	"slices"
)

// DefaultMeekPrecision is the number of decimal places meek uses unless
// Options.Precision says otherwise (as in the New Zealand Meek rules).
const DefaultMeekPrecision = 9

// Meek counts e by Meek's method as published by Hill, Wichmann and
// Woodall, "Algorithm 123: Single Transferable Vote by Meek's Method",
// The Computer Journal 30(3), 1987, in the fixed-point form of the
// Proportional Representation Foundation's Reference Meek Rule (and the New
// Zealand rules), with Options.Precision decimals (default 9):
//
//   - every candidate has a keep factor k: 1 while hopeful, 0 once excluded;
//   - each ballot gives each candidate in turn the part w·k of its remaining
//     value w (rounded up to the precision) and passes on the rest; what is
//     left after the last preference is excess (non-transferable);
//   - the quota is (votes for candidates)/(seats+1), truncated, plus one unit
//     of the last decimal place; a hopeful reaching it is elected;
//   - the keep factor of each elected candidate is reset to k·q/v (both
//     steps rounded up) and the ballots distributed again, until the total
//     surplus is below omega = 10^-(2·precision/3) (10^-6 at 9 places) or
//     stops falling;
//   - then the hopeful with fewest votes is excluded (ties: earlier rounds,
//     then lot), and the iteration resumes.
//
// A round of the count sheet is one such action (surpluses or an exclusion)
// iterated to convergence; vote values are in units of 10^-precision.
func Meek(e *Election, o Options) *Result {
	p := o.Precision
	if p <= 0 {
		p = DefaultMeekPrecision
	}
	unit := pow10(p)
	parcels, valid := aggregate(e, unit)
	seats := o.seats(e)
	n := len(e.Candidates)
	res := &Result{
		Method: "meek", Title: e.Title, Candidates: e.Candidates, Seats: seats,
		Decimals: p, Valid: valid * unit,
		TieRule: "fewest votes at the most recent earlier round at which the tied candidates differed, then lot",
	}
	m := &meek{
		res: res, ties: newTieBreaker(res, o, true), unit: unit, seats: seats,
		parcels: parcels, keep: make([]int64, n), state: make([]int, n), votes: make([]int64, n),
		omega: pow10(p - 2*p/3),
	}
	for i := range m.keep {
		m.keep[i] = unit
	}
	for _, w := range e.Withdrawn {
		m.state[w], m.keep[w] = excluded, 0
	}
	res.Notes = []string{fmt.Sprintf("keep values rounded up to %d decimals; iteration stops when the total surplus is below %s or stops falling", p, FormatFixed(m.omega, p))}
	m.run()
	return res
}

type meek struct {
	res     *Result
	ties    *tieBreaker
	unit    int64
	seats   int
	parcels []parcel // the aggregated ballots
	active  []parcel // parcels cut after their first hopeful, merged (see compress)
	keep    []int64
	state   []int
	votes   []int64
	excess  int64
	quota   int64
	omega   int64
}

// mulUp returns ⌈a·b/d⌉ for non-negative a, b and positive d, or
// math.MaxInt64 if that does not fit.
func mulUp(a, b, d int64) int64 {
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	if hi >= uint64(d) {
		return math.MaxInt64
	}
	q, r := bits.Div64(hi, lo, uint64(d))
	if q >= math.MaxInt64 {
		return math.MaxInt64
	}
	if r != 0 {
		q++
	}
	return int64(q)
}

// compress prepares the ballots for the iterations of one round. A ballot
// stops at its first hopeful candidate (whose keep factor is 1) and skips
// excluded ones (0), so its distribution depends only on the elected
// candidates before its first hopeful and on that hopeful. Ballots alike in
// that prefix are merged: within a round only keep factors change, so the
// iterations walk the distinct prefixes (a few thousand even for a million
// ballots) with the same result, digit for digit, as walking every ballot.
func (m *meek) compress() {
	var t interner
	var counts []int64
	var buf []int32
	for i := range m.parcels {
		p := &m.parcels[i]
		buf = buf[:0]
		for _, c := range p.prefs {
			switch m.state[c] {
			case excluded:
				continue
			case hopeful:
				buf = append(buf, c)
			default:
				buf = append(buf, c)
				continue
			}
			break
		}
		j, isNew := t.add(buf)
		if isNew {
			counts = append(counts, 0)
		}
		counts[j] += p.count
	}
	m.active = m.active[:0]
	for j, n := range counts {
		m.active = append(m.active, parcel{prefs: t.seq(j), count: n})
	}
}

// distribute spreads every ballot over the candidates by the keep factors
// and sets the quota.
func (m *meek) distribute() {
	clear(m.votes)
	m.excess = 0
	for i := range m.active {
		p := &m.active[i]
		w := m.unit
		for _, c := range p.prefs {
			k := m.keep[c]
			if k == 0 {
				continue
			}
			if k >= m.unit {
				m.votes[c] += w * p.count
				w = 0
				break
			}
			kept := mulUp(w, k, m.unit)
			m.votes[c] += kept * p.count
			w -= kept
			if w == 0 {
				break
			}
		}
		m.excess += w * p.count
	}
	var total int64
	for c, v := range m.votes {
		if m.state[c] != excluded {
			total += v
		}
	}
	m.quota = total/int64(m.seats+1) + 1
}

func (m *meek) candidates(s int) []int {
	var out []int
	for c, st := range m.state {
		if st == s {
			out = append(out, c)
		}
	}
	return out
}

func (m *meek) seatsLeft() int { return m.seats - len(m.res.Winners) }

func (m *meek) record(action string) *Round {
	r := Round{
		Number: len(m.res.Rounds) + 1, Action: action, Totals: slices.Clone(m.votes),
		Exhausted: m.excess, Quota: m.quota,
	}
	// Meek loses nothing to rounding: each ballot keeps for a candidate its
	// share rounded up and passes on the exact rest, and what is left after
	// its last preference is excess. So candidates' votes plus excess must be
	// the valid vote to the unit (tolerance zero); Loss stays 0 and a count
	// that breaks this says so in its Notes (Result.Conserved fails too).
	var sum int64
	for _, v := range m.votes {
		sum += v
	}
	if d := m.res.Valid - sum - m.excess; d != 0 {
		m.res.Notes = append(m.res.Notes, fmt.Sprintf("round %d: votes and excess differ from the valid vote by %s", r.Number, FormatFixed(d, m.res.Decimals)))
	}
	r.Transfers = slices.Clone(m.votes)
	if k := len(m.res.Rounds); k > 0 {
		for i := range r.Transfers {
			r.Transfers[i] -= m.res.Rounds[k-1].Totals[i]
		}
	}
	m.res.Rounds = append(m.res.Rounds, r)
	m.res.Quota = m.quota
	return &m.res.Rounds[len(m.res.Rounds)-1]
}

// electQuota elects every hopeful with at least the quota, most votes
// first, and reports whether anyone was elected.
func (m *meek) electQuota() bool {
	var reached []int
	for _, h := range m.candidates(hopeful) {
		if m.votes[h] >= m.quota {
			reached = append(reached, h)
		}
	}
	round := len(m.res.Rounds)
	for _, h := range m.ties.orderByVotes(round, "election order", reached, m.votes) {
		if m.seatsLeft() <= 0 {
			break
		}
		m.state[h] = elected
		m.res.Winners = append(m.res.Winners, h)
		r := &m.res.Rounds[round-1]
		r.Elected = append(r.Elected, h)
		r.Reasons = append(r.Reasons, fmt.Sprintf("%s elected: reached the quota %s", m.res.Candidates[h], FormatFixed(m.quota, m.res.Decimals)))
	}
	return len(reached) > 0
}

// iterate redistributes until someone new reaches the quota (true) or the
// surplus converges (false). It returns the number of iterations too.
func (m *meek) iterate() (electedSome bool, iterations int) {
	m.compress()
	last := int64(-1)
	for {
		iterations++
		m.distribute()
		var surplus int64
		newly := false
		for _, h := range m.candidates(hopeful) {
			if m.votes[h] >= m.quota {
				newly = true
			}
		}
		if newly {
			return true, iterations
		}
		for _, c := range m.candidates(elected) {
			surplus += m.votes[c] - m.quota
		}
		surplus = max(surplus, 0)
		if surplus < m.omega || (last >= 0 && surplus >= last) {
			return false, iterations
		}
		last = surplus
		for _, c := range m.candidates(elected) {
			if m.votes[c] > 0 {
				m.keep[c] = min(m.unit, mulUp(mulUp(m.keep[c], m.quota, m.unit), m.unit, m.votes[c]))
			}
		}
	}
}

func (m *meek) done() bool {
	return m.seatsLeft() <= 0 || len(m.candidates(hopeful)) <= m.seatsLeft()
}

func (m *meek) run() {
	m.compress()
	m.distribute()
	m.record("first preferences")
	m.electQuota()
	converged := false
	for !m.done() {
		action, x := "surpluses", -1
		if converged {
			x = m.lowest()
			m.state[x], m.keep[x] = excluded, 0
			action = "exclusion of " + m.res.Candidates[x]
		}
		more, its := m.iterate()
		r := m.record(fmt.Sprintf("%s (%d iterations)", action, its))
		if x >= 0 {
			r.Excluded = []int{x}
			r.Reasons = []string{fmt.Sprintf("%s excluded with the fewest votes", m.res.Candidates[x])}
		}
		if more {
			m.electQuota()
		}
		converged = !more
	}
	if left := m.seatsLeft(); left > 0 {
		hs := m.candidates(hopeful)
		for _, h := range m.ties.orderByVotes(len(m.res.Rounds), "election order", hs, m.votes) {
			m.state[h] = elected
			m.res.Winners = append(m.res.Winners, h)
			r := &m.res.Rounds[len(m.res.Rounds)-1]
			r.Elected = append(r.Elected, h)
			r.Reasons = append(r.Reasons, fmt.Sprintf("%s elected: continuing candidates no more than vacancies", m.res.Candidates[h]))
		}
	}
}

// lowest picks the hopeful to exclude.
func (m *meek) lowest() int {
	hs := m.candidates(hopeful)
	low := m.votes[hs[0]]
	for _, h := range hs {
		low = min(low, m.votes[h])
	}
	var tied []int
	for _, h := range hs {
		if m.votes[h] == low {
			tied = append(tied, h)
		}
	}
	return m.ties.pick(len(m.res.Rounds), "exclusion", tied, true)
}
