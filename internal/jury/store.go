package jury

import (
	"context"
	"time"

	"github.com/folkmoot/folkmoot/internal/audit"
)

// Store is persistent storage for rounds' juries. Every method that
// changes state records its audit.Event in the same transaction.
//
// Errors are *apperr.Error: NotFound when a row asked for does not exist,
// Conflict when a rule of integrity is broken (a second ballot from one
// juror; a change from a status the jury is no longer in), Internal
// otherwise.
type Store interface {
	// Jury returns a round's jury settings and state, NotFound if none was
	// ever saved.
	Jury(ctx context.Context, cycleID int64) (Settings, error)
	// SaveJury stores s if the round's jury is still in status from (""
	// when no jury was saved yet), else Conflict.
	SaveJury(ctx context.Context, s Settings, from Status, ev audit.Event) error

	// AddVolunteer stores v's offer, its answers sealed; added is false
	// when the person had already volunteered, in which case the answers
	// are replaced (audited with the detail changed=answers).
	AddVolunteer(ctx context.Context, v Volunteer, ev audit.Event) (added bool, err error)
	// RemoveVolunteer deletes a volunteer and their answers.
	RemoveVolunteer(ctx context.Context, cycleID, userID int64, ev audit.Event) (removed bool, err error)
	// Volunteers returns a round's volunteers with their answers opened
	// and Name, oldest first.
	Volunteers(ctx context.Context, cycleID int64) ([]Volunteer, error)
	IsVolunteer(ctx context.Context, cycleID, userID int64) (bool, error)

	// AddJurors makes userIDs jurors of the round (those already jurors are
	// left), storing draw as the round's published draw when not nil.
	AddJurors(ctx context.Context, cycleID int64, userIDs []int64, draw *Draw, at time.Time, ev audit.Event) error
	// RemoveJuror takes a juror off the jury before the vote opens.
	RemoveJuror(ctx context.Context, cycleID, userID int64, ev audit.Event) error
	// Jurors returns a round's jurors with Name and Voted, by name.
	Jurors(ctx context.Context, cycleID int64) ([]Juror, error)

	// CastBallot records that userID voted and, apart, the ballot b, if
	// the jury's status is Voting and userID is a juror who has not voted
	// (else Conflict). The ballot row holds no user, time or order.
	CastBallot(ctx context.Context, cycleID, userID int64, b Ballot, ev audit.Event) error
	// Ballots returns a round's ballots ordered by their random id.
	Ballots(ctx context.Context, cycleID int64) ([]Ballot, error)
}
