package recruit

import (
	"context"
	"time"

	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/mail"
)

// Settings are a round's recruitment settings: its demographic questions
// and the consent text people agree to when they register. Not personal.
type Settings struct {
	CycleID    int64
	Categories []Category
	Consent    string // in English
	ConsentCy  string // in Welsh ("" falls back to English)
	Updated    time.Time
}

// NewAddress is one address read from an imported list, before storing.
type NewAddress struct {
	Line int    // the line of the CSV file it came from (for messages)
	Text string // the address lines joined by "\n", postcode last
	Key  string // NormaliseAddress(Text): what duplicates are found by
}

// ImportResult says what an import did.
type ImportResult struct {
	Read       int       // data rows read
	Added      int       // addresses stored
	Duplicates []Problem // rows skipped because the address is already in the list (or earlier in the file)
	Errors     []Problem // rows that are wrong; when there are any, nothing is stored
}

// Problem is one thing wrong with (or worth knowing about) a row of an
// imported file. Message is written for the organiser, in English; Format
// and Args let the web edge translate it.
type Problem struct {
	Line    int    // 1-based line of the file
	Column  string // the column's name as in the header ("" for the whole row)
	Message string
	Format  string
	Args    []any
}

// Draw is one random draw of invitations: the seed is published so anyone
// holding the address list can repeat it (Sample).
type Draw struct {
	ID        int64
	CycleID   int64
	Seed      string
	Requested int // invitations asked for
	Eligible  int // addresses not yet invited when drawing
	Drawn     int // invitations made: min(Requested, Eligible)
	At        time.Time
}

// Invite is one address drawn, with the registration code of its letter.
type Invite struct {
	AddressID int64
	Code      string // XXXX-XXXX
}

// AddressDraw is an address's id and the draw that invited it (0: none).
type AddressDraw struct{ ID, DrawID int64 }

// Invitation is one invitation letter: the address it goes to and its
// code, opened (organisers only).
type Invitation struct {
	ID         int64 // the address's id
	CycleID    int64
	DrawID     int64
	Address    string
	Code       string
	Registered bool
}

// Registration is one person's registration, opened. Withdrawn
// registrations keep only MemberID, Registered and Withdrawn: their
// personal fields are erased.
type Registration struct {
	ID           int64
	CycleID      int64
	InvitationID int64
	MemberID     string
	Lang         string // "en" or "cy"
	Name         string
	Email        string
	Phone        string
	Address      string
	DateOfBirth  string            // YYYY-MM-DD
	Answers      map[string]string // Category.Key → Value.Key, derived ones included
	AccessNeeds  string
	Availability string
	ConsentAt    time.Time
	Registered   time.Time
	Withdrawn    time.Time // zero while registered
	Erased       time.Time // when the organisers erased everyone's details after the assembly (zero: not)
	// WithdrawToken is the secret of the withdraw link of the confirmation
	// email: set on a new registration only, stored as a lookup token.
	WithdrawToken string
}

// Counts are a round's public recruitment figures: nothing personal.
type Counts struct {
	Addresses  int
	Invited    int
	Registered int // registered and not withdrawn
	Withdrawn  int
}

// Store is what recruitment needs of the database. Personal fields cross
// this interface in clear: the store seals them for their place (table,
// column, row) and opens them, as it does users' email addresses. Every
// method that changes state records ev in the same transaction; an empty
// ev.Object is filled with "<kind>:<new id>". Errors are *apperr.Error:
// NotFound, Conflict (a uniqueness rule), Internal.
type Store interface {
	// RecruitSettings returns a round's settings; NotFound when none were
	// saved yet.
	RecruitSettings(ctx context.Context, cycleID int64) (Settings, error)
	SaveRecruitSettings(ctx context.Context, s Settings, ev audit.Event) error

	// ImportAddresses stores the addresses not already in the round's list
	// (compared by lookup token of the normalised text) and returns the
	// lines of those skipped as duplicates, in the same transaction.
	ImportAddresses(ctx context.Context, cycleID int64, addrs []NewAddress, ev audit.Event) (dupLines []int, err error)
	// UninvitedAddressIDs lists the ids of the round's addresses not yet
	// invited, ascending.
	UninvitedAddressIDs(ctx context.Context, cycleID int64) ([]int64, error)
	// SaveDraw stores d (setting d.ID) and marks each invite's address as
	// invited in it with its code; Conflict if one was already invited or
	// a code is taken.
	SaveDraw(ctx context.Context, d *Draw, invites []Invite, ev audit.Event) error
	// AddressDraws lists every address of a round (erased ones included)
	// by id, ascending, with the draw that invited it (0 for none).
	AddressDraws(ctx context.Context, cycleID int64) ([]AddressDraw, error)
	// Draws lists a round's draws, oldest first.
	Draws(ctx context.Context, cycleID int64) ([]Draw, error)
	// Invitations lists the letters of one draw (every draw when drawID is
	// 0), by address id.
	Invitations(ctx context.Context, cycleID, drawID int64) ([]Invitation, error)
	// InvitationByCode finds the invitation of a normalised code (any
	// round); NotFound when none.
	InvitationByCode(ctx context.Context, code string) (Invitation, error)

	// Register stores r (setting r.ID) for its invitation; Conflict when
	// the invitation already has a registration.
	Register(ctx context.Context, r *Registration, ev audit.Event) error
	// Registrations lists a round's registrations, oldest first, withdrawn
	// ones included (erased).
	Registrations(ctx context.Context, cycleID int64) ([]Registration, error)
	// RegistrationByMember, ByInvitation and ByWithdrawToken find one
	// registration; NotFound when none.
	RegistrationByMember(ctx context.Context, cycleID int64, memberID string) (Registration, error)
	RegistrationByInvitation(ctx context.Context, invitationID int64) (Registration, error)
	RegistrationByWithdrawToken(ctx context.Context, token string) (Registration, error)
	// WithdrawRegistration erases every personal field of the registration
	// (and the address of its invitation) and marks it withdrawn at ev.Time;
	// NotFound when there is none still registered.
	WithdrawRegistration(ctx context.Context, id int64, ev audit.Event) error
	// EraseDetails erases the personal fields of every registration of the
	// round not yet withdrawn or erased, but its answers, marking them
	// erased at ev.Time, and every address of the round's list; it returns
	// how many registrations it erased.
	EraseDetails(ctx context.Context, cycleID int64, ev audit.Event) (int, error)
	// RecruitCounts returns the round's public figures.
	RecruitCounts(ctx context.Context, cycleID int64) (Counts, error)
}

// Rounds is what recruitment asks of the rounds (*cycle.Service).
type Rounds interface {
	Cached(ctx context.Context, cycleID int64) (cycle.Cycle, error)
}

// Mailer queues an email under a key (notify.Notifier.Send): the
// confirmation of a registration.
type Mailer interface {
	Send(ctx context.Context, key string, m mail.Message) (int64, error)
}

// Config holds the service's settings. The zero value is usable.
type Config struct {
	Now     func() time.Time // default time.Now
	BaseURL string           // for links in letters and emails, without a trailing slash
	OrgName string           // who sends the letters and emails
	// Log receives failures that do not fail the request (an email that
	// could not be queued); nil discards them.
	Log func(msg string, err error)
	// MemberIDs makes the pseudonymous id of each new registration;
	// nil: random ids. The demo passes a seeded stream, so that its past
	// round's pool, and so its lottery, is the same on every install.
	MemberIDs func() string
}
