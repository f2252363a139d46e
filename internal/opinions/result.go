package opinions

import "math"

// Result is what a Model shows: the groups, who is in them, the
// representative statements of each group, the consensus statements and
// per-statement statistics. Its JSON form is the output of
// `folkmoot opinions --json`.
type Result struct {
	Participants      int                      `json:"participants"` // with at least one vote
	Clustered         int                      `json:"clustered"`
	Statements        int                      `json:"statements"` // with at least one vote
	Votes             int                      `json:"votes"`
	K                 int                      `json:"k"`
	Silhouettes       []KScore                 `json:"silhouettes"`
	ParticipantGroups map[int]int              `json:"participant_groups"` // participant id -> group id
	Groups            []Group                  `json:"groups"`
	Representative    map[int][]Representative `json:"representative"` // group id -> statements
	Consensus         Consensus                `json:"consensus"`
	// GroupConsensus is Pol.is's group-informed consensus per statement id:
	// the product over groups of (agrees+1)/(votes+2).
	GroupConsensus map[int]float64  `json:"group_consensus"`
	StatementStats []StatementStats `json:"statement_stats"`
	Points         []Point          `json:"points"`
}

// Group is one opinion group.
type Group struct {
	ID           int        `json:"id"`
	Size         int        `json:"size"`
	Center       [2]float64 `json:"center"`
	BaseClusters int        `json:"base_clusters"`
}

// Point is a participant's position on the opinion map.
type Point struct {
	Participant int     `json:"pid"`
	X           float64 `json:"x"`
	Y           float64 `json:"y"`
	Group       int     `json:"group"` // -1: not clustered
}

// GroupVotes counts one group's votes on a statement.
type GroupVotes struct {
	Agrees    int `json:"agrees"`
	Disagrees int `json:"disagrees"`
	Votes     int `json:"votes"`
}

// StatementStats are the statistics of one statement.
type StatementStats struct {
	Statement    int          `json:"tid"`
	ModeratedOut bool         `json:"moderated_out,omitempty"`
	Agrees       int          `json:"agrees"`
	Disagrees    int          `json:"disagrees"`
	Passes       int          `json:"passes"`
	Groups       []GroupVotes `json:"groups"`
	// Extremity is the length of the statement's projection on the map
	// (Pol.is's comment-extremity); Priority is Pol.is's routing priority.
	Extremity float64 `json:"extremity"`
	Priority  float64 `json:"priority"`
}

// Result returns the model's current result.
func (m *Model) Result() *Result {
	c := m.conv
	res := &Result{
		Participants:      len(c.pids),
		Statements:        len(c.tids),
		Votes:             c.nVotes,
		K:                 len(m.groupCentre),
		Silhouettes:       m.silhouettes,
		ParticipantGroups: map[int]int{},
		GroupConsensus:    map[int]float64{},
	}
	sizes := make([]int, res.K)
	nbase := make([]int, res.K)
	for _, g := range m.baseGroup {
		nbase[g]++
	}
	res.Points = make([]Point, len(c.pids))
	for r, pid := range c.pids {
		g := m.groupOfRow(r)
		res.Points[r] = Point{Participant: pid, X: m.proj[r][0], Y: m.proj[r][1], Group: g}
		if g >= 0 {
			res.ParticipantGroups[pid] = g
			sizes[g]++
			res.Clustered++
		}
	}
	for g := range res.K {
		res.Groups = append(res.Groups, Group{ID: g, Size: sizes[g], Center: m.groupCentre[g], BaseClusters: nbase[g]})
	}
	res.Representative = m.Representative()
	skip := m.skipped()
	res.Consensus = selectConsensus(c.tids, m.allCounts, skip)
	for col, tid := range c.tids {
		p := 1.0
		for g := range m.groupCounts {
			gc := m.groupCounts[g][col]
			p *= (float64(gc.A) + 1) / (float64(gc.S) + 2)
		}
		res.GroupConsensus[tid] = p
		res.StatementStats = append(res.StatementStats, m.statementStats(col, skip[col]))
	}
	return res
}

