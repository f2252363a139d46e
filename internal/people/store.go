package people

import (
	"context"
	"time"

	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/i18n"
)

// Store is persistent storage for people. Implementations are safe for
// concurrent use. Email addresses are personal data: implementations store
// them encrypted, never in clear, and find them by a keyed lookup token. Every method that changes state records ev in the audit
// log in the same transaction. Errors are *apperr.Error: NotFound when the
// thing asked for does not exist, Conflict for a duplicate (email,
// organisation name), Internal for everything else.
type Store interface {
	// CreateUser stores u (ID and Created are set by the store; Email must
	// already be normalised; Lang is stored as given). A user with the same
	// email is a Conflict.
	CreateUser(ctx context.Context, u *User, ev audit.Event) error
	// UserByID and UserByEmail return NotFound if there is no such user.
	// UserByEmail trims and lower-cases the address before looking it up.
	UserByID(ctx context.Context, id int64) (User, error)
	UserByEmail(ctx context.Context, email string) (User, error)
	// Users lists users ordered by id.
	Users(ctx context.Context, q UserQuery) ([]User, error)
	// SetDisplayName changes a user's display name.
	SetDisplayName(ctx context.Context, userID int64, name string, ev audit.Event) error
	// SetLanguage changes a user's language (see User.Lang).
	SetLanguage(ctx context.Context, userID int64, lang i18n.Lang, ev audit.Event) error
	// SetRole grants (on=true) or revokes a role; granting a held role or
	// revoking one not held is not an error.
	SetRole(ctx context.Context, userID int64, r Role, on bool, ev audit.Event) error

	// CreateSignInToken stores a hashed token.
	CreateSignInToken(ctx context.Context, t SignInToken, ev audit.Event) error
	// UseSignInToken marks the token with this hash used at now and returns
	// it, atomically: of two concurrent calls only one succeeds. It returns
	// NotFound if the token does not exist, is used or has expired at now.
	UseSignInToken(ctx context.Context, hash string, now time.Time, ev audit.Event) (SignInToken, error)

	// CreateSession stores s.
	CreateSession(ctx context.Context, s Session, ev audit.Event) error
	// SessionByHash returns the session and its user, or NotFound if it does
	// not exist or has expired at now. It may update LastSeen, at most once
	// a minute, without an audit entry.
	SessionByHash(ctx context.Context, hash string, now time.Time) (Session, User, error)
	// DeleteSession removes a session; removing a missing one is not an error.
	DeleteSession(ctx context.Context, hash string, ev audit.Event) error
	// DeleteUserSessions removes every session of a user and returns their
	// hashes (so every server's cache can drop them); ev is recorded even
	// when there were none.
	DeleteUserSessions(ctx context.Context, userID int64, ev audit.Event) ([]string, error)
	// UserSessions lists a user's sessions unexpired at now, newest first.
	UserSessions(ctx context.Context, userID int64, now time.Time) ([]Session, error)
	// DeleteUser erases a user's personal data in one transaction: the
	// address (the lookup token is replaced, so the address is free to sign
	// up again), the name (set to name), language and roles beyond citizen,
	// and deletes their sessions, links to organisations and follows. It
	// returns the hashes of the deleted sessions. Content and supports stay.
	DeleteUser(ctx context.Context, userID int64, name string, ev audit.Event) ([]string, error)
	// DeleteExpired removes sessions and sign-in tokens that expired before
	// now and returns how many rows went. It writes no audit entry
	// (expiry is not a state change anyone made).
	DeleteExpired(ctx context.Context, now time.Time) (int, error)

	// CreateOrganisation stores o (ID and Created set by the store); a
	// duplicate name (case-insensitive) is a Conflict.
	CreateOrganisation(ctx context.Context, o *Organisation, ev audit.Event) error
	// UpdateOrganisation changes name, description and website.
	UpdateOrganisation(ctx context.Context, o Organisation, ev audit.Event) error
	// Organisation returns NotFound if there is none with this id.
	Organisation(ctx context.Context, id int64) (Organisation, error)
	// Organisations lists all organisations by name.
	Organisations(ctx context.Context) ([]Organisation, error)
	// UserOrganisations lists the organisations userID is a verified
	// representative of, by name.
	UserOrganisations(ctx context.Context, userID int64) ([]Organisation, error)

	// AddRepresentative records r (a request, or directly verified when
	// r.Verified). An existing link is a Conflict.
	AddRepresentative(ctx context.Context, r Representative, ev audit.Event) error
	// VerifyRepresentative marks the link verified by verifier at at, and
	// grants the user RoleOrgRep, in one transaction. NotFound if no link.
	VerifyRepresentative(ctx context.Context, orgID, userID, verifier int64, at time.Time, ev audit.Event) error
	// RemoveRepresentative deletes the link; when the user represents no
	// other organisation RoleOrgRep is revoked too. NotFound if no link.
	RemoveRepresentative(ctx context.Context, orgID, userID int64, ev audit.Event) error
	// Representatives lists the links of an organisation (verified first).
	Representatives(ctx context.Context, orgID int64) ([]Representative, error)
	// UserRepresentations lists a user's links to organisations, verified
	// or not, by organisation name.
	UserRepresentations(ctx context.Context, userID int64) ([]Representation, error)
	// IsVerifiedRepresentative reports whether userID acts for orgID.
	IsVerifiedRepresentative(ctx context.Context, userID, orgID int64) (bool, error)
}
