package juryweb

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/jury"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

type volunteerRow struct {
	Name, Age, Gender, Area, Availability string
	Juror                                 bool
}

type reasonRow struct {
	Field, Title, Value, Err string
	Rank                     int
}

type manageData struct {
	Cycle       cycle.Cycle
	J           jury.Settings
	Form        *kit.Form
	Size, Seats string
	Statement   string
	Lottery     bool
	Volunteers  []volunteerRow
	Jurors      []jury.Juror
	Voted       int
	Gate        bool // the round is in its Agenda phase
	Forming     bool
	Voting      bool
	Counted     bool
	Published   bool
	Reasons     []reasonRow
	Why         string
	WhyErr      string
	Composition []tallyRow
}

func label(p *i18n.Printer, key, value string) string {
	for _, c := range jury.Categories {
		if c.Key == key {
			for _, v := range c.Values {
				if v.Key == value {
					return kit.Msg(p, v.Label)
				}
			}
		}
	}
	return value
}

// manage: GET /cycles/{id}/jury/manage, organisers.
func (h *Handler) manage(w http.ResponseWriter, r *http.Request) error {
	return h.showManage(w, r, http.StatusOK, &kit.Form{})
}

func (h *Handler) showManage(w http.ResponseWriter, r *http.Request, code int, f *kit.Form) error {
	c, j, err := h.load(r)
	if err != nil {
		return err
	}
	ctx, u, p := r.Context(), kit.User(r), kit.Printer(r)
	d := manageData{Cycle: c, J: j, Form: f, Gate: c.Allows(cycle.JuryVote), Forming: j.Status == jury.Forming, Voting: j.Status == jury.Voting,
		Counted: j.Status == jury.Counted, Published: j.Status == jury.Published, Composition: composition(p, j.Draw),
		Size: strconv.Itoa(j.Size), Seats: strconv.Itoa(j.Seats), Statement: j.Statement, Lottery: j.Method == jury.Lottery, Why: j.Why, WhyErr: f.Err("why")}
	if f.Values != nil && f.Values.Has("size") {
		d.Size, d.Seats, d.Statement, d.Lottery = f.Get("size"), f.Get("seats"), f.Get("statement"), f.Get("method") != string(jury.Chosen)
	}
	if d.Jurors, err = h.d.Jury.Jurors(ctx, u, c.ID); err != nil {
		return err
	}
	isJuror := map[int64]bool{}
	for _, x := range d.Jurors {
		isJuror[x.UserID] = true
		if x.Voted {
			d.Voted++
		}
	}
	vols, err := h.d.Jury.Volunteers(ctx, u, c.ID)
	if err != nil {
		return err
	}
	for _, v := range vols {
		d.Volunteers = append(d.Volunteers, volunteerRow{Name: v.Name, Age: label(p, "age", v.Answers.AgeBand), Gender: label(p, "gender", v.Answers.Gender),
			Area: label(p, "area", v.Answers.Area), Availability: v.Answers.Availability, Juror: isJuror[v.UserID]})
	}
	if j.Shortlist != nil && (d.Counted || d.Published) {
		for i, t := range j.Shortlist.Themes {
			rr := reasonRow{Field: "reason-" + strconv.Itoa(i), Title: t.Title}
			if i < len(j.Reasons) {
				rr.Value = j.Reasons[i]
			}
			if f.Values != nil && f.Values.Has(rr.Field) {
				rr.Value = f.Get(rr.Field)
			}
			rr.Err = f.Err(rr.Field)
			for n, w := range j.Winners {
				if w == i {
					rr.Rank = n + 1
				}
			}
			d.Reasons = append(d.Reasons, rr)
		}
		if f.Values != nil && f.Values.Has("why") {
			d.Why = f.Get("why")
		}
	}
	h.rd.Page(w, r, code, "jury_manage", &kit.Page{Title: p.T("Run the citizens' jury of %s", c.Title), Data: d, Errors: f.Errs, Breadcrumbs: crumbs(p, c)})
	return nil
}

// done redirects to the organisers' page with a message, or shows it
// again with the form's errors.
func (h *Handler) done(w http.ResponseWriter, r *http.Request, id int64, err error, flash string) error {
	if err == nil {
		return h.rd.SeeOther(w, r, kit.RoundPath(id, "/jury/manage"), flash)
	}
	f, ok := kit.FormFromError(r, r.PostForm, err, nil)
	if !ok {
		return err
	}
	return h.showManage(w, r, http.StatusUnprocessableEntity, f)
}

