package opinions

import (
	"math"
	"math/rand/v2"
	"slices"
)

// Options are the parameters of the method. The zero value of a field means
// its default (DefaultOptions), except Seed, for which 0 is a seed like any
// other.
type Options struct {
	Seed       uint64 // seeds the start vectors of the PCA iteration
	PCAIters   int    // cap on PCA iterations (default DefaultPCAIters)
	BaseK      int    // number of base clusters (Pol.is: 100)
	BaseIters  int    // cap on k-means steps for base clusters (Pol.is: 100)
	MaxK       int    // largest number of groups tried (Pol.is: 5)
	GroupIters int    // cap on k-means steps for groups (Pol.is: 20, its kmeans default)
}

// DefaultOptions returns Pol.is's parameters.
func DefaultOptions() Options {
	return Options{PCAIters: DefaultPCAIters, BaseK: 100, BaseIters: 100, MaxK: 5, GroupIters: 20}
}

func (o Options) withDefaults() Options {
	d := DefaultOptions()
	if o.PCAIters <= 0 {
		o.PCAIters = d.PCAIters
	}
	if o.BaseK <= 0 {
		o.BaseK = d.BaseK
	}
	if o.BaseIters <= 0 {
		o.BaseIters = d.BaseIters
	}
	if o.MaxK < 2 {
		o.MaxK = d.MaxK
	}
	if o.GroupIters <= 0 {
		o.GroupIters = d.GroupIters
	}
	return o
}

// Model is the opinion map of a conversation: principal components,
// projections, base clusters, groups and the vote counts behind the
// statistics. Compute builds it; Vote adds a vote and updates it cheaply;
// Recompute runs the whole method again. A Model is not safe for concurrent
// use; it owns its Conversation.
type Model struct {
	conv *Conversation
	opts Options

	// PCA, per column as of the last Recompute (new columns get zeros).
	zeroed  []bool
	nZeroed int
	center  []float64
	comps   [2][]float64

	// Per row.
	proj      []point
	clustered []bool
	base      []int32 // base cluster of a clustered row, else -1

	baseCentres []point
	baseSize    []int
	baseGroup   []int
	groupCentre []point
	silhouettes []KScore

	groupCounts [][]counts // [group][column], clustered participants only
	allCounts   []counts   // [column], all participants
}

// KScore is the silhouette coefficient of the grouping into K groups.
type KScore struct {
	K          int     `json:"k"`
	Silhouette float64 `json:"silhouette"`
}

// Compute maps the opinions of conv. The model takes ownership of conv: add
// further votes through Model.Vote.
func Compute(conv *Conversation, opts Options) *Model {
	m := &Model{conv: conv, opts: opts.withDefaults()}
	m.Recompute()
	return m
}

// Conversation returns the model's conversation (read-only for callers).
func (m *Model) Conversation() *Conversation { return m.conv }

// Recompute runs the whole method on the current votes and moderation. The
// result depends only on the votes (in arrival order), the moderation states
// and the options: computing from scratch gives the same model.
func (m *Model) Recompute() {
	c := m.conv
	ncols := len(c.tids)
	m.zeroed = make([]bool, ncols)
	m.nZeroed = 0
	m.center = make([]float64, ncols)
	for col, tid := range c.tids {
		if c.zeroed(tid) {
			m.zeroed[col] = true
			m.nZeroed++
			continue
		}
		if c.colVotes[col] > 0 {
			m.center[col] = float64(c.colSum[col]) / float64(c.colVotes[col])
		}
	}
	csr := buildCSR(c, m.center, m.zeroed)
	rng := rand.New(rand.NewPCG(m.opts.Seed, 0x9e3779b97f4a7c15))
	pcs := pca(csr, 2, m.opts.PCAIters, rng)
	m.comps = [2][]float64{pcs[0], pcs[1]}

	m.proj = make([]point, len(c.rows))
	for r := range c.rows {
		m.proj[r] = m.project(r)
	}
	m.clustered = slices.Clone(c.inConv)
	m.clusterAll()
	m.countAll()
}

