package sortition

import (
	"fmt"
	"sort"
	"strings"
)

// swapSearch improves a feasible profile for weights w by swapping one
// person of one type for one of another while every quota and household
// rule still holds, taking the best swap each time, until no swap gains
// more than minGain. It is the cheap first try of the pricing step: only
// when it finds no improving panel does the integer program run.
type swapSearch struct {
	in    *Instance
	ts    *typeSet
	minOf []int // quota bounds per feature
	maxOf []int
	house []int  // house[t]: index into ts.households, or -1
	order []int  // types by descending weight (per call)
	lo    []int  // per type: at least lo[t] members (nil: 0)
	hi    []int  // per type: at most hi[t] members (nil: all of the type)
	full  []bool // per household: keeps its one member (nil: none)
	// class (on a face): a swap a→b can keep every pinned feature count
	// only if a and b agree on every category where either has a pinned
	// feature, so swaps stay within classes; byClass holds each class's
	// types by descending weight (per call).
	class   []int
	byClass [][]int
}

// onFace returns a swap search that stays on face f (started on it).
func (s *swapSearch) onFace(f *face) *swapSearch {
	c := *s
	c.order = nil
	c.minOf, c.maxOf = f.featLo, f.featHi
	c.lo, c.hi = f.typeLo, f.typeHi
	c.full = f.houseFull
	// a category's key is its feature if that feature is pinned, else -1
	// (a swap between two unpinned features is checked by swapOK)
	ids := map[string]int{}
	c.class = make([]int, s.ts.n())
	var key strings.Builder
	for t, fs := range s.ts.feats {
		key.Reset()
		for _, g := range fs {
			if f.featLo[g] == f.featHi[g] {
				fmt.Fprintf(&key, "%d,", g)
			} else {
				key.WriteString("-,")
			}
		}
		id, ok := ids[key.String()]
		if !ok {
			id = len(ids)
			ids[key.String()] = id
		}
		c.class[t] = id
	}
	c.byClass = make([][]int, len(ids))
	return &c
}

func newSwapSearch(in *Instance, ts *typeSet) *swapSearch {
	fi := in.features()
	s := &swapSearch{in: in, ts: ts, minOf: make([]int, fi.n), maxOf: make([]int, fi.n), house: make([]int, ts.n())}
	for f := 0; f < fi.n; f++ {
		_, v := in.value(f)
		s.minOf[f], s.maxOf[f] = v.Min, v.Max
	}
	for t := range s.house {
		s.house[t] = -1
	}
	for h, types := range ts.households {
		for _, t := range types {
			s.house[t] = h
		}
	}
	return s
}

// improve returns the local optimum reached from start.
func (s *swapSearch) improve(start profile, w []float64, minGain float64) profile {
	T := s.ts.n()
	if len(s.order) != T {
		s.order = make([]int, T)
		for t := range s.order {
			s.order[t] = t
		}
	}
	sort.SliceStable(s.order, func(i, j int) bool { return w[s.order[i]] > w[s.order[j]] })
	if s.class != nil {
		for c := range s.byClass {
			s.byClass[c] = s.byClass[c][:0]
		}
		for _, t := range s.order {
			s.byClass[s.class[t]] = append(s.byClass[s.class[t]], t)
		}
	}
	n := make([]int, T)
	feat := make([]int, len(s.minOf))
	houseUsed := make([]int, len(s.ts.households))
	for i, t := range start.types {
		n[t] = start.counts[i]
		for _, f := range s.ts.feats[t] {
			feat[f] += n[t]
		}
		if h := s.house[t]; h >= 0 {
			houseUsed[h] += n[t]
		}
	}
	for iter := 0; iter < 10*s.in.K; iter++ {
		bestGain, bestA, bestB := minGain, -1, -1
		for a := 0; a < T; a++ {
			if n[a] == 0 || s.lo != nil && n[a] <= s.lo[a] {
				continue
			}
			order := s.order
			if s.class != nil {
				order = s.byClass[s.class[a]]
			}
			for _, b := range order {
				gain := w[b] - w[a]
				if gain <= bestGain {
					break // order is by descending weight
				}
				if b == a || n[b] >= s.ts.count(b) || s.hi != nil && n[b] >= s.hi[b] || !s.swapOK(a, b, feat, houseUsed) {
					continue
				}
				bestGain, bestA, bestB = gain, a, b
				break
			}
		}
		if bestA < 0 {
			break
		}
		a, b := bestA, bestB
		n[a]--
		n[b]++
		for _, f := range s.ts.feats[a] {
			feat[f]--
		}
		for _, f := range s.ts.feats[b] {
			feat[f]++
		}
		if h := s.house[a]; h >= 0 {
			houseUsed[h]--
		}
		if h := s.house[b]; h >= 0 {
			houseUsed[h]++
		}
	}
	var p profile
	for t, c := range n {
		if c > 0 {
			p.types = append(p.types, t)
			p.counts = append(p.counts, c)
		}
	}
	return p
}

// swapOK reports whether replacing one person of type a by one of type b
// keeps the quotas and the household rule.
func (s *swapSearch) swapOK(a, b int, feat, houseUsed []int) bool {
	fa, fb := s.ts.feats[a], s.ts.feats[b]
	for c := range fa {
		if fa[c] == fb[c] {
			continue
		}
		if feat[fa[c]]-1 < s.minOf[fa[c]] || feat[fb[c]]+1 > s.maxOf[fb[c]] {
			return false
		}
	}
	if h := s.house[a]; h >= 0 && s.full != nil && s.full[h] && s.house[b] != h {
		return false // a full household keeps its member
	}
	if h := s.house[b]; h >= 0 {
		used := houseUsed[h]
		if s.house[a] == h {
			used--
		}
		if used > 0 {
			return false
		}
	}
	return true
}

// warmStart generates a diverse set of feasible panels by multiplicative
// weights with the swap search as a cheap (approximate) oracle, as the
// paper's first phase does with the integer program: each round finds a
// good panel for the current weights and scales down the weight of the
// types it uses. rounds bounds the work; panels repeats are skipped.
func warmStart(in *Instance, ts *typeSet, start []profile, rounds int) []profile {
	if len(start) == 0 {
		return nil
	}
	s := newSwapSearch(in, ts)
	T := ts.n()
	w := make([]float64, T)
	for t := range w {
		w[t] = 1
	}
	seen := map[string]bool{}
	for _, p := range start {
		seen[p.key()] = true
	}
	var out []profile
	cur := start[0]
	for r := 0; r < rounds; r++ {
		// restart from each known panel in turn, so the walk stays diverse
		from := cur
		if r%4 == 0 {
			from = start[(r/4)%len(start)]
		}
		p := s.improve(from, w, 1e-12)
		k := p.key()
		if !seen[k] {
			seen[k] = true
			out = append(out, p)
			for i, t := range p.types {
				w[t] *= 1 - 0.2*float64(p.counts[i])/float64(ts.count(t))
			}
		} else {
			for t := range w {
				w[t] = 0.9*w[t] + 0.1
			}
		}
		cur = p
		sum := 0.0
		for _, x := range w {
			sum += x
		}
		for t := range w {
			w[t] *= float64(T) / sum
		}
	}
	return out
}
