package similar

import (
	"cmp"
	"slices"
)

// Defaults for [GroupOptions].
const (
	// DefaultGroupThreshold is the cosine at or above which two issues are
	// linked as near-duplicates when grouping (tuned on the demo data set;
	// see TestGroupsRecoverDemoTopics).
	DefaultGroupThreshold = 0.25
	// DefaultAverageLink is the least mean cosine between two parts of a
	// linked component for them to stay one group (average linkage,
	// UPGMA): it undoes chains of pairwise links across topics.
	DefaultAverageLink = 0.15
	// DefaultMinGroup is the smallest grouping suggested.
	DefaultMinGroup = 3
	// DefaultMaxGroup is the largest grouping suggested; a larger component
	// is split by raising the threshold by SplitStep until it falls apart.
	DefaultMaxGroup = 40
	// DefaultNeighbours is how many nearest neighbours link each issue.
	DefaultNeighbours = 8
	// SplitStep raises the threshold when a component is too large.
	SplitStep = 0.05
	// groupTerms is how many top terms a group reports.
	groupTerms = 5
)

// GroupOptions tunes [Index.Groups]; zero fields take the defaults above.
type GroupOptions struct {
	Threshold   float64
	MinSize     int
	MaxSize     int
	Neighbours  int
	AverageLink float64
	// Skip leaves documents out of every group, e.g. issues already in a
	// confirmed theme. It is called with the lock held: it must not call
	// the Index.
	Skip func(id int64) bool
}

// Group is a suggested theme: near-duplicate issues, a proposed name and
// the terms they share.
type Group struct {
	IDs      []int64  // most central first
	Name     string   // proposed name: the most central issue's title
	Terms    []string // top terms, most weighty first, as people wrote them
	Cohesion float64  // mean cosine between members, in (0, 1]
}

type edge struct {
	a, b  int32
	score float64
}

// Groups suggests groupings of similar documents: each document is linked
// to up to Neighbours nearest documents with cosine ≥ Threshold; a
// connected component larger than MaxSize is split at successively higher
// thresholds; each component is then split by average linkage (parts whose
// mean cosine is below AverageLink separate), and each part of at least
// MinSize documents is a group. Groups are
// ordered by size, then cohesion, largest first. Weights are made exact
// first (as by [Index.Rebuild]).
func (x *Index) Groups(opt GroupOptions) []Group {
	opt = opt.withDefaults()
	x.mu.Lock()
	if x.builtN != x.live {
		x.rebuild()
	}
	x.mu.Unlock()
	x.mu.RLock()
	defer x.mu.RUnlock()

	skip := make([]bool, len(x.docs))
	var nodes []int32
	for i := range x.docs {
		d := &x.docs[i]
		skip[i] = d.deleted || (opt.Skip != nil && opt.Skip(d.id))
		if !skip[i] {
			nodes = append(nodes, int32(i))
		}
	}
	var edges []edge
	for _, i := range nodes {
		for _, nb := range x.neighbours(i, opt.Neighbours, opt.Threshold, skip) {
			edges = append(edges, edge{min(i, nb.doc), max(i, nb.doc), nb.score})
		}
	}
	edges = dedupe(edges)

	var groups []Group
	var split func(members []int32, es []edge, thr float64)
	split = func(members []int32, es []edge, thr float64) {
		for _, comp := range components(members, es, thr) {
			switch {
			case len(comp) < opt.MinSize:
			case len(comp) > opt.MaxSize && thr+SplitStep < 1:
				split(comp, within(comp, es), thr+SplitStep)
			default:
				for _, part := range x.averageLink(comp, opt.AverageLink) {
					if len(part) >= opt.MinSize {
						groups = append(groups, x.describe(part))
					}
				}
			}
		}
	}
	split(nodes, edges, opt.Threshold)
	slices.SortFunc(groups, func(a, b Group) int {
		return cmp.Or(cmp.Compare(len(b.IDs), len(a.IDs)), cmp.Compare(b.Cohesion, a.Cohesion),
			cmp.Compare(slices.Min(a.IDs), slices.Min(b.IDs)))
	})
	return groups
}

// Candidate search for groupings: a document's candidates are found through
// its keyTerms most weighty terms only (rare words say most about what an
// issue is about, and have short posting lists), the candidatesPerDoc best
// by that partial score are then compared in full.
const (
	keyTerms         = 12
	candidatesPerDoc = 40
)

type neighbour struct {
	doc   int32
	score float64
}

// neighbours returns up to k documents (not skipped) whose full cosine with
// document i is at least thr, among the candidates its key terms find.
func (x *Index) neighbours(i int32, k int, thr float64, skip []bool) []neighbour {
	d := &x.docs[i]
	key := slices.Clone(d.terms)
	if len(key) > keyTerms {
		slices.SortFunc(key, func(a, b termFreq) int {
			return cmp.Or(cmp.Compare(b.tf*x.idfOf(b.term), a.tf*x.idfOf(a.term)), cmp.Compare(a.term, b.term))
		})
		key = key[:keyTerms]
	}
	var out []neighbour
	for _, m := range x.top(key, float64(d.norm), candidatesPerDoc+1, 0, i) {
		j := x.byID[m.ID]
		if skip[j] {
			continue
		}
		if c := x.cosine(d, &x.docs[j]); c >= thr {
			out = append(out, neighbour{j, c})
		}
	}
	slices.SortFunc(out, func(a, b neighbour) int { return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(a.doc, b.doc)) })
	return out[:min(k, len(out))]
}

