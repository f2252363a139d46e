package sortition

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
)

// Algorithm names a selection algorithm.
type Algorithm string

// The algorithms.
const (
	Leximin Algorithm = "leximin"
	Maximin Algorithm = "maximin"
	Nash    Algorithm = "nash"
	Legacy  Algorithm = "legacy"
)

// ParseAlgorithm returns the algorithm named s (case-insensitive).
func ParseAlgorithm(s string) (Algorithm, error) {
	switch a := Algorithm(lower(s)); a {
	case Leximin, Maximin, Nash, Legacy:
		return a, nil
	}
	return "", apperr.Field("algorithm", "unknown algorithm %q (want leximin, maximin, nash or legacy)", s)
}

// Progress reports the state of a long computation.
type Progress struct {
	Phase     string  // "feasibility", "cover", "stage 3 raise", ...
	Round     int     // pricing round within the phase
	Columns   int     // panel profiles in the master LP
	Objective float64 // the master LP's objective
	Bound     float64 // the best upper bound on it, when known
	Fixed     int     // types whose probability is final
	Types     int
}

// Stats counts the work a selection did.
type Stats struct {
	Types        int // interchangeable groups of people
	Stages       int // LEXIMIN outer iterations
	PricingCalls int // integer programs solved
	LPSolves     int
	LPIterations int
	Columns      int // panel profiles generated
	Purged       int // unused panel profiles deleted from the master LP
	Guards       int // LEXIMIN stages where numerical trouble forced a fallback fixing
	// Approximate: the time limit stopped the search; the distribution is
	// valid but not proven LEXIMIN. Gap then bounds, when positive, how far
	// any type's probability is below the relaxation's LEXIMIN profile,
	// an upper bound on the true one (so the minimum is within Gap of
	// the best possible minimum).
	Approximate bool
	Gap         float64
	// Certified: a certificate proves the distribution LEXIMIN (Verify
	// passed); ProfileGap is the largest distance it found between a
	// person's probability and their stage's proven level.
	Certified     bool
	ProfileGap    float64
	VerifyTime    time.Duration
	RelaxStages   int  // stages of the LP relaxation's LEXIMIN
	Reached       bool // the relaxation's LEXIMIN was reached (no stages needed)
	RelaxTime     time.Duration
	WalkSteps     int     // distinct panels the decomposition walk found
	WalkLeft      float64 // probability mass the walk left undecomposed
	WalkTries     int     // walks run (a stuck walk is retried with other weights)
	WalkTime      time.Duration
	PricingTime   time.Duration
	HeuristicTime time.Duration
	LPTime        time.Duration
}

// Options configures Select.
type Options struct {
	Algorithm Algorithm
	// Rand drives LEGACY's draws; the optimisation algorithms are
	// deterministic and do not use it.
	Rand *rand.Rand
	// LegacyDraws is the number of LEGACY runs used to estimate its
	// distribution (default 1000).
	LegacyDraws int
	// Progress, if set, is called during long computations.
	Progress func(Progress)
	// TimeLimit, if positive, bounds LEXIMIN's and MAXIMIN's search for
	// panels: when it passes, Select returns the best distribution found
	// so far (every panel still meets the quotas) with Stats.Approximate
	// set and, if the relaxation's LEXIMIN was the target, Stats.Gap.
	TimeLimit time.Duration
	// Stagewise skips the shortcut (reaching the LP relaxation's LEXIMIN)
	// and always runs the LEXIMIN stages; for cross-checks.
	Stagewise bool
}

// Result is a selection distribution with every person's probability.
type Result struct {
	Algorithm     Algorithm
	Dist          *Distribution
	Probabilities []float64 // one per person, in pool order
	Min           float64   // the smallest probability
	Uncoverable   []int     // people on no feasible panel (probability 0)
	Stats         Stats
	// Panels and Weights are Dist over panels of people (see
	// Distribution.Panels); nil if it could not be expanded.
	Panels  [][]int
	Weights []int64
	// Certificate proves a LEXIMIN result (nil when there is no proof);
	// Verification is Verify's report on it (Stats.Certified says
	// whether it holds).
	Certificate  *Certificate
	Verification *VerifyReport
}

