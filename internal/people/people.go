package people

import (
	"slices"
	"time"

	"github.com/folkmoot/folkmoot/internal/i18n"
)

// Role is what a user may do beyond reading. Roles add up: a user may hold
// several.
type Role string

// The roles. Every signed-in user is a citizen.
const (
	RoleCitizen   Role = "citizen"   // a verified email: may submit, support, comment, report
	RoleOrgRep    Role = "orgrep"    // a verified representative of at least one organisation
	RoleModerator Role = "moderator" // may hide and unhide issues and comments, sees reports
	RoleOrganiser Role = "organiser" // runs programmes and cycles, confirms themes, verifies representatives
	RoleAdmin     Role = "admin"     // may do everything, including granting roles
)

// Roles lists every role in order of increasing power.
var Roles = []Role{RoleCitizen, RoleOrgRep, RoleModerator, RoleOrganiser, RoleAdmin}

// ParseRole returns the Role named s, or false.
func ParseRole(s string) (Role, bool) {
	for _, r := range Roles {
		if string(r) == s {
			return r, true
		}
	}
	return "", false
}

// User is a person with a verified email address. The address is
// personal: stores keep it encrypted at rest, and it is shown to no one but
// its owner and organisers.
type User struct {
	ID          int64
	Email       string // normalised: trimmed, lower-case
	DisplayName string // shown publicly next to what they write
	Roles       []Role // sorted as in Roles; always includes RoleCitizen
	// Lang is the language of the user's pages and emails (English or
	// Welsh): the language of the page where they first signed in, until
	// they choose another (the language link, the account page). "" for a
	// user who has never signed in nor chosen: pages then follow the
	// browser, and emails are in English (i18n.For("") is English).
	Lang    i18n.Lang
	Created time.Time
}

// Anonymous is the zero User: a reader who has not signed in.
var Anonymous = User{}

// System is the actor for changes made by the server or an operator at the
// command line (folkmoot user add ...). It has every role. It is never
// stored; its ID is 0.
var System = User{DisplayName: "system", Roles: []Role{RoleAdmin}}

// SignedIn reports whether u is a real signed-in user (not Anonymous or
// System).
func (u User) SignedIn() bool { return u.ID > 0 }

// Has reports whether u may act in role r. Admins may act in every role;
// every signed-in user is a citizen.
func (u User) Has(r Role) bool {
	if r == RoleCitizen && u.SignedIn() {
		return true
	}
	return slices.Contains(u.Roles, r) || slices.Contains(u.Roles, RoleAdmin)
}

// IsSystem reports whether u is the System actor.
func (u User) IsSystem() bool { return u.ID == 0 && slices.Contains(u.Roles, RoleAdmin) }

// Organisation is a body (a local Healthwatch, a patient participation
// group, a charity) that takes part through verified representatives.
type Organisation struct {
	ID          int64
	Name        string // unique, case-insensitively
	Description string
	Website     string // optional http(s) URL
	Created     time.Time
}

// Representative links a user to an organisation they act for. A
// representative acts for the organisation only once Verified.
type Representative struct {
	OrgID       int64
	UserID      int64
	DisplayName string // the user's, for listings
	Email       string // the user's, for organisers' listings only
	Verified    bool
	VerifiedBy  int64     // user id of the organiser or admin who verified, 0 if not verified
	VerifiedAt  time.Time // zero if not verified
	Requested   time.Time
}

// Session is a server-side sign-in session. The raw session id exists only
// in the user's cookie; the store keeps its SHA-256 (IDHash).
type Session struct {
	IDHash   string // hex SHA-256 of the raw session id
	UserID   int64
	Created  time.Time
	Expires  time.Time
	LastSeen time.Time
}

// SignInToken is a one-time sign-in token as stored: hashed, short-lived,
// single use. The raw token is only returned once by RequestSignIn.
type SignInToken struct {
	Hash    string // hex SHA-256 of the raw token
	Email   string // the address the link was sent to
	Created time.Time
	Expires time.Time
	Used    time.Time // zero while unused
}

// UserQuery selects users for listings (folkmoot user list, admin pages).
type UserQuery struct {
	Role   Role   // only users holding this role (exactly, not via admin); "" for all
	Search string // a whole email address, or part of a display name, case-insensitive; "" for all (addresses are stored sealed, so part of one cannot be matched)
	Limit  int    // page size; 0 means 50, capped at 500
	Offset int
}
