package sortition

import (
	"encoding/json"
	"fmt"
	"math/big"
	"strconv"
)

// Tolerances a certificate states and Verify accepts at most.
const (
	// CertTolerance: each stage's dual bound may exceed its level by this.
	CertTolerance = 1e-9
	// ProfileTolerance: every person's probability is within this of the
	// level of the stage that fixed them.
	ProfileTolerance = 1e-7
)

// Certificate proves that a distribution is the LEXIMIN of the LP
// relaxation of the panel polytope, stage by stage (docs/sortition.md,
// "Certificates"). Person references are ids; numbers are decimals, read
// exactly as rationals by Verify.
type Certificate struct {
	Stages           []CertStage `json:"stages"`
	Tolerance        float64     `json:"tolerance"`
	ProfileTolerance float64     `json:"profile_tolerance"`
	About            string      `json:"about"`
}

// CertStage is one LEXIMIN stage: the people it fixes at Level, and the
// multipliers proving that no point of the relaxation which gives every
// person of an earlier stage at least that stage's level gives the
// weighted people (Duals.Weights) more than Level on average.
type CertStage struct {
	Level json.Number `json:"level"`
	Fixes []string    `json:"fixes"`
	Duals CertDuals   `json:"duals"`
}

// CertDuals are a stage's multipliers: Size on Σ x_i = K, Quotas on each
// value's min (≥ 0) and max (≥ 0), Households on "at most one"
// (≥ 0), Floors on x_i ≥ level for people of earlier stages (≥ 0), and
// Weights y_i (> 0) of the people the stage fixes.
type CertDuals struct {
	Size       json.Number `json:"size"`
	Quotas     []CertQuota `json:"quotas,omitempty"`
	Households []CertGroup `json:"households,omitempty"`
	Floors     []CertGroup `json:"floors,omitempty"`
	Weights    []CertGroup `json:"weights"`
}

// CertQuota holds the multipliers of one value's quota.
type CertQuota struct {
	Category string      `json:"category"`
	Value    string      `json:"value"`
	Min      json.Number `json:"min"`
	Max      json.Number `json:"max"`
}

// CertGroup gives every listed person the same multiplier.
type CertGroup struct {
	People []string    `json:"people"`
	Value  json.Number `json:"value"`
}

const certAbout = "LEXIMIN certificate of folkmoot select: check it with `folkmoot select verify` (docs/sortition.md, Certificates)"

func num(v float64) json.Number { return json.Number(strconv.FormatFloat(v, 'g', -1, 64)) }

// certificate turns the relaxation's stage proofs into a Certificate over
// people; nil when the relaxation held types at 0 without an LP proof.
func certificate(in *Instance, ts *typeSet, rx *relaxation) *Certificate {
	if rx == nil || rx.zero {
		return nil
	}
	c := &Certificate{Tolerance: CertTolerance, ProfileTolerance: ProfileTolerance, About: certAbout}
	ids := func(t int) []string {
		out := make([]string, len(ts.members[t]))
		for j, i := range ts.members[t] {
			out[j] = in.People[i].ID
		}
		return out
	}
	fi := in.features()
	for _, p := range rx.proofs {
		s := CertStage{Level: num(p.level), Duals: CertDuals{Size: num(p.size)}}
		for _, t := range p.types {
			s.Fixes = append(s.Fixes, ids(t)...)
			s.Duals.Weights = append(s.Duals.Weights, CertGroup{People: ids(t), Value: num(p.y[t])})
		}
		for t, m := range p.mu {
			if m > 0 {
				s.Duals.Floors = append(s.Duals.Floors, CertGroup{People: ids(t), Value: num(m)})
			}
		}
		for f := 0; f < fi.n; f++ {
			if p.lo[f] > 0 || p.hi[f] > 0 {
				cat, v := in.value(f)
				s.Duals.Quotas = append(s.Duals.Quotas, CertQuota{Category: cat.Name, Value: v.Name, Min: num(p.lo[f]), Max: num(p.hi[f])})
			}
		}
		for h, g := range p.house {
			if g > 0 {
				var people []string
				for _, t := range ts.households[h] {
					people = append(people, ids(t)...)
				}
				s.Duals.Households = append(s.Duals.Households, CertGroup{People: people, Value: num(g)})
			}
		}
		c.Stages = append(c.Stages, s)
	}
	return c
}

