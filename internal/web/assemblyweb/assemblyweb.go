package assemblyweb

import (
	"context"
	"embed"
	"errors"
	"net/http"

	"github.com/folkmoot/folkmoot/internal/assembly"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// People is what the pages need of *assembly.Service.
type People interface {
	People(ctx context.Context, cycleID int64, r assembly.Role) ([]assembly.Person, error)
	Add(ctx context.Context, actor people.User, cycleID int64, r assembly.Role, emails string) (int, error)
	Remove(ctx context.Context, actor people.User, cycleID, userID int64, r assembly.Role) error
	EnrolSelected(ctx context.Context, actor people.User, cycleID int64) (int, error)
}

// Rounds reads rounds (*cycle.Service).
type Rounds interface {
	Cycle(ctx context.Context, cycleID int64) (cycle.Cycle, error)
}

// Deps are what the pages use. People nil leaves the area out.
type Deps struct {
	People People
	Rounds Rounds
}

// Handler serves the assembly's people pages.
type Handler struct {
	rd *kit.Renderer
	d  Deps
}

// New returns the area.
func New(env kit.Env, d Deps) (*Handler, error) {
	if d.People == nil || d.Rounds == nil {
		return nil, errors.New("assemblyweb: People and Rounds are required")
	}
	if env.Render == nil {
		return nil, errors.New("assemblyweb: the shell's Env is incomplete")
	}
	return &Handler{rd: env.Render, d: d}, nil
}

//go:embed templates
var templateFS embed.FS

// Templates returns the area's pages for the kit.Renderer.
func Templates() kit.Templates { return kit.EmbeddedTemplates(templateFS, nil) }

// Routes lists the area's routes and who may use them.
func (h *Handler) Routes() []kit.Route {
	org := kit.Role(people.RoleOrganiser)
	return []kit.Route{
		{Method: "GET", Pattern: "/cycles/{id}/assembly", Access: kit.Public, Handler: h.public},
		{Method: "GET", Pattern: "/cycles/{id}/assembly/manage", Access: org, Handler: h.manage},
		{Method: "POST", Pattern: "/cycles/{id}/assembly/add", Access: org, Handler: h.add},
		{Method: "POST", Pattern: "/cycles/{id}/assembly/enrol", Access: org, Handler: h.enrol},
		{Method: "POST", Pattern: "/cycles/{id}/assembly/remove", Access: org, Handler: h.remove},
	}
}

func crumbs(p *i18n.Printer, c cycle.Cycle) []kit.Crumb {
	return kit.RoundCrumbs(p, c.ID, c.Title)
}

// part is one part of the assembly as a page shows it.
type part struct {
	Role   assembly.Role
	Title  string
	About  string
	People []assembly.Person
}

func parts(p *i18n.Printer, ps []assembly.Person) []part {
	out := []part{
		{Role: assembly.Member, Title: p.T("Members"), About: p.T("Chosen by lottery from the people who registered, to learn, deliberate and vote on recommendations.")},
		{Role: assembly.Facilitator, Title: p.T("Facilitators"), About: p.T("Independent facilitators run the discussion groups, moderate their live pages and write up the key points.")},
		{Role: assembly.Board, Title: p.T("Board members"), About: p.T("Decision-makers who sit with the discussion groups to listen, and who will answer the recommendations in public.")},
		{Role: assembly.Committee, Title: p.T("Advisory committee"), About: p.T("Approves the witnesses, checks the evidence is balanced and answers members' requests for evidence in public.")},
	}
	for _, x := range ps {
		for i := range out {
			if out[i].Role == x.Role {
				out[i].People = append(out[i].People, x)
			}
		}
	}
	return out
}

func (h *Handler) load(r *http.Request) (cycle.Cycle, []part, error) {
	id, err := kit.ParseID(r.PathValue("id"))
	if err != nil {
		return cycle.Cycle{}, nil, err
	}
	c, err := h.d.Rounds.Cycle(r.Context(), id)
	if err != nil {
		return c, nil, err
	}
	ps, err := h.d.People.People(r.Context(), id, "")
	if err != nil {
		return c, nil, err
	}
	return c, parts(kit.Printer(r), ps), nil
}

type publicData struct {
	Cycle cycle.Cycle
	Parts []part
}

// public: GET /cycles/{id}/assembly. Members are counted, not named.
func (h *Handler) public(w http.ResponseWriter, r *http.Request) error {
	c, ps, err := h.load(r)
	if err != nil {
		return err
	}
	p := kit.Printer(r)
	h.rd.Page(w, r, http.StatusOK, "assembly", &kit.Page{Title: p.T("Who takes part in the assembly"), Data: publicData{Cycle: c, Parts: ps}, Breadcrumbs: crumbs(p, c)})
	return nil
}

type manageData struct {
	Cycle  cycle.Cycle
	Parts  []part
	Form   *kit.Form
	Gate   bool
	Role   string
	Emails string
}

// manage: GET /cycles/{id}/assembly/manage, organisers.
func (h *Handler) manage(w http.ResponseWriter, r *http.Request) error {
	return h.showManage(w, r, http.StatusOK, &kit.Form{})
}

func (h *Handler) showManage(w http.ResponseWriter, r *http.Request, code int, f *kit.Form) error {
	c, ps, err := h.load(r)
	if err != nil {
		return err
	}
	p := kit.Printer(r)
	d := manageData{Cycle: c, Parts: ps, Form: f, Gate: c.Allows(cycle.Enrol), Role: string(assembly.Member)}
	if f.Values != nil {
		d.Role, d.Emails = f.Get("role"), f.Get("emails")
	}
	h.rd.Page(w, r, code, "assembly_manage", &kit.Page{Title: p.T("Name the people of the assembly of %s", c.Title), Data: d, Errors: f.Errs, Breadcrumbs: crumbs(p, c)})
	return nil
}

// done redirects to the organisers' page with a message, or shows it
// again with the form's errors.
func (h *Handler) done(w http.ResponseWriter, r *http.Request, id int64, err error, flash string) error {
	if err == nil {
		return h.rd.SeeOther(w, r, kit.RoundPath(id, "/assembly/manage"), flash)
	}
	f, ok := kit.FormFromError(r, r.PostForm, err, nil)
	if !ok {
		return err
	}
	return h.showManage(w, r, http.StatusUnprocessableEntity, f)
}

// add: POST /cycles/{id}/assembly/add (role, emails), organisers.
func (h *Handler) add(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.ParseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	n, err := h.d.People.Add(r.Context(), kit.User(r), id, assembly.Role(r.PostFormValue("role")), r.PostFormValue("emails"))
	return h.done(w, r, id, err, kit.Printer(r).N(n, "%d person added.", "%d people added."))
}

// enrol: POST /cycles/{id}/assembly/enrol, organisers: names as members
// the people the lottery chose who confirmed.
func (h *Handler) enrol(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.ParseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	n, err := h.d.People.EnrolSelected(r.Context(), kit.User(r), id)
	return h.done(w, r, id, err, kit.Printer(r).N(n, "%d member added from the lottery.", "%d members added from the lottery."))
}

// remove: POST /cycles/{id}/assembly/remove (user, role), organisers.
func (h *Handler) remove(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.ParseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	user, err := kit.ParseID(r.PostFormValue("user"))
	if err != nil {
		return err
	}
	if err := h.d.People.Remove(r.Context(), kit.User(r), id, user, assembly.Role(r.PostFormValue("role"))); err != nil {
		return err
	}
	return h.rd.SeeOther(w, r, kit.RoundPath(id, "/assembly/manage"), kit.Printer(r).T("The person no longer takes that part."))
}
