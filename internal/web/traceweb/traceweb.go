package traceweb

import (
	"context"
	"embed"
	"errors"
	"net/http"

	"github.com/folkmoot/folkmoot/internal/trace"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// Traces builds issues' traces (*trace.Service).
type Traces interface {
	Build(ctx context.Context, issueID int64) (trace.Trace, error)
}

// Deps are what the pages use. Traces nil leaves the area out.
type Deps struct {
	Traces Traces
}

// Handler serves the trace pages.
type Handler struct {
	env kit.Env
	d   Deps
}

// New returns the area.
func New(env kit.Env, d Deps) (*Handler, error) {
	if d.Traces == nil {
		return nil, errors.New("traceweb: Traces is required")
	}
	if env.Render == nil || env.Log == nil {
		return nil, errors.New("traceweb: the shell's Env is incomplete")
	}
	return &Handler{env: env, d: d}, nil
}

//go:embed templates
var templateFS embed.FS

// Templates returns the area's pages for the kit.Renderer.
func Templates() kit.Templates { return kit.EmbeddedTemplates(templateFS, nil) }

// Routes lists the routes: both public.
func (h *Handler) Routes() []kit.Route {
	return []kit.Route{
		{Method: "GET", Pattern: "/issues/{id}/trace", Access: kit.Public, Handler: h.page},
		{Method: "GET", Pattern: "/issues/{id}/trace.json", Access: kit.Public, Handler: h.json},
	}
}

func (h *Handler) build(r *http.Request) (trace.Trace, error) {
	id, err := kit.ParseID(r.PathValue("id"))
	if err != nil {
		return trace.Trace{}, err
	}
	t, err := h.d.Traces.Build(r.Context(), id)
	if err != nil {
		return t, err
	}
	return t.In(kit.Printer(r)), nil
}

// page: GET /issues/{id}/trace, public.
func (h *Handler) page(w http.ResponseWriter, r *http.Request) error {
	t, err := h.build(r)
	if err != nil {
		return err
	}
	p := kit.Printer(r)
	crumbs := []kit.Crumb{{Label: p.T("Home"), URL: "/"}, {Label: p.T("Issues"), URL: "/issues"}, {Label: t.Issue.Title, URL: t.Issue.URL}}
	h.env.Render.Page(w, r, http.StatusOK, "trace", &kit.Page{Title: p.T("What happened to this issue"), Data: t, Breadcrumbs: crumbs})
	return nil
}

// json: GET /issues/{id}/trace.json, public. The trace, its texts in the
// request's language.
func (h *Handler) json(w http.ResponseWriter, r *http.Request) error {
	t, err := h.build(r)
	if err != nil {
		return err
	}
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Add("Vary", "Cookie, Accept-Language")
	kit.WriteJSON(w, http.StatusOK, t)
	return nil
}