// VerifyReport is what Verify found.
type VerifyReport struct {
	Panels, Stages int
	// LevelExcess is the largest amount by which a stage's proven bound
	// exceeds its level; ProfileGap the largest distance between a
	// person's probability and their stage's level.
	LevelExcess, ProfileGap float64
	Problems                []string // empty when everything holds
}

// OK reports whether everything was proved.
func (r *VerifyReport) OK() bool { return len(r.Problems) == 0 }

func (r *VerifyReport) fail(format string, a ...any) {
	if len(r.Problems) < 20 {
		r.Problems = append(r.Problems, fmt.Sprintf(format, a...))
	} else if len(r.Problems) == 20 {
		r.Problems = append(r.Problems, "(more problems not listed)")
	}
}

func rat(s json.Number) (*big.Rat, bool) {
	return new(big.Rat).SetString(string(s))
}

// Verify checks, in exact rational arithmetic and without an LP solver,
// that panels (person indices) with weights form a distribution over
// feasible panels of in and that c proves it LEXIMIN: every panel meets
// size, quotas and households; the weights are positive and sum to 1;
// every person is fixed by exactly one stage, within the profile
// tolerance of its level; and every stage's multipliers, which have the
// right signs and weight only people still free, bound the weighted
// average of its people by at most its level plus the tolerance (see
// docs/sortition.md for the argument and what it trusts).
func Verify(in *Instance, panels [][]int, weights []*big.Rat, c *Certificate) *VerifyReport {
	rep := &VerifyReport{Panels: len(panels)}
	N := len(in.People)
	if len(panels) != len(weights) {
		rep.fail("%d panels but %d weights", len(panels), len(weights))
		return rep
	}
	// the distribution
	sum := new(big.Rat)
	p := make([]*big.Rat, N)
	for i := range p {
		p[i] = new(big.Rat)
	}
	for j, panel := range panels {
		if err := in.CheckPanel(panel); err != nil {
			rep.fail("panel %d: %v", j+1, err)
			continue
		}
		if weights[j].Sign() <= 0 {
			rep.fail("panel %d has weight %s, not positive", j+1, weights[j].FloatString(20))
		}
		sum.Add(sum, weights[j])
		for _, i := range panel {
			p[i].Add(p[i], weights[j])
		}
	}
	if sum.Cmp(big.NewRat(1, 1)) != 0 {
		rep.fail("the weights sum to %s, not exactly 1", sum.FloatString(20))
	}
	if c == nil {
		rep.fail("no certificate")
		return rep
	}
	rep.Stages = len(c.Stages)
	if !(c.Tolerance >= 0 && c.Tolerance <= CertTolerance) || !(c.ProfileTolerance >= 0 && c.ProfileTolerance <= ProfileTolerance) {
		rep.fail("the certificate states tolerances %g and %g; at most %g and %g are accepted", c.Tolerance, c.ProfileTolerance, CertTolerance, ProfileTolerance)
		return rep
	}
	tol := new(big.Rat).SetFloat64(c.Tolerance)
	ptol := new(big.Rat).SetFloat64(c.ProfileTolerance)
	index := make(map[string]int, N)
	for i, q := range in.People {
		index[q.ID] = i
	}
	stageOf := make([]int, N) // 0: free; s+1: fixed by stage s
	level := make([]*big.Rat, N)
	v := &stageVerifier{in: in, index: index, rep: rep}
	for s, st := range c.Stages {
		L, ok := rat(st.Level)
		if !ok {
			rep.fail("stage %d: level %q is not a number", s+1, st.Level)
			return rep
		}
		fixes, ok := v.people(s, "fixes", st.Fixes)
		if !ok {
			return rep
		}
		excess, ok := v.stage(s, st, L, tol, stageOf, level, fixes)
		if !ok {
			return rep
		}
		rep.LevelExcess = max(rep.LevelExcess, excess)
		for _, i := range fixes {
			stageOf[i] = s + 1
			level[i] = L
			d := new(big.Rat).Sub(p[i], L)
			d.Abs(d)
			f, _ := d.Float64()
			rep.ProfileGap = max(rep.ProfileGap, f)
			if d.Cmp(ptol) > 0 {
				pf, _ := p[i].Float64()
				rep.fail("stage %d fixes %s at level %s, but the distribution gives them %.12g", s+1, in.People[i].ID, st.Level, pf)
			}
		}
	}
	for i := range stageOf {
		if stageOf[i] == 0 {
			rep.fail("no stage fixes %s: the certificate does not cover the whole profile", in.People[i].ID)
		}
	}
	return rep
}