// skipped reports per column whether the statement is moderated out (or
// meta) now, which excludes it from representative and consensus lists.
func (m *Model) skipped() []bool {
	skip := make([]bool, len(m.conv.tids))
	for col, tid := range m.conv.tids {
		skip[col] = m.conv.zeroed(tid)
	}
	return skip
}

// Representative returns the representative statements of each group
// (group id -> statements), from the current counts. Its cost is
// O(groups × statements), so it is cheap to call after every Vote.
func (m *Model) Representative() map[int][]Representative {
	skip := m.skipped()
	out := map[int][]Representative{}
	for g := range m.groupCounts {
		var stats []commentStats
		for col, tid := range m.conv.tids {
			if skip[col] {
				continue
			}
			var rest counts
			for h := range m.groupCounts {
				if h != g {
					o := m.groupCounts[h][col]
					rest.A += o.A
					rest.D += o.D
					rest.S += o.S
				}
			}
			stats = append(stats, newCommentStats(tid, m.groupCounts[g][col], rest))
		}
		out[g] = selectRepresentative(stats)
	}
	return out
}

// metaPriority is Pol.is's fixed priority (before squaring) of meta statements.
const metaPriority = 7

func (m *Model) statementStats(col int, skip bool) StatementStats {
	tid := m.conv.tids[col]
	a := m.allCounts[col]
	s := StatementStats{Statement: tid, ModeratedOut: m.conv.moderation[tid] == ModeratedOut,
		Agrees: int(a.A), Disagrees: int(a.D), Passes: int(a.S - a.A - a.D)}
	var tot counts
	for g := range m.groupCounts {
		gc := m.groupCounts[g][col]
		s.Groups = append(s.Groups, GroupVotes{Agrees: int(gc.A), Disagrees: int(gc.D), Votes: int(gc.S)})
		tot.A += gc.A
		tot.D += gc.D
		tot.S += gc.S
	}
	if col < len(m.center) && !skip {
		// The projection of a lone agree vote on this statement.
		d := (1 - m.center[col]) * math.Sqrt(float64(len(m.conv.tids)))
		s.Extremity = math.Abs(d) * math.Hypot(m.comps[0][col], m.comps[1][col])
	}
	if m.conv.meta[tid] {
		s.Priority = metaPriority * metaPriority
		return s
	}
	A, S := float64(tot.A), float64(tot.S)
	P := S - A - float64(tot.D)
	p := (P + 1) / (S + 2)
	agree := (A + 1) / (S + 2)
	importance := (1 - p) * (s.Extremity + 1) * agree
	pr := importance * (1 + 8*math.Pow(2, -S/5))
	s.Priority = pr * pr
	return s
}

// AdjustedRandIndex returns the adjusted Rand index (Hubert and Arabie 1985)
// between two labellings, over the keys present in both. It is 1 for
// identical partitions (up to renaming), about 0 for independent ones, and
// 1 when fewer than two keys are shared or both partitions are trivial.
func AdjustedRandIndex(a, b map[int]int) float64 {
	type pair struct{ x, y int }
	joint := map[pair]int{}
	ca, cb := map[int]int{}, map[int]int{}
	n := 0
	for k, x := range a {
		y, ok := b[k]
		if !ok {
			continue
		}
		joint[pair{x, y}]++
		ca[x]++
		cb[y]++
		n++
	}
	c2 := func(v int) float64 { return float64(v) * float64(v-1) / 2 }
	var sij, sa, sb float64
	for _, v := range joint {
		sij += c2(v)
	}
	for _, v := range ca {
		sa += c2(v)
	}
	for _, v := range cb {
		sb += c2(v)
	}
	if n < 2 {
		return 1
	}
	exp := sa * sb / c2(n)
	mx := (sa + sb) / 2
	if mx == exp {
		return 1
	}
	return (sij - exp) / (mx - exp)
}
