package opinions

import (
	"math"
	"math/rand/v2"
	"slices"
)

// Live Pol.is does not compute its groups once: every few seconds it updates
// them, starting PCA from the previous components, k-means from the previous
// clusters, and switching the number of groups only after a new k has had
// the best silhouette in liveKBuffer consecutive updates. Replay emulates
// that history by computing in ticks over the votes in time order.
const (
	livePCAIters = 100 // Pol.is's pca-iters per update
	liveKBuffer  = 4   // Pol.is's group-k-buffer
)

// liveCluster is a cluster that keeps its identity from one update to the
// next: members are rows (base clusters) or base-cluster ids (groups).
type liveCluster struct {
	id      int
	members []int
	centre  point
}

// liveState is what one update hands to the next.
type liveState struct {
	comps      [2][]float64
	base       []liveCluster
	groupings  map[int][]liveCluster // k -> group clusters over base ids
	lastK      int
	lastKCount int
	smoothedK  int
}

// Replay adds events to conv (in the given order, which should be time
// order) in the given number of ticks of equal size, updating the model
// after each tick the way a live Pol.is server does, and returns the model
// after the last tick. conv should hold the moderation states and no votes.
// The result depends on the number of ticks; it is deterministic for a
// given seed. Later calls to Recompute replace the replayed state with a
// one-shot computation.
func Replay(conv *Conversation, batches [][]Event, opts Options) (*Model, error) {
	m := &Model{conv: conv, opts: opts.withDefaults()}
	st := &liveState{groupings: map[int][]liveCluster{}}
	rng := rand.New(rand.NewPCG(m.opts.Seed, 0x9e3779b97f4a7c15))
	for _, batch := range batches {
		// one tick is one Pol.is update: the in-conv rule runs once per tick
		if err := conv.AddUpdate(batch); err != nil {
			return nil, err
		}
		if conv.Participants() > 0 {
			m.liveUpdate(st, rng)
		}
	}
	m.countAll()
	return m, nil
}

// liveUpdate is one live update.
func (m *Model) liveUpdate(st *liveState, rng *rand.Rand) {
	c := m.conv
	ncols := len(c.tids)
	m.zeroed = make([]bool, ncols)
	m.nZeroed = 0
	m.center = make([]float64, ncols)
	for col, tid := range c.tids {
		if c.zeroed(tid) {
			m.zeroed[col] = true
			m.nZeroed++
		} else if c.colVotes[col] > 0 {
			m.center[col] = float64(c.colSum[col]) / float64(c.colVotes[col])
		}
	}
	csr := buildCSR(c, m.center, m.zeroed)
	var comps [][]float64
	for k := range 2 {
		start := make([]float64, ncols)
		prev := st.comps[k]
		copy(start, prev)
		for i := len(prev); i < ncols; i++ {
			start[i] = 1 // Pol.is pads the previous component with ones
		}
		if len(prev) == 0 || dot(prev, prev) == 0 {
			for i := range start {
				start[i] = rng.Float64()
			}
		}
		comps = append(comps, powerIteration(csr, start, comps, livePCAIters))
	}
	m.comps = [2][]float64{comps[0], comps[1]}
	st.comps = m.comps
	m.proj = make([]point, len(c.rows))
	for r := range c.rows {
		m.proj[r] = m.project(r)
	}
	m.clustered = slices.Clone(c.inConv)

	// Base clusters over the clustered rows, in participant id order.
	var rows []int
	for r, in := range m.clustered {
		if in {
			rows = append(rows, r)
		}
	}
	slices.SortFunc(rows, func(a, b int) int { return c.pids[a] - c.pids[b] })
	pos := func(r int) point { return m.proj[r] }
	st.base = liveKMeans(rows, pos, nil, st.base, m.opts.BaseK, m.opts.BaseIters)
	slices.SortFunc(st.base, func(a, b liveCluster) int { return a.id - b.id })

	m.base = make([]int32, len(c.rows))
	for i := range m.base {
		m.base[i] = -1
	}
	m.baseCentres = make([]point, len(st.base))
	m.baseSize = make([]int, len(st.base))
	byID := map[int]int{}
	bids := make([]int, len(st.base))
	for i, b := range st.base {
		m.baseCentres[i] = b.centre
		m.baseSize[i] = len(b.members)
		byID[b.id] = i
		bids[i] = b.id
		for _, r := range b.members {
			m.base[r] = int32(i)
		}
	}

	// Group clusterings for every k, each started from the last one for k.
	bpos := func(id int) point { return m.baseCentres[byID[id]] }
	bw := func(id int) float64 { return float64(m.baseSize[byID[id]]) }
	nb := len(st.base)
	m.silhouettes = nil
	best, bestScore := 0, math.Inf(-1)
	for k := 2; k <= min(m.opts.MaxK, 2+nb/12); k++ {
		g := liveKMeans(bids, bpos, bw, st.groupings[k], k, m.opts.GroupIters)
		slices.SortFunc(g, func(a, b liveCluster) int { return a.id - b.id })
		st.groupings[k] = g
		assign := make([]int, nb)
		for gi, cl := range g {
			for _, id := range cl.members {
				assign[byID[id]] = gi
			}
		}
		s := silhouette(m.baseCentres, assign, len(g))
		m.silhouettes = append(m.silhouettes, KScore{K: k, Silhouette: s})
		if s >= bestScore { // ties to the larger k, as Pol.is's max-key
			best, bestScore = k, s
		}
	}
	if best != 0 {
		if best == st.lastK {
			st.lastKCount++
		} else {
			st.lastKCount = 1
		}
		st.lastK = best
		if st.lastKCount >= liveKBuffer || st.smoothedK == 0 {
			st.smoothedK = best
		}
	}
	m.baseGroup = make([]int, nb)
	chosen, ok := st.groupings[st.smoothedK]
	if !ok || best == 0 {
		chosen, ok = st.groupings[best]
	}
	if !ok || nb < 2 {
		m.groupCentre = nil
		if nb > 0 {
			m.groupCentre = []point{m.baseCentres[0]}
		}
		return
	}
	m.groupCentre = make([]point, len(chosen))
	for gi, cl := range chosen {
		m.groupCentre[gi] = cl.centre
		for _, id := range cl.members {
			m.baseGroup[byID[id]] = gi
		}
	}
}

