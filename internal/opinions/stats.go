package opinions

import (
	"math"
	"slices"
)

// z90 is the one-sided 90 % critical value of the standard normal
// distribution, Pol.is's significance threshold (stats/z-sig-90?).
const z90 = 1.2816

// maxRepresentative and maxConsensus cap the lists Pol.is shows.
const (
	maxRepresentative = 5
	maxConsensus      = 5
)

// counts are the agrees, disagrees and votes (any sign) on one statement.
type counts struct{ A, D, S int32 }

func (c *counts) add(v Vote, sign int32) {
	c.S += sign
	switch v {
	case Agree:
		c.A += sign
	case Disagree:
		c.D += sign
	}
}

// propTest is Pol.is's one-proportion test of succ successes in n trials
// against 1/2, with a +1 prior: 2·sqrt(n+1)·((succ+1)/(n+1) − 1/2).
func propTest(succ, n float64) float64 {
	return 2 * math.Sqrt(n+1) * ((succ+1)/(n+1) - 0.5)
}

// twoPropTest is Pol.is's pooled two-proportion z-test of succ1/n1 against
// succ2/n2, with every count incremented by one. It is 0 when the pooled
// proportion is 1.
func twoPropTest(succ1, succ2, n1, n2 float64) float64 {
	succ1, succ2, n1, n2 = succ1+1, succ2+1, n1+1, n2+1
	p1, p2 := succ1/n1, succ2/n2
	p := (succ1 + succ2) / (n1 + n2)
	if p >= 1 {
		return 0
	}
	return (p1 - p2) / math.Sqrt(p*(1-p)*(1/n1+1/n2))
}

// commentStats are the statistics of one group's votes on one statement
// (Pol.is's comment-stats plus add-comparitive-stats).
type commentStats struct {
	na, nd, ns       float64
	pa, pd, pat, pdt float64
	ra, rd, rat, rdt float64
	tid              int
}

func newCommentStats(tid int, in, rest counts) commentStats {
	s := commentStats{tid: tid, na: float64(in.A), nd: float64(in.D), ns: float64(in.S)}
	s.pa = (1 + s.na) / (2 + s.ns)
	s.pd = (1 + s.nd) / (2 + s.ns)
	s.pat = propTest(s.na, s.ns)
	s.pdt = propTest(s.nd, s.ns)
	ra, rd, rs := float64(rest.A), float64(rest.D), float64(rest.S)
	s.ra = s.pa / ((1 + ra) / (2 + rs))
	s.rd = s.pd / ((1 + rd) / (2 + rs))
	s.rat = twoPropTest(s.na, ra, s.ns, rs)
	s.rdt = twoPropTest(s.nd, rd, s.ns, rs)
	return s
}

// Representative is a statement that sets a group apart from the others.
type Representative struct {
	Statement int     `json:"tid"`
	RepfulFor string  `json:"repful_for"` // "agree" or "disagree"
	NSuccess  int     `json:"n_success"`  // members who agreed (or disagreed)
	NTrials   int     `json:"n_trials"`   // members who voted on it
	PSuccess  float64 `json:"p_success"`  // (1+n_success)/(2+n_trials)
	PTest     float64 `json:"p_test"`     // one-proportion z
	Repness   float64 `json:"repness"`    // p_success relative to the other groups
	RepTest   float64 `json:"repness_test"`
	BestAgree bool    `json:"best_agree,omitempty"`
}

func (s commentStats) finalize() Representative {
	if s.rat > s.rdt {
		return Representative{Statement: s.tid, RepfulFor: "agree", NSuccess: int(s.na), NTrials: int(s.ns),
			PSuccess: s.pa, PTest: s.pat, Repness: s.ra, RepTest: s.rat}
	}
	return Representative{Statement: s.tid, RepfulFor: "disagree", NSuccess: int(s.nd), NTrials: int(s.ns),
		PSuccess: s.pd, PTest: s.pdt, Repness: s.rd, RepTest: s.rdt}
}

func (r Representative) metric() float64 { return r.Repness * r.RepTest * r.PSuccess * r.PTest }

func (s commentStats) passes() bool {
	return (s.rat > z90 && s.pat > z90) || (s.rdt > z90 && s.pdt > z90)
}

