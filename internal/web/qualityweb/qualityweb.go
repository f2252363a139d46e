package qualityweb

import (
	"context"
	"embed"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/quality"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// Quality is what the pages need of the service (*quality.Service).
type Quality interface {
	Assessment(ctx context.Context, cycleID int64) (quality.Assessment, error)
	Proofs(ctx context.Context, cycleID int64) ([]quality.Proof, error)
	Assess(ctx context.Context, actor people.User, cycleID int64, e quality.Entry) (quality.Entry, error)
	NameAssessor(ctx context.Context, actor people.User, cycleID int64, email string) (quality.Assessment, error)
	CanReview(ctx context.Context, actor people.User, cycleID int64) (bool, error)
	Review(ctx context.Context, actor people.User, cycleID int64, d quality.Decision) (quality.Assessment, error)
}

// Rounds reads rounds (*cycle.Service).
type Rounds interface {
	Cycle(ctx context.Context, cycleID int64) (cycle.Cycle, error)
}

// Deps are what the pages use. Quality nil leaves the area out.
type Deps struct {
	Quality Quality
	Rounds  Rounds
}

// Handler serves the quality pages.
type Handler struct {
	env kit.Env
	rd  *kit.Renderer
	d   Deps
}

// New returns the area.
func New(env kit.Env, d Deps) (*Handler, error) {
	if d.Quality == nil || d.Rounds == nil {
		return nil, errors.New("qualityweb: Quality and Rounds are required")
	}
	if env.Render == nil || env.Log == nil || env.Now == nil {
		return nil, errors.New("qualityweb: the shell's Env is incomplete")
	}
	return &Handler{env: env, rd: env.Render, d: d}, nil
}

//go:embed templates
var templateFS embed.FS

// Templates returns the area's pages for the kit.Renderer.
func Templates() kit.Templates { return kit.EmbeddedTemplates(templateFS, nil) }

// Routes lists the routes and who may use them. The review form is for
// the one assessor the organisers named: signed in at the door, the
// service refuses anyone else.
func (h *Handler) Routes() []kit.Route {
	org := kit.Role(people.RoleOrganiser)
	return []kit.Route{
		{Method: "GET", Pattern: "/cycles/{id}/quality", Access: kit.Public, Handler: h.page},
		{Method: "GET", Pattern: "/cycles/{id}/quality.json", Access: kit.Public, Handler: h.jsonFile},
		{Method: "GET", Pattern: "/cycles/{id}/quality/principles/{principle}", Access: org, Handler: h.principleForm},
		{Method: "POST", Pattern: "/cycles/{id}/quality/principles/{principle}", Access: org, Handler: h.assess},
		{Method: "POST", Pattern: "/cycles/{id}/quality/assessor", Access: org, Handler: h.nameAssessor},
		{Method: "GET", Pattern: "/cycles/{id}/quality/review", Access: kit.SignedIn, Handler: h.reviewForm},
		{Method: "POST", Pattern: "/cycles/{id}/quality/review", Access: kit.SignedIn, Handler: h.review},
	}
}

func crumbs(p *i18n.Printer, c cycle.Cycle, self bool) []kit.Crumb {
	if !self {
		return kit.RoundCrumbs(p, c.ID, c.Title)
	}
	return kit.RoundCrumbs(p, c.ID, c.Title, kit.Crumb{Label: p.T("Quality self-assessment"), URL: kit.RoundPath(c.ID, "/quality")})
}

func (h *Handler) cycle(r *http.Request) (cycle.Cycle, error) {
	id, err := kit.ParseID(r.PathValue("id"))
	if err != nil {
		return cycle.Cycle{}, err
	}
	return h.d.Rounds.Cycle(r.Context(), id)
}

// proofView is one proof as the page shows it: a symbol and a word, never
// colour alone.
type proofView struct {
	Key, Detail, URL    string
	Met, NotMet, NotYet bool
}

func proofViews(p *i18n.Printer, ps []quality.Proof, principle string) []proofView {
	var out []proofView
	for _, x := range ps {
		if x.Principle != principle {
			continue
		}
		s := x.State()
		out = append(out, proofView{Key: x.Key, Detail: x.Detail.In(p), URL: x.URL, Met: s == "met", NotMet: s == "not_met", NotYet: s == "not_yet"})
	}
	return out
}

// principleView is one principle on the page.
type principleView struct {
	Key, Title, Asks string
	Rated            bool
	Rating           string // in words
	RatingKey        string
	Narrative        string // in the reader's language when there is one
	Links            []string
	Proofs           []proofView // as signed, or live before sign-off
	Live             []proofView // the live re-check, when it differs from the signed proofs
}

type pageData struct {
	Cycle                            cycle.Cycle
	Principles                       []principleView
	Draft, Review, Returned, Signed  bool
	Rated                            int
	AssessorName, Statement          string
	SignedAt                         time.Time
	CanOrganise, CanAssess, Editable bool
	CanReview                        bool
	Comments                         string // the assessor's comments, shown to organisers
	Form                             *kit.Form
}

func (h *Handler) pageData(r *http.Request, c cycle.Cycle, f *kit.Form) (pageData, error) {
	ctx, u, p := r.Context(), kit.User(r), kit.Printer(r)
	a, err := h.d.Quality.Assessment(ctx, c.ID)
	if err != nil {
		return pageData{}, err
	}
	live, err := h.d.Quality.Proofs(ctx, c.ID)
	if err != nil {
		return pageData{}, err
	}
	d := pageData{Cycle: c, Draft: a.Status == quality.Draft, Review: a.Status == quality.Review, Returned: a.Status == quality.Returned,
		Signed: a.Status == quality.Signed, AssessorName: a.AssessorName, Statement: a.Statement, SignedAt: a.SignedAt, Form: f,
		CanOrganise: u.Has(people.RoleOrganiser)}
	d.CanAssess = d.CanOrganise && c.Allows(cycle.AssessQuality)
	d.Editable = d.CanAssess && !d.Signed
	if d.CanOrganise && d.Returned {
		d.Comments = a.Comments
	}
	if d.CanReview, err = h.d.Quality.CanReview(ctx, u, c.ID); err != nil {
		return d, err
	}
	differs := d.Signed && quality.Differs(a.Snapshot, live)
	for _, pr := range quality.Principles {
		e, ok := a.Entry(pr.Key)
		v := principleView{Key: pr.Key, Title: kit.Msg(p, pr.Title), Asks: kit.Msg(p, pr.Asks), Rated: ok, Rating: kit.Msg(p, e.Rating.Label()),
			RatingKey: string(e.Rating), Narrative: e.Narrative, Links: e.Links}
		if p.Lang() == i18n.Welsh && e.NarrativeCy != "" {
			v.Narrative = e.NarrativeCy
		}
		if ok {
			d.Rated++
		}
		if d.Signed {
			v.Proofs = proofViews(p, a.Snapshot, pr.Key)
			if differs {
				v.Live = proofViews(p, live, pr.Key)
			}
		} else {
			v.Proofs = proofViews(p, live, pr.Key)
		}
		d.Principles = append(d.Principles, v)
	}
	return d, nil
}

// page: GET /cycles/{id}/quality, public.
func (h *Handler) page(w http.ResponseWriter, r *http.Request) error {
	return h.showPage(w, r, http.StatusOK, &kit.Form{})
}

func (h *Handler) showPage(w http.ResponseWriter, r *http.Request, code int, f *kit.Form) error {
	c, err := h.cycle(r)
	if err != nil {
		return err
	}
	d, err := h.pageData(r, c, f)
	if err != nil {
		return err
	}
	p := kit.Printer(r)
	h.rd.Page(w, r, code, "quality", &kit.Page{Title: p.T("Quality self-assessment of %s", c.Title), Data: d, Errors: f.Errs, Breadcrumbs: crumbs(p, c, false)})
	return nil
}

// jsonFile: GET /cycles/{id}/quality.json, public: every principle with
// its rating, narrative, links and live proofs, and the sign-off.
func (h *Handler) jsonFile(w http.ResponseWriter, r *http.Request) error {
	c, err := h.cycle(r)
	if err != nil {
		return err
	}
	a, err := h.d.Quality.Assessment(r.Context(), c.ID)
	if err != nil {
		return err
	}
	live, err := h.d.Quality.Proofs(r.Context(), c.ID)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(quality.MarshalPublished(quality.Publish(a, live)))
	return nil
}

type choice struct {
	Value, Label string
	Checked      bool
}

type principleData struct {
	Cycle     cycle.Cycle
	Principle principleView
	Form      *kit.Form
	Ratings   []choice
}

// principleForm: GET /cycles/{id}/quality/principles/{principle},
// organisers.
func (h *Handler) principleForm(w http.ResponseWriter, r *http.Request) error {
	c, err := h.cycle(r)
	if err != nil {
		return err
	}
	a, err := h.d.Quality.Assessment(r.Context(), c.ID)
	if err != nil {
		return err
	}
	e, _ := a.Entry(r.PathValue("principle"))
	f := &kit.Form{Values: map[string][]string{"rating": {string(e.Rating)}, "narrative": {e.Narrative}, "narrative_cy": {e.NarrativeCy},
		"links": {strings.Join(e.Links, "\n")}}}
	return h.showPrinciple(w, r, c, http.StatusOK, f)
}

func (h *Handler) showPrinciple(w http.ResponseWriter, r *http.Request, c cycle.Cycle, code int, f *kit.Form) error {
	pr, ok := quality.PrincipleOf(r.PathValue("principle"))
	if !ok {
		return apperr.New(apperr.NotFound, "There is no such principle.")
	}
	ctx, p := r.Context(), kit.Printer(r)
	if !c.Allows(cycle.AssessQuality) {
		return cycle.Check(c, cycle.AssessQuality)
	}
	live, err := h.d.Quality.Proofs(ctx, c.ID)
	if err != nil {
		return err
	}
	d := principleData{Cycle: c, Form: f, Principle: principleView{Key: pr.Key, Title: kit.Msg(p, pr.Title), Asks: kit.Msg(p, pr.Asks), Proofs: proofViews(p, live, pr.Key)}}
	for _, rt := range quality.Ratings {
		d.Ratings = append(d.Ratings, choice{Value: string(rt), Label: kit.Msg(p, rt.Label()), Checked: f.Get("rating") == string(rt)})
	}
	h.rd.Page(w, r, code, "quality_principle", &kit.Page{Title: p.T("Assess: %s", d.Principle.Title), Data: d, Errors: f.Errs, Breadcrumbs: crumbs(p, c, true)})
	return nil
}

// assess: POST /cycles/{id}/quality/principles/{principle}, organisers.
func (h *Handler) assess(w http.ResponseWriter, r *http.Request) error {
	c, err := h.cycle(r)
	if err != nil {
		return err
	}
	e := quality.Entry{Principle: r.PathValue("principle"), Rating: quality.Rating(r.PostFormValue("rating")), Narrative: r.PostFormValue("narrative"),
		NarrativeCy: r.PostFormValue("narrative_cy"), Links: strings.Split(r.PostFormValue("links"), "\n")}
	if _, err := h.d.Quality.Assess(r.Context(), kit.User(r), c.ID, e); err != nil {
		f, ok := kit.FormFromError(r, r.PostForm, err, nil)
		if !ok {
			return err
		}
		return h.showPrinciple(w, r, c, http.StatusUnprocessableEntity, f)
	}
	return h.rd.SeeOther(w, r, kit.RoundPath(c.ID, "/quality#"+e.Principle), kit.Printer(r).T("Your assessment of the principle has been saved."))
}

// nameAssessor: POST /cycles/{id}/quality/assessor, organisers.
func (h *Handler) nameAssessor(w http.ResponseWriter, r *http.Request) error {
	c, err := h.cycle(r)
	if err != nil {
		return err
	}
	if _, err := h.d.Quality.NameAssessor(r.Context(), kit.User(r), c.ID, r.PostFormValue("email")); err != nil {
		f, ok := kit.FormFromError(r, r.PostForm, err, nil)
		if !ok {
			return err
		}
		return h.showPage(w, r, http.StatusUnprocessableEntity, f)
	}
	return h.rd.SeeOther(w, r, kit.RoundPath(c.ID, "/quality"), kit.Printer(r).T("The assessor has been named and can now review the assessment."))
}

type reviewData struct {
	pageData
	Decisions  []choice
	ReviewForm *kit.Form
}

// reviewForm: GET /cycles/{id}/quality/review, the named assessor.
func (h *Handler) reviewForm(w http.ResponseWriter, r *http.Request) error {
	f := &kit.Form{Values: map[string][]string{"name": {kit.User(r).DisplayName}}}
	return h.showReview(w, r, http.StatusOK, f)
}

func (h *Handler) showReview(w http.ResponseWriter, r *http.Request, code int, f *kit.Form) error {
	c, err := h.cycle(r)
	if err != nil {
		return err
	}
	ok, err := h.d.Quality.CanReview(r.Context(), kit.User(r), c.ID)
	if err != nil {
		return err
	}
	if !ok {
		return apperr.New(apperr.Forbidden, "Only the assessor the organisers named can review the assessment, while it waits for review.")
	}
	pd, err := h.pageData(r, c, f)
	if err != nil {
		return err
	}
	p := kit.Printer(r)
	dec := f.Get("decision")
	d := reviewData{pageData: pd, ReviewForm: f, Decisions: []choice{
		{Value: "signoff", Label: p.T("Sign off the assessment with a statement, to be published with it"), Checked: dec != "return"},
		{Value: "return", Label: p.T("Return it to the organisers with comments"), Checked: dec == "return"}}}
	h.rd.Page(w, r, code, "quality_review", &kit.Page{Title: p.T("Review the quality self-assessment"), Data: d, Errors: f.Errs, Breadcrumbs: crumbs(p, c, true)})
	return nil
}

// review: POST /cycles/{id}/quality/review, the named assessor.
func (h *Handler) review(w http.ResponseWriter, r *http.Request) error {
	c, err := h.cycle(r)
	if err != nil {
		return err
	}
	d := quality.Decision{SignOff: r.PostFormValue("decision") != "return", Name: r.PostFormValue("name"), Statement: r.PostFormValue("statement")}
	if _, err := h.d.Quality.Review(r.Context(), kit.User(r), c.ID, d); err != nil {
		f, ok := kit.FormFromError(r, r.PostForm, err, nil)
		if !ok {
			return err
		}
		return h.showReview(w, r, http.StatusUnprocessableEntity, f)
	}
	msg := kit.Printer(r).T("Thank you: the assessment is signed off and published with your statement.")
	if !d.SignOff {
		msg = kit.Printer(r).T("Thank you: the assessment has been returned to the organisers with your comments.")
	}
	return h.rd.SeeOther(w, r, kit.RoundPath(c.ID, "/quality"), msg)
}
