package opinions

import (
	"cmp"
	"math"
	"slices"
)

// kmeansTol is Pol.is's convergence threshold: k-means stops when every
// centre moved by less than this.
const kmeansTol = 0.01

// point is a position in the plane of the two principal components.
type point [2]float64

func dist(a, b point) float64 { return math.Hypot(a[0]-b[0], a[1]-b[1]) }

// initCentres returns the first k distinct points in order (Pol.is's
// init-clusters: deterministic, not random).
func initCentres(pts []point, k int) []point {
	var cs []point
	seen := map[point]bool{}
	for _, p := range pts {
		if len(cs) == k {
			break
		}
		if !seen[p] {
			seen[p] = true
			cs = append(cs, p)
		}
	}
	return cs
}

// kmeans runs Lloyd's algorithm as Pol.is's clusters/kmeans does: assign every
// point to its nearest centre (ties to the lower index), drop empty clusters,
// move each centre to the (weighted) mean of its members; stop when no centre
// moved by kmeansTol or after maxIter steps. weights may be nil (all 1). It
// returns the final centres and, per point, the index of its centre.
func kmeans(pts []point, weights []float64, centres []point, maxIter int) ([]point, []int) {
	c, assign, _ := kmeansKept(pts, weights, centres, maxIter)
	return c, assign
}

// kmeansKept is kmeans that also returns, for each final cluster, the index
// of the initial centre it grew from (clusters keep their identity across
// steps; empty ones are dropped).
func kmeansKept(pts []point, weights []float64, centres []point, maxIter int) ([]point, []int, []int) {
	assign := make([]int, len(pts))
	ids := make([]int, len(centres))
	for i := range ids {
		ids[i] = i
	}
	for iter := maxIter; ; iter-- {
		next, kept := kmeansStep(pts, weights, centres, assign)
		for i, k := range kept {
			kept[i] = ids[k]
		}
		ids = kept
		if iter <= 0 || sameCentres(centres, next) {
			return next, assign, ids
		}
		centres = next
	}
}

// kmeansStep assigns the points to centres and returns the new centres of
// the non-empty clusters, renumbering assign accordingly; kept[i] is the
// index in centres of new cluster i.
func kmeansStep(pts []point, weights []float64, centres []point, assign []int) (next []point, kept []int) {
	k := len(centres)
	sum := make([]point, k)
	wsum := make([]float64, k)
	count := make([]int, k)
	if len(pts) < parallelMin {
		assignRange(pts, weights, centres, assign, 0, len(pts), sum, wsum, count)
	} else {
		// Fixed chunks, partial sums added in chunk order: the result does
		// not depend on the number of CPUs.
		var part [parallelChunks]struct {
			sum   []point
			wsum  []float64
			count []int
		}
		inChunks(len(pts), func(c, lo, hi int) {
			p := &part[c]
			p.sum, p.wsum, p.count = make([]point, k), make([]float64, k), make([]int, k)
			assignRange(pts, weights, centres, assign, lo, hi, p.sum, p.wsum, p.count)
		})
		for _, p := range part {
			for j := range k {
				sum[j][0] += p.sum[j][0]
				sum[j][1] += p.sum[j][1]
				wsum[j] += p.wsum[j]
				count[j] += p.count[j]
			}
		}
	}
	renum := make([]int, k)
	next = make([]point, 0, k)
	for j := range k {
		renum[j] = -1
		if count[j] == 0 {
			continue
		}
		renum[j] = len(next)
		kept = append(kept, j)
		if wsum[j] > 0 {
			next = append(next, point{sum[j][0] / wsum[j], sum[j][1] / wsum[j]})
		} else {
			next = append(next, centres[j])
		}
	}
	for i := range assign {
		assign[i] = renum[assign[i]]
	}
	return next, kept
}

// sameCentres compares two sets of centres as Pol.is's same-clustering?
// does: sort both, pair them up, and require every pair closer than kmeansTol.
func sameCentres(a, b []point) bool {
	if len(a) != len(b) {
		return false
	}
	sa, sb := slices.Clone(a), slices.Clone(b)
	byXY := func(p, q point) int {
		if c := cmp.Compare(p[0], q[0]); c != 0 {
			return c
		}
		return cmp.Compare(p[1], q[1])
	}
	slices.SortFunc(sa, byXY)
	slices.SortFunc(sb, byXY)
	for i := range sa {
		if dist(sa[i], sb[i]) >= kmeansTol {
			return false
		}
	}
	return true
}

// silhouette returns the mean silhouette coefficient of the clustering of
// pts given by assign (unweighted, as Pol.is computes it on base-cluster
// centres). A member of a singleton cluster scores 0.
func silhouette(pts []point, assign []int, k int) float64 {
	if len(pts) == 0 {
		return 0
	}
	total := 0.0
	sums := make([]float64, k)
	counts := make([]int, k)
	for _, a := range assign {
		counts[a]++
	}
	for i, p := range pts {
		clear(sums)
		for j, q := range pts {
			if i != j {
				sums[assign[j]] += dist(p, q)
			}
		}
		own := assign[i]
		if counts[own] == 1 {
			continue // singleton: 0
		}
		a := sums[own] / float64(counts[own]-1)
		b := math.Inf(1)
		for g := range k {
			if g != own && counts[g] > 0 {
				b = min(b, sums[g]/float64(counts[g]))
			}
		}
		if math.IsInf(b, 1) || max(a, b) == 0 {
			continue
		}
		total += (b - a) / max(a, b)
	}
	return total / float64(len(pts))
}

// assignRange assigns pts[lo:hi] to their nearest centres (ties to the lower
// index) and accumulates the weighted sums, weights and counts per centre.
func assignRange(pts []point, weights []float64, centres []point, assign []int, lo, hi int, sum []point, wsum []float64, count []int) {
	for i := lo; i < hi; i++ {
		p := pts[i]
		best, bd := 0, math.Inf(1)
		for j, c := range centres {
			dx, dy := p[0]-c[0], p[1]-c[1]
			if d := dx*dx + dy*dy; d < bd {
				best, bd = j, d
			}
		}
		assign[i] = best
		w := 1.0
		if weights != nil {
			w = weights[i]
		}
		sum[best][0] += w * p[0]
		sum[best][1] += w * p[1]
		wsum[best] += w
		count[best]++
	}
}
