package consult

import (
	"context"
	"time"

	"github.com/folkmoot/folkmoot/internal/audit"
)

// Store is persistent storage for rounds' consultations. Every method that
// changes state records its audit.Event in the same transaction.
//
// Errors are *apperr.Error: NotFound when a row asked for does not exist,
// Conflict when a rule of integrity is broken (a change from a state no
// longer current), Internal otherwise.
type Store interface {
	// ConsultRound returns a round's consultation, NotFound if none.
	ConsultRound(ctx context.Context, cycleID int64) (Round, error)
	// SaveConsultRound stores r if the consultation's status is still
	// from ("" when there is none yet), else Conflict.
	SaveConsultRound(ctx context.Context, r Round, from Status, ev audit.Event) error

	// AddConsultQuestion stores a new question and returns its id.
	AddConsultQuestion(ctx context.Context, q Question, ev audit.Event) (int64, error)
	// ConsultQuestions returns a round's added questions by id.
	ConsultQuestions(ctx context.Context, cycleID int64) ([]Question, error)
	// SaveConsultQuestion replaces a question's kind, texts and options
	// (q.ID in q.CycleID) while the round's consultation has not been
	// opened; NotFound if there is no such question, Conflict once opened.
	SaveConsultQuestion(ctx context.Context, q Question, ev audit.Event) error
	// DeleteConsultQuestion deletes a question under the same rule.
	DeleteConsultQuestion(ctx context.Context, cycleID, id int64, ev audit.Event) error

	// SaveConsultResponse stores r as userID's response on r.RecID,
	// replacing an earlier one, if the consultation is open (else
	// Conflict). The comment is sealed. A new response takes the
	// respondent id the person already has in the round, else
	// r.Respondent. commentChanged says the free text is new: its status
	// is then r.Status (Pending, or NoComment when emptied); otherwise the
	// stored comment and its status are kept.
	SaveConsultResponse(ctx context.Context, r Response, commentChanged bool, ev audit.Event) error
	// ConsultResponse returns userID's response on recID with its comment
	// opened; NotFound if none.
	ConsultResponse(ctx context.Context, cycleID, recID, userID int64) (Response, error)
	// ConsultResponses returns a round's responses without their comments
	// (Comment ""), ordered by respondent then recommendation.
	ConsultResponses(ctx context.Context, cycleID int64) ([]Response, error)

	// ConsultComments returns a round's comments of one status, oldest
	// first: pending ones opened from their seal, approved ones as
	// published.
	ConsultComments(ctx context.Context, cycleID int64, st CommentStatus) ([]Comment, error)
	// DecideConsultComment approves (publishes) or rejects a pending
	// comment if it was last written at updated (else Conflict: it has
	// changed since the moderator read it).
	DecideConsultComment(ctx context.Context, cycleID, responseID int64, updated time.Time, to CommentStatus, at time.Time, ev audit.Event) error

	// ConsultStamp returns a value that changes whenever anything the
	// summary shows changes (the consultation, its questions, responses
	// and decisions).
	ConsultStamp(ctx context.Context, cycleID int64) (string, error)
}
