package cycle

import "time"

// Status says where a phase stands in a round.
type Status string

// The statuses of a phase.
const (
	Past     Status = "past"     // an earlier phase than the current one
	Current  Status = "current"  // the round's phase now
	Upcoming Status = "upcoming" // a later phase
)

// PhaseState is one phase of a round: its plan, when the round last
// entered and left it, and where it stands now.
type PhaseState struct {
	Phase   Phase
	Planned PlannedPhase
	Started time.Time // when the round last entered the phase; zero if never
	Ended   time.Time // when the round last left it; zero if it never did (or is in it)
	Status  Status
	Notes   []Move // the moves into the phase that carry an organiser's note, oldest first
}

// States returns the round's eight phases in order, with the dates its
// timeline (moves, oldest first) gives them. A phase the round went back
// out of keeps the dates of its last visit.
func (c Cycle) States(moves []Move) []PhaseState {
	cur := c.Phase.Index()
	out := make([]PhaseState, len(Phases))
	at := map[Phase]int{}
	for i, p := range Phases {
		out[i] = PhaseState{Phase: p, Planned: c.Planned(p), Status: Upcoming}
		switch {
		case i < cur:
			out[i].Status = Past
		case i == cur:
			out[i].Status = Current
		}
		at[p] = i
	}
	for _, m := range moves {
		if i, ok := at[m.From]; ok {
			out[i].Ended = m.At
		}
		if i, ok := at[m.To]; ok {
			out[i].Started, out[i].Ended = m.At, time.Time{}
			if m.Note != "" {
				out[i].Notes = append(out[i].Notes, m)
			}
		}
	}
	return out
}

// NextPlanned returns the phase after the current one and its plan, or
// false in the last phase.
func (c Cycle) NextPlanned() (PlannedPhase, bool) {
	next, ok := c.Phase.Next()
	if !ok {
		return PlannedPhase{}, false
	}
	return c.Planned(next), true
}
