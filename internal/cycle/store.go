package cycle

import (
	"context"

	"github.com/folkmoot/folkmoot/internal/audit"
)

// Store is persistent storage for programmes and rounds. Implementations
// are safe for concurrent use (including several server processes on one
// PostgreSQL database).
//
// Every method that changes state takes the audit.Event describing the
// change and records it in the same transaction; when a method reports that
// nothing changed (added/removed false) no entry is written. Methods that
// create a row set its ID on the value passed in; an event's empty Object
// is filled in with "<kind>:<new id>".
//
// Errors are *apperr.Error: NotFound when a row asked for (or referred to)
// does not exist, Conflict when a uniqueness rule is broken or (MovePhase)
// the round is no longer in the phase the move starts from, Internal
// otherwise. Stores check integrity, not business rules.
type Store interface {
	CreateProgramme(ctx context.Context, p *Programme, ev audit.Event) error
	Programme(ctx context.Context, id int64) (Programme, error)
	ProgrammeBySlug(ctx context.Context, slug string) (Programme, error)
	// Programmes lists every programme, oldest first.
	Programmes(ctx context.Context) ([]Programme, error)

	// CreateCycle stores c (with its Plan, its Phase and PhaseSince) and the
	// first entry of its timeline, first (From "", To c.Phase, At
	// c.PhaseSince, by first.ActorID); it sets c.ID and first.ID.
	CreateCycle(ctx context.Context, c *Cycle, first *Move, ev audit.Event) error
	// UpdateCycle changes a round's title, description and plan.
	UpdateCycle(ctx context.Context, c Cycle, ev audit.Event) error
	// MovePhase sets the round's phase to m.To (PhaseSince m.At) if it is
	// still in m.From, and appends m to its timeline; otherwise Conflict.
	MovePhase(ctx context.Context, m *Move, ev audit.Event) error
	// Cycle returns one round with ProgrammeName and its full Plan.
	Cycle(ctx context.Context, id int64) (Cycle, error)
	// Cycles lists rounds (of one programme, or every programme's when
	// programmeID is 0), newest first.
	Cycles(ctx context.Context, programmeID int64) ([]Cycle, error)
	// Moves returns a round's timeline, oldest first, with ActorName.
	Moves(ctx context.Context, cycleID int64) ([]Move, error)

	// AddCycleFollow and RemoveCycleFollow are idempotent: added/removed
	// is false (and nothing is audited) when nothing changed.
	AddCycleFollow(ctx context.Context, cycleID, userID int64, ev audit.Event) (added bool, err error)
	RemoveCycleFollow(ctx context.Context, cycleID, userID int64, ev audit.Event) (removed bool, err error)
	// CycleFollowers returns the ids of the users following a round.
	CycleFollowers(ctx context.Context, cycleID int64) ([]int64, error)
	// FollowsCycle reports whether userID follows the round.
	FollowsCycle(ctx context.Context, cycleID, userID int64) (bool, error)
}
