package voting

import (
	"fmt"
	"slices"
	"strings"
)

// RCV counts ranked-choice voting as Minneapolis does (and as RCTab, the
// tabulator US jurisdictions certify, implements it):
//
// With one seat it is instant-runoff voting (irv): each round every ballot
// counts for its highest-ranked continuing candidate; a candidate with more
// than half the votes of the round wins; otherwise the candidate with the
// fewest votes is eliminated, or with Options.BatchElimination every
// candidate in the largest group of lowest candidates whose combined votes
// are fewer than the next candidate's (Minneapolis Code of Ordinances
// §167.70, RCTab "batchElimination").
//
// With more seats (minneapolis-stv) the threshold is ⌊v/(seats+1)⌋+1, v
// the ballots continuing in round 1; every candidate reaching it is elected
// in that round and the next round transfers their surpluses by fractional
// transfer, each ballot keeping value w·⌊s/t⌋ to Options.Precision
// (default 4) decimal places, rounded down; otherwise the lowest candidate
// is eliminated. When continuing candidates no longer outnumber the open
// seats they are all elected (§167.80).
//
// Ballot handling follows the options: an overvote exhausts the ballot
// ("exhaust", Minneapolis 2013) or is skipped ("skip", 2017); more than
// Options.MaxSkipped consecutive empty ranks exhaust it; a candidate ranked
// again is skipped. Ballots without any mark are blank and not counted.
// Ties are decided by lot, as in Minneapolis.
func RCV(e *Election, o Options) *Result {
	seats := o.seats(e)
	dec := 0
	if seats > 1 {
		dec = 4
		if o.Precision > 0 {
			dec = o.Precision
		}
	}
	method := "irv"
	if seats > 1 {
		method = "minneapolis-stv"
	}
	c := &rcv{opt: o, unit: pow10(dec), seats: seats}
	c.res = &Result{
		Method: method, Title: e.Title, Candidates: e.Candidates, Seats: seats, Decimals: dec,
		TieRule: "lot, as Minneapolis decides ties (RCTab tiebreakMode \"random\")",
	}
	c.ties = newTieBreaker(c.res, o, false)
	c.init(e)
	c.run()
	return c.res
}

type rcvBallot struct {
	ranks  []int32
	count  int64
	weight int64 // value of each paper in units
	pos    int32
}

type rcv struct {
	opt       Options
	res       *Result
	ties      *tieBreaker
	unit      int64
	seats     int
	ballots   []rcvBallot
	piles     [][]int32
	state     []int
	totals    []int64
	exhausted int64
	loss      int64
	threshold int64
	surplus   []int // elected in the last round, surpluses to transfer
}

func (c *rcv) init(e *Election) {
	n := len(e.Candidates)
	c.piles = make([][]int32, n)
	c.state = make([]int, n)
	c.totals = make([]int64, n)
	withdrawn := make([]bool, n)
	for _, w := range e.Withdrawn {
		withdrawn[w] = true
		c.state[w] = excluded
	}
	seen := make([]bool, n)
	var t interner
	var counts []int64
	var buf []int32
	for _, b := range e.Ballots {
		marked := false
		for _, r := range b.Ranks {
			if r != Undervote {
				marked = true
				break
			}
		}
		if !marked || b.Count == 0 {
			continue // blank
		}
		buf = buf[:0]
		for _, r := range b.Ranks {
			v := int32(r)
			switch {
			case r < 0:
			case withdrawn[r]:
				v = Undervote
			case seen[r]:
				v = repeated
			default:
				seen[r] = true
			}
			buf = append(buf, v)
		}
		for _, r := range b.Ranks {
			if r >= 0 {
				seen[r] = false
			}
		}
		i, isNew := t.add(buf)
		if isNew {
			counts = append(counts, 0)
		}
		counts[i] += b.Count
	}
	c.ballots = make([]rcvBallot, len(counts))
	for i := range c.ballots {
		c.ballots[i] = rcvBallot{ranks: t.seq(i), count: counts[i], weight: c.unit, pos: -1}
	}
	for i := range c.ballots {
		c.res.Valid += c.ballots[i].count * c.unit
	}
	notes := []string{}
	if c.opt.OvervoteRule == "skip" {
		notes = append(notes, "an overvoted rank is skipped")
	} else {
		notes = append(notes, "an overvoted rank exhausts the ballot")
	}
	if c.opt.SkipLimitSet {
		notes = append(notes, fmt.Sprintf("more than %d consecutive empty ranks exhaust the ballot", c.opt.MaxSkipped))
	} else {
		notes = append(notes, "empty ranks are skipped")
	}
	if c.opt.BatchElimination && c.seats == 1 {
		notes = append(notes, "batch elimination of candidates who together have fewer votes than the next")
	}
	if c.opt.WriteIn != "" {
		notes = append(notes, fmt.Sprintf("undeclared write-ins (%s) are eliminated first", c.opt.WriteIn))
	}
	c.res.Notes = []string{strings.Join(notes, "; ")}
}

