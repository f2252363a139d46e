package roomweb

import (
	"context"
	"embed"
	"errors"
	"net/http"
	"strconv"

	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/opinions"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/room"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// Room is what the pages need of the live pages' service (*room.Service).
type Room interface {
	Group(ctx context.Context, cycleID, groupID int64) (room.Group, error)
	Open(ctx context.Context, g room.Group) (bool, error)
	Post(ctx context.Context, actor people.User, cycleID, groupID int64, k room.Kind, text string) (room.Post, error)
	Decide(ctx context.Context, actor people.User, cycleID, groupID, postID int64, approve bool) error
	React(ctx context.Context, actor people.User, cycleID, groupID, postID int64, v opinions.Vote) error
	Questions(ctx context.Context, groupID int64, limit int) ([]room.Post, error)
	Statements(ctx context.Context, groupID int64) ([]room.Post, error)
	Pending(ctx context.Context, actor people.User, g room.Group) ([]room.Post, error)
	Decided(ctx context.Context, actor people.User, g room.Group, limit int) ([]room.Post, error)
	Reactions(ctx context.Context, groupID int64) ([]room.Reaction, error)
	MyReactions(ctx context.Context, actor people.User, groupID int64) (map[int64]opinions.Vote, error)
}

// Rounds reads rounds (*cycle.Service).
type Rounds interface {
	Cycle(ctx context.Context, cycleID int64) (cycle.Cycle, error)
}

// Deps are what the live pages use. Room nil leaves the area out.
type Deps struct {
	Room    Room
	Rounds  Rounds
	BaseURL string // the site's address, shown on the room screen; the shell fills it in
}

// Handler serves the live pages.
type Handler struct {
	env kit.Env
	rd  *kit.Renderer
	d   Deps
	rl  *relay
}

// New returns the area.
func New(env kit.Env, d Deps) (*Handler, error) {
	if d.Room == nil || d.Rounds == nil {
		return nil, errors.New("roomweb: Room and Rounds are required")
	}
	if env.Render == nil || env.Log == nil || env.Live == nil || env.Streams == nil {
		return nil, errors.New("roomweb: the shell's Env is incomplete")
	}
	return &Handler{env: env, rd: env.Render, d: d, rl: newRelay(d.Room, env.Live, env.Log.Warn)}, nil
}

// Close stops the in-process hub (the viewers' streams end).
func (h *Handler) Close() { h.rl.hub.Close() }

//go:embed templates
var templateFS embed.FS

// Templates returns the area's pages for the kit.Renderer.
func Templates() kit.Templates { return kit.EmbeddedTemplates(templateFS, nil) }

// Routes lists the routes and who may use them. Moderating is for the
// group's moderators, which the service checks (a facilitator may be a
// citizen by site role).
func (h *Handler) Routes() []kit.Route {
	const g = "/cycles/{id}/groups/{group}"
	return []kit.Route{
		{Method: "GET", Pattern: g + "/live", Access: kit.Public, Handler: h.livePage},
		{Method: "POST", Pattern: g + "/live", Access: kit.SignedIn, Handler: h.post},
		{Method: "POST", Pattern: g + "/react", Access: kit.SignedIn, Handler: h.react},
		{Method: "GET", Pattern: g + "/moderate", Access: kit.SignedIn, Handler: h.moderatePage},
		{Method: "POST", Pattern: g + "/moderate", Access: kit.SignedIn, Handler: h.decide},
		{Method: "GET", Pattern: g + "/screen", Access: kit.Public, Handler: h.screenPage},
		{Method: "GET", Pattern: g + "/events", Access: kit.Public, Handler: h.events},
	}
}

func ids(r *http.Request) (cycleID, groupID int64, err error) {
	if cycleID, err = kit.ParseID(r.PathValue("id")); err != nil {
		return
	}
	groupID, err = kit.ParseID(r.PathValue("group"))
	return
}

func path(g room.Group, rest string) string {
	return "/cycles/" + strconv.FormatInt(g.CycleID, 10) + "/groups/" + strconv.FormatInt(g.ID, 10) + rest
}

// load reads the round and the group of the request.
func (h *Handler) load(r *http.Request) (cycle.Cycle, room.Group, error) {
	cid, gid, err := ids(r)
	if err != nil {
		return cycle.Cycle{}, room.Group{}, err
	}
	g, err := h.d.Room.Group(r.Context(), cid, gid)
	if err != nil {
		return cycle.Cycle{}, g, err
	}
	c, err := h.d.Rounds.Cycle(r.Context(), cid)
	return c, g, err
}

func crumbs(p *i18n.Printer, c cycle.Cycle, g room.Group) []kit.Crumb {
	return kit.RoundCrumbs(p, c.ID, c.Title)
}