// project is Pol.is's sparsity-aware projection of row r: the dot product of
// the centred votes with each component over the cells the participant
// filled (zeroed columns count as filled with 0), scaled by
// sqrt(columns / filled cells).
func (m *Model) project(r int) point {
	var p point
	n := m.nZeroed
	for _, x := range m.conv.rows[r] {
		col := int(x.col)
		if col >= len(m.zeroed) { // column new since Recompute: no component yet
			n++
			continue
		}
		if m.zeroed[col] {
			continue
		}
		d := float64(x.val) - m.center[col]
		p[0] += d * m.comps[0][col]
		p[1] += d * m.comps[1][col]
		n++
	}
	s := math.Sqrt(float64(len(m.conv.tids)) / float64(max(n, 1)))
	return point{p[0] * s, p[1] * s}
}

// clusterAll computes the base clusters of the clustered rows and the groups.
func (m *Model) clusterAll() {
	var pts []point
	var rows []int
	for r, in := range m.clustered {
		if in {
			pts = append(pts, m.proj[r])
			rows = append(rows, r)
		}
	}
	// Participants in id order, as in Pol.is's exported matrix: the
	// initial centres are the first 100 distinct points in this order.
	slices.SortFunc(rows, func(a, b int) int { return m.conv.pids[a] - m.conv.pids[b] })
	for i, r := range rows {
		pts[i] = m.proj[r]
	}
	m.base = make([]int32, len(m.proj))
	for i := range m.base {
		m.base[i] = -1
	}
	centres, assign := kmeans(pts, nil, initCentres(pts, m.opts.BaseK), m.opts.BaseIters)
	m.baseCentres = centres
	m.baseSize = make([]int, len(centres))
	for i, r := range rows {
		m.base[r] = int32(assign[i])
		m.baseSize[assign[i]]++
	}
	m.groupBases()
}

// groupBases clusters the base-cluster centres, weighted by size, into
// k = 2 .. min(MaxK, 2 + bases/12) groups and keeps the k with the best
// silhouette (exact ties to the larger k, as Pol.is's max-key picks the last).
func (m *Model) groupBases() {
	nb := len(m.baseCentres)
	m.silhouettes = nil
	m.baseGroup = make([]int, nb)
	if nb < 2 {
		m.groupCentre = slices.Clone(m.baseCentres)
		return
	}
	weights := make([]float64, nb)
	for i, s := range m.baseSize {
		weights[i] = float64(s)
	}
	maxK := min(m.opts.MaxK, 2+nb/12)
	bestScore := math.Inf(-1)
	for k := 2; k <= maxK; k++ {
		init := initCentres(m.baseCentres, k)
		if len(init) < k {
			break
		}
		centres, assign := kmeans(m.baseCentres, weights, init, m.opts.GroupIters)
		s := silhouette(m.baseCentres, assign, len(centres))
		m.silhouettes = append(m.silhouettes, KScore{K: k, Silhouette: s})
		if s >= bestScore { // ties to the larger k, as Pol.is's max-key
			bestScore = s
			m.groupCentre = centres
			copy(m.baseGroup, assign)
		}
	}
	if len(m.silhouettes) == 0 { // fewer than two distinct centres
		m.groupCentre = []point{m.baseCentres[0]}
	}
}

// groupOfRow returns the group of row r, or -1 if it is not clustered.
func (m *Model) groupOfRow(r int) int {
	if r >= len(m.base) || m.base[r] < 0 {
		return -1
	}
	return m.baseGroup[m.base[r]]
}

// countAll recounts the votes per statement overall and per group.
func (m *Model) countAll() {
	ncols := len(m.conv.tids)
	m.allCounts = make([]counts, ncols)
	m.groupCounts = make([][]counts, len(m.groupCentre))
	for g := range m.groupCounts {
		m.groupCounts[g] = make([]counts, ncols)
	}
	for r, row := range m.conv.rows {
		g := m.groupOfRow(r)
		for _, x := range row {
			m.allCounts[x.col].add(x.val, 1)
			if g >= 0 {
				m.groupCounts[g][x.col].add(x.val, 1)
			}
		}
	}
}