func (o GroupOptions) withDefaults() GroupOptions {
	if o.Threshold <= 0 {
		o.Threshold = DefaultGroupThreshold
	}
	if o.MinSize <= 0 {
		o.MinSize = DefaultMinGroup
	}
	if o.MaxSize <= 0 {
		o.MaxSize = DefaultMaxGroup
	}
	if o.Neighbours <= 0 {
		o.Neighbours = DefaultNeighbours
	}
	if o.AverageLink <= 0 {
		o.AverageLink = DefaultAverageLink
	}
	return o
}

// dedupe sorts edges and removes repeats (a pair found from both ends).
func dedupe(es []edge) []edge {
	slices.SortFunc(es, func(p, q edge) int { return cmp.Or(cmp.Compare(p.a, q.a), cmp.Compare(p.b, q.b)) })
	return slices.CompactFunc(es, func(p, q edge) bool { return p.a == q.a && p.b == q.b })
}

// components returns the connected components of members under edges with
// score ≥ thr, each sorted, in order of their smallest member.
func components(members []int32, es []edge, thr float64) [][]int32 {
	parent := make(map[int32]int32, len(members))
	for _, m := range members {
		parent[m] = m
	}
	var find func(int32) int32
	find = func(v int32) int32 {
		for parent[v] != v {
			parent[v] = parent[parent[v]]
			v = parent[v]
		}
		return v
	}
	for _, e := range es {
		if e.score < thr {
			continue
		}
		_, okA := parent[e.a]
		_, okB := parent[e.b]
		if okA && okB {
			ra, rb := find(e.a), find(e.b)
			if ra != rb {
				parent[max(ra, rb)] = min(ra, rb)
			}
		}
	}
	byRoot := map[int32][]int32{}
	var roots []int32
	for _, m := range members {
		r := find(m)
		if byRoot[r] == nil {
			roots = append(roots, r)
		}
		byRoot[r] = append(byRoot[r], m)
	}
	out := make([][]int32, 0, len(roots))
	for _, r := range roots {
		c := byRoot[r]
		slices.Sort(c)
		out = append(out, c)
	}
	return out
}

// averageLink splits members by agglomerative average-linkage clustering:
// starting from singletons, it merges the two clusters with the highest
// mean pairwise cosine while that mean is at least stop. Clusters come back
// sorted, in order of their smallest member.
func (x *Index) averageLink(members []int32, stop float64) [][]int32 {
	n := len(members)
	sum := make([][]float64, n) // sum[a][b]: total cosine between clusters a and b
	for i := range sum {
		sum[i] = make([]float64, n)
	}
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			c := x.cosine(&x.docs[members[i]], &x.docs[members[j]])
			sum[i][j], sum[j][i] = c, c
		}
	}
	clusters := make([][]int32, n)
	for i, m := range members {
		clusters[i] = []int32{m}
	}
	alive := make([]bool, n)
	for i := range alive {
		alive[i] = true
	}
	for {
		ba, bb, best := -1, -1, stop
		for a := 0; a < n; a++ {
			if !alive[a] {
				continue
			}
			for b := a + 1; b < n; b++ {
				if !alive[b] {
					continue
				}
				if avg := sum[a][b] / float64(len(clusters[a])*len(clusters[b])); avg >= best {
					ba, bb, best = a, b, avg
				}
			}
		}
		if ba < 0 {
			break
		}
		clusters[ba] = append(clusters[ba], clusters[bb]...)
		alive[bb] = false
		for c := 0; c < n; c++ {
			sum[ba][c] += sum[bb][c]
			sum[c][ba] = sum[ba][c]
		}
	}
	var out [][]int32
	for i, c := range clusters {
		if alive[i] {
			slices.Sort(c)
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b []int32) int { return cmp.Compare(a[0], b[0]) })
	return out
}

// within returns the edges with both ends in sorted members.
func within(members []int32, es []edge) []edge {
	var out []edge
	for _, e := range es {
		if _, ok := slices.BinarySearch(members, e.a); !ok {
			continue
		}
		if _, ok := slices.BinarySearch(members, e.b); ok {
			out = append(out, e)
		}
	}
	return out
}

// describe names a group: members ordered by their mean cosine to the
// others (most central first), its cohesion and its top terms.
func (x *Index) describe(members []int32) Group {
	n := len(members)
	central := make([]float64, n)
	var total float64
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			c := x.cosine(&x.docs[members[i]], &x.docs[members[j]])
			central[i] += c
			central[j] += c
			total += c
		}
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(central[b], central[a]), cmp.Compare(x.docs[members[a]].id, x.docs[members[b]].id))
	})
	g := Group{IDs: make([]int64, n)}
	for k, i := range order {
		g.IDs[k] = x.docs[members[i]].id
	}
	g.Name = x.docs[members[order[0]]].title
	if n > 1 {
		g.Cohesion = total / float64(n*(n-1)/2)
	}
	weight := map[int32]float64{}
	for _, m := range members {
		d := &x.docs[m]
		for _, t := range d.terms {
			weight[t.term] += float64(t.tf*x.idfOf(t.term)) / float64(d.norm)
		}
	}
	terms := make([]int32, 0, len(weight))
	for t := range weight {
		terms = append(terms, t)
	}
	slices.SortFunc(terms, func(a, b int32) int { return cmp.Or(cmp.Compare(weight[b], weight[a]), cmp.Compare(a, b)) })
	for _, t := range terms[:min(groupTerms, len(terms))] {
		g.Terms = append(g.Terms, x.surface[t])
	}
	return g
}
