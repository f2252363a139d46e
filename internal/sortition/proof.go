package sortition

import (
	"math"

	"github.com/folkmoot/folkmoot/internal/solver"
)

// stageCert is one stage of the relaxed LEXIMIN with its proof, on types.
// Its multipliers, read as constraints on people's probabilities x_i,
// bound Σ_i y_i·x_i over every point of the relaxation that gives each
// person of an earlier stage at least that stage's level (see bound and
// docs/sortition.md, "Certificates").
type stageCert struct {
	level  float64
	types  []int     // the types this stage fixes at level: the support of y
	y      []float64 // per type: the weight of each of its people in the objective
	mu     []float64 // per type of an earlier stage: its floor's multiplier, per person
	size   float64   // λ, on Σ x = K
	lo, hi []float64 // per feature: β on its lower quota, α on its upper quota
	house  []float64 // per household of ts.households: γ on "at most one"
}

// yKeep: a free type joins the stage's objective (and is fixed) only when
// its dual weight is at least yKeep times the largest one. Smaller
// weights prove little (a person with weight y can rise by the LP's
// rounding divided by y), so those types stay free for the next stage.
const yKeep = 1e-6

// stageProof turns the row duals of a relaxed-LEXIMIN raise LP (rows:
// one per type, then the panel rows of panelProblem) into a stage's proof:
// multipliers of the right signs (clamped, so the bound holds whatever
// the solver's rounding), the types with a positive weight, and the level
// their bound proves. CLP's sign convention for a maximisation is not
// relied upon: both are tried and the smaller bound kept. z is the LP's
// optimum, for the sanity check that the bound is tight.
func stageProof(in *Instance, ts *typeSet, rows []solver.Row, fixed []bool, lev []float64, duals []float64, z float64) (stageCert, bool) {
	T := ts.n()
	fi := in.features()
	if z >= 1-1e-12 {
		// everyone still free is on every panel: x_i ≤ 1 proves it, with
		// no multiplier but the weights
		c := stageCert{level: 1, y: make([]float64, T), mu: make([]float64, T), lo: make([]float64, fi.n), hi: make([]float64, fi.n), house: make([]float64, len(ts.households))}
		for t := 0; t < T; t++ {
			if !fixed[t] {
				c.y[t] = 1
				c.types = append(c.types, t)
			}
		}
		return c, len(c.types) > 0
	}
	var best stageCert
	found := false
	for _, s := range []float64{1, -1} {
		c := stageCert{y: make([]float64, T), mu: make([]float64, T), lo: make([]float64, fi.n), hi: make([]float64, fi.n), house: make([]float64, len(ts.households))}
		ymax := 0.0
		for t := 0; t < T; t++ {
			m := s * duals[t]
			if fixed[t] {
				c.mu[t] = math.Max(0, -m)
			} else {
				c.y[t] = math.Max(0, -m)
				ymax = math.Max(ymax, c.y[t])
			}
		}
		if ymax == 0 {
			continue
		}
		for t := 0; t < T; t++ {
			if c.y[t] < yKeep*ymax {
				c.y[t] = 0
			} else {
				c.types = append(c.types, t)
			}
		}
		c.size = s * duals[T]
		for f := 0; f < fi.n; f++ {
			m := s * duals[T+featRow(f)]
			c.hi[f], c.lo[f] = math.Max(0, m), math.Max(0, -m)
		}
		for h := range ts.households {
			c.house[h] = math.Max(0, s*duals[T+houseRow(fi.n, h)])
		}
		b, y := c.bound(in, ts, lev)
		if y <= 0 {
			continue
		}
		// round the level up: the exact check allows for the float sums
		c.level = math.Nextafter(math.Nextafter(b/y, 2), 2)
		if !found || c.level < best.level {
			best, found = c, true
		}
	}
	if !found || best.level > z+1e-7 || len(best.types) == 0 {
		return best, false
	}
	return best, true
}

// bound returns, in floating point, B and Y of the stage's proof with the
// earlier stages' levels lev: every point x of the relaxation with
// x_i ≥ lev of i's type for every earlier-fixed person has
// Σ y_i x_i ≤ B, and Y = Σ y_i. The exact check is Verify's.
func (c *stageCert) bound(in *Instance, ts *typeSet, lev []float64) (b, y float64) {
	b = c.size * float64(in.K)
	for f := range c.lo {
		_, v := in.value(f)
		b += c.hi[f]*float64(v.Max) - c.lo[f]*float64(v.Min)
	}
	houseOf := make([]int, ts.n())
	for t := range houseOf {
		houseOf[t] = -1
	}
	for h, types := range ts.households {
		b += c.house[h]
		for _, t := range types {
			houseOf[t] = h
		}
	}
	for t := 0; t < ts.n(); t++ {
		n := float64(ts.count(t))
		stuff := c.size - c.mu[t]
		for _, f := range ts.feats[t] {
			stuff += c.hi[f] - c.lo[f]
		}
		if h := houseOf[t]; h >= 0 {
			stuff += c.house[h]
		}
		b -= c.mu[t] * n * lev[t]
		b += n * math.Max(0, c.y[t]-stuff)
		y += n * c.y[t]
	}
	return b, y
}
