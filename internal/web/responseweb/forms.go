package responseweb

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/response"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// choice is one radio or option of a form.
type choice struct {
	Value, Label string
	Checked      bool
}

func statusChoices(sts []response.Status, lang i18n.Lang, current string) []choice {
	var out []choice
	for _, st := range sts {
		out = append(out, choice{Value: st.Key, Label: st.LabelIn(lang), Checked: st.Key == current})
	}
	return out
}

func (h *Handler) mustRespond(r *http.Request, cycleID int64) error {
	ok, err := h.d.Response.CanRespond(r.Context(), kit.User(r), cycleID)
	if err != nil {
		return err
	}
	if !ok {
		return apperr.New(apperr.Forbidden, "Only the Board's members and organisers can do this.")
	}
	return nil
}

type answerData struct {
	Cycle     cycle.Cycle
	Rec       recView
	Form      *kit.Form
	Decisions []choice
	Statuses  []choice
	Allowed   bool // the phase lets the Board answer
	Commits   bool // the answer takes commitments
}

// answerForm: GET /cycles/{id}/response/answer/{rec}, the Board and
// organisers: the answer to one recommendation, and its commitments.
func (h *Handler) answerForm(w http.ResponseWriter, r *http.Request) error {
	return h.showAnswer(w, r, http.StatusOK, nil)
}

func (h *Handler) showAnswer(w http.ResponseWriter, r *http.Request, code int, f *kit.Form) error {
	c, err := h.cycle(r)
	if err != nil {
		return err
	}
	if err := h.mustRespond(r, c.ID); err != nil {
		return err
	}
	recID, err := kit.ParseID(r.PathValue("rec"))
	if err != nil {
		return err
	}
	rep, err := h.d.Response.Report(r.Context(), c.ID)
	if err != nil {
		return err
	}
	rr, ok := rep.Rec(recID)
	if !ok {
		return apperr.New(apperr.NotFound, "There is no such recommendation among those the members passed.")
	}
	p, lang := kit.Printer(r), kit.Lang(r)
	if f == nil {
		f = &kit.Form{Values: url.Values{}}
		if a := rr.Answer; a != nil {
			f.Values.Set("decision", string(a.Decision))
			f.Values.Set("reasons", a.Reasons)
			f.Values.Set("reasons-cy", a.ReasonsCy)
		}
	}
	pub, err := h.public(r, c.ID)
	if err != nil {
		return err
	}
	d := answerData{Cycle: c, Rec: h.recView(r, rep.Statuses, rr, pub), Form: f, Allowed: c.Allows(cycle.Respond),
		Commits: rr.Answer != nil && rr.Answer.Decision.Commits(), Statuses: statusChoices(rep.Statuses, lang, f.Get("status"))}
	for _, dc := range response.Decisions {
		d.Decisions = append(d.Decisions, choice{Value: string(dc), Label: kit.Msg(p, dc.Label()), Checked: f.Get("decision") == string(dc)})
	}
	h.rd.Page(w, r, code, "resp_answer", &kit.Page{Title: p.T("Answer recommendation %d", rr.ID), Data: d, Errors: f.Errs, Breadcrumbs: crumbs(p, c)})
	return nil
}

// answer: POST /cycles/{id}/response/answer/{rec}: publish the answer.
func (h *Handler) answer(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	recID, err := kit.ParseID(r.PathValue("rec"))
	if err != nil {
		return err
	}
	d := response.AnswerDraft{Decision: response.Decision(r.PostFormValue("decision")), Reasons: r.PostFormValue("reasons"), ReasonsCy: r.PostFormValue("reasons-cy")}
	if _, err := h.d.Response.Answer(r.Context(), kit.User(r), id, recID, d); err != nil {
		f, ok := kit.FormFromError(r, r.PostForm, err, nil)
		if !ok {
			return err
		}
		return h.showAnswer(w, r, http.StatusUnprocessableEntity, f)
	}
	return h.rd.SeeOther(w, r, kit.RoundPath(id, "/response/answer/"+itoa(recID)), kit.Printer(r).T("The Board's answer has been published."))
}

