package sortition

import (
	"math"
	"sort"
)

// balance lowers the largest distance between a person's tickets and m
// times their probability (want[i]) by exchanges on single tickets: on a
// ticket holding i and not j, j takes i's seat when the ticket stays a
// panel (j's values keep every quota, j's household has no one else on
// the ticket). Tickets need not be panels of the distribution; each stays
// a valid panel. An exchange is made only when i's excess exceeds j's by
// more than one ticket, so Σ(tickets − want)² falls with every exchange
// and the search ends; people are taken from the largest distance down,
// their partners from the other extreme. When no single exchange helps,
// pairPass tries a double one on a ticket. Where every pair may exchange,
// the search ends with every person within one ticket of what is due;
// it also stops after balanceWork exchanges tried (a count of work, not
// time, so the tickets are the same on every machine).
func (l *Lottery) balance(want []float64) {
	in, M := l.in, len(l.Tickets)
	n := len(in.People)
	if M == 0 || n == 0 {
		return
	}
	fi := in.features()
	lo, hi := make([]int, fi.n), make([]int, fi.n)
	for f := 0; f < fi.n; f++ {
		_, v := in.value(f)
		lo[f], hi[f] = v.Min, v.Max
	}
	words := (n + 63) / 64
	on := make([]uint64, M*words) // on[t*words + i/64]: i holds a seat on ticket t
	has := func(t, i int) bool { return on[t*words+i/64]&(1<<(i%64)) != 0 }
	feat := make([][]int, M)
	house := make([]map[int]bool, M)
	dev := make([]float64, n)
	for i := range dev {
		dev[i] = -want[i]
	}
	for t, tk := range l.Tickets {
		feat[t] = make([]int, fi.n)
		house[t] = map[int]bool{}
		for _, i := range tk {
			on[t*words+i/64] |= 1 << (i % 64)
			for c, v := range in.People[i].Values {
				feat[t][fi.offset[c]+v]++
			}
			if h := in.People[i].Household; h >= 0 {
				house[t][h] = true
			}
			dev[i]++
		}
	}
	work := &l.work.BalanceWork
	// fits: may j take i's seat on ticket t?
	fits := func(t, i, j int) bool {
		*work++
		if has(t, j) {
			return false
		}
		pi, pj := in.People[i], in.People[j]
		if h := pj.Household; h >= 0 && h != pi.Household && house[t][h] {
			return false
		}
		for c, vi := range pi.Values {
			if vj := pj.Values[c]; vj != vi {
				if feat[t][fi.offset[c]+vi]-1 < lo[fi.offset[c]+vi] || feat[t][fi.offset[c]+vj]+1 > hi[fi.offset[c]+vj] {
					return false
				}
			}
		}
		return true
	}
	swap := func(t, i, j int) {
		pi, pj := in.People[i], in.People[j]
		for c := range pi.Values {
			feat[t][fi.offset[c]+pi.Values[c]]--
			feat[t][fi.offset[c]+pj.Values[c]]++
		}
		if pi.Household >= 0 {
			delete(house[t], pi.Household)
		}
		if pj.Household >= 0 {
			house[t][pj.Household] = true
		}
		on[t*words+i/64] &^= 1 << (i % 64)
		on[t*words+j/64] |= 1 << (j % 64)
		for k, x := range l.Tickets[t] {
			if x == i {
				l.Tickets[t][k] = j
				break
			}
		}
		dev[i]--
		dev[j]++
	}
	ticketsOf := func(i int, buf []int) []int {
		buf = buf[:0]
		for t := 0; t < M; t++ {
			if has(t, i) {
				buf = append(buf, t)
			}
		}
		return buf
	}
	order := make([]int, n)
	var buf []int
	for pass := 0; ; pass++ {
		if *work >= balanceWork {
			l.work.BalanceCapped = true
			break
		}
		l.work.BalancePasses = pass + 1
		for i := range order {
			order[i] = i
		}
		sort.SliceStable(order, func(a, b int) bool { return math.Abs(dev[order[a]]) > math.Abs(dev[order[b]]) })
		byDev := append([]int(nil), order...)
		sort.SliceStable(byDev, func(a, b int) bool { return dev[byDev[a]] < dev[byDev[b]] })
		moved := 0
		for _, i := range order {
			if math.Abs(dev[i]) <= 0.5 || *work >= balanceWork {
				break
			}
			done := false
			if dev[i] > 0 { // i gives a seat to someone short of tickets
				buf = ticketsOf(i, buf)
				for k := 0; k < n && !done; k++ {
					j := byDev[k]
					if dev[i]-dev[j] <= 1+1e-9 {
						continue
					}
					for _, t := range buf {
						if fits(t, i, j) {
							swap(t, i, j)
							done = true
							break
						}
					}
				}
			} else { // i takes a seat from someone with too many
				for k := 0; k < n && !done; k++ {
					j := byDev[n-1-k]
					if dev[j]-dev[i] <= 1+1e-9 {
						continue
					}
					buf = ticketsOf(j, buf)
					for _, t := range buf {
						if fits(t, j, i) {
							swap(t, j, i)
							done = true
							break
						}
					}
				}
			}
			if done {
				moved++
			}
		}
		if moved == 0 && !l.pairPass(order, byDev, dev, work, fits2{has, house, feat, lo, hi, fi, swap, ticketsOf}) {
			break
		}
	}
	for _, tk := range l.Tickets {
		sort.Ints(tk)
	}
}