// stageVerifier checks one stage's bound.
type stageVerifier struct {
	in    *Instance
	index map[string]int
	rep   *VerifyReport
}

// people resolves ids, refusing unknown and repeated ones.
func (v *stageVerifier) people(s int, what string, ids []string) ([]int, bool) {
	out := make([]int, len(ids))
	seen := make(map[int]bool, len(ids))
	for j, id := range ids {
		i, ok := v.index[id]
		if !ok || seen[i] {
			v.rep.fail("stage %d %s: id %q is unknown or repeated", s+1, what, id)
			return nil, false
		}
		seen[i] = true
		out[j] = i
	}
	return out, true
}

// groups assigns each listed person a multiplier, which must not be
// negative (positive, when strict).
func (v *stageVerifier) groups(s int, what string, gs []CertGroup, strict bool) (map[int]*big.Rat, bool) {
	out := map[int]*big.Rat{}
	for _, g := range gs {
		r, ok := rat(g.Value)
		if !ok || r.Sign() < 0 || strict && r.Sign() == 0 {
			v.rep.fail("stage %d %s: value %q is not a valid multiplier", s+1, what, g.Value)
			return nil, false
		}
		ps, ok := v.people(s, what, g.People)
		if !ok {
			return nil, false
		}
		for _, i := range ps {
			if _, dup := out[i]; dup {
				v.rep.fail("stage %d %s: %s is listed twice", s+1, what, v.in.People[i].ID)
				return nil, false
			}
			out[i] = r
		}
	}
	return out, true
}

