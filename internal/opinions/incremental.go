package opinions

import "math"

// Vote adds vote e to the conversation and updates the model cheaply: the
// voter's projection is recomputed with the current components, the voter
// joins (or moves to) the nearest base cluster, and the vote counts behind the
// statistics are updated. Components, centres and groups stay as they were
// until Recompute, so after many votes the model drifts from a full
// computation; Recompute restores it exactly.
//
// While fewer than 15 participants qualify to be clustered, or before any
// base cluster exists, Vote recomputes the whole (small) model instead.
func (m *Model) Vote(e Event) error {
	old, had := m.conv.VoteOf(e.Participant, e.Statement)
	r32, col32, err := m.conv.add(e)
	if err != nil {
		return err
	}
	if m.conv.nInConv < inConvGreedy || len(m.baseCentres) == 0 {
		m.Recompute()
		return nil
	}
	r, col := int(r32), int(col32)
	m.grow()
	if had {
		m.allCounts[col].add(old, -1)
	}
	m.allCounts[col].add(e.Vote, 1)
	if g := m.groupOfRow(r); g >= 0 {
		if had {
			m.groupCounts[g][col].add(old, -1)
		}
		m.groupCounts[g][col].add(e.Vote, 1)
	}
	m.proj[r] = m.project(r)
	if m.conv.inConv[r] && !m.clustered[r] {
		m.clustered[r] = true
	}
	if m.clustered[r] {
		m.moveTo(r, m.nearestBase(m.proj[r]))
	}
	return nil
}

// grow extends the per-row and per-column slices to the conversation's size.
func (m *Model) grow() {
	for len(m.proj) < len(m.conv.rows) {
		m.proj = append(m.proj, point{})
		m.clustered = append(m.clustered, false)
		m.base = append(m.base, -1)
	}
	for len(m.allCounts) < len(m.conv.tids) {
		m.allCounts = append(m.allCounts, counts{})
		for g := range m.groupCounts {
			m.groupCounts[g] = append(m.groupCounts[g], counts{})
		}
	}
}

func (m *Model) nearestBase(p point) int {
	best, bd := 0, math.Inf(1)
	for j, c := range m.baseCentres {
		dx, dy := p[0]-c[0], p[1]-c[1]
		if d := dx*dx + dy*dy; d < bd {
			best, bd = j, d
		}
	}
	return best
}

// moveTo puts row r in base cluster b, moving its votes between group
// counts if its group changes.
func (m *Model) moveTo(r, b int) {
	from := m.groupOfRow(r)
	if m.base[r] >= 0 {
		m.baseSize[m.base[r]]--
	}
	m.base[r] = int32(b)
	m.baseSize[b]++
	to := m.groupOfRow(r)
	if from == to {
		return
	}
	for _, x := range m.conv.rows[r] {
		if from >= 0 {
			m.groupCounts[from][x.col].add(x.val, -1)
		}
		m.groupCounts[to][x.col].add(x.val, 1)
	}
}