// commitmentDraft reads a commitment's form; parse problems come first.
func commitmentDraft(r *http.Request) (response.CommitmentDraft, error) {
	due, err1 := parseDate("due", r.PostFormValue("due"))
	pr, err2 := parseProgress("progress", r.PostFormValue("progress"))
	return response.CommitmentDraft{Title: r.PostFormValue("title"), Owner: r.PostFormValue("owner"), Measure: r.PostFormValue("measure"),
		Due: due, Status: r.PostFormValue("status"), Progress: pr}, errors.Join(err1, err2)
}

// addCommitment: POST /cycles/{id}/response/answer/{rec}/commitments.
func (h *Handler) addCommitment(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	recID, err := kit.ParseID(r.PathValue("rec"))
	if err != nil {
		return err
	}
	d, perr := commitmentDraft(r)
	cm, err := h.d.Response.AddCommitment(r.Context(), kit.User(r), id, recID, d)
	if err == nil && perr == nil {
		return h.rd.SeeOther(w, r, kit.RoundPath(id, "/commitments/"+itoa(cm.ID)), kit.Printer(r).T("The commitment has been published."))
	}
	f, ok := kit.FormFromError(r, r.PostForm, formErr(perr, err), nil)
	if !ok {
		return formErr(perr, err)
	}
	return h.showAnswer(w, r, http.StatusUnprocessableEntity, f)
}

type editData struct {
	Cycle          cycle.Cycle
	Commitment     commitView
	Form           *kit.Form
	Statuses       []choice
	UpdateStatuses []choice
	Today          string
}

// editForm: GET /cycles/{id}/commitments/{cid}/edit, the Board and
// organisers: change the commitment, or add a progress update.
func (h *Handler) editForm(w http.ResponseWriter, r *http.Request) error {
	return h.showEdit(w, r, http.StatusOK, nil)
}

func (h *Handler) showEdit(w http.ResponseWriter, r *http.Request, code int, f *kit.Form) error {
	c, err := h.cycle(r)
	if err != nil {
		return err
	}
	if err := h.mustRespond(r, c.ID); err != nil {
		return err
	}
	cm, err := h.commitment(r, c.ID)
	if err != nil {
		return err
	}
	set, err := h.d.Response.Settings(r.Context(), c.ID)
	if err != nil {
		return err
	}
	p, lang := kit.Printer(r), kit.Lang(r)
	if f == nil {
		f = &kit.Form{Values: url.Values{"title": {cm.Title}, "owner": {cm.Owner}, "measure": {cm.Measure}, "due": {cm.Due.Format(response.DateLayout)},
			"status": {cm.Status}, "progress": {strconv.Itoa(cm.Progress)}, "update-status": {cm.Status}}}
	}
	d := editData{Cycle: c, Commitment: h.commitView(r, set.Statuses, cm), Form: f, Statuses: statusChoices(set.Statuses, lang, f.Get("status")),
		UpdateStatuses: statusChoices(set.Statuses, lang, f.Get("update-status")), Today: h.env.Now().In(i18n.UK).Format(response.DateLayout)}
	h.rd.Page(w, r, code, "resp_commitment_edit", &kit.Page{Title: p.T("Change or update a commitment"), Data: d, Errors: f.Errs, Breadcrumbs: crumbs(p, c)})
	return nil
}

// edit: POST /cycles/{id}/commitments/{cid}/edit.
func (h *Handler) edit(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	cm, err := h.commitment(r, id)
	if err != nil {
		return err
	}
	d, perr := commitmentDraft(r)
	if _, err := h.d.Response.EditCommitment(r.Context(), kit.User(r), cm.ID, d); err != nil || perr != nil {
		f, ok := kit.FormFromError(r, r.PostForm, formErr(perr, err), nil)
		if !ok {
			return formErr(perr, err)
		}
		return h.showEdit(w, r, http.StatusUnprocessableEntity, f)
	}
	return h.rd.SeeOther(w, r, kit.RoundPath(id, "/commitments/"+itoa(cm.ID)), kit.Printer(r).T("The commitment has been changed."))
}

