package recommend

import (
	"context"
	"time"

	"github.com/folkmoot/folkmoot/internal/audit"
)

// Store is persistent storage for rounds' recommendations and their
// secret ballot. Every method that changes state records its audit.Event
// in the same transaction.
//
// Errors are *apperr.Error: NotFound when a row asked for does not exist,
// Conflict when a rule of integrity is broken (a second vote from one
// member; a change from a state no longer current), Internal otherwise.
type Store interface {
	// RecRound returns a round's settings, NotFound if none were saved.
	RecRound(ctx context.Context, cycleID int64) (Round, error)
	// SaveRecRound stores r if the round's status is still from ("" when
	// none was saved), else Conflict. Closing (Voting to Closed) also
	// rewrites the ballots in the order of their random id.
	SaveRecRound(ctx context.Context, r Round, from Status, ev audit.Event) error

	// AddRecItem stores a new item and returns its id.
	AddRecItem(ctx context.Context, it Item, ev audit.Event) (int64, error)
	// SaveRecItem stores it if it was last updated at prev (else
	// Conflict) and the round is still drafting.
	SaveRecItem(ctx context.Context, it Item, prev time.Time, ev audit.Event) error
	// RecItem returns one item; NotFound if none.
	RecItem(ctx context.Context, itemID int64) (Item, error)
	// RecItems returns a round's items by id.
	RecItems(ctx context.Context, cycleID int64) ([]Item, error)

	// CastRecBallots records that userID voted and, apart, the ballots,
	// if the round's vote is open and userID has not voted (else
	// Conflict). The ballot rows hold no user, time or order.
	CastRecBallots(ctx context.Context, cycleID, userID int64, bs []Ballot, ev audit.Event) error
	// HasVotedRec reports whether userID has voted in the round.
	HasVotedRec(ctx context.Context, cycleID, userID int64) (bool, error)
	// RecVoters returns how many have voted in the round.
	RecVoters(ctx context.Context, cycleID int64) (int, error)
	// RecBallots returns a round's ballots ordered by their random id.
	RecBallots(ctx context.Context, cycleID int64) ([]Ballot, error)
}
