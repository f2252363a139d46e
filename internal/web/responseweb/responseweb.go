package responseweb

import (
	"context"
	"embed"
	"errors"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/response"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// Response is what the pages need of the service (*response.Service).
type Response interface {
	Settings(ctx context.Context, cycleID int64) (response.Settings, error)
	Report(ctx context.Context, cycleID int64) (response.Report, error)
	CanRespond(ctx context.Context, actor people.User, cycleID int64) (bool, error)
	SetDeadline(ctx context.Context, actor people.User, cycleID int64, deadline time.Time) (response.Settings, error)
	SetStatuses(ctx context.Context, actor people.User, cycleID int64, sts []response.Status) (response.Settings, error)
	AddStatus(ctx context.Context, actor people.User, cycleID int64, st response.Status) (response.Settings, error)
	RemoveStatus(ctx context.Context, actor people.User, cycleID int64, key string) (response.Settings, error)
	Answer(ctx context.Context, actor people.User, cycleID, recID int64, d response.AnswerDraft) (response.Answer, error)
	AddCommitment(ctx context.Context, actor people.User, cycleID, recID int64, d response.CommitmentDraft) (response.Commitment, error)
	EditCommitment(ctx context.Context, actor people.User, id int64, d response.CommitmentDraft) (response.Commitment, error)
	AddUpdate(ctx context.Context, actor people.User, id int64, d response.UpdateDraft) (response.Commitment, error)
	Commitment(ctx context.Context, id int64) (response.Commitment, error)
	Stocktake(ctx context.Context, cycleID int64) (response.Stocktake, error)
	SaveStocktake(ctx context.Context, actor people.User, cycleID int64, d response.StocktakeDraft) (response.Stocktake, error)
	PublishStocktake(ctx context.Context, actor people.User, cycleID int64) (response.Stocktake, error)
}

// Rounds reads rounds (*cycle.Service).
type Rounds interface {
	Cycle(ctx context.Context, cycleID int64) (cycle.Cycle, error)
}

// Deps are what the pages use. Response nil leaves the area out.
type Deps struct {
	Response Response
	Rounds   Rounds
	// Consultation, optional, adds what the public consultation said of
	// each recommendation to the Board's answer form and the response
	// page.
	Consultation Consultation
}

// Handler serves the response pages.
type Handler struct {
	env  kit.Env
	rd   *kit.Renderer
	d    Deps
	pdfs pdfCache // stocktake.pdf, per round and language
}

// New returns the area.
func New(env kit.Env, d Deps) (*Handler, error) {
	if d.Response == nil || d.Rounds == nil {
		return nil, errors.New("responseweb: Response and Rounds are required")
	}
	if env.Render == nil || env.Log == nil || env.Now == nil {
		return nil, errors.New("responseweb: the shell's Env is incomplete")
	}
	return &Handler{env: env, rd: env.Render, d: d}, nil
}

//go:embed templates
var templateFS embed.FS

// Templates returns the area's pages for the kit.Renderer.
func Templates() kit.Templates {
	return kit.EmbeddedTemplates(templateFS, template.FuncMap{"sel": sel})
}

// selectView is what the "resp-select" partial needs.
type selectView struct {
	ID, Label, Err string
	Options        []choice
}

// sel makes a select of form f (its label already translated).
func sel(f *kit.Form, id, label string, opts []choice) selectView {
	return selectView{ID: id, Label: label, Err: f.Err(id), Options: opts}
}

// Routes lists the routes and who may use them. The Board's forms are for
// anyone signed in at the door; the service lets in only the round's
// Board members and organisers.
func (h *Handler) Routes() []kit.Route {
	org := kit.Role(people.RoleOrganiser)
	return []kit.Route{
		{Method: "GET", Pattern: "/cycles/{id}/response", Access: kit.Public, Handler: h.page},
		{Method: "GET", Pattern: "/cycles/{id}/responses.json", Access: kit.Public, Handler: h.jsonFile},
		{Method: "GET", Pattern: "/cycles/{id}/commitments.csv", Access: kit.Public, Handler: h.csvFile},
		{Method: "GET", Pattern: "/cycles/{id}/commitments/{cid}", Access: kit.Public, Handler: h.commitmentPage},
		{Method: "GET", Pattern: "/cycles/{id}/stocktake", Access: kit.Public, Handler: h.stocktakePage},
		{Method: "GET", Pattern: "/cycles/{id}/stocktake.json", Access: kit.Public, Handler: h.stocktakeJSON},
		{Method: "GET", Pattern: "/cycles/{id}/stocktake.pdf", Access: kit.Public, Handler: h.stocktakePDF},
		{Method: "GET", Pattern: "/cycles/{id}/response/answer/{rec}", Access: kit.SignedIn, Handler: h.answerForm},
		{Method: "POST", Pattern: "/cycles/{id}/response/answer/{rec}", Access: kit.SignedIn, Handler: h.answer},
		{Method: "POST", Pattern: "/cycles/{id}/response/answer/{rec}/commitments", Access: kit.SignedIn, Handler: h.addCommitment},
		{Method: "GET", Pattern: "/cycles/{id}/commitments/{cid}/edit", Access: kit.SignedIn, Handler: h.editForm},
		{Method: "POST", Pattern: "/cycles/{id}/commitments/{cid}/edit", Access: kit.SignedIn, Handler: h.edit},
		{Method: "POST", Pattern: "/cycles/{id}/commitments/{cid}/updates", Access: kit.SignedIn, Handler: h.addUpdate},
		{Method: "GET", Pattern: "/cycles/{id}/response/settings", Access: org, Handler: h.settingsForm},
		{Method: "POST", Pattern: "/cycles/{id}/response/deadline", Access: org, Handler: h.deadline},
		{Method: "POST", Pattern: "/cycles/{id}/response/statuses", Access: org, Handler: h.statuses},
		{Method: "POST", Pattern: "/cycles/{id}/response/statuses/add", Access: org, Handler: h.addStatus},
		{Method: "POST", Pattern: "/cycles/{id}/response/statuses/{key}/remove", Access: org, Handler: h.removeStatus},
		{Method: "POST", Pattern: "/cycles/{id}/stocktake", Access: org, Handler: h.saveStocktake},
		{Method: "POST", Pattern: "/cycles/{id}/stocktake/publish", Access: org, Handler: h.publishStocktake},
	}
}

func cycleID(r *http.Request) (int64, error) { return kit.ParseID(r.PathValue("id")) }

func crumbs(p *i18n.Printer, c cycle.Cycle) []kit.Crumb {
	return kit.RoundCrumbs(p, c.ID, c.Title, kit.Crumb{Label: p.T("The Board's response"), URL: kit.RoundPath(c.ID, "/response")})
}

func (h *Handler) cycle(r *http.Request) (cycle.Cycle, error) {
	id, err := cycleID(r)
	if err != nil {
		return cycle.Cycle{}, err
	}
	return h.d.Rounds.Cycle(r.Context(), id)
}

// commitment returns the commitment of the path, which must be the round's.
func (h *Handler) commitment(r *http.Request, cycleID int64) (response.Commitment, error) {
	id, err := kit.ParseID(r.PathValue("cid"))
	if err != nil {
		return response.Commitment{}, err
	}
	c, err := h.d.Response.Commitment(r.Context(), id)
	if err == nil && c.CycleID != cycleID {
		err = apperr.New(apperr.NotFound, "There is no such commitment.")
	}
	return c, err
}

// parseDate reads a date typed as YYYY-MM-DD (or D/M/YYYY); zero and a
// field error when it is not one. An empty value is zero without error
// (the service says it is missing).
func parseDate(field, s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{response.DateLayout, "2/1/2006", "2 1 2006", "2-1-2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, apperr.Field(field, "Enter the date as year-month-day, for example 2027-06-30")
}

// parseProgress reads a progress typed as a whole number; nil when empty.
// A value that is not one gives a field error and -1, which the service
// refuses too, so that a form with it is never saved.
func parseProgress(field, s string) (*int, error) {
	s = strings.TrimSuffix(strings.TrimSpace(s), "%")
	if s == "" {
		return nil, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 || n > 100 {
		bad := -1
		return &bad, apperr.Field(field, "Enter a progress from 0 to 100")
	}
	return &n, nil
}

// formErr puts the form's own parse problems before the service's field
// errors; a service error of another kind (a refusal, a conflict) is
// returned alone.
func formErr(perr, err error) error {
	if err != nil && kit.FieldErrors(err) == nil {
		return err
	}
	return errors.Join(perr, err)
}

// statusLabel is a status's label in the page's language.
func statusLabel(set []response.Status, key string, lang i18n.Lang) string {
	for _, st := range set {
		if st.Key == key {
			return st.LabelIn(lang)
		}
	}
	return key
}

func published(w http.ResponseWriter, contentType string, body []byte) error {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(body)
	return nil
}
