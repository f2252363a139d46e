package cycleweb

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// planField is the date inputs of one phase on the round form.
type planField struct {
	Phase                  cycle.Phase
	Title                  string // translated
	StartsID, EndsID       string // input ids and names: plan-<phase>-starts, -ends
	StartsValue, EndsValue string
	StartsErr, EndsErr     string
}

type formData struct {
	New        bool // creating a round (else changing one)
	Action     string
	Form       *kit.Form
	Programmes []cycle.Programme // for the programme's datalist
	Plan       []planField
	Cycle      cycle.Cycle // when changing
}

// planFields lays out the plan inputs with the form's values and errors.
func planFields(p *i18n.Printer, f *kit.Form) []planField {
	out := make([]planField, len(cycle.Phases))
	for i, ph := range cycle.Phases {
		s, e := "plan-"+string(ph)+"-starts", "plan-"+string(ph)+"-ends"
		out[i] = planField{Phase: ph, Title: kit.Msg(p, ph.Title()), StartsID: s, EndsID: e,
			StartsValue: f.Get(s), EndsValue: f.Get(e), StartsErr: f.Err(s), EndsErr: f.Err(e)}
	}
	return out
}

// planValues puts a round's plan into form values.
func planValues(c cycle.Cycle, v url.Values) {
	for _, pp := range c.Plan {
		v.Set("plan-"+string(pp.Phase)+"-starts", dayValue(pp.Starts))
		v.Set("plan-"+string(pp.Phase)+"-ends", dayValue(pp.Ends))
	}
}

// parseDraft reads the round form: title, description and the plan's
// dates (YYYY-MM-DD, as <input type="date"> sends them, read as UK days).
// It reports every problem at once: dates that are not dates, and what the
// round's own checks find in the rest.
func parseDraft(v url.Values) (cycle.Draft, error) {
	d := cycle.Draft{Title: v.Get("title"), Description: v.Get("description")}
	var errs []error
	for _, ph := range cycle.Phases {
		pp := cycle.PlannedPhase{Phase: ph}
		for _, end := range []string{"starts", "ends"} {
			name := "plan-" + string(ph) + "-" + end
			s := strings.TrimSpace(v.Get(name))
			if s == "" {
				continue
			}
			t, err := time.ParseInLocation(time.DateOnly, s, i18n.UK)
			if err != nil || t.Year() < 2000 || t.Year() > 2200 {
				errs = append(errs, apperr.Field(name, "Enter a real date, like 2027-03-01"))
				continue
			}
			if end == "starts" {
				pp.Starts = t
			} else {
				pp.Ends = t
			}
		}
		d.Plan = append(d.Plan, pp)
	}
	if len(errs) > 0 {
		return d, errors.Join(append([]error{d.Check()}, errs...)...)
	}
	return d, nil
}

func (h *Handler) renderForm(w http.ResponseWriter, r *http.Request, code int, d formData) error {
	p := kit.Printer(r)
	d.Plan = planFields(p, d.Form)
	title := p.T("Start a new round")
	crumbs := []kit.Crumb{{Label: p.T("Home"), URL: "/"}, {Label: p.T("Rounds"), URL: "/cycles"}}
	if !d.New {
		title = p.T("Change the round “%s”", d.Cycle.Title)
		crumbs = append(crumbs, kit.Crumb{Label: d.Cycle.Title, URL: cyclePath(d.Cycle.ID)})
	}
	h.rd.Page(w, r, code, "cycle_form", &kit.Page{Title: title, Data: d, Errors: d.Form.Errs, Breadcrumbs: crumbs})
	return nil
}

// newForm: GET /cycles/new, organisers.
func (h *Handler) newForm(w http.ResponseWriter, r *http.Request) error {
	progs, err := h.d.Rounds.Programmes(r.Context())
	if err != nil {
		return err
	}
	v := url.Values{}
	if len(progs) > 0 {
		v.Set("programme", progs[len(progs)-1].Name)
	}
	return h.renderForm(w, r, http.StatusOK, formData{New: true, Action: "/cycles", Form: &kit.Form{Values: v}, Programmes: progs})
}

// create: POST /cycles, organisers. Makes the programme if its name is new,
// then the round, which starts gathering issues at once.
func (h *Handler) create(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), kit.User(r)
	d, err := parseDraft(r.PostForm)
	if err == nil {
		err = d.Check()
	}
	// The programme's name is checked with the rest, so every problem shows at once.
	err = errors.Join(cycle.CheckProgrammeName(r.PostFormValue("programme")), err)
	var c cycle.Cycle
	if err == nil {
		var prog cycle.Programme
		if prog, err = h.d.Rounds.ProgrammeNamed(ctx, u, r.PostFormValue("programme")); err == nil {
			d.ProgrammeID = prog.ID
			c, err = h.d.Rounds.CreateCycle(ctx, u, d)
		}
	}
	if err == nil {
		p := kit.Printer(r)
		return h.rd.SeeOther(w, r, cyclePath(c.ID), p.T("The round “%s” has started: it is gathering issues now.", c.Title))
	}
	f, ok := kit.FormFromError(r, r.PostForm, err, nil)
	if !ok {
		return err
	}
	progs, perr := h.d.Rounds.Programmes(ctx)
	if perr != nil {
		return perr
	}
	return h.renderForm(w, r, http.StatusUnprocessableEntity, formData{New: true, Action: "/cycles", Form: f, Programmes: progs})
}

// editForm: GET /cycles/{id}/edit, organisers.
func (h *Handler) editForm(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	c, err := h.d.Rounds.Cycle(r.Context(), id)
	if err != nil {
		return err
	}
	v := url.Values{"title": {c.Title}, "description": {c.Description}}
	planValues(c, v)
	return h.renderForm(w, r, http.StatusOK, formData{Action: cyclePath(id) + "/edit", Form: &kit.Form{Values: v}, Cycle: c})
}

// update: POST /cycles/{id}/edit, organisers. Changes the title,
// description and plan.
func (h *Handler) update(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	d, err := parseDraft(r.PostForm)
	if err == nil {
		if _, err = h.d.Rounds.UpdateCycle(ctx, kit.User(r), id, d); err == nil {
			return h.rd.SeeOther(w, r, cyclePath(id), kit.Printer(r).T("Your changes to the round have been saved."))
		}
	}
	f, ok := kit.FormFromError(r, r.PostForm, err, nil)
	if !ok {
		return err
	}
	c, cerr := h.d.Rounds.Cycle(ctx, id)
	if cerr != nil {
		return cerr
	}
	return h.renderForm(w, r, http.StatusUnprocessableEntity, formData{Action: cyclePath(id) + "/edit", Form: f, Cycle: c})
}
