package evidence

import (
	"context"
	"time"

	"github.com/folkmoot/folkmoot/internal/audit"
)

// Store is persistent storage for rounds' evidence. Every method that
// changes state records its audit.Event in the same transaction (an
// event with an empty Object gets the new row's reference).
//
// Errors are *apperr.Error: NotFound when a row asked for does not exist,
// Conflict when a decision was already taken, Internal otherwise.
type Store interface {
	// AddDocument stores a new document with its first version v and
	// returns the document's id.
	AddDocument(ctx context.Context, d Document, v Version, ev audit.Event) (int64, error)
	// AddVersion stores v as the next version of its document (v.Number
	// is set by the store: one more than the newest of the same Easy).
	AddVersion(ctx context.Context, v Version, ev audit.Event) (Version, error)
	// Documents returns a round's documents with Current and Easy, by
	// theme then creation.
	Documents(ctx context.Context, cycleID int64) ([]Document, error)
	// Document returns one document with Current, Easy and Versions.
	Document(ctx context.Context, docID int64) (Document, error)
	// Version returns one version with its Body or Data.
	Version(ctx context.Context, docID int64, easy bool, number int) (Version, error)
	// RemoveEasyRead deletes every version of a document's easy-read
	// version; NotFound when it has none.
	RemoveEasyRead(ctx context.Context, docID int64, ev audit.Event) error

	// AddWitness stores a nomination and returns its id.
	AddWitness(ctx context.Context, w Witness, ev audit.Event) (int64, error)
	// DecideWitness records the committee's decision on a witness still
	// Proposed (else Conflict).
	DecideWitness(ctx context.Context, id int64, s Status, reason, view string, at time.Time, ev audit.Event) error
	// Witnesses returns a round's witnesses in order of nomination.
	Witnesses(ctx context.Context, cycleID int64) ([]Witness, error)
	Witness(ctx context.Context, id int64) (Witness, error)

	// AddRequest stores a member's request and returns its id.
	AddRequest(ctx context.Context, q Request, ev audit.Event) (int64, error)
	// AnswerRequest stores (or replaces) the committee's answer.
	AnswerRequest(ctx context.Context, id int64, answer string, at time.Time, ev audit.Event) error
	// Requests returns a round's requests, oldest first.
	Requests(ctx context.Context, cycleID int64) ([]Request, error)
	Request(ctx context.Context, id int64) (Request, error)

	// AddSubmission stores a submission (with its PDF, if any) and
	// returns its id.
	AddSubmission(ctx context.Context, s Submission, ev audit.Event) (int64, error)
	// DecideSubmission publishes or rejects a submission still Proposed
	// (else Conflict).
	DecideSubmission(ctx context.Context, id int64, s Status, reason string, at time.Time, ev audit.Event) error
	// Submissions returns a round's submissions (without PDFs), oldest first.
	Submissions(ctx context.Context, cycleID int64) ([]Submission, error)
	// SubmissionFile returns a submission with its PDF.
	SubmissionFile(ctx context.Context, id int64) (Submission, error)
}