func atoi(s string) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return -1
	}
	return n
}

// settings: POST /cycles/{id}/jury/settings, organisers.
func (h *Handler) settings(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	_, err = h.d.Jury.Configure(r.Context(), kit.User(r), id, atoi(r.PostFormValue("size")), jury.Method(r.PostFormValue("method")),
		r.PostFormValue("statement"), atoi(r.PostFormValue("seats")))
	return h.done(w, r, id, err, kit.Printer(r).T("The jury's settings are saved."))
}

// draw: POST /cycles/{id}/jury/draw, organisers.
func (h *Handler) draw(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	var seed uint64
	if s := strings.TrimSpace(r.PostFormValue("seed")); s != "" {
		if seed, err = strconv.ParseUint(s, 10, 64); err != nil || seed == 0 {
			return h.done(w, r, id, apperr.Field("seed", "Enter the seed as a whole number, or leave it empty for a random one"), "")
		}
	}
	_, err = h.d.Jury.DrawJurors(r.Context(), kit.User(r), id, seed)
	return h.done(w, r, id, err, kit.Printer(r).T("The jury has been drawn. Each juror will be emailed."))
}

// enter: POST /cycles/{id}/jury/jurors, organisers.
func (h *Handler) enter(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	emails := strings.FieldsFunc(r.PostFormValue("emails"), func(c rune) bool { return c == '\n' || c == ',' || c == ';' || c == ' ' || c == '\r' })
	n, err := h.d.Jury.EnterJurors(r.Context(), kit.User(r), id, emails)
	return h.done(w, r, id, err, kit.Printer(r).N(n, "%d juror added. They will be emailed.", "%d jurors added. They will be emailed."))
}

// remove: POST /cycles/{id}/jury/remove, organisers: takes the juror
// "user" off a jury the organisers chose, before the vote opens.
func (h *Handler) remove(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	user, err := kit.ParseID(r.PostFormValue("user"))
	if err != nil {
		return err
	}
	if err := h.d.Jury.RemoveJuror(r.Context(), kit.User(r), id, user); err != nil {
		return err
	}
	return h.rd.SeeOther(w, r, kit.RoundPath(id, "/jury/manage"), kit.Printer(r).T("The juror has been taken off the jury."))
}

// shortlist: POST /cycles/{id}/jury/shortlist, organisers.
func (h *Handler) shortlist(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	_, err = h.d.Jury.SetShortlist(r.Context(), kit.User(r), id, atoi(r.PostFormValue("seats")))
	return h.done(w, r, id, err, kit.Printer(r).T("The shortlist is set from the leading themes."))
}

// open: POST /cycles/{id}/jury/open, organisers.
func (h *Handler) open(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	err = h.d.Jury.OpenVote(r.Context(), kit.User(r), id)
	return h.done(w, r, id, err, kit.Printer(r).T("The vote is open. Each juror will be emailed a link to their ballot."))
}

// closeVote: POST /cycles/{id}/jury/close, organisers.
func (h *Handler) closeVote(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	_, err = h.d.Jury.CloseVote(r.Context(), kit.User(r), id)
	return h.done(w, r, id, err, kit.Printer(r).T("The vote is closed and counted. Write the jury's reasons, then publish the agenda."))
}

// reasons: POST /cycles/{id}/jury/reasons, organisers. Saves the reasons,
// and publishes the agenda when the "publish" button was used.
func (h *Handler) reasons(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	ctx, u, p := r.Context(), kit.User(r), kit.Printer(r)
	j, err := h.d.Jury.Settings(ctx, id)
	if err != nil {
		return err
	}
	n := 0
	if j.Shortlist != nil {
		n = len(j.Shortlist.Themes)
	}
	reasons := make([]string, n)
	for i := range reasons {
		reasons[i] = r.PostFormValue("reason-" + strconv.Itoa(i))
	}
	if _, err := h.d.Jury.SetReasons(ctx, u, id, reasons, r.PostFormValue("why")); err != nil {
		return h.done(w, r, id, err, "")
	}
	if r.PostFormValue("publish") == "" {
		return h.done(w, r, id, nil, p.T("The jury's reasons are saved."))
	}
	if _, err := h.d.Jury.Publish(ctx, u, id); err != nil {
		return h.done(w, r, id, err, "")
	}
	return h.rd.SeeOther(w, r, kit.RoundPath(id, "/agenda"), p.T("The agenda is published. Everyone who raised, supported or followed an issue in a shortlisted theme will be told."))
}
