package accountweb

import (
	"context"
	"embed"
	"errors"
	"time"

	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/mail"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// People is what the account pages need of the people service
// (*people.Service).
type People interface {
	RequestSignIn(ctx context.Context, email string) (token string, expires time.Time, err error)
	SignIn(ctx context.Context, token string) (people.User, string, people.Session, error)
	SignOut(ctx context.Context, u people.User, rawSession string) error
	SetDisplayName(ctx context.Context, actor people.User, name string) error
	SetLanguage(ctx context.Context, actor people.User, lang i18n.Lang) error
	SignOutEverywhere(ctx context.Context, actor people.User) (int, error)
	DeleteAccount(ctx context.Context, actor people.User) error
	MyData(ctx context.Context, actor people.User) (people.PersonalData, error)
}

// SignInMailer sends the one-time sign-in link to an address, in the
// person's language, saying how long the link works. An error wrapping
// mail.ErrInvalid means the address cannot receive mail (the person is
// asked to correct it); any other error is shown as "try again later".
type SignInMailer interface {
	SignInLink(ctx context.Context, to string, lang i18n.Lang, link string, valid time.Duration) error
}

// Orgs lists the organisations a person represents (the storage value).
// Optional: without it the account page does not list them.
type Orgs interface {
	UserOrganisations(ctx context.Context, userID int64) ([]people.Organisation, error)
}

// Outbox is the demo's outbox (*mail.Outbox): every message that would
// have been sent.
type Outbox interface {
	List() ([]mail.Message, error)
	Get(id string) (mail.Message, error)
}

// Deps are what the account pages use. People, Mailer and Activity are
// required; Orgs is optional; Outbox is set only in demos (the /outbox routes are
// Demo routes: the shell registers them only then).
type Deps struct {
	People   People
	Mailer   SignInMailer
	Orgs     Orgs
	Activity Activity
	// OrgPages, Representation and OrgRecord serve the organisation pages
	// (the storage value, *people.Service, *gather.Service); without all
	// three the /organisations routes do not exist.
	OrgPages       Organisations
	Representation Representation
	OrgRecord      OrgRecord
	Outbox         Outbox
	// BaseURL is the public address sign-in links point to.
	BaseURL string
	// SignInExpiry is how long a sign-in link works (said on the pages).
	SignInExpiry time.Duration
}

// Handler serves the account pages. It is safe for concurrent use.
type Handler struct {
	env kit.Env
	rd  *kit.Renderer
	d   Deps
}

// New returns the account area.
func New(env kit.Env, d Deps) (*Handler, error) {
	if d.People == nil || d.Mailer == nil || d.Activity == nil {
		return nil, errors.New("accountweb: People, Mailer and Activity are required")
	}
	if d.BaseURL == "" || d.SignInExpiry <= 0 {
		return nil, errors.New("accountweb: BaseURL and SignInExpiry are required")
	}
	if env.Render == nil || env.Log == nil || env.Now == nil || env.Sessions == nil {
		return nil, errors.New("accountweb: the shell's Env is incomplete")
	}
	return &Handler{env: env, rd: env.Render, d: d}, nil
}

//go:embed templates
var templateFS embed.FS

// Templates returns the area's pages for the kit.Renderer.
func Templates() kit.Templates {
	return kit.EmbeddedTemplates(templateFS, nil)
}

// Nav returns the area's header navigation (sign-in and sign-out are in
// the layout's account links).
func Nav() []kit.NavItem {
	return []kit.NavItem{{URL: "/outbox", Label: i18n.Mark("Outbox (demo)"), Access: kit.Demo}}
}

// Routes lists the account routes and who may use them.
func (h *Handler) Routes() []kit.Route {
	rs := []kit.Route{
		{Method: "GET", Pattern: "/signin", Access: kit.Public, Handler: h.signinForm},
		{Method: "POST", Pattern: "/signin", Access: kit.Public, Handler: h.signinSend},
		{Method: "GET", Pattern: "/signin/{token}", Access: kit.Public, Handler: h.signinConfirm},
		{Method: "POST", Pattern: "/signin/{token}", Access: kit.Public, Handler: h.signinFinish},
		{Method: "GET", Pattern: "/signout", Access: kit.Public, Handler: h.signoutForm},
		{Method: "POST", Pattern: "/signout", Access: kit.Public, Handler: h.signout},
		{Method: "GET", Pattern: "/account", Access: kit.SignedIn, Handler: h.account},
		{Method: "POST", Pattern: "/account", Access: kit.SignedIn, Handler: h.accountUpdate},
		{Method: "POST", Pattern: "/account/language", Access: kit.SignedIn, Handler: h.languageUpdate},
		{Method: "GET", Pattern: "/account/activity", Access: kit.SignedIn, Handler: h.activity},
		{Method: "GET", Pattern: "/account/data", Access: kit.SignedIn, Handler: h.download},
		{Method: "POST", Pattern: "/account/signout-everywhere", Access: kit.SignedIn, Handler: h.signoutEverywhere},
		{Method: "GET", Pattern: "/account/delete", Access: kit.SignedIn, Handler: h.deleteForm},
		{Method: "POST", Pattern: "/account/delete", Access: kit.SignedIn, Handler: h.deleteAccount},
	}
	if h.d.OrgPages != nil && h.d.Representation != nil && h.d.OrgRecord != nil {
		rs = append(rs,
			kit.Route{Method: "GET", Pattern: "/organisations", Access: kit.Public, Handler: h.organisations},
			kit.Route{Method: "GET", Pattern: "/organisations/{id}", Access: kit.Public, Handler: h.organisation},
			kit.Route{Method: "POST", Pattern: "/organisations/{id}/represent", Access: kit.SignedIn, Handler: h.represent},
			kit.Route{Method: "POST", Pattern: "/organisations/{id}/approve", Access: kit.Role(people.RoleOrganiser), Handler: h.decide(true)},
			kit.Route{Method: "POST", Pattern: "/organisations/{id}/decline", Access: kit.Role(people.RoleOrganiser), Handler: h.decide(false)},
		)
	}
	if h.d.Outbox != nil {
		rs = append(rs,
			kit.Route{Method: "GET", Pattern: "/outbox", Access: kit.Demo, Handler: h.outboxList},
			kit.Route{Method: "GET", Pattern: "/outbox/{id}", Access: kit.Demo, Handler: h.outboxMessage},
		)
	}
	return rs
}
