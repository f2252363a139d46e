package juryweb

import (
	"context"
	"embed"
	"errors"
	"net/http"

	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/jury"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// Jury is what the pages need of the jury service (*jury.Service).
type Jury interface {
	Settings(ctx context.Context, cycleID int64) (jury.Settings, error)
	Configure(ctx context.Context, actor people.User, cycleID int64, size int, m jury.Method, statement string, seats int) (jury.Settings, error)
	Volunteer(ctx context.Context, actor people.User, cycleID int64, a jury.Answers) error
	Unvolunteer(ctx context.Context, actor people.User, cycleID int64) error
	IsVolunteer(ctx context.Context, actor people.User, cycleID int64) (bool, error)
	Volunteers(ctx context.Context, actor people.User, cycleID int64) ([]jury.Volunteer, error)
	Jurors(ctx context.Context, actor people.User, cycleID int64) ([]jury.Juror, error)
	JurorCount(ctx context.Context, cycleID int64) (jurors, voted int, err error)
	IsJuror(ctx context.Context, actor people.User, cycleID int64) (juror, voted bool, err error)
	DrawJurors(ctx context.Context, actor people.User, cycleID int64, seed uint64) (jury.Settings, error)
	EnterJurors(ctx context.Context, actor people.User, cycleID int64, emails []string) (int, error)
	RemoveJuror(ctx context.Context, actor people.User, cycleID, userID int64) error
	SetShortlist(ctx context.Context, actor people.User, cycleID int64, seats int) (jury.Settings, error)
	OpenVote(ctx context.Context, actor people.User, cycleID int64) error
	Vote(ctx context.Context, actor people.User, cycleID int64, ranks []int) error
	CloseVote(ctx context.Context, actor people.User, cycleID int64) (jury.Settings, error)
	SetReasons(ctx context.Context, actor people.User, cycleID int64, reasons []string, why string) (jury.Settings, error)
	Publish(ctx context.Context, actor people.User, cycleID int64) (jury.Agenda, error)
	Ballots(ctx context.Context, cycleID int64) (jury.Settings, []jury.Ballot, error)
}

// Rounds reads rounds (*cycle.Service).
type Rounds interface {
	Cycle(ctx context.Context, cycleID int64) (cycle.Cycle, error)
}

// Issues reads the issues of the shortlisted themes (*gather.Service).
type Issues interface {
	Issue(ctx context.Context, viewer people.User, issueID int64) (gather.Issue, error)
}

// Deps are what the jury pages use. Jury nil leaves the area out.
type Deps struct {
	Jury    Jury
	Rounds  Rounds
	Issues  Issues
	BaseURL string // for the published files' links; the shell fills it in
}

// Handler serves the jury pages.
type Handler struct {
	env kit.Env
	rd  *kit.Renderer
	d   Deps
}

// New returns the jury area.
func New(env kit.Env, d Deps) (*Handler, error) {
	if d.Jury == nil || d.Rounds == nil || d.Issues == nil {
		return nil, errors.New("juryweb: Jury, Rounds and Issues are required")
	}
	if env.Render == nil || env.Log == nil || env.Now == nil {
		return nil, errors.New("juryweb: the shell's Env is incomplete")
	}
	return &Handler{env: env, rd: env.Render, d: d}, nil
}

//go:embed templates
var templateFS embed.FS

// Templates returns the area's pages for the kit.Renderer.
func Templates() kit.Templates { return kit.EmbeddedTemplates(templateFS, nil) }

// Routes lists the jury routes and who may use them.
func (h *Handler) Routes() []kit.Route {
	org := kit.Role(people.RoleOrganiser)
	return []kit.Route{
		{Method: "GET", Pattern: "/cycles/{id}/jury", Access: kit.Public, Handler: h.juryPage},
		{Method: "GET", Pattern: "/cycles/{id}/agenda", Access: kit.Public, Handler: h.agendaPage},
		{Method: "GET", Pattern: "/cycles/{id}/agenda/ballots.blt", Access: kit.Public, Handler: h.bltFile},
		{Method: "GET", Pattern: "/cycles/{id}/agenda/result.json", Access: kit.Public, Handler: h.resultFile},
		{Method: "GET", Pattern: "/cycles/{id}/agenda/count.json", Access: kit.Public, Handler: h.countFile},
		{Method: "GET", Pattern: "/cycles/{id}/agenda/count.txt", Access: kit.Public, Handler: h.countText},
		{Method: "GET", Pattern: "/cycles/{id}/jury/volunteer", Access: kit.SignedIn, Handler: h.volunteerForm},
		{Method: "POST", Pattern: "/cycles/{id}/jury/volunteer", Access: kit.SignedIn, Handler: h.volunteer},
		{Method: "POST", Pattern: "/cycles/{id}/jury/withdraw", Access: kit.SignedIn, Handler: h.withdraw},
		{Method: "GET", Pattern: "/cycles/{id}/agenda/ballot", Access: kit.SignedIn, Handler: h.ballotForm},
		{Method: "POST", Pattern: "/cycles/{id}/agenda/ballot", Access: kit.SignedIn, Handler: h.vote},
		{Method: "GET", Pattern: "/cycles/{id}/jury/manage", Access: org, Handler: h.manage},
		{Method: "POST", Pattern: "/cycles/{id}/jury/settings", Access: org, Handler: h.settings},
		{Method: "POST", Pattern: "/cycles/{id}/jury/draw", Access: org, Handler: h.draw},
		{Method: "POST", Pattern: "/cycles/{id}/jury/jurors", Access: org, Handler: h.enter},
		{Method: "POST", Pattern: "/cycles/{id}/jury/remove", Access: org, Handler: h.remove},
		{Method: "POST", Pattern: "/cycles/{id}/jury/shortlist", Access: org, Handler: h.shortlist},
		{Method: "POST", Pattern: "/cycles/{id}/jury/open", Access: org, Handler: h.open},
		{Method: "POST", Pattern: "/cycles/{id}/jury/close", Access: org, Handler: h.closeVote},
		{Method: "POST", Pattern: "/cycles/{id}/jury/reasons", Access: org, Handler: h.reasons},
	}
}

func cycleID(r *http.Request) (int64, error) { return kit.ParseID(r.PathValue("id")) }
