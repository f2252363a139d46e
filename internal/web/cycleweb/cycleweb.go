package cycleweb

import (
	"context"
	"embed"
	"errors"

	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// Rounds is what the round pages need of the rounds service
// (*cycle.Service).
type Rounds interface {
	Programmes(ctx context.Context) ([]cycle.Programme, error)
	ProgrammeNamed(ctx context.Context, actor people.User, name string) (cycle.Programme, error)
	Cycles(ctx context.Context, programmeID int64) ([]cycle.Cycle, error)
	Cycle(ctx context.Context, cycleID int64) (cycle.Cycle, error)
	Timeline(ctx context.Context, cycleID int64) ([]cycle.Move, error)
	CreateCycle(ctx context.Context, actor people.User, d cycle.Draft) (cycle.Cycle, error)
	UpdateCycle(ctx context.Context, actor people.User, cycleID int64, d cycle.Draft) (cycle.Cycle, error)
	MovePhase(ctx context.Context, actor people.User, cycleID int64, to cycle.Phase, note string) (cycle.Cycle, error)
	Follow(ctx context.Context, actor people.User, cycleID int64) (bool, error)
	Unfollow(ctx context.Context, actor people.User, cycleID int64) (bool, error)
	Following(ctx context.Context, actor people.User, cycleID int64) (bool, error)
}

// Deps are what the round pages use.
type Deps struct {
	Rounds Rounds // required
}

// Handler serves the round pages. It is safe for concurrent use.
type Handler struct {
	env kit.Env
	rd  *kit.Renderer
	d   Deps
}

// New returns the rounds area.
func New(env kit.Env, d Deps) (*Handler, error) {
	if d.Rounds == nil {
		return nil, errors.New("cycleweb: Rounds is required")
	}
	if env.Render == nil || env.Log == nil || env.Now == nil {
		return nil, errors.New("cycleweb: the shell's Env is incomplete")
	}
	return &Handler{env: env, rd: env.Render, d: d}, nil
}

//go:embed templates
var templateFS embed.FS

// Templates returns the area's pages and partials for the kit.Renderer.
func Templates() kit.Templates {
	return kit.EmbeddedTemplates(templateFS, nil)
}

// Nav returns the area's header navigation.
func Nav() []kit.NavItem {
	return []kit.NavItem{
		{URL: "/cycles", Label: i18n.Mark("Rounds"), Access: kit.Public},
	}
}

// Routes lists the round routes and who may use them.
func (h *Handler) Routes() []kit.Route {
	org := kit.Role(people.RoleOrganiser)
	return []kit.Route{
		{Method: "GET", Pattern: "/cycles", Access: kit.Public, Handler: h.list},
		{Method: "GET", Pattern: "/cycles/new", Access: org, Handler: h.newForm},
		{Method: "POST", Pattern: "/cycles", Access: org, Handler: h.create},
		{Method: "GET", Pattern: "/cycles/{id}", Access: kit.Public, Handler: h.show},
		{Method: "GET", Pattern: "/cycles/{id}/edit", Access: org, Handler: h.editForm},
		{Method: "POST", Pattern: "/cycles/{id}/edit", Access: org, Handler: h.update},
		{Method: "POST", Pattern: "/cycles/{id}/phase", Access: org, Handler: h.movePhase},
		{Method: "POST", Pattern: "/cycles/{id}/follow", Access: kit.SignedIn, Handler: h.follow},
		{Method: "POST", Pattern: "/cycles/{id}/unfollow", Access: kit.SignedIn, Handler: h.unfollow},
	}
}