// fits2 carries balance's ticket state to pairPass.
type fits2 struct {
	has       func(t, i int) bool
	house     []map[int]bool
	feat      [][]int
	lo, hi    []int
	fi        featureIndex
	swap      func(t, i, j int)
	ticketsOf func(i int, buf []int) []int
}

// pairPass makes one double exchange on a ticket for the first person
// (largest distance first) whom no single exchange helps: i leaves the
// ticket for j (or j for i), which may break a quota or a household, and
// a second exchange k → l on the same ticket repairs it, the four
// together lowering Σ(tickets − want)². It reports whether it made one;
// every exchange it tries counts one unit of *work, and it gives up once
// *work reaches balanceWork.
func (l *Lottery) pairPass(order, byDev []int, dev []float64, work *int, s fits2) bool {
	in, n := l.in, len(l.in.People)
	const tries, firsts = 64, 64
	seconds := n
	valid := func(t int) bool {
		for f, x := range s.feat[t] {
			if x < s.lo[f] || x > s.hi[f] {
				return false
			}
		}
		return true
	}
	houseOK := func(t, out, j int) bool {
		h := in.People[j].Household
		return h < 0 || h == in.People[out].Household || !s.house[t][h]
	}
	// second finds k on t and l off t (l ≠ back) whose exchange makes t a
	// panel again and lowers Σdev² by more than cost; it makes it.
	second := func(t, back int, cost float64) bool {
		var over, under []int
		for f, x := range s.feat[t] {
			if x > s.hi[f] {
				over = append(over, f)
			} else if x < s.lo[f] {
				under = append(under, f)
			}
		}
		holds := func(p int, fs []int) bool {
			for _, f := range fs {
				c := sort.SearchInts(s.fi.offset, f+1) - 1
				if s.fi.offset[c]+in.People[p].Values[c] != f {
					return false
				}
			}
			return true
		}
		tk := append([]int(nil), l.Tickets[t]...)
		for _, k := range tk {
			if !holds(k, over) {
				continue
			}
			for m := 0; m < seconds && m < n; m++ {
				p := byDev[m]
				if p == back || 2*(dev[p]-dev[k]+1)+cost >= -1e-9 {
					continue
				}
				if s.has(t, p) || !holds(p, under) || !houseOK(t, k, p) {
					continue
				}
				*work++
				s.swap(t, k, p)
				if valid(t) {
					return true
				}
				s.swap(t, p, k)
			}
		}
		return false
	}
	// cands lists who may take i's seat: housemates first (they may trade
	// seats where no one else can), then everyone, furthest below
	// what is due first.
	mates := map[int][]int{}
	for p, q := range in.People {
		if q.Household >= 0 {
			mates[q.Household] = append(mates[q.Household], p)
		}
	}
	cands := func(i int) []int {
		var out []int
		if h := in.People[i].Household; h >= 0 {
			for _, p := range mates[h] {
				if p != i {
					out = append(out, p)
				}
			}
		}
		return append(out, byDev...)
	}
	var buf []int
	for _, i := range order {
		if math.Abs(dev[i]) <= 1 || *work >= balanceWork {
			return false
		}
		if dev[i] > 0 {
			buf = s.ticketsOf(i, buf)
			for a, t := range buf {
				if a >= tries {
					break
				}
				cs := cands(i)
				for m, c := 0, 0; m < len(cs) && c < firsts; m++ {
					j := cs[m]
					cost := 2 * (dev[j] - dev[i] + 1)
					if cost >= 0 || s.has(t, j) || !houseOK(t, i, j) {
						continue
					}
					c++
					*work++
					s.swap(t, i, j)
					if second(t, i, cost) {
						return true
					}
					s.swap(t, j, i)
				}
			}
		} else {
			// every ticket i may join, every member j with more than
			// one ticket above i's excess: where i's household fills all
			// tickets but one, that one ticket is the only way in
			attempts := 0
			for t := 0; t < len(l.Tickets) && attempts < tries*firsts; t++ {
				if s.has(t, i) {
					continue
				}
				tk := append([]int(nil), l.Tickets[t]...)
				for _, j := range tk {
					cost := 2 * (dev[i] - dev[j] + 1)
					if cost >= 0 || !houseOK(t, j, i) {
						continue
					}
					attempts++
					*work++
					s.swap(t, j, i)
					if second(t, j, cost) {
						return true
					}
					s.swap(t, i, j)
				}
			}
		}
	}
	return false
}
