package notifyweb

import (
	"context"
	"embed"
	"errors"
	"net/http"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/notify"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// Settings reads and stores a person's choices (notify.Settings).
type Settings interface {
	Get(ctx context.Context, u people.User) (map[notify.Kind]notify.Mode, error)
	Set(ctx context.Context, u people.User, prefs map[notify.Kind]notify.Mode) error
}

// Deps are what the page uses. Settings is required.
type Deps struct {
	Settings Settings
}

// Handler serves the settings page. It is safe for concurrent use.
type Handler struct {
	rd *kit.Renderer
	d  Deps
}

// New returns the area.
func New(env kit.Env, d Deps) (*Handler, error) {
	if d.Settings == nil {
		return nil, errors.New("notifyweb: Settings is required")
	}
	if env.Render == nil {
		return nil, errors.New("notifyweb: the shell's Env is incomplete")
	}
	return &Handler{rd: env.Render, d: d}, nil
}

//go:embed templates
var templateFS embed.FS

// Templates returns the area's pages for the kit.Renderer.
func Templates() kit.Templates { return kit.EmbeddedTemplates(templateFS, nil) }

// Routes lists the area's routes and who may use them.
func (h *Handler) Routes() []kit.Route {
	return []kit.Route{
		{Method: "GET", Pattern: "/account/notifications", Access: kit.SignedIn, Handler: h.show},
		{Method: "POST", Pattern: "/account/notifications", Access: kit.SignedIn, Handler: h.save},
	}
}

// option is one radio button.
type option struct {
	Value, Label string
	Checked      bool
}

// kindRow is one question of the form: a kind of step and its modes.
type kindRow struct {
	Kind        string
	Title, Hint string
	Options     []option
}

// show: GET /account/notifications, signed in.
func (h *Handler) show(w http.ResponseWriter, r *http.Request) error {
	u, p := kit.User(r), kit.Printer(r)
	prefs, err := h.d.Settings.Get(r.Context(), u)
	if err != nil {
		return err
	}
	var rows []kindRow
	for _, k := range notify.Kinds {
		row := kindRow{Kind: string(k), Title: p.T(k.Title()), Hint: p.T(k.Hint())}
		for _, m := range notify.Modes {
			row.Options = append(row.Options, option{Value: string(m), Label: p.T(m.Title()), Checked: prefs[k] == m})
		}
		rows = append(rows, row)
	}
	h.rd.Render(w, r, http.StatusOK, "notifications", p.T("Emails we send you"), rows)
	return nil
}

// save: POST /account/notifications, signed in; a kind left out keeps
// its setting.
func (h *Handler) save(w http.ResponseWriter, r *http.Request) error {
	prefs := map[notify.Kind]notify.Mode{}
	for _, k := range notify.Kinds {
		v := r.PostFormValue(string(k))
		if v == "" {
			continue
		}
		m, ok := notify.ParseMode(v)
		if !ok {
			return apperr.New(apperr.Invalid, "Choose how you hear of this")
		}
		prefs[k] = m
	}
	if err := h.d.Settings.Set(r.Context(), kit.User(r), prefs); err != nil {
		return err
	}
	return h.rd.SeeOther(w, r, "/account/notifications", kit.Printer(r).T("Your email settings have been saved."))
}