// stage checks stage s: signs and supports of its multipliers, and its
// bound B/Y ≤ L + tol; it returns B/Y − L.
func (v *stageVerifier) stage(s int, st CertStage, L, tol *big.Rat, stageOf []int, level []*big.Rat, fixes []int) (float64, bool) {
	in, rep := v.in, v.rep
	d := st.Duals
	y, ok := v.groups(s, "weights", d.Weights, true)
	if !ok {
		return 0, false
	}
	mu, ok := v.groups(s, "floors", d.Floors, false)
	if !ok {
		return 0, false
	}
	for i := range y {
		if stageOf[i] != 0 {
			rep.fail("stage %d weights %s, whom stage %d already fixed", s+1, in.People[i].ID, stageOf[i])
			return 0, false
		}
	}
	for i := range mu {
		if stageOf[i] == 0 {
			rep.fail("stage %d puts a floor on %s, who is not fixed by an earlier stage", s+1, in.People[i].ID)
			return 0, false
		}
	}
	for _, i := range fixes {
		if _, ok := y[i]; !ok {
			rep.fail("stage %d fixes %s without a weight on them", s+1, in.People[i].ID)
			return 0, false
		}
	}
	lambda, ok := rat(d.Size)
	if !ok {
		rep.fail("stage %d: size multiplier %q is not a number", s+1, d.Size)
		return 0, false
	}
	// B = λK + Σ_f (α_f max_f − β_f min_f) + Σ_h γ_h − Σ_i μ_i ℓ_i
	//     + Σ_i max(0, y_i − (λ + Σ_{f∋i} (α_f − β_f) + γ_{h(i)} − μ_i))
	b := new(big.Rat).Mul(lambda, big.NewRat(int64(in.K), 1))
	fi := in.features()
	net := make([]*big.Rat, fi.n) // α_f − β_f
	for f := range net {
		net[f] = new(big.Rat)
	}
	byName := map[[2]string]int{}
	for f := 0; f < fi.n; f++ {
		cat, val := in.value(f)
		byName[[2]string{cat.Name, val.Name}] = f
	}
	seenQ := map[int]bool{}
	for _, q := range d.Quotas {
		f, ok := byName[[2]string{q.Category, q.Value}]
		lo, ok1 := rat(q.Min)
		hi, ok2 := rat(q.Max)
		if !ok || !ok1 || !ok2 || lo.Sign() < 0 || hi.Sign() < 0 || seenQ[f] {
			rep.fail("stage %d: quota multiplier for %s:%s is unknown, repeated or negative", s+1, q.Category, q.Value)
			return 0, false
		}
		seenQ[f] = true
		_, val := in.value(f)
		b.Add(b, new(big.Rat).Mul(hi, big.NewRat(int64(val.Max), 1)))
		b.Sub(b, new(big.Rat).Mul(lo, big.NewRat(int64(val.Min), 1)))
		net[f].Sub(hi, lo)
	}
	gamma := map[int]*big.Rat{}
	for _, g := range d.Households {
		r, ok := rat(g.Value)
		ps, ok2 := v.people(s, "households", g.People)
		if !ok || !ok2 || r.Sign() < 0 || len(ps) == 0 {
			rep.fail("stage %d: a household multiplier is invalid", s+1)
			return 0, false
		}
		h := in.People[ps[0]].Household
		for _, i := range ps {
			if h < 0 || in.People[i].Household != h {
				rep.fail("stage %d: %s is not in the household of %s", s+1, in.People[i].ID, in.People[ps[0]].ID)
				return 0, false
			}
			if _, dup := gamma[i]; dup {
				rep.fail("stage %d: %s is in two household groups", s+1, in.People[i].ID)
				return 0, false
			}
			gamma[i] = r
		}
		b.Add(b, r)
	}
	Y := new(big.Rat)
	for _, r := range y {
		Y.Add(Y, r)
	}
	// people with the same values and multipliers share a term
	type key struct{ vals, g, y, m string }
	terms := map[key]int{}
	firstOf := map[key]int{}
	for i, q := range in.People {
		k := key{vals: fmt.Sprint(q.Values)}
		if r, ok := gamma[i]; ok {
			k.g = r.RatString()
		}
		if r, ok := y[i]; ok {
			k.y = r.RatString()
		}
		if r, ok := mu[i]; ok {
			k.m = r.RatString()
			b.Sub(b, new(big.Rat).Mul(r, level[i]))
		}
		if _, ok := firstOf[k]; !ok {
			firstOf[k] = i
		}
		terms[k]++
	}
	for k, n := range terms {
		i := firstOf[k]
		stuff := new(big.Rat).Set(lambda)
		for c, val := range in.People[i].Values {
			stuff.Add(stuff, net[fi.offset[c]+val])
		}
		if r, ok := gamma[i]; ok {
			stuff.Add(stuff, r)
		}
		if r, ok := mu[i]; ok {
			stuff.Sub(stuff, r)
		}
		t := new(big.Rat)
		if r, ok := y[i]; ok {
			t.Set(r)
		}
		t.Sub(t, stuff)
		if t.Sign() > 0 {
			b.Add(b, t.Mul(t, big.NewRat(int64(n), 1)))
		}
	}
	if Y.Sign() <= 0 {
		rep.fail("stage %d weights no one", s+1)
		return 0, false
	}
	avg := new(big.Rat).Quo(b, Y)
	ex := new(big.Rat).Sub(avg, L)
	exf, _ := ex.Float64()
	if ex.Cmp(tol) > 0 {
		af, _ := avg.Float64()
		tf, _ := tol.Float64()
		rep.fail("stage %d: its multipliers prove only %.15g, above its level %s by %.3g (tolerance %g)", s+1, af, st.Level, exf, tf)
	}
	return exf, true
}
