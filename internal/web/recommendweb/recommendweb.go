package recommendweb

import (
	"context"
	"embed"
	"errors"
	"net/http"

	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/jury"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/recommend"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// Recommend is what the pages need of the service (*recommend.Service).
type Recommend interface {
	Round(ctx context.Context, cycleID int64) (recommend.Round, error)
	Items(ctx context.Context, cycleID int64) ([]recommend.Item, error)
	Item(ctx context.Context, itemID int64) (recommend.Item, error)
	IsMember(ctx context.Context, actor people.User, cycleID int64) (bool, error)
	CanDraft(ctx context.Context, actor people.User, cycleID int64) (bool, error)
	CanDecide(ctx context.Context, actor people.User, cycleID int64) (bool, error)
	SetThreshold(ctx context.Context, actor people.User, cycleID int64, threshold float64) (recommend.Round, error)
	Create(ctx context.Context, actor people.User, cycleID int64, d recommend.Draft) (recommend.Item, error)
	Edit(ctx context.Context, actor people.User, itemID int64, text, note string) (recommend.Item, error)
	Amend(ctx context.Context, actor people.User, itemID int64, text, why string) (recommend.Item, error)
	Decide(ctx context.Context, actor people.User, itemID int64, number int, accept bool, reason string) (recommend.Item, error)
	AddMinorityView(ctx context.Context, actor people.User, itemID int64, text string, signed bool) (recommend.Item, error)
	OpenVote(ctx context.Context, actor people.User, cycleID int64) error
	CloseVote(ctx context.Context, actor people.User, cycleID int64) (recommend.Round, error)
	HasVoted(ctx context.Context, actor people.User, cycleID int64) (bool, error)
	Voters(ctx context.Context, cycleID int64) (int, error)
	Vote(ctx context.Context, actor people.User, cycleID int64, answers []recommend.Answer) (string, error)
	Receipt(ctx context.Context, cycleID int64, code string) ([]recommend.Ballot, error)
	Results(ctx context.Context, cycleID int64) (recommend.Round, []recommend.Result, []recommend.Ballot, error)
}

// Rounds reads rounds (*cycle.Service).
type Rounds interface {
	Cycle(ctx context.Context, cycleID int64) (cycle.Cycle, error)
}

// Agendas reads a round's published agenda (*jury.Service).
type Agendas interface {
	Agenda(ctx context.Context, cycleID int64) (jury.Agenda, error)
}

// Groups names discussion groups (internal/meeting, wired by the shell);
// optional.
type Groups interface {
	GroupName(ctx context.Context, groupID int64) (string, error)
}

// Deps are what the pages use. Recommend nil leaves the area out.
type Deps struct {
	Recommend Recommend
	Rounds    Rounds
	Agendas   Agendas
	Groups    Groups // optional
}

// Handler serves the recommendation pages.
type Handler struct {
	env kit.Env
	rd  *kit.Renderer
	d   Deps
}

// New returns the area.
func New(env kit.Env, d Deps) (*Handler, error) {
	if d.Recommend == nil || d.Rounds == nil || d.Agendas == nil {
		return nil, errors.New("recommendweb: Recommend, Rounds and Agendas are required")
	}
	if env.Render == nil || env.Log == nil || env.Now == nil {
		return nil, errors.New("recommendweb: the shell's Env is incomplete")
	}
	return &Handler{env: env, rd: env.Render, d: d}, nil
}

//go:embed templates
var templateFS embed.FS

// Templates returns the area's pages for the kit.Renderer.
func Templates() kit.Templates { return kit.EmbeddedTemplates(templateFS, nil) }

// Routes lists the routes and who may use them.
func (h *Handler) Routes() []kit.Route {
	org := kit.Role(people.RoleOrganiser)
	return []kit.Route{
		{Method: "GET", Pattern: "/cycles/{id}/recommendations", Access: kit.Public, Handler: h.page},
		{Method: "GET", Pattern: "/cycles/{id}/recommendations.json", Access: kit.Public, Handler: h.jsonFile},
		{Method: "GET", Pattern: "/cycles/{id}/recommendations/ballots.csv", Access: kit.Public, Handler: h.csvFile},
		{Method: "GET", Pattern: "/cycles/{id}/recommendations/{rec}/ballots.blt", Access: kit.Public, Handler: h.bltFile},
		{Method: "GET", Pattern: "/cycles/{id}/recommendations/receipt", Access: kit.Public, Handler: h.receipt},
		{Method: "GET", Pattern: "/cycles/{id}/recommendations/ballot", Access: kit.SignedIn, Handler: h.ballotForm},
		{Method: "POST", Pattern: "/cycles/{id}/recommendations/ballot", Access: kit.SignedIn, Handler: h.vote},
		{Method: "GET", Pattern: "/cycles/{id}/recommendations/new", Access: kit.SignedIn, Handler: h.newForm},
		{Method: "POST", Pattern: "/cycles/{id}/recommendations/new", Access: kit.SignedIn, Handler: h.create},
		{Method: "GET", Pattern: "/recommendations/{rec}", Access: kit.Public, Handler: h.itemPage},
		{Method: "POST", Pattern: "/recommendations/{rec}/edit", Access: kit.SignedIn, Handler: h.edit},
		{Method: "POST", Pattern: "/recommendations/{rec}/amend", Access: kit.SignedIn, Handler: h.amend},
		{Method: "POST", Pattern: "/recommendations/{rec}/decide", Access: kit.SignedIn, Handler: h.decide},
		{Method: "POST", Pattern: "/recommendations/{rec}/minority", Access: kit.SignedIn, Handler: h.minority},
		{Method: "POST", Pattern: "/cycles/{id}/recommendations/threshold", Access: org, Handler: h.threshold},
		{Method: "POST", Pattern: "/cycles/{id}/recommendations/open", Access: org, Handler: h.open},
		{Method: "POST", Pattern: "/cycles/{id}/recommendations/close", Access: org, Handler: h.closeVote},
	}
}

func cycleID(r *http.Request) (int64, error) { return kit.ParseID(r.PathValue("id")) }
func itemID(r *http.Request) (int64, error)  { return kit.ParseID(r.PathValue("rec")) }

func crumbs(p *i18n.Printer, c cycle.Cycle) []kit.Crumb {
	return kit.RoundCrumbs(p, c.ID, c.Title, kit.Crumb{Label: p.T("Recommendations"), URL: kit.RoundPath(c.ID, "/recommendations")})
}

func (h *Handler) cycle(r *http.Request) (cycle.Cycle, error) {
	id, err := cycleID(r)
	if err != nil {
		return cycle.Cycle{}, err
	}
	return h.d.Rounds.Cycle(r.Context(), id)
}
