package selectionweb

import (
	"context"
	"embed"
	"errors"
	"html/template"
	"net/http"
	"strconv"

	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/jobs"
	"github.com/folkmoot/folkmoot/internal/lottery"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/recruit"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// Selection is what the pages need of the selection service
// (*lottery.Service).
type Selection interface {
	Get(ctx context.Context, cycleID int64) (lottery.Selection, error)
	File(ctx context.Context, cycleID int64, name string) ([]byte, error)
	Report(ctx context.Context, actor people.User, cycleID int64, name string) ([]byte, error)
	Members(ctx context.Context, cycleID int64) ([]lottery.Member, error)
	Suggest(ctx context.Context, actor people.User, cycleID int64, k int) ([]lottery.Quota, recruit.Pool, error)
	Pool(ctx context.Context, actor people.User, cycleID int64) (recruit.Pool, error)
	SetQuotas(ctx context.Context, actor people.User, cycleID int64, k int, qs []lottery.Quota) (lottery.Selection, error)
	CheckFeasibility(ctx context.Context, actor people.User, cycleID int64) (lottery.Feasibility, error)
	Start(ctx context.Context, actor people.User, cycleID int64) (lottery.Selection, error)
	Announce(ctx context.Context, actor people.User, cycleID int64, source string) (lottery.Selection, error)
	Draw(ctx context.Context, actor people.User, cycleID int64, publicSeed string) (lottery.Selection, error)
	Invite(ctx context.Context, actor people.User, cycleID int64) (int, error)
	RecordReply(ctx context.Context, actor people.User, cycleID int64, memberID string, accept bool) (lottery.Member, error)
	Replace(ctx context.Context, actor people.User, cycleID int64, memberID string) (lottery.Replacement, error)
	Invitation(ctx context.Context, token string) (lottery.Invitee, error)
	Reply(ctx context.Context, token string, accept bool) (lottery.Member, error)
}

// Rounds reads rounds (*cycle.Service).
type Rounds interface {
	Cycle(ctx context.Context, id int64) (cycle.Cycle, error)
}

// Jobs reads a job's progress (*jobs.Queue).
type Jobs interface {
	Job(ctx context.Context, id int64) (jobs.Job, error)
}

// Deps are what the selection pages use. Selection nil leaves the area
// out; Jobs is optional (no progress figures without it).
type Deps struct {
	Selection Selection
	Rounds    Rounds
	Jobs      Jobs
}

// Handler serves the selection pages. It is safe for concurrent use.
type Handler struct {
	env kit.Env
	rd  *kit.Renderer
	d   Deps
}

// New returns the selection area.
func New(env kit.Env, d Deps) (*Handler, error) {
	if d.Selection == nil || d.Rounds == nil {
		return nil, errors.New("selectionweb: Selection and Rounds are required")
	}
	if env.Render == nil || env.Log == nil || env.Now == nil {
		return nil, errors.New("selectionweb: the shell's Env is incomplete")
	}
	return &Handler{env: env, rd: env.Render, d: d}, nil
}

//go:embed templates
var templateFS embed.FS

// Templates returns the area's pages for the kit.Renderer.
func Templates() kit.Templates {
	return kit.EmbeddedTemplates(templateFS, template.FuncMap{
		// qtable is the argument of the "selquotatable" partial.
		"qtable": func(rows []quotaRow, drawn, pool bool) quotaTable {
			return quotaTable{Rows: rows, Drawn: drawn, Pool: pool}
		},
	})
}

// Routes lists the selection routes and who may use them.
func (h *Handler) Routes() []kit.Route {
	org := kit.Role(people.RoleOrganiser)
	m := "/cycles/{id}/selection/manage"
	return []kit.Route{
		{Method: "GET", Pattern: "/cycles/{id}/selection", Access: kit.Public, Handler: h.public},
		{Method: "GET", Pattern: "/cycles/{id}/selection/{file}", Access: kit.Public, Handler: h.file},
		{Method: "GET", Pattern: "/selection/reply/{token}", Access: kit.Public, Handler: h.replyPage},
		{Method: "POST", Pattern: "/selection/reply/{token}", Access: kit.Public, Handler: h.reply},
		{Method: "GET", Pattern: m, Access: org, Handler: h.manage},
		{Method: "GET", Pattern: m + "/events", Access: org, Handler: h.events},
		{Method: "GET", Pattern: m + "/report/{file}", Access: org, Handler: h.reportFile},
		{Method: "POST", Pattern: m + "/quotas", Access: org, Handler: h.saveQuotas},
		{Method: "POST", Pattern: m + "/feasibility", Access: org, Handler: h.feasibility},
		{Method: "POST", Pattern: m + "/run", Access: org, Handler: h.run},
		{Method: "POST", Pattern: m + "/announce", Access: org, Handler: h.announce},
		{Method: "POST", Pattern: m + "/draw", Access: org, Handler: h.draw},
		{Method: "POST", Pattern: m + "/invite", Access: org, Handler: h.invite},
		{Method: "POST", Pattern: m + "/answer", Access: org, Handler: h.answer},
		{Method: "POST", Pattern: m + "/replace", Access: org, Handler: h.replace},
	}
}

// quotaTable is what the quota table shows: the rows, with the drawn
// panel's and the members' columns (Drawn) and the pool's (Pool).
type quotaTable struct {
	Rows        []quotaRow
	Drawn, Pool bool
}

func cycleID(r *http.Request) (int64, error) { return kit.ParseID(r.PathValue("id")) }

func publicPath(id int64) string { return "/cycles/" + strconv.FormatInt(id, 10) + "/selection" }

func managePath(id int64) string { return publicPath(id) + "/manage" }