// advance moves b to its next continuing candidate; false if exhausted.
func (c *rcv) advance(b *rcvBallot) bool {
	skipped := 0
	for b.pos++; int(b.pos) < len(b.ranks); b.pos++ {
		switch r := b.ranks[b.pos]; {
		case r == Undervote:
			skipped++
			if c.opt.SkipLimitSet && skipped > c.opt.MaxSkipped {
				return false
			}
		case r == Overvote:
			if c.opt.OvervoteRule != "skip" {
				return false
			}
		case r == repeated:
		default:
			skipped = 0
			if c.state[r] == hopeful {
				return true
			}
		}
	}
	return false
}

// repeated marks, in an rcvBallot, a candidate ranked again: if the earlier
// rank was passed over, so is this one (it is neither a skip nor a mark).
const repeated = -3

func (c *rcv) place(i int32) {
	b := &c.ballots[i]
	if b.weight == 0 {
		return
	}
	if !c.advance(b) {
		c.exhausted += b.count * b.weight
		return
	}
	to := b.ranks[b.pos]
	c.totals[to] += b.count * b.weight
	c.piles[to] = append(c.piles[to], i)
}

func (c *rcv) record(action string) *Round {
	r := Round{
		Number: len(c.res.Rounds) + 1, Action: action, Totals: slices.Clone(c.totals),
		Exhausted: c.exhausted, Loss: c.loss, Quota: c.threshold,
	}
	r.Transfers = slices.Clone(c.totals)
	if k := len(c.res.Rounds); k > 0 {
		for i := range r.Transfers {
			r.Transfers[i] -= c.res.Rounds[k-1].Totals[i]
		}
	}
	c.res.Rounds = append(c.res.Rounds, r)
	return &c.res.Rounds[len(c.res.Rounds)-1]
}

func (c *rcv) hopefuls() []int {
	var hs []int
	for i, s := range c.state {
		if s == hopeful {
			hs = append(hs, i)
		}
	}
	return hs
}

func (c *rcv) elect(x int, why string) {
	c.state[x] = elected
	c.res.Winners = append(c.res.Winners, x)
	r := &c.res.Rounds[len(c.res.Rounds)-1]
	r.Elected = append(r.Elected, x)
	r.Reasons = append(r.Reasons, fmt.Sprintf("%s elected: %s", c.res.Candidates[x], why))
}

func (c *rcv) run() {
	for i := range c.ballots {
		c.place(int32(i))
	}
	c.record("first choices")
	if c.seats > 1 {
		var active int64
		for _, t := range c.totals {
			active += t
		}
		c.threshold = (active/c.unit/int64(c.seats+1) + 1) * c.unit
		c.res.Quota = c.threshold
		c.res.Rounds[0].Quota = c.threshold
	}
	for {
		done := c.decide()
		if done {
			break
		}
		if len(c.surplus) > 0 {
			c.transferSurpluses()
			if len(c.res.Winners) >= c.seats {
				break
			}
			continue
		}
		c.eliminate()
	}
}

