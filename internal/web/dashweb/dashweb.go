package dashweb

import (
	"context"
	"embed"
	"errors"

	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// Rounds is what the dashboard needs of the rounds service (*cycle.Service).
type Rounds interface {
	Cycles(ctx context.Context, programmeID int64) ([]cycle.Cycle, error)
	Cycle(ctx context.Context, cycleID int64) (cycle.Cycle, error)
	Current(ctx context.Context) (cycle.Cycle, error)
	Timeline(ctx context.Context, cycleID int64) ([]cycle.Move, error)
}

// Stats are the dashboard's read-only queries (the storage value).
type Stats interface {
	gather.StatsStore
	AuditLog(ctx context.Context, action string, beforeID int64, limit int) ([]audit.Entry, error)
	AuditActions(ctx context.Context) ([]string, error)
}

// Deps are what the dashboard uses; all are required.
type Deps struct {
	Rounds Rounds
	Stats  Stats
}

// Handler serves the dashboard. It is safe for concurrent use.
type Handler struct {
	env kit.Env
	rd  *kit.Renderer
	d   Deps
}

// New returns the dashboard area.
func New(env kit.Env, d Deps) (*Handler, error) {
	if d.Rounds == nil || d.Stats == nil {
		return nil, errors.New("dashweb: Rounds and Stats are required")
	}
	if env.Render == nil || env.Log == nil || env.Now == nil {
		return nil, errors.New("dashweb: the shell's Env is incomplete")
	}
	return &Handler{env: env, rd: env.Render, d: d}, nil
}

//go:embed templates
var templateFS embed.FS

// Templates returns the area's pages and partials for the kit.Renderer.
func Templates() kit.Templates {
	return kit.EmbeddedTemplates(templateFS, nil)
}

// Routes lists the dashboard's routes: organisers only.
func (h *Handler) Routes() []kit.Route {
	org := kit.Role(people.RoleOrganiser)
	return []kit.Route{
		{Method: "GET", Pattern: "/dashboard", Access: org, Handler: h.dashboard},
		{Method: "GET", Pattern: "/dashboard/audit", Access: org, Handler: h.auditLog},
	}
}
