package kit

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/people"
)

// HandlerFunc is a handler that may fail: the shell renders its error
// (Renderer.Fail). It must not have written anything when it returns an
// error.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// Route is one entry of the route table: a ServeMux method and pattern
// ("GET", "/issues/{id}"), who may use it, and its handler.
type Route struct {
	Method  string
	Pattern string
	Access  Access
	Handler HandlerFunc
	// MaxBody, when set, lets the route take a file upload
	// (multipart/form-data) of at most this many bytes, which its handler
	// reads itself; other routes refuse uploads, and every form body is
	// bounded by the shell's small limit.
	MaxBody int64
}

// String returns "GET /issues/{id}".
func (rt Route) String() string { return rt.Method + " " + rt.Pattern }

// Area is a package of routes (gatherweb, accountweb, api, ...).
type Area interface {
	// Routes lists the area's routes, each with its Access.
	Routes() []Route
}

type accessKind int

const (
	accessNone     accessKind = iota // the zero Access: refused by the shell
	accessPublic                     // everyone
	accessSignedIn                   // anyone signed in
	accessRole                       // signed in and holding a role
	accessDemo                       // everyone, registered only in demos
)

// Access says who may use a route. The zero value is not valid: the shell
// refuses to start with a route that does not say.
type Access struct {
	kind accessKind
	role people.Role
}

// The kinds of access.
var (
	// Public routes answer everyone, signed in or not.
	Public = Access{kind: accessPublic}
	// SignedIn routes need a signed-in person; others are sent to sign in.
	SignedIn = Access{kind: accessSignedIn}
	// Demo routes exist only when the server runs as a demo (the outbox);
	// elsewhere they are not registered at all (404). In a demo they are
	// public.
	Demo = Access{kind: accessDemo}
)

// Role returns the Access of routes for people holding role r (admins hold
// every role).
func Role(r people.Role) Access { return Access{kind: accessRole, role: r} }

// Valid reports whether a says who may use a route.
func (a Access) Valid() bool {
	return a.kind == accessPublic || a.kind == accessSignedIn || a.kind == accessDemo ||
		a.kind == accessRole && a.role != ""
}

// IsPublic reports whether everyone may use the route (Public, or Demo in
// a demo).
func (a Access) IsPublic() bool { return a.kind == accessPublic || a.kind == accessDemo }

// IsDemo reports whether the route exists only in demos.
func (a Access) IsDemo() bool { return a.kind == accessDemo }

// Allows reports whether u may use a route with this Access.
func (a Access) Allows(u people.User) bool { return a.Check(u) == nil }

// Check returns nil when u may use a route with this Access, else an
// Unauthenticated error (sign in first) or a Forbidden one.
func (a Access) Check(u people.User) error {
	switch a.kind {
	case accessPublic, accessDemo:
		return nil
	case accessSignedIn:
		if !u.SignedIn() {
			return errSignIn
		}
		return nil
	case accessRole:
		if !u.SignedIn() {
			return errSignIn
		}
		if !u.Has(a.role) {
			return forbiddenFor(a.role)
		}
		return nil
	}
	return apperr.New(apperr.Internal, "route without access rule")
}

// String names the access for logs and test output.
func (a Access) String() string {
	switch a.kind {
	case accessPublic:
		return "public"
	case accessSignedIn:
		return "signed in"
	case accessRole:
		return "role " + string(a.role)
	case accessDemo:
		return "demo"
	}
	return "none"
}

var errSignIn = apperr.New(apperr.Unauthenticated, "Sign in to do this.")

// forbidden holds one message per role, so that each can be translated as a
// whole sentence.
var forbidden = map[people.Role]string{
	people.RoleCitizen:   i18n.Mark("Only people who have signed in can do this."),
	people.RoleOrgRep:    i18n.Mark("Only verified representatives of an organisation can do this."),
	people.RoleModerator: i18n.Mark("Only moderators can do this."),
	people.RoleOrganiser: i18n.Mark("Only organisers can do this."),
	people.RoleAdmin:     i18n.Mark("Only administrators can do this."),
}

func forbiddenFor(r people.Role) error {
	if msg, ok := forbidden[r]; ok {
		// Built by hand: msg is a catalogue msgid without verbs, and vet
		// rightly dislikes a variable format.
		return &apperr.Error{Kind: apperr.Forbidden, Message: msg, Format: msg}
	}
	return apperr.New(apperr.Forbidden, "You cannot do this.")
}

// CheckRoutes reports the first route that cannot be registered: without a
// method, a pattern starting with "/", a handler or a valid Access, or
// registered twice.
func CheckRoutes(routes []Route) error {
	seen := map[string]bool{}
	for _, rt := range routes {
		switch {
		case rt.Method == "" || strings.ContainsAny(rt.Method, " /"):
			return fmt.Errorf("web: route %q: no method", rt.String())
		case !strings.HasPrefix(rt.Pattern, "/"):
			return fmt.Errorf("web: route %q: the pattern must start with /", rt.String())
		case rt.Handler == nil:
			return fmt.Errorf("web: route %q: no handler", rt.String())
		case !rt.Access.Valid():
			return fmt.Errorf("web: route %q: no Access (say who may use it: kit.Public, kit.SignedIn, kit.Role(...) or kit.Demo)", rt.String())
		case seen[rt.String()]:
			return fmt.Errorf("web: route %q registered twice", rt.String())
		}
		seen[rt.String()] = true
	}
	return nil
}
