package infoweb

import (
	"embed"
	"errors"
	"net/http"
	"time"

	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// Deps are what the public-service pages say about the service: the data
// controller and the retention periods, from the configuration.
type Deps struct {
	ControllerName    string // who decides how personal data is used (required)
	ControllerAddress string // postal address, one line; may be empty
	ControllerContact string // email address for privacy requests (required)
	RetainAccounts    time.Duration
	RetainRecords     time.Duration
	SessionLife       time.Duration
	SignInExpiry      time.Duration
}

// Handler serves the public-service pages. It is safe for concurrent use.
type Handler struct {
	rd *kit.Renderer
	d  Deps
}

// New returns the area.
func New(env kit.Env, d Deps) (*Handler, error) {
	if env.Render == nil {
		return nil, errors.New("infoweb: the shell's Env is incomplete")
	}
	if d.ControllerName == "" || d.ControllerContact == "" {
		return nil, errors.New("infoweb: the controller's name and contact are required")
	}
	return &Handler{rd: env.Render, d: d}, nil
}

//go:embed templates
var templateFS embed.FS

// Templates returns the area's pages for the kit.Renderer.
func Templates() kit.Templates { return kit.EmbeddedTemplates(templateFS, nil) }

// Pages are the public-service pages, in the footer's order. Titles are
// msgids.
var Pages = []struct{ Path, Title string }{
	{"/help", i18n.Mark("Help and contact")},
	{"/privacy", i18n.Mark("Privacy notice")},
	{"/cookies", i18n.Mark("Cookies")},
	{"/accessibility", i18n.Mark("Accessibility statement")},
	{"/house-rules", i18n.Mark("House rules")},
	{"/terms", i18n.Mark("Terms of use")},
}

// names maps each page's path to its template.
var names = map[string]string{
	"/help": "info_help", "/privacy": "info_privacy", "/cookies": "info_cookies",
	"/accessibility": "info_accessibility", "/house-rules": "info_rules", "/terms": "info_terms",
}

// Routes lists the area's routes: every page is public.
func (h *Handler) Routes() []kit.Route {
	var rs []kit.Route
	for _, p := range Pages {
		rs = append(rs, kit.Route{Method: "GET", Pattern: p.Path, Access: kit.Public, Handler: h.show(p.Path, names[p.Path], p.Title)})
	}
	return rs
}

// pageData is what every page's template gets.
type pageData struct {
	Deps
	Accounts, Records, Session, Link string // the periods, in words
	// The cookies' names, for the cookies page.
	SessionCookie, LangCookie, FlashCookie string
}

func (h *Handler) show(path, name, title string) kit.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if r.URL.Path != path {
			return kit.ErrNotFound
		}
		p := kit.Printer(r)
		d := pageData{Deps: h.d, Accounts: Period(p, h.d.RetainAccounts), Records: Period(p, h.d.RetainRecords),
			Session: Period(p, h.d.SessionLife), Link: Period(p, h.d.SignInExpiry),
			SessionCookie: kit.SessionCookie, LangCookie: kit.LangCookie, FlashCookie: kit.FlashCookie}
		crumbs := []kit.Crumb{{Label: p.T("Home"), URL: "/"}}
		if path != "/help" {
			crumbs = append(crumbs, kit.Crumb{Label: p.T("Help and contact"), URL: "/help"})
		}
		h.rd.Page(w, r, http.StatusOK, name, &kit.Page{Title: kit.Msg(p, title), Data: d, Breadcrumbs: crumbs})
		return nil
	}
}

const day = 24 * time.Hour

// Period says a length of time in words in p's language, in the largest
// whole unit: years, months (of 30 days), days, hours or minutes.
func Period(p *i18n.Printer, d time.Duration) string {
	switch {
	case d >= 365*day && d%(365*day) == 0:
		return p.N(int(d/(365*day)), "%d year", "%d years")
	case d >= 30*day && d%(30*day) == 0:
		return p.N(int(d/(30*day)), "%d month", "%d months")
	case d >= day && d%day == 0:
		return p.N(int(d/day), "%d day", "%d days")
	case d >= time.Hour && d%time.Hour == 0:
		return p.N(int(d/time.Hour), "%d hour", "%d hours")
	}
	return p.N(int(d.Round(time.Minute)/time.Minute), "%d minute", "%d minutes")
}
