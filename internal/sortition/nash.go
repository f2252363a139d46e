package sortition

import (
	"context"
	"math"
)

// Nash tolerances.
const (
	// nashEps: stop when no panel's gradient value Σ_{i∈P} 1/π_i exceeds
	// n·(1 + nashEps) (at the optimum every used panel has exactly n, the
	// number of covered people, and none has more).
	nashEps      = 1e-4
	nashRounds   = 300
	nashEMSweeps = 200
)

// nash maximises the Nash welfare Σ_i log π_i over the people on some
// feasible panel, by column generation: on the current panels the weights
// are fitted by the EM (multiplicative) update λ_P ← λ_P·g_P/n with
// g_P = Σ_{i∈P} 1/π_i, which keeps Σλ = 1 and increases the welfare; the
// pricing step finds the panel with the largest g_P and adds it while that
// exceeds n·(1+nashEps).
func nash(ctx context.Context, in *Instance, ts *typeSet, pr *pricer, initial []profile, uncovered []int, stats *Stats, report func(Progress)) (*Distribution, error) {
	T := ts.n()
	skip := make([]bool, T)
	n := 0.0
	for _, t := range uncovered {
		skip[t] = true
	}
	for t := 0; t < T; t++ {
		if !skip[t] {
			n += float64(ts.count(t))
		}
	}
	ps := append([]profile(nil), initial...)
	seen := map[string]bool{}
	for _, p := range ps {
		seen[p.key()] = true
	}
	lam := make([]float64, len(ps))
	for i := range lam {
		lam[i] = 1 / float64(len(ps))
	}
	pi := make([]float64, T)
	w := make([]float64, T)
	marg := func() {
		for t := range pi {
			pi[t] = 0
		}
		for i, p := range ps {
			for j, t := range p.types {
				pi[t] += lam[i] * float64(p.counts[j]) / float64(ts.count(t))
			}
		}
		for t := range w {
			w[t] = 0
			if !skip[t] && pi[t] > 0 {
				w[t] = 1 / pi[t] // per person
			}
		}
	}
	for round := 0; round < nashRounds; round++ {
		for sweep := 0; sweep < nashEMSweeps; sweep++ {
			marg()
			for i, p := range ps {
				g := 0.0
				for j, t := range p.types {
					g += w[t] * float64(p.counts[j])
				}
				lam[i] *= g / n
			}
		}
		marg()
		best, err := pr.best(ctx, w)
		if err != nil {
			return nil, err
		}
		stats.PricingCalls++
		welfare := 0.0
		for t := range pi {
			if !skip[t] {
				welfare += float64(ts.count(t)) * math.Log(pi[t])
			}
		}
		report(Progress{Phase: "nash", Round: round, Columns: len(ps), Objective: welfare})
		p := best[0]
		if p.value(w) <= n*(1+nashEps) {
			break
		}
		if seen[p.key()] { // the panel is known: the weights need more sweeps
			continue
		}
		seen[p.key()] = true
		ps = append(ps, p)
		lam = append(lam, 0.01)
		s := 0.0
		for _, x := range lam {
			s += x
		}
		for i := range lam {
			lam[i] /= s
		}
	}
	stats.Columns = len(ps)
	return newDistribution(in, ts, ps, lam), nil
}
