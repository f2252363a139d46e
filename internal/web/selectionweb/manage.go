package selectionweb

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/lottery"
	"github.com/folkmoot/folkmoot/internal/recruit"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

type manageData struct {
	Cycle       cycle.Cycle
	Sel         lottery.Selection
	State       string // the state in words
	PhaseOK     bool
	PoolErr     string
	PoolSize    int
	PanelSize   string
	Quotas      []quotaRow
	Form        *kit.Form
	Feasibility *feasView
	Editable    bool // quotas can change and the run can start
	Busy        bool // a job is running
	Progress    string
	Events      string // the event stream's address
	Dist        *distribution
	ChartURL    string
	Members     []memberRow
	Invitable   bool
	Command     string
	Public      string
}

type feasView struct {
	OK          bool
	Conflicts   []string
	Suggestions []string
}

type memberRow struct {
	ID, Status            string
	Reserve               bool
	CanAnswer, CanReplace bool
	Declined              bool
}

// manage: GET /cycles/{id}/selection/manage, organisers.
func (h *Handler) manage(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	f := &kit.Form{Values: url.Values{}}
	if k := r.URL.Query().Get("panel_size"); k != "" {
		f.Values.Set("panel_size", k)
	}
	return h.manageWith(w, r, id, http.StatusOK, f, nil)
}

// manageWith renders the organisers' page with the form f (values and
// errors) and a feasibility answer.
func (h *Handler) manageWith(w http.ResponseWriter, r *http.Request, id int64, code int, f *kit.Form, fe *feasView) error {
	ctx, u, p := r.Context(), kit.User(r), kit.Printer(r)
	c, err := h.d.Rounds.Cycle(ctx, id)
	if err != nil {
		return err
	}
	sel, err := h.d.Selection.Get(ctx, id)
	if err != nil {
		return err
	}
	d := manageData{Cycle: c, Sel: sel, State: stateText(p, sel.State), PhaseOK: c.Allows(cycle.Select), Form: f, Feasibility: fe,
		Editable: sel.State == lottery.Draft || sel.State == lottery.Ready || sel.State == lottery.Failed,
		Busy:     sel.State == lottery.Running || sel.State == lottery.Drawing, Events: managePath(id) + "/events",
		Public: publicPath(id), Command: lottery.Command(sel)}
	var pool recruit.Pool
	var lbl map[string]string
	if sel.Announced() {
		pool, err = recruit.Pool{}, nil
	} else if pool, err = h.d.Selection.Pool(ctx, u, id); err != nil {
		if apperr.Is(err, apperr.Internal) {
			return err
		}
		d.PoolErr = p.Err(err)
	}
	lbl = labels(pool, kit.Lang(r))
	d.PoolSize = len(pool.Members)
	// The quotas shown: the form's after a failed save, else the saved
	// ones, else suggestions for the panel size asked for.
	qs := sel.Quotas
	k := sel.PanelSize
	if v := f.Get("panel_size"); v != "" {
		if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n > 0 {
			k = n
		}
	}
	if (len(qs) == 0 || f.Get("suggest") != "" || k != sel.PanelSize) && d.PoolErr == "" && !sel.Announced() {
		if k <= 0 {
			k = min(60, max(1, d.PoolSize/10))
		}
		qs = lottery.SuggestQuotas(pool, k, lottery.Tolerance)
	}
	d.PanelSize = strconv.Itoa(k)
	if f.Get("panel_size") != "" && f.Get("suggest") == "" {
		d.PanelSize = f.Get("panel_size")
	}
	var comp *composition
	var drawn, members []string
	if data, err := h.d.Selection.Report(ctx, u, id, lottery.PeopleFile); err == nil && sel.State != lottery.Draft {
		if comp, err = readPeople(data); err != nil {
			return err
		}
	}
	if sel.State == lottery.Drawn {
		drawn = sel.Selected
		ms, err := h.d.Selection.Members(ctx, id)
		if err != nil {
			return err
		}
		for _, m := range ms {
			if m.Current() {
				members = append(members, m.ID)
			}
			d.Invitable = d.Invitable || m.Status == lottery.MemberDrawn
			d.Members = append(d.Members, memberRow{ID: m.ID, Status: memberText(p, m.Status), Reserve: m.Reserve,
				CanAnswer: m.Current() && m.Status != lottery.Confirmed, CanReplace: m.Status == lottery.Declined, Declined: m.Status == lottery.Declined})
		}
	}
	d.Quotas = quotaRows(p, qs, k, lbl, comp, drawn, members)
	for i := range d.Quotas {
		if v := f.Get(d.Quotas[i].MinID); v != "" && f.Get("suggest") == "" {
			d.Quotas[i].Min = v
		}
		if v := f.Get(d.Quotas[i].MaxID); v != "" && f.Get("suggest") == "" {
			d.Quotas[i].Max = v
		}
		d.Quotas[i].MinErr, d.Quotas[i].MaxErr = f.Err(d.Quotas[i].MinID), f.Err(d.Quotas[i].MaxID)
	}
	if d.Busy {
		d.Progress = p.T("Started. Waiting for a worker to pick up the job.")
		if h.d.Jobs != nil && sel.JobID > 0 {
			if j, err := h.d.Jobs.Job(ctx, sel.JobID); err == nil && j.Progress.Note != "" {
				d.Progress = p.T("Running for %d seconds: %s.", j.Progress.Done, j.Progress.Note)
			}
		}
	}
	if sel.State != lottery.Draft && sel.State != lottery.Running && sel.State != lottery.Failed {
		if data, err := h.d.Selection.Report(ctx, u, id, "probabilities.csv"); err == nil {
			if d.Dist, err = readDistribution(bytes.NewReader(data), sel.PanelSize); err != nil {
				return err
			}
			d.ChartURL = managePath(id) + "/report/chart.svg"
		}
	}
	h.rd.Page(w, r, code, "selection_manage", &kit.Page{Title: p.T("Choose the assembly"), Data: d, Errors: f.Errs,
		Breadcrumbs: []kit.Crumb{{Label: p.T("Home"), URL: "/"}, {Label: c.Title, URL: "/cycles/" + strconv.FormatInt(id, 10)}, {Label: p.T("How the assembly is chosen"), URL: publicPath(id)}}})
	return nil
}

