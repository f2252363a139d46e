package cycle

import (
	"slices"
	"strings"
	"time"

	"github.com/folkmoot/folkmoot/internal/i18n"
)

// Phase is a stage of a round.
type Phase string

// The phases, in the order a round moves through them.
const (
	Gather          Phase = "gather"          // the public raises and supports issues
	Agenda          Phase = "agenda"          // a citizens' jury chooses the agenda from the leading themes
	Selection       Phase = "selection"       // people are invited and the assembly is chosen by lottery
	Learning        Phase = "learning"        // members learn from evidence and witnesses
	Meetings        Phase = "meetings"        // the assembly meets and deliberates, with people online
	Recommendations Phase = "recommendations" // members vote on recommendations
	Response        Phase = "response"        // the decision-makers answer each recommendation
	FollowUp        Phase = "followup"        // commitments are tracked and reported on
)

// Phases lists every phase in order.
var Phases = []Phase{Gather, Agenda, Selection, Learning, Meetings, Recommendations, Response, FollowUp}

// ParsePhase returns the phase named s (any case; "follow-up" and
// "follow up" name FollowUp), or false.
func ParsePhase(s string) (Phase, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.NewReplacer("-", "", " ", "", "_", "").Replace(s)
	p := Phase(s)
	return p, slices.Contains(Phases, p)
}

// Index returns the phase's position in Phases (0 for Gather), or -1.
func (p Phase) Index() int { return slices.Index(Phases, p) }

// Next returns the phase after p, or false for the last phase.
func (p Phase) Next() (Phase, bool) {
	i := p.Index()
	if i < 0 || i+1 >= len(Phases) {
		return "", false
	}
	return Phases[i+1], true
}

// Title returns the phase's name, an English msgid for the catalogue
// (translate it with i18n.Printer.T).
func (p Phase) Title() string {
	switch p {
	case Gather:
		return i18n.Mark("Gather")
	case Agenda:
		return i18n.Mark("Agenda")
	case Selection:
		return i18n.Mark("Selection")
	case Learning:
		return i18n.Mark("Learning")
	case Meetings:
		return i18n.Mark("Meetings")
	case Recommendations:
		return i18n.Mark("Recommendations")
	case Response:
		return i18n.Mark("Response")
	case FollowUp:
		return i18n.Mark("Follow-up")
	}
	return string(p)
}

// Summary returns one plain sentence saying what happens in the phase, an
// English msgid for the catalogue.
func (p Phase) Summary() string {
	switch p {
	case Gather:
		return i18n.Mark("Anyone can raise issues for the assembly, and support and discuss the issues others raise. Organisers group similar issues into themes.")
	case Agenda:
		return i18n.Mark("A citizens' jury, a small group of people chosen by lottery, looks at the leading themes and chooses the ones the assembly will work on.")
	case Selection:
		return i18n.Mark("Invitations go to people at random. From those who reply, the assembly's members are chosen by a fair, checkable lottery so that they reflect the population.")
	case Learning:
		return i18n.Mark("Members learn about each chosen issue from evidence packs, with easy-read versions, and from witnesses approved by an advisory committee.")
	case Meetings:
		return i18n.Mark("The assembly meets in discussion groups with the decision-makers. People online can send comments and questions into the room.")
	case Recommendations:
		return i18n.Mark("Members write recommendations and vote on them by secret ballot. The results are published.")
	case Response:
		return i18n.Mark("The decision-makers answer each recommendation in public, saying what they will do and by when.")
	case FollowUp:
		return i18n.Mark("Everyone can follow the commitments made and see what happened to each issue raised.")
	}
	return ""
}

// Programme is a public-participation programme ("NHS Citizen") that runs
// rounds.
type Programme struct {
	ID          int64
	Slug        string // URL-safe, unique: lower-case letters, digits and hyphens
	Name        string
	Description string
	Created     time.Time
}

// PlannedPhase is when a phase is planned to start and end. Either may be
// zero (not planned yet).
type PlannedPhase struct {
	Phase  Phase
	Starts time.Time
	Ends   time.Time
}

// Cycle is one round of a programme: an assembly's whole cycle from
// gathering issues to following up the answers.
type Cycle struct {
	ID            int64
	ProgrammeID   int64
	ProgrammeName string // filled in on reads
	Title         string // "Spring 2027"
	Description   string
	Phase         Phase     // the current phase
	PhaseSince    time.Time // when the current phase began
	// Plan holds one entry per phase, in the order of Phases (reads always
	// return all eight; entries without dates are not planned yet).
	Plan    []PlannedPhase
	Created time.Time
}

// Planned returns the plan of phase p (zero dates if none).
func (c Cycle) Planned(p Phase) PlannedPhase {
	for _, pp := range c.Plan {
		if pp.Phase == p {
			return pp
		}
	}
	return PlannedPhase{Phase: p}
}

// Allows reports whether the round's current phase allows action a.
func (c Cycle) Allows(a Action) bool { return Allows(c.Phase, a) }

// Finished reports whether the round has reached its last phase.
func (c Cycle) Finished() bool { return c.Phase == FollowUp }

// FullPlan returns plan completed to one entry per phase in phase order,
// keeping the dates given.
func FullPlan(plan []PlannedPhase) []PlannedPhase {
	out := make([]PlannedPhase, len(Phases))
	for i, p := range Phases {
		out[i] = PlannedPhase{Phase: p}
		for _, pp := range plan {
			if pp.Phase == p {
				out[i].Starts, out[i].Ends = pp.Starts, pp.Ends
			}
		}
	}
	return out
}

// Move is one change of a round's phase: an entry of its public timeline.
type Move struct {
	ID        int64
	CycleID   int64
	From      Phase // "" for the round's creation
	To        Phase
	ActorID   int64  // the organiser who moved it; 0 for the command line or the system
	ActorName string // filled in on reads ("" for the command line or the system)
	Note      string // the organiser's public note, may be empty
	At        time.Time
}

// Back reports whether the move went back to an earlier phase (a
// correction).
func (m Move) Back() bool { return m.From != "" && m.To.Index() < m.From.Index() }