// Select computes the selection distribution of in with the chosen
// algorithm. If no panel meets the quotas it returns an *InfeasibleError
// explaining why and suggesting relaxations.
func Select(ctx context.Context, in *Instance, opt Options) (*Result, error) {
	start := time.Now()
	if err := in.Validate(); err != nil {
		return nil, err
	}
	if opt.Algorithm == "" {
		opt.Algorithm = Leximin
	}
	ts := newTypeSet(in)
	res := &Result{Algorithm: opt.Algorithm}
	res.Stats.Types = ts.n()
	pr := newPricer(in, ts)
	report := func(p Progress) {
		if opt.Progress != nil {
			p.Types = ts.n()
			opt.Progress(p)
		}
	}
	report(Progress{Phase: "feasibility"})
	if _, err := pr.best(ctx, make([]float64, ts.n())); err != nil {
		if errors.Is(err, errNoPanel) {
			return nil, Explain(ctx, in)
		}
		return nil, err
	}
	var err error
	switch opt.Algorithm {
	case Legacy:
		if opt.Rand == nil {
			return nil, errors.New("sortition: LEGACY needs a random source")
		}
		res.Dist, err = legacy(ctx, in, ts, opt)
	default:
		var initial []profile
		var uncovered []int
		initial, uncovered, err = cover(ctx, pr, report)
		if err != nil {
			return nil, err
		}
		for _, t := range uncovered {
			res.Uncoverable = append(res.Uncoverable, ts.members[t]...)
		}
		switch opt.Algorithm {
		case Nash:
			res.Dist, err = nash(ctx, in, ts, pr, initial, uncovered, &res.Stats, report)
		case Leximin, Maximin:
			initial = append(initial, warmStart(in, ts, initial, 3*ts.n())...)
			var deadline time.Time
			if opt.TimeLimit > 0 {
				deadline = start.Add(opt.TimeLimit)
			}
			res.Dist, err = leximin(ctx, in, ts, pr, initial, uncovered, opt.Algorithm == Maximin, !opt.Stagewise, deadline, &res.Stats, report)
		default:
			return nil, fmt.Errorf("sortition: unknown algorithm %q", opt.Algorithm)
		}
	}
	res.Stats.PricingCalls = pr.calls
	if err != nil {
		return nil, err
	}
	if err := res.Dist.Check(); err != nil {
		return nil, fmt.Errorf("sortition: final distribution fails its re-check: %w", err)
	}
	res.Probabilities = res.Dist.Probabilities()
	certify(res, in, ts, opt.Algorithm)
	res.Min = math.Inf(1)
	for _, p := range res.Probabilities {
		res.Min = math.Min(res.Min, p)
	}
	return res, nil
}

// certify expands the distribution into panels of people and, for
// LEXIMIN, checks the relaxation's certificate against it exactly (as
// `folkmoot select verify` does). A LEXIMIN result that is not certified
// is approximate, with the gap the check proved when there was a
// certificate.
func certify(res *Result, in *Instance, ts *typeSet, alg Algorithm) {
	t0 := time.Now()
	defer func() { res.Stats.VerifyTime = time.Since(t0) }()
	panels, weights, err := res.Dist.Panels()
	if err == nil {
		res.Panels, res.Weights = panels, weights
	}
	if alg != Leximin {
		return
	}
	res.Certificate = certificate(in, ts, res.Dist.rx)
	switch {
	case err != nil:
		res.Verification = &VerifyReport{Problems: []string{err.Error()}}
	case res.Dist.rx == nil:
		res.Verification = &VerifyReport{Problems: []string{"no certificate: the relaxation's LEXIMIN was not computed"}}
	case res.Certificate == nil:
		res.Verification = &VerifyReport{Problems: []string{"no certificate: some people are on no feasible panel, which an LP cannot prove"}}
	}
	if res.Verification != nil {
		res.Stats.Approximate = true
		return
	}
	rw := make([]*big.Rat, len(weights))
	for j, w := range weights {
		rw[j] = WeightRat(w)
	}
	res.Verification = Verify(in, panels, rw, res.Certificate)
	res.Stats.ProfileGap = res.Verification.ProfileGap
	res.Stats.Certified = res.Verification.OK()
	if !res.Stats.Certified {
		res.Stats.Approximate = true
		res.Stats.Gap = math.Max(res.Stats.Gap, res.Verification.ProfileGap+math.Max(0, res.Verification.LevelExcess))
	}
}