func stateText(p *i18n.Printer, s lottery.State) string {
	switch s {
	case lottery.Running:
		return p.T("The lottery is being computed.")
	case lottery.Failed:
		return p.T("The last run failed.")
	case lottery.Ready:
		return p.T("The lottery is computed and can be reviewed. It is not announced yet.")
	case lottery.Announced:
		return p.T("The lottery is announced. The draw happens once the public seed is known.")
	case lottery.Drawing:
		return p.T("The draw is being made.")
	case lottery.Drawn:
		return p.T("The assembly has been drawn.")
	}
	return p.T("Set the panel size and the quotas, check them, then run the selection.")
}

func memberText(p *i18n.Printer, s lottery.MemberStatus) string {
	switch s {
	case lottery.Invited:
		return p.T("Invited")
	case lottery.Confirmed:
		return p.T("Confirmed")
	case lottery.Declined:
		return p.T("Declined")
	case lottery.Replaced:
		return p.T("Declined and replaced")
	}
	return p.T("Drawn, not yet invited")
}

// failed shows err on the organisers' page when a person can act on it
// (a field, a conflict, an unavailable pool); anything else goes to the
// shell.
func (h *Handler) failed(w http.ResponseWriter, r *http.Request, id int64, err error, v url.Values) error {
	if f, ok := kit.FormFromError(r, v, err, nil); ok {
		return h.manageWith(w, r, id, http.StatusUnprocessableEntity, f, nil)
	}
	switch apperr.KindOf(err) {
	case apperr.Conflict, apperr.Invalid, apperr.Unavailable:
		f := &kit.Form{Values: v, Errs: []kit.FieldError{{Message: kit.Printer(r).Err(err)}}}
		return h.manageWith(w, r, id, http.StatusConflict, f, nil)
	}
	return err
}

// saveQuotas: POST /cycles/{id}/selection/manage/quotas, organisers. The
// panel size and every quota; with suggest=1, shows the census
// suggestions for the panel size instead of saving.
func (h *Handler) saveQuotas(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	ctx, u := r.Context(), kit.User(r)
	if r.PostFormValue("suggest") != "" {
		return h.manageWith(w, r, id, http.StatusOK, &kit.Form{Values: r.PostForm}, nil)
	}
	pool, err := h.d.Selection.Pool(ctx, u, id)
	if err != nil {
		return h.failed(w, r, id, err, r.PostForm)
	}
	k, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("panel_size")))
	if err != nil {
		return h.failed(w, r, id, apperr.Field("panel_size", "Enter the number of members as a whole number above 0"), r.PostForm)
	}
	census := map[string]float64{}
	for _, c := range pool.Categories {
		for _, v := range c.Values {
			census[c.Key+"\x00"+v.Key] = v.Census
		}
	}
	var qs []lottery.Quota
	var errs []error
	for _, c := range pool.Categories {
		for _, v := range c.Values {
			q := lottery.Quota{Category: c.Key, Value: v.Key, Census: census[c.Key+"\x00"+v.Key]}
			var e1, e2 error
			q.Min, e1 = strconv.Atoi(strings.TrimSpace(r.PostFormValue(lottery.FieldName(q))))
			q.Max, e2 = strconv.Atoi(strings.TrimSpace(r.PostFormValue("max-" + c.Key + "-" + v.Key)))
			if e1 != nil {
				errs = append(errs, apperr.Field(lottery.FieldName(q), "Enter the minimum as a whole number"))
			}
			if e2 != nil {
				errs = append(errs, apperr.Field("max-"+c.Key+"-"+v.Key, "Enter the maximum as a whole number"))
			}
			qs = append(qs, q)
		}
	}
	if len(errs) > 0 {
		return h.failed(w, r, id, joinErrs(errs), r.PostForm)
	}
	if _, err := h.d.Selection.SetQuotas(ctx, u, id, k, qs); err != nil {
		return h.failed(w, r, id, err, r.PostForm)
	}
	return h.rd.SeeOther(w, r, managePath(id), kit.Printer(r).T("The quotas are saved. Check that a panel can meet them, then run the selection."))
}

