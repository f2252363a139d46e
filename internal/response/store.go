package response

import (
	"context"
	"time"

	"github.com/folkmoot/folkmoot/internal/audit"
)

// Store is persistent storage for the Board's answers, commitments and the
// stocktake. Every method that changes state records its audit.Event in
// the same transaction.
//
// Errors are *apperr.Error: NotFound when a row asked for does not exist,
// Conflict when a change started from a state no longer current, Internal
// otherwise.
type Store interface {
	// RespSettings returns a round's settings; NotFound if none were saved.
	RespSettings(ctx context.Context, cycleID int64) (Settings, error)
	// SaveRespSettings stores a round's settings (inserting or replacing).
	SaveRespSettings(ctx context.Context, s Settings, ev audit.Event) error

	// SaveRespAnswer stores an answer, inserting or replacing the
	// recommendation's; a replaced answer keeps its AnsweredAt.
	SaveRespAnswer(ctx context.Context, cycleID int64, a Answer, ev audit.Event) error
	// RespAnswers returns a round's answers by recommendation id.
	RespAnswers(ctx context.Context, cycleID int64) ([]Answer, error)

	// AddRespCommitment stores a new commitment and returns its id; the
	// event's object is set to it.
	AddRespCommitment(ctx context.Context, c Commitment, ev audit.Event) (int64, error)
	// SaveRespCommitment stores c if it was last updated at prev, else
	// Conflict. With u non-nil it also records the update u (its Number
	// given by the store).
	SaveRespCommitment(ctx context.Context, c Commitment, prev time.Time, u *Update, ev audit.Event) error
	// RespCommitment returns one commitment with its updates; NotFound if none.
	RespCommitment(ctx context.Context, id int64) (Commitment, error)
	// RespCommitments returns a round's commitments by id, with their updates.
	RespCommitments(ctx context.Context, cycleID int64) ([]Commitment, error)

	// RespStocktake returns a round's stocktake; NotFound if none.
	RespStocktake(ctx context.Context, cycleID int64) (Stocktake, error)
	// SaveRespStocktake stores a round's stocktake (inserting or replacing).
	SaveRespStocktake(ctx context.Context, s Stocktake, ev audit.Event) error
}
