package recruitweb

import (
	"context"
	"embed"
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/recruit"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// Recruitment is what the pages need of the recruitment service
// (*recruit.Service).
type Recruitment interface {
	Settings(ctx context.Context, cycleID int64) (recruit.Settings, error)
	SaveSettings(ctx context.Context, actor people.User, st recruit.Settings) (recruit.Settings, error)
	ImportAddresses(ctx context.Context, actor people.User, cycleID int64, r io.Reader) (recruit.ImportResult, error)
	DrawInvitations(ctx context.Context, actor people.User, cycleID int64, n int, seed string) (recruit.Draw, error)
	Draws(ctx context.Context, cycleID int64) ([]recruit.Draw, error)
	RepeatDraws(ctx context.Context, actor people.User, cycleID int64) ([]recruit.Draw, map[int64]bool, error)
	Letters(ctx context.Context, actor people.User, cycleID, drawID int64) ([]recruit.Invitation, error)
	Counts(ctx context.Context, cycleID int64) (recruit.Counts, error)
	ByCategory(ctx context.Context, actor people.User, cycleID int64, organiser bool) ([]recruit.CategoryCount, error)
	Registrations(ctx context.Context, actor people.User, cycleID int64) ([]recruit.Registration, error)
	Invited(ctx context.Context, code string) (recruit.Invitation, recruit.Settings, error)
	Register(ctx context.Context, code string, d recruit.Details) (recruit.Registration, error)
	WithdrawByToken(ctx context.Context, token string) (string, error)
	WithdrawByCode(ctx context.Context, code, email string) (string, error)
	Withdraw(ctx context.Context, actor people.User, cycleID int64, memberID string) error
	EraseDetails(ctx context.Context, actor people.User, cycleID int64) (int, error)
}

// Rounds is what the pages need of the rounds service (*cycle.Service).
type Rounds interface {
	Cycle(ctx context.Context, cycleID int64) (cycle.Cycle, error)
}

// Deps are what the recruitment pages use.
type Deps struct {
	Recruit Recruitment // required
	Rounds  Rounds      // required
	// BaseURL is the site's address, for the letters' registration link.
	BaseURL string
}

// Handler serves the recruitment pages. It is safe for concurrent use.
type Handler struct {
	env kit.Env
	rd  *kit.Renderer
	d   Deps
}

// New returns the recruitment area.
func New(env kit.Env, d Deps) (*Handler, error) {
	if d.Recruit == nil || d.Rounds == nil {
		return nil, errors.New("recruitweb: Recruit and Rounds are required")
	}
	if env.Render == nil || env.Log == nil || env.Now == nil {
		return nil, errors.New("recruitweb: the shell's Env is incomplete")
	}
	return &Handler{env: env, rd: env.Render, d: d}, nil
}

//go:embed templates
var templateFS embed.FS

// Templates returns the area's pages for the kit.Renderer.
func Templates() kit.Templates {
	return kit.EmbeddedTemplates(templateFS, nil)
}

// MaxUpload is the largest list of addresses the import page accepts.
const MaxUpload = recruit.MaxImportBytes + 64<<10

// Routes lists the recruitment routes and who may use them.
func (h *Handler) Routes() []kit.Route {
	org := kit.Role(people.RoleOrganiser)
	return []kit.Route{
		{Method: "GET", Pattern: "/cycles/{id}/recruitment", Access: kit.Public, Handler: h.public},
		{Method: "GET", Pattern: "/cycles/{id}/recruitment.json", Access: kit.Public, Handler: h.openJSON},
		{Method: "GET", Pattern: "/cycles/{id}/recruitment/questions", Access: org, Handler: h.questions},
		{Method: "POST", Pattern: "/cycles/{id}/recruitment/questions", Access: org, Handler: h.saveQuestions},
		{Method: "GET", Pattern: "/cycles/{id}/recruitment/addresses", Access: org, Handler: h.addresses},
		{Method: "POST", Pattern: "/cycles/{id}/recruitment/addresses", Access: org, Handler: h.importAddresses, MaxBody: MaxUpload},
		{Method: "GET", Pattern: "/cycles/{id}/recruitment/invitations", Access: org, Handler: h.invitations},
		{Method: "POST", Pattern: "/cycles/{id}/recruitment/invitations", Access: org, Handler: h.draw},
		{Method: "GET", Pattern: "/cycles/{id}/recruitment/letters", Access: org, Handler: h.letters},
		{Method: "GET", Pattern: "/cycles/{id}/recruitment/letters.csv", Access: org, Handler: h.lettersCSV},
		{Method: "GET", Pattern: "/cycles/{id}/recruitment/registrations", Access: org, Handler: h.registrations},
		{Method: "POST", Pattern: "/cycles/{id}/recruitment/registrations/{member}/withdraw", Access: org, Handler: h.withdrawMember},
		{Method: "POST", Pattern: "/cycles/{id}/recruitment/erase", Access: org, Handler: h.erase},
		{Method: "GET", Pattern: "/register", Access: kit.Public, Handler: h.registerForm},
		{Method: "POST", Pattern: "/register", Access: kit.Public, Handler: h.register},
		{Method: "GET", Pattern: "/register/done", Access: kit.Public, Handler: h.registered},
		{Method: "GET", Pattern: "/register/withdraw", Access: kit.Public, Handler: h.withdrawForm},
		{Method: "POST", Pattern: "/register/withdraw", Access: kit.Public, Handler: h.withdrawByCode},
		{Method: "GET", Pattern: "/register/withdraw/{token}", Access: kit.Public, Handler: h.withdrawLinkForm},
		{Method: "POST", Pattern: "/register/withdraw/{token}", Access: kit.Public, Handler: h.withdrawByLink},
	}
}

func cycleID(r *http.Request) (int64, error) { return kit.ParseID(r.PathValue("id")) }

func recruitPath(id int64) string { return "/cycles/" + strconv.FormatInt(id, 10) + "/recruitment" }

// limited refuses a client address that tries too many codes: codes must
// not be found by trying. Typing a code (GET /register?code=, withdrawing
// with a code) takes from the sign-in limit; sending the form (which
// carries the code again) from the looser support limit, so that people
// registering one after another on one network (a library, an event) are
// not turned away while a script sending forms still is.
func (h *Handler) limited(r *http.Request) error {
	lim := h.env.Limits.SignIn
	if r.Method == http.MethodPost && r.URL.Path == "/register" {
		lim = h.env.Limits.Support
	}
	if !lim.Allow("recruit:" + kit.ClientIP(r)) {
		return apperr.New(apperr.RateLimited, "Too many codes have been tried from here. Wait a minute, then try again.")
	}
	return nil
}

// lang is "cy" or "en", the request's language as recruit names it.
func lang(r *http.Request) string {
	if kit.Lang(r) == i18n.Welsh {
		return "cy"
	}
	return "en"
}

// crumbs are the breadcrumbs of the organisers' pages of round c.
func crumbs(p *i18n.Printer, c cycle.Cycle) []kit.Crumb {
	return []kit.Crumb{{Label: p.T("Home"), URL: "/"}, {Label: c.Title, URL: "/cycles/" + strconv.FormatInt(c.ID, 10)},
		{Label: p.T("Recruitment"), URL: recruitPath(c.ID)}}
}