type multi []error

func (m multi) Error() string   { return m[0].Error() }
func (m multi) Unwrap() []error { return m }

func joinErrs(errs []error) error { return multi(errs) }

// feasibility: POST /cycles/{id}/selection/manage/feasibility,
// organisers. Whether a panel can meet the saved quotas; if not, the
// engine's reasons and the smallest changes that would make one.
func (h *Handler) feasibility(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	fe, err := h.d.Selection.CheckFeasibility(r.Context(), kit.User(r), id)
	if err != nil {
		return h.failed(w, r, id, err, url.Values{})
	}
	p := kit.Printer(r)
	v := &feasView{OK: fe.OK, Conflicts: fe.Conflicts}
	for _, s := range fe.Suggestions {
		if s.Bound == "min" {
			v.Suggestions = append(v.Suggestions, p.T("Lower the minimum of %s = %s from %d to %d.", s.Category, s.Value, s.From, s.To))
		} else {
			v.Suggestions = append(v.Suggestions, p.T("Raise the maximum of %s = %s from %d to %d.", s.Category, s.Value, s.From, s.To))
		}
	}
	return h.manageWith(w, r, id, http.StatusOK, &kit.Form{Values: url.Values{}}, v)
}

// act runs one of the organisers' actions on a round's selection: do
// gets the round's id and returns the message to show; on an error the
// organisers' page is shown again with it (kept form values), else the
// organiser is sent back to the page (at anchor, which may be "").
func (h *Handler) act(w http.ResponseWriter, r *http.Request, anchor string, do func(id int64) (string, error)) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	msg, err := do(id)
	if err != nil {
		return h.failed(w, r, id, err, r.PostForm)
	}
	return h.rd.SeeOther(w, r, managePath(id)+anchor, msg)
}

// run: POST /cycles/{id}/selection/manage/run, organisers.
func (h *Handler) run(w http.ResponseWriter, r *http.Request) error {
	return h.act(w, r, "", func(id int64) (string, error) {
		_, err := h.d.Selection.Start(r.Context(), kit.User(r), id)
		return kit.Printer(r).T("The selection is running. This page shows its progress."), err
	})
}

// announce: POST /cycles/{id}/selection/manage/announce, organisers.
func (h *Handler) announce(w http.ResponseWriter, r *http.Request) error {
	return h.act(w, r, "", func(id int64) (string, error) {
		_, err := h.d.Selection.Announce(r.Context(), kit.User(r), id, r.PostFormValue("source"))
		return kit.Printer(r).T("The lottery is announced: its hash and the public random source are on the public page."), err
	})
}

// draw: POST /cycles/{id}/selection/manage/draw, organisers.
func (h *Handler) draw(w http.ResponseWriter, r *http.Request) error {
	return h.act(w, r, "", func(id int64) (string, error) {
		_, err := h.d.Selection.Draw(r.Context(), kit.User(r), id, r.PostFormValue("public_seed"))
		return kit.Printer(r).T("The draw is being made with the public seed."), err
	})
}

// invite: POST /cycles/{id}/selection/manage/invite, organisers.
func (h *Handler) invite(w http.ResponseWriter, r *http.Request) error {
	return h.act(w, r, "", func(id int64) (string, error) {
		n, err := h.d.Selection.Invite(r.Context(), kit.User(r), id)
		return kit.Printer(r).N(n, "%d invitation was emailed. Invite the others by post.", "%d invitations were emailed. Invite the others by post."), err
	})
}

// answer: POST /cycles/{id}/selection/manage/answer, organisers. Records
// a member's answer given by phone or post (answer=yes or no).
func (h *Handler) answer(w http.ResponseWriter, r *http.Request) error {
	return h.act(w, r, "#members", func(id int64) (string, error) {
		p := kit.Printer(r)
		answer := r.PostFormValue("answer")
		if answer != "yes" && answer != "no" {
			return "", apperr.New(apperr.Invalid, "Choose yes or no.")
		}
		accept := answer == "yes"
		if _, err := h.d.Selection.RecordReply(r.Context(), kit.User(r), id, r.PostFormValue("member"), accept); err != nil {
			return "", err
		}
		if accept {
			return p.T("The confirmation is recorded."), nil
		}
		return p.T("The decline is recorded. Replace the member from the reserve list."), nil
	})
}

// replace: POST /cycles/{id}/selection/manage/replace, organisers.
func (h *Handler) replace(w http.ResponseWriter, r *http.Request) error {
	return h.act(w, r, "#members", func(id int64) (string, error) {
		rep, err := h.d.Selection.Replace(r.Context(), kit.User(r), id, r.PostFormValue("member"))
		if err != nil {
			return "", err
		}
		return kit.Printer(r).T("%s takes the seat of %s, the first person on the reserve list who keeps every quota met.", rep.In, rep.Out), nil
	})
}