// beatsBestAgree follows Pol.is's beats-best-agr?.
func (s commentStats) beatsBestAgree(best *commentStats) bool {
	switch {
	case s.na == 0 && s.nd == 0:
		return false
	case best != nil && best.ra > 1:
		return s.ra*s.rat*s.pa*s.pat > best.ra*best.rat*best.pa*best.pat
	case best != nil:
		return s.pa*s.pat > best.pa*best.pat
	default:
		return s.pat > z90 || (s.ra > 1 && s.pa > 0.5)
	}
}

// selectRepresentative picks up to five representative statements for one
// group from its per-statement stats (in column order), as Pol.is's
// select-rep-comments: statements passing both tests, sorted by
// repness·repness-test·p-success·p-test, the best agree statement first,
// agrees before disagrees; if none passes, the single best one.
func selectRepresentative(stats []commentStats) []Representative {
	var sufficient []Representative
	var best *Representative
	var bestAgree *commentStats
	for i := range stats {
		s := &stats[i]
		if s.passes() {
			sufficient = append(sufficient, s.finalize())
		}
		if len(sufficient) == 0 && (best == nil || max(s.rat, s.rdt) > best.RepTest) {
			f := s.finalize()
			best = &f
		}
		if s.beatsBestAgree(bestAgree) {
			bestAgree = s
		}
	}
	var head []Representative
	if bestAgree != nil {
		f := bestAgree.finalize()
		f.BestAgree = true
		head = []Representative{f}
	} else if best != nil {
		head = []Representative{*best}
	}
	if len(sufficient) == 0 {
		return head
	}
	if bestAgree != nil {
		sufficient = slices.DeleteFunc(sufficient, func(r Representative) bool { return r.Statement == bestAgree.tid })
	}
	slices.SortStableFunc(sufficient, func(a, b Representative) int {
		ma, mb := a.metric(), b.metric()
		switch {
		case ma > mb:
			return -1
		case ma < mb:
			return 1
		}
		return 0
	})
	out := append(head, sufficient...)
	out = out[:min(len(out), maxRepresentative)]
	var agrees, disagrees []Representative
	for _, r := range out {
		if r.RepfulFor == "agree" {
			agrees = append(agrees, r)
		} else {
			disagrees = append(disagrees, r)
		}
	}
	return append(agrees, disagrees...)
}

// ConsensusStatement is a statement most participants agree (or disagree) on.
type ConsensusStatement struct {
	Statement int     `json:"tid"`
	NSuccess  int     `json:"n_success"`
	NTrials   int     `json:"n_trials"`
	PSuccess  float64 `json:"p_success"`
	PTest     float64 `json:"p_test"`
}

// Consensus holds Pol.is's two consensus lists.
type Consensus struct {
	Agree    []ConsensusStatement `json:"agree"`
	Disagree []ConsensusStatement `json:"disagree"`
}

// selectConsensus follows Pol.is's select-consensus-comments over the votes
// of all participants: statements with p > 1/2 and a significant one-
// proportion test, ranked by p·test, top five, for agree and for disagree.
func selectConsensus(tids []int, all []counts, skip []bool) Consensus {
	type cand struct {
		c ConsensusStatement
		m float64
	}
	var ag, dg []cand
	for col, c := range all {
		if skip[col] {
			continue
		}
		na, nd, ns := float64(c.A), float64(c.D), float64(c.S)
		pa, pd := (1+na)/(2+ns), (1+nd)/(2+ns)
		pat, pdt := propTest(na, ns), propTest(nd, ns)
		if pa > 0.5 && pat > z90 {
			ag = append(ag, cand{ConsensusStatement{tids[col], int(c.A), int(c.S), pa, pat}, pa * pat})
		}
		if pd > 0.5 && pdt > z90 {
			dg = append(dg, cand{ConsensusStatement{tids[col], int(c.D), int(c.S), pd, pdt}, pd * pdt})
		}
	}
	top := func(cs []cand) []ConsensusStatement {
		slices.SortStableFunc(cs, func(a, b cand) int {
			switch {
			case a.m > b.m:
				return -1
			case a.m < b.m:
				return 1
			}
			return 0
		})
		out := []ConsensusStatement{}
		for _, c := range cs[:min(len(cs), maxConsensus)] {
			out = append(out, c.c)
		}
		return out
	}
	return Consensus{Agree: top(ag), Disagree: top(dg)}
}