// cover finds panels until every type that is on some feasible panel is
// on one of them: each round prices with weight 1 on the people of types
// not yet covered. It returns the panels and the types on no feasible panel.
func cover(ctx context.Context, pr *pricer, report func(Progress)) ([]profile, []int, error) {
	T := pr.ts.n()
	covered := make([]bool, T)
	var panels []profile
	w := make([]float64, T)
	for round := 0; ; round++ {
		left := 0
		for t := range w {
			w[t] = 0
			if !covered[t] {
				w[t] = 1
				left++
			}
		}
		report(Progress{Phase: "cover", Round: round, Columns: len(panels), Objective: float64(left)})
		if left == 0 {
			return panels, nil, nil
		}
		ps, err := pr.best(ctx, w)
		if err != nil {
			return nil, nil, err
		}
		if ps[0].value(w) < 0.5 {
			var un []int
			for t, c := range covered {
				if !c {
					un = append(un, t)
				}
			}
			return panels, un, nil
		}
		for _, p := range ps {
			if p.value(w) < 0.5 {
				continue
			}
			panels = append(panels, p)
			for _, t := range p.types {
				covered[t] = true
			}
		}
	}
}

// leximin computes the LEXIMIN distribution (or, with maximinOnly, stops
// after the first stage: MAXIMIN).
func leximin(ctx context.Context, in *Instance, ts *typeSet, pr *pricer, initial []profile, uncovered []int,
	maximinOnly, shortcut bool, deadline time.Time, stats *Stats, report func(Progress)) (*Distribution, error) {
	m, err := newMaster(in, ts, pr, initial, stats, report)
	if err != nil {
		return nil, err
	}
	defer m.close()
	m.deadline = deadline
	nfixed, retries := 0, 0
	for _, t := range uncovered {
		m.fix(t, 0)
		nfixed++
	}
	// Reaching the relaxation's LEXIMIN answers MAXIMIN too: a LEXIMIN
	// distribution maximises the minimum.
	if shortcut {
		if d, ok, err := reachRelaxed(ctx, m, uncovered, stats, report); err != nil || ok {
			return d, err
		}
	}
	for stage := 1; nfixed < ts.n(); stage++ {
		stats.Stages = stage
		m.setRaise()
		m.phase = fmt.Sprintf("stage %d raise", stage)
		if err := m.solve(ctx); err != nil {
			return stopped(m, err)
		}
		zstar := m.lp.Objective()
		if maximinOnly {
			return m.distribution(), nil
		}
		m.setRise(zstar - fixShade)
		m.phase = fmt.Sprintf("stage %d rise", stage)
		if err := m.solve(ctx); err != nil {
			return stopped(m, err)
		}
		x := m.lp.X()
		dist := m.distribution()
		var tight []int
		minS, minT := math.Inf(1), -1
		for t := 0; t < ts.n(); t++ {
			if m.fixed[t] || m.riser[t] {
				continue
			}
			s := x[colS0+t]
			if s < slackOn {
				tight = append(tight, t)
			}
			if s < minS {
				minS, minT = s, t
			}
		}
		if len(tight) == 0 && minT < 0 { // cannot happen in exact arithmetic
			pi := dist.typeMarginals()
			for t := 0; t < ts.n(); t++ {
				if !m.fixed[t] && (minT < 0 || pi[t] < pi[minT]) {
					minT = t
				}
			}
		}
		if len(tight) == 0 && retries < 3 {
			// Every type can rise: the raise stage stopped short of its
			// optimum (numerically). Raise again from the rise LP's panels.
			retries++
			stats.Guards++
			continue
		}
		if len(tight) == 0 { // cannot happen in exact arithmetic
			tight = []int{minT}
			stats.Guards++
		}
		retries = 0
		for _, t := range tight {
			m.fix(t, zstar-fixShade)
		}
		nfixed += len(tight)
		report(Progress{Phase: fmt.Sprintf("stage %d fixed", stage), Objective: zstar, Fixed: nfixed, Columns: len(m.profiles)})
		if nfixed == ts.n() {
			if p := m.polish(ctx); p != nil {
				p.rx = m.rx
				return p, nil
			}
			dist.rx = m.rx
			return dist, nil
		}
	}
	// Every type was uncoverable: cannot happen, as a feasible panel exists.
	return nil, errors.New("sortition: no type is on a feasible panel")
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// reachRelaxed tries the shortcut: compute the LEXIMIN point of the LP
// relaxation (an upper bound on every LEXIMIN stage) and look for panels
// whose mixture reaches it. If it is reached (to targetTol), that mixture
// is LEXIMIN; otherwise the stages run as usual, keeping the panels.
func reachRelaxed(ctx context.Context, m *master, uncovered []int, stats *Stats, report func(Progress)) (*Distribution, bool, error) {
	t0 := time.Now()
	rx, err := relaxedLeximin(ctx, m.in, m.ts, uncovered, report)
	stats.RelaxTime = time.Since(t0)
	if err != nil {
		if ctx.Err() != nil {
			return nil, false, ctx.Err()
		}
		return nil, false, nil // numerical trouble, not fatal: run the stages
	}
	stats.RelaxStages = rx.stages
	m.rx = rx
	// First the walk: panels whose mixture is the relaxation's point, or
	// nearly, found without any master LP.
	t1 := time.Now()
	wr, tries, err := walkRelaxed(ctx, m.in, m.ts, m.pr, rx, m.deadline, report)
	if err != nil {
		return nil, false, err
	}
	stats.WalkTries = tries
	stats.WalkTime = time.Since(t1)
	stats.WalkSteps, stats.WalkLeft = len(wr.Panels), wr.Left
	if wr.Left == 0 {
		d := newDistribution(m.in, m.ts, wr.Panels, wr.Weights)
		if shortfall(d.typeMarginals(), rx.floors) <= targetTol {
			stats.Reached = true
			d.rx = rx
			return d, true, nil
		}
	}
	// Then column generation towards the floors, from the walk's panels.
	if err := m.setTarget(ctx, rx.floors, rx.face); err != nil {
		if errors.Is(err, errNoPanel) {
			return nil, false, nil // no panel on the face: the target is out of reach
		}
		return nil, false, err
	}
	if _, err := m.add(wr.Panels); err != nil {
		return nil, false, err
	}
	m.phase = "reach relaxed"
	if err := m.solve(ctx); err != nil {
		if errors.Is(err, errTimeLimit) {
			stats.Approximate, stats.Gap = true, math.Max(0, m.shortfall())
			return m.distribution(), true, nil
		}
		return nil, false, err
	}
	if m.shortfall() > targetTol {
		return nil, false, nil
	}
	stats.Reached = true
	d := m.distribution()
	d.rx = rx
	return d, true, nil
}

// shortfall returns how far the worst type's probability pi_t is below
// its floor.
func shortfall(pi, floors []float64) float64 {
	s := 0.0
	for t := range pi {
		s = math.Max(s, floors[t]-pi[t])
	}
	return s
}

// errTimeLimit stops a column generation when Options.TimeLimit passes.
var errTimeLimit = errors.New("sortition: time limit reached")

// stopped turns a time limit during the stages into the master's current
// distribution, marked approximate; other errors pass through.
func stopped(m *master, err error) (*Distribution, error) {
	if !errors.Is(err, errTimeLimit) {
		return nil, err
	}
	m.stats.Approximate = true
	return m.distribution(), nil
}