// addUpdate: POST /cycles/{id}/commitments/{cid}/updates: a dated
// progress update with evidence links, one a line.
func (h *Handler) addUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	cm, err := h.commitment(r, id)
	if err != nil {
		return err
	}
	date, err1 := parseDate("date", r.PostFormValue("date"))
	pr, err2 := parseProgress("update-progress", r.PostFormValue("update-progress"))
	perr := errors.Join(err1, err2)
	d := response.UpdateDraft{Date: date, Status: r.PostFormValue("update-status"), Progress: pr, Text: r.PostFormValue("text"),
		Links: strings.Split(strings.ReplaceAll(r.PostFormValue("links"), "\r\n", "\n"), "\n")}
	if _, err := h.d.Response.AddUpdate(r.Context(), kit.User(r), cm.ID, d); err != nil || perr != nil {
		f, ok := kit.FormFromError(r, r.PostForm, formErr(perr, err), map[string]string{"status": "update-status", "progress": "update-progress"})
		if !ok {
			return formErr(perr, err)
		}
		return h.showEdit(w, r, http.StatusUnprocessableEntity, f)
	}
	return h.rd.SeeOther(w, r, kit.RoundPath(id, "/commitments/"+itoa(cm.ID)), kit.Printer(r).T("The progress update has been published."))
}

// statusRow is one status in the organisers' form.
type statusRow struct {
	response.Status
	LabelField, LabelCyField, ProgressField string
	LabelErr, ProgressErr                   string
	LabelValue, LabelCyValue, ProgressValue string
}

type settingsData struct {
	Cycle     cycle.Cycle
	Form      *kit.Form
	Statuses  []statusRow
	Stocktake response.Stocktake
	Recorded  bool
	Allowed   bool
}

// settingsForm: GET /cycles/{id}/response/settings, organisers: the
// deadline, the statuses and the stocktake.
func (h *Handler) settingsForm(w http.ResponseWriter, r *http.Request) error {
	return h.showSettings(w, r, http.StatusOK, nil)
}

func (h *Handler) showSettings(w http.ResponseWriter, r *http.Request, code int, f *kit.Form) error {
	c, err := h.cycle(r)
	if err != nil {
		return err
	}
	ctx, p := r.Context(), kit.Printer(r)
	set, err := h.d.Response.Settings(ctx, c.ID)
	if err != nil {
		return err
	}
	st, err := h.d.Response.Stocktake(ctx, c.ID)
	recorded := err == nil
	if err != nil && !apperr.Is(err, apperr.NotFound) {
		return err
	}
	if f == nil {
		f = &kit.Form{Values: url.Values{}}
		if !set.Deadline.IsZero() {
			f.Values.Set("deadline", set.Deadline.In(i18n.UK).Format(response.DateLayout))
		}
		if recorded {
			f.Values.Set("held", st.Held.Format(response.DateLayout))
			f.Values.Set("place", st.Place)
			f.Values.Set("notes", st.Notes)
		}
	}
	d := settingsData{Cycle: c, Form: f, Stocktake: st, Recorded: recorded, Allowed: c.Allows(cycle.Track)}
	for _, s := range set.Statuses {
		row := statusRow{Status: s, LabelField: "label-" + s.Key, LabelCyField: "label-cy-" + s.Key, ProgressField: "progress-" + s.Key}
		row.LabelErr, row.ProgressErr = f.Err(row.LabelField), f.Err(row.ProgressField)
		row.LabelValue, row.LabelCyValue, row.ProgressValue = s.Label, s.LabelCy, strconv.Itoa(s.Progress)
		if _, ok := f.Values[row.LabelField]; ok {
			row.LabelValue, row.LabelCyValue, row.ProgressValue = f.Get(row.LabelField), f.Get(row.LabelCyField), f.Get(row.ProgressField)
		}
		d.Statuses = append(d.Statuses, row)
	}
	h.rd.Page(w, r, code, "resp_settings", &kit.Page{Title: p.T("Deadline, statuses and stocktake"), Data: d, Errors: f.Errs, Breadcrumbs: crumbs(p, c)})
	return nil
}

// addStatus: POST /cycles/{id}/response/statuses/add (organisers): a new
// status, with a default progress or keeping the commitment's.
func (h *Handler) addStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	st := response.Status{Label: r.PostFormValue("new-label"), LabelCy: r.PostFormValue("new-label-cy"), Keep: r.PostFormValue("new-keep") == "1"}
	if !st.Keep {
		pr, perr := parseProgress("new-progress", r.PostFormValue("new-progress"))
		switch {
		case perr != nil:
			return h.settingsDone(w, r, id, perr, "")
		case pr == nil:
			return h.settingsDone(w, r, id, apperr.Field("new-progress", "Enter a progress from 0 to 100"), "")
		}
		st.Progress = *pr
	}
	if _, err := h.d.Response.AddStatus(r.Context(), kit.User(r), id, st); err != nil {
		return h.settingsDone(w, r, id, err, "")
	}
	return h.settingsDone(w, r, id, nil, kit.Printer(r).T("The status has been added."))
}