// liveKMeans is Pol.is's k-means with last clusters: the previous clusters
// are re-centred on their members' new positions (clean-start-clusters),
// split until there are k (or as many as distinct points), then iterated.
// With no previous clusters it starts from the first k distinct points.
func liveKMeans(keys []int, pos func(int) point, weight func(int) float64, prev []liveCluster, k, maxIter int) []liveCluster {
	if len(keys) == 0 {
		return nil
	}
	var start []liveCluster
	if len(prev) == 0 {
		pts := make([]point, len(keys))
		for i, key := range keys {
			pts[i] = pos(key)
		}
		for i, c := range initCentres(pts, k) {
			start = append(start, liveCluster{id: i, centre: c})
		}
	} else {
		start = cleanStart(keys, pos, weight, prev, k)
	}
	pts := make([]point, len(keys))
	var w []float64
	if weight != nil {
		w = make([]float64, len(keys))
	}
	for i, key := range keys {
		pts[i] = pos(key)
		if w != nil {
			w[i] = weight(key)
		}
	}
	centres := make([]point, len(start))
	for i, c := range start {
		centres[i] = c.centre
	}
	final, assign, kept := kmeansKept(pts, w, centres, maxIter)
	out := make([]liveCluster, len(final))
	for i := range final {
		out[i] = liveCluster{id: start[kept[i]].id, centre: final[i]}
	}
	for i, a := range assign {
		out[a].members = append(out[a].members, keys[i])
	}
	return out
}

// cleanStart follows Pol.is's clean-start-clusters.
func cleanStart(keys []int, pos func(int) point, weight func(int) float64, prev []liveCluster, k int) []liveCluster {
	present := make(map[int]bool, len(keys))
	for _, key := range keys {
		present[key] = true
	}
	mean := func(members []int) point {
		var s point
		tw := 0.0
		for _, x := range members {
			w := 1.0
			if weight != nil {
				w = weight(x)
			}
			p := pos(x)
			s[0] += w * p[0]
			s[1] += w * p[1]
			tw += w
		}
		if tw == 0 {
			return s
		}
		return point{s[0] / tw, s[1] / tw}
	}
	var cs []liveCluster
	maxID := -1
	for _, c := range prev {
		maxID = max(maxID, c.id)
		var mem []int
		for _, x := range c.members {
			if present[x] {
				mem = append(mem, x)
			}
		}
		if len(mem) > 0 {
			cs = append(cs, liveCluster{id: c.id, members: mem, centre: mean(mem)})
		}
	}
	if len(cs) == 0 {
		return []liveCluster{{id: maxID + 1, members: slices.Clone(keys), centre: mean(keys)}}
	}
	// Merge clusters with identical centres (uniqify-clusters).
	var uniq []liveCluster
	for _, c := range cs {
		j := slices.IndexFunc(uniq, func(u liveCluster) bool { return u.centre == c.centre })
		if j < 0 {
			uniq = append(uniq, c)
			continue
		}
		if len(c.members) > len(uniq[j].members) {
			uniq[j].id = c.id
		}
		uniq[j].members = append(uniq[j].members, c.members...)
	}
	cs = uniq
	distinct := map[point]bool{}
	for _, key := range keys {
		distinct[pos(key)] = true
	}
	possible := min(k, len(distinct))
	for {
		cs = slices.DeleteFunc(cs, func(c liveCluster) bool { return len(c.members) == 0 })
		for i := range cs {
			cs[i].centre = mean(cs[i].members)
		}
		if possible <= len(cs) {
			return cs
		}
		// The most distal point: farthest from its nearest centre.
		far, farD := -1, -1.0
		for _, key := range keys {
			p := pos(key)
			d := math.Inf(1)
			for _, c := range cs {
				d = min(d, dist(p, c.centre))
			}
			if d >= farD {
				far, farD = key, d
			}
		}
		if farD <= 0 {
			return cs
		}
		for i := range cs {
			cs[i].members = slices.DeleteFunc(cs[i].members, func(x int) bool { return x == far })
		}
		maxID = 0
		for _, c := range cs {
			maxID = max(maxID, c.id)
		}
		cs = append(cs, liveCluster{id: maxID + 1, members: []int{far}, centre: pos(far)})
	}
}

// BatchesByGap splits events (in time order) into update ticks: a tick
// closes when the next vote comes more than gap milliseconds after the
// tick's first vote.
func BatchesByGap(events []Event, gap int64) [][]Event {
	var out [][]Event
	start := 0
	for i := 1; i <= len(events); i++ {
		if i == len(events) || events[i].Time-events[start].Time > gap {
			out = append(out, events[start:i])
			start = i
		}
	}
	return out
}