// decide elects whoever the round's tally elects; it reports whether the
// count is over (apart from a last transfer of surpluses for the record).
func (c *rcv) decide() bool {
	hs := c.hopefuls()
	round := len(c.res.Rounds)
	if c.seats == 1 {
		var active int64
		for _, h := range hs {
			active += c.totals[h]
		}
		for _, h := range hs {
			if 2*c.totals[h] > active {
				c.elect(h, "more than half the continuing votes")
				return true
			}
		}
		if len(hs) == 1 {
			c.elect(hs[0], "last continuing candidate")
			return true
		}
		if len(hs) == 0 {
			return true
		}
		return false
	}
	var reached []int
	for _, h := range hs {
		if c.totals[h] >= c.threshold {
			reached = append(reached, h)
		}
	}
	for _, h := range c.ties.orderByVotes(round, "election order", reached, c.totals) {
		if len(c.res.Winners) < c.seats {
			c.elect(h, "reached the threshold")
			c.surplus = append(c.surplus, h)
		}
	}
	left := c.seats - len(c.res.Winners)
	if hs = c.hopefuls(); left > 0 && len(hs) <= left {
		for _, h := range c.ties.orderByVotes(round, "election order", hs, c.totals) {
			c.elect(h, "continuing candidates no more than open seats")
		}
	}
	if len(c.res.Winners) >= c.seats || len(c.hopefuls()) == 0 {
		// the surplus of a candidate elected in this last round is still
		// transferred, in a final round, as RCTab reports it
		if len(c.surplus) > 0 {
			c.transferSurpluses()
		}
		return true
	}
	return false
}

func (c *rcv) transferSurpluses() {
	var parts []string
	for _, x := range c.surplus {
		total := c.totals[x]
		s := total - c.threshold
		frac := mulDown(s, c.unit, total) // ⌊s/t⌋ to the precision
		var moved, ex int64
		before := c.exhausted
		for _, i := range c.piles[x] {
			b := &c.ballots[i]
			b.weight = mulDown(b.weight, frac, c.unit)
			if b.weight == 0 {
				continue
			}
			v := b.count * b.weight
			if !c.advance(b) {
				c.exhausted += v
				continue
			}
			to := b.ranks[b.pos]
			c.totals[to] += v
			c.piles[to] = append(c.piles[to], i)
			moved += v
		}
		ex = c.exhausted - before
		c.piles[x] = nil
		c.totals[x] = c.threshold
		c.loss += s - moved - ex
		parts = append(parts, fmt.Sprintf("%s (%s at %s)", c.res.Candidates[x], c.res.Format(s), FormatFixed(frac, c.res.Decimals)))
	}
	c.surplus = nil
	c.record("surplus of " + strings.Join(parts, ", "))
}

func (c *rcv) eliminate() {
	hs := c.hopefuls()
	var out []int
	if len(c.res.Rounds) == 1 && c.opt.WriteIn != "" {
		for _, h := range hs {
			if c.res.Candidates[h] == c.opt.WriteIn {
				out = []int{h}
			}
		}
	}
	if len(out) == 0 && c.opt.BatchElimination && c.seats == 1 {
		out = c.batch(hs)
	}
	if len(out) == 0 {
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
		out = []int{c.ties.pick(len(c.res.Rounds), "elimination", tied, true)}
	}
	for _, x := range out {
		c.state[x] = excluded
	}
	for _, x := range out {
		for _, i := range c.piles[x] {
			c.place(i)
		}
		c.piles[x] = nil
		c.totals[x] = 0
	}
	r := c.record("elimination of " + strings.Join(names(c.res, out), ", "))
	r.Excluded = out
	for _, x := range out {
		r.Reasons = append(r.Reasons, fmt.Sprintf("%s eliminated", c.res.Candidates[x]))
	}
}

// batch returns the largest set of lowest candidates whose combined votes
// are fewer than the votes of the next candidate up, if it has two or more.
func (c *rcv) batch(hs []int) []int {
	sorted := slices.Clone(hs)
	slices.SortStableFunc(sorted, func(a, b int) int {
		switch {
		case c.totals[a] < c.totals[b]:
			return -1
		case c.totals[a] > c.totals[b]:
			return 1
		}
		return 0
	})
	var sum int64
	k := 0
	for i := 0; i < len(sorted)-1; i++ {
		sum += c.totals[sorted[i]]
		if sum < c.totals[sorted[i+1]] {
			k = i + 1
		}
	}
	if k < 2 {
		return nil
	}
	return sorted[:k]
}

func names(r *Result, cs []int) []string {
	out := make([]string, len(cs))
	for i, x := range cs {
		out[i] = r.Candidates[x]
	}
	return out
}