// removeStatus: POST /cycles/{id}/response/statuses/{key}/remove
// (organisers): a status no commitment has.
func (h *Handler) removeStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	_, err = h.d.Response.RemoveStatus(r.Context(), kit.User(r), id, r.PathValue("key"))
	return h.settingsDone(w, r, id, err, kit.Printer(r).T("The status has been removed."))
}

// settingsDone shows the settings again with errors, or goes back to them.
func (h *Handler) settingsDone(w http.ResponseWriter, r *http.Request, id int64, err error, done string) error {
	if err == nil {
		return h.rd.SeeOther(w, r, kit.RoundPath(id, "/response/settings"), done)
	}
	f, ok := kit.FormFromError(r, r.PostForm, err, nil)
	if !ok {
		return err
	}
	return h.showSettings(w, r, http.StatusUnprocessableEntity, f)
}

// endOfDay is the last second of a date in UK time: a deadline given as a
// date passes when that day ends.
func endOfDay(d time.Time) time.Time {
	y, m, dd := d.Date()
	return time.Date(y, m, dd, 23, 59, 59, 0, i18n.UK)
}

// deadline: POST /cycles/{id}/response/deadline (organisers).
func (h *Handler) deadline(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	d, perr := parseDate("deadline", r.PostFormValue("deadline"))
	if perr == nil && !d.IsZero() {
		_, err = h.d.Response.SetDeadline(r.Context(), kit.User(r), id, endOfDay(d))
	} else {
		_, err = h.d.Response.SetDeadline(r.Context(), kit.User(r), id, time.Time{})
	}
	return h.settingsDone(w, r, id, formErr(perr, err), kit.Printer(r).T("The deadline has been published."))
}

// statuses: POST /cycles/{id}/response/statuses (organisers).
func (h *Handler) statuses(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	set, err := h.d.Response.Settings(r.Context(), id)
	if err != nil {
		return err
	}
	var sts []response.Status
	var errs []error
	for _, s := range set.Statuses {
		st := response.Status{Key: s.Key, Label: r.PostFormValue("label-" + s.Key), LabelCy: r.PostFormValue("label-cy-" + s.Key), Progress: s.Progress}
		if !s.Keep {
			pr, err := parseProgress("progress-"+s.Key, r.PostFormValue("progress-"+s.Key))
			switch {
			case err != nil:
				errs = append(errs, err)
			case pr == nil:
				errs = append(errs, apperr.Field("progress-"+s.Key, "Enter a progress from 0 to 100"))
			default:
				st.Progress = *pr
			}
		}
		sts = append(sts, st)
	}
	if len(errs) == 0 {
		_, err = h.d.Response.SetStatuses(r.Context(), kit.User(r), id, sts)
		errs = append(errs, err)
	}
	return h.settingsDone(w, r, id, errors.Join(errs...), kit.Printer(r).T("The statuses have been saved."))
}

// saveStocktake: POST /cycles/{id}/stocktake (organisers).
func (h *Handler) saveStocktake(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	held, perr := parseDate("held", r.PostFormValue("held"))
	_, err = h.d.Response.SaveStocktake(r.Context(), kit.User(r), id, response.StocktakeDraft{Held: held, Place: r.PostFormValue("place"), Notes: r.PostFormValue("notes")})
	return h.settingsDone(w, r, id, formErr(perr, err), kit.Printer(r).T("The stocktake meeting has been saved."))
}

// publishStocktake: POST /cycles/{id}/stocktake/publish (organisers).
func (h *Handler) publishStocktake(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	if _, err := h.d.Response.PublishStocktake(r.Context(), kit.User(r), id); err != nil {
		return err
	}
	return h.rd.SeeOther(w, r, kit.RoundPath(id, "/stocktake"), kit.Printer(r).T("The stocktake report is published."))
}
