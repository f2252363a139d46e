package consultweb

import (
	"context"
	"embed"
	"errors"
	"github.com/folkmoot/folkmoot/internal/response"
	"net/http"
	"time"

	"github.com/folkmoot/folkmoot/internal/consult"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/recommend"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// Consult is what the pages need of the service (*consult.Service).
type Consult interface {
	Round(ctx context.Context, cycleID int64) (consult.Round, error)
	Accepting(ctx context.Context, cycleID int64) (bool, error)
	Recommendations(ctx context.Context, cycleID int64) ([]recommend.Item, error)
	Questions(ctx context.Context, cycleID int64) ([]consult.Question, error)
	Question(ctx context.Context, cycleID, id int64) (consult.Question, error)
	Overview(ctx context.Context, cycleID int64) (*consult.Overview, error)
	Responded(ctx context.Context, actor people.User, cycleID int64) (map[int64]bool, error)
	MyResponse(ctx context.Context, actor people.User, cycleID, recID int64) (consult.Response, bool, error)
	Respond(ctx context.Context, actor people.User, cycleID, recID int64, a consult.Answer) (consult.Response, error)
	Open(ctx context.Context, actor people.User, cycleID int64) error
	Close(ctx context.Context, actor people.User, cycleID int64) error
	AddQuestion(ctx context.Context, actor people.User, cycleID int64, d consult.QuestionDraft) (consult.Question, error)
	EditQuestion(ctx context.Context, actor people.User, cycleID, id int64, d consult.QuestionDraft) (consult.Question, error)
	RemoveQuestion(ctx context.Context, actor people.User, cycleID, id int64) error
	Comments(ctx context.Context, actor people.User, cycleID int64, st consult.CommentStatus) ([]consult.Comment, error)
	Moderate(ctx context.Context, actor people.User, cycleID, responseID int64, updated time.Time, approve bool) error
	CSV(ctx context.Context, cycleID int64) ([]byte, error)
}

// Rounds reads rounds (*cycle.Service).
type Rounds interface {
	Cycle(ctx context.Context, cycleID int64) (cycle.Cycle, error)
}

// BoardAnswer is the Board's answer to one recommendation: the decision
// (accepted, partly_accepted or not_accepted) and its reasons.
type BoardAnswer struct {
	Decision string
	Reasons  string
}

// Answers reads the Board's answers to a round's recommendations, by
// recommendation id (the Board's response area, wired by the shell);
// optional.
type Answers interface {
	Answers(ctx context.Context, cycleID int64) (map[int64]BoardAnswer, error)
}

// Deps are what the pages use. Consult nil leaves the area out.
type Deps struct {
	Consult Consult
	Rounds  Rounds
	Answers Answers // optional
}

// Handler serves the consultation pages.
type Handler struct {
	env kit.Env
	rd  *kit.Renderer
	d   Deps
}

// New returns the area.
func New(env kit.Env, d Deps) (*Handler, error) {
	if d.Consult == nil || d.Rounds == nil {
		return nil, errors.New("consultweb: Consult and Rounds are required")
	}
	if env.Render == nil || env.Log == nil || env.Now == nil {
		return nil, errors.New("consultweb: the shell's Env is incomplete")
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
		{Method: "GET", Pattern: "/cycles/{id}/consultation", Access: kit.Public, Handler: h.page},
		{Method: "GET", Pattern: "/cycles/{id}/consultation.json", Access: kit.Public, Handler: h.jsonFile},
		{Method: "GET", Pattern: "/cycles/{id}/consultation.csv", Access: kit.Public, Handler: h.csvFile},
		{Method: "GET", Pattern: "/cycles/{id}/consultation/{rec}/respond", Access: kit.SignedIn, Handler: h.respondForm},
		{Method: "POST", Pattern: "/cycles/{id}/consultation/{rec}/respond", Access: kit.SignedIn, Handler: h.respond},
		{Method: "GET", Pattern: "/cycles/{id}/consultation/manage", Access: org, Handler: h.manage},
		{Method: "POST", Pattern: "/cycles/{id}/consultation/open", Access: org, Handler: h.open},
		{Method: "POST", Pattern: "/cycles/{id}/consultation/close", Access: org, Handler: h.closeIt},
		{Method: "POST", Pattern: "/cycles/{id}/consultation/questions", Access: org, Handler: h.addQuestion},
		{Method: "GET", Pattern: "/cycles/{id}/consultation/questions/{q}/edit", Access: org, Handler: h.questionForm},
		{Method: "POST", Pattern: "/cycles/{id}/consultation/questions/{q}/edit", Access: org, Handler: h.editQuestion},
		{Method: "POST", Pattern: "/cycles/{id}/consultation/questions/{q}/remove", Access: org, Handler: h.removeQuestion},
		{Method: "POST", Pattern: "/cycles/{id}/consultation/moderate", Access: org, Handler: h.moderate},
	}
}

func cycleID(r *http.Request) (int64, error) { return kit.ParseID(r.PathValue("id")) }

func crumbs(p *i18n.Printer, c cycle.Cycle) []kit.Crumb {
	return kit.RoundCrumbs(p, c.ID, c.Title, kit.Crumb{Label: p.T("Public consultation"), URL: kit.RoundPath(c.ID, "/consultation")})
}

func (h *Handler) cycle(r *http.Request) (cycle.Cycle, error) {
	id, err := cycleID(r)
	if err != nil {
		return cycle.Cycle{}, err
	}
	return h.d.Rounds.Cycle(r.Context(), id)
}

func pct(n, of int) int {
	if of == 0 {
		return 0
	}
	return (n*100 + of/2) / of
}

// choice is one radio or option of a form.
type choice struct {
	Value, Label string
	Checked      bool
}

// countRow is one answer's count.
type countRow struct {
	Label string
	N     int
	Pct   int
}

func published(w http.ResponseWriter, contentType string, body []byte) error {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(body)
	return nil
}

// jsonFile: GET /cycles/{id}/consultation.json, public (404 without a
// consultation).
func (h *Handler) jsonFile(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	o, err := h.d.Consult.Overview(r.Context(), id)
	if err != nil {
		return err
	}
	return published(w, "application/json; charset=utf-8", consult.MarshalPublished(consult.Publish(o, kit.RoundPath(id, "/consultation"))))
}

// csvFile: GET /cycles/{id}/consultation.csv, public: one row per answer,
// anonymised.
func (h *Handler) csvFile(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	b, err := h.d.Consult.CSV(r.Context(), id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Disposition", `attachment; filename="consultation.csv"`)
	return published(w, "text/csv; charset=utf-8", b)
}

// FromResponse reads the Board's answers from internal/response (the
// decision as its key: accepted, partly_accepted or not_accepted).
func FromResponse(r *response.Service) Answers { return fromResponse{r} }

type fromResponse struct{ r *response.Service }

func (a fromResponse) Answers(ctx context.Context, cycleID int64) (map[int64]BoardAnswer, error) {
	as, err := a.r.Answers(ctx, cycleID)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]BoardAnswer, len(as))
	for _, x := range as {
		out[x.RecommendationID] = BoardAnswer{Decision: string(x.Decision), Reasons: x.Reasons}
	}
	return out, nil
}
