package sortition

import (
	"math"
	"math/rand/v2"
	"sort"
)

// Distribution is a probability distribution over panel profiles. A
// profile is turned into a panel by choosing, for every type, the required
// number of its members uniformly at random; so every member of a type has
// the same selection probability.
type Distribution struct {
	in       *Instance
	ts       *typeSet
	profiles []profile
	weights  []float64 // sum to 1
	// rx, when the distribution reaches the LP relaxation's LEXIMIN, is
	// that relaxation, whose stage proofs make the certificate
	rx *relaxation
}

// Len returns the number of panel profiles with positive probability.
func (d *Distribution) Len() int { return len(d.profiles) }

// Weight returns the probability of profile i.
func (d *Distribution) Weight(i int) float64 { return d.weights[i] }

// typeMarginals returns, per type, the probability that any one member is
// selected: Σ_P λ_P n_{P,t}/c_t.
func (d *Distribution) typeMarginals() []float64 {
	pi := make([]float64, d.ts.n())
	for i, p := range d.profiles {
		for j, t := range p.types {
			pi[t] += d.weights[i] * float64(p.counts[j]) / float64(d.ts.count(t))
		}
	}
	return pi
}

// Probabilities returns every person's selection probability, in pool order.
func (d *Distribution) Probabilities() []float64 {
	pi := d.typeMarginals()
	out := make([]float64, len(d.in.People))
	for i := range out {
		out[i] = pi[d.ts.of[i]]
	}
	return out
}

// Check re-checks every profile in the distribution against size, quotas
// and households, and that the weights form a distribution.
func (d *Distribution) Check() error {
	sum := 0.0
	for i, p := range d.profiles {
		if err := d.ts.check(d.in, p); err != nil {
			return err
		}
		if d.weights[i] < 0 {
			return errNegativeWeight
		}
		sum += d.weights[i]
	}
	if math.Abs(sum-1) > 1e-9 {
		return errWeightSum
	}
	return nil
}

// newDistribution keeps the profiles with weight above dropBelow and
// renormalises the weights to sum to 1.
func newDistribution(in *Instance, ts *typeSet, profiles []profile, weights []float64) *Distribution {
	const dropBelow = 1e-9 // EPS2-like: drop numerically zero panels
	d := &Distribution{in: in, ts: ts}
	sum := 0.0
	for i, w := range weights {
		if w > dropBelow {
			d.profiles = append(d.profiles, profiles[i])
			d.weights = append(d.weights, w)
			sum += w
		}
	}
	for i := range d.weights {
		d.weights[i] /= sum
	}
	return d
}

// expand turns a profile into person indices (ascending), choosing members
// of each type uniformly at random.
func (d *Distribution) expand(p profile, rng *rand.Rand) []int {
	var out []int
	for j, t := range p.types {
		m := append([]int(nil), d.ts.members[t]...)
		for i := 0; i < p.counts[j]; i++ { // partial Fisher–Yates
			r := i + rng.IntN(len(m)-i)
			m[i], m[r] = m[r], m[i]
		}
		out = append(out, m[:p.counts[j]]...)
	}
	sort.Ints(out)
	return out
}

// Draw picks one panel: a profile with its probability, then its members
// uniformly within each type. It returns person indices, ascending.
func (d *Distribution) Draw(rng *rand.Rand) []int {
	u := rng.Float64()
	i := 0
	for ; i < len(d.weights)-1; i++ {
		if u < d.weights[i] {
			break
		}
		u -= d.weights[i]
	}
	return d.expand(d.profiles[i], rng)
}
