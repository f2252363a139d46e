package consultweb

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/consult"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

func qField(id int64) string { return "q-" + strconv.FormatInt(id, 10) }

// respondForm: GET /cycles/{id}/consultation/{rec}/respond, signed in.
func (h *Handler) respondForm(w http.ResponseWriter, r *http.Request) error {
	return h.showRespond(w, r, http.StatusOK, nil)
}

func (h *Handler) showRespond(w http.ResponseWriter, r *http.Request, code int, f *kit.Form) error {
	c, err := h.cycle(r)
	if err != nil {
		return err
	}
	ctx, u, p, lang := r.Context(), kit.User(r), kit.Printer(r), kit.Lang(r)
	s, err := h.recOf(r, c.ID)
	if err != nil {
		return err
	}
	d := respondData{Cycle: c, Rec: h.recView(p, lang, s), Max: consult.MaxComment}
	if d.Accepting, err = h.d.Consult.Accepting(ctx, c.ID); err != nil {
		return err
	}
	mine, had, err := h.d.Consult.MyResponse(ctx, u, c.ID, s.RecID)
	if err != nil {
		return err
	}
	d.Had = had
	if f == nil { // first showing: the earlier answers
		f = &kit.Form{Values: map[string][]string{"agree": {mine.Agree}, "comment": {mine.Comment}}}
		for id, v := range mine.Answers {
			f.Values.Set(qField(id), v)
		}
	}
	d.Form, d.Comment = f, f.Get("comment")
	switch {
	case had && mine.Status == consult.Pending:
		d.Status = p.T("Your comment is waiting for an organiser to read it.")
	case had && mine.Status == consult.Approved:
		d.Status = p.T("Your comment has been published, without your name.")
	case had && mine.Status == consult.Rejected:
		d.Status = p.T("Your comment was not published because it broke the house rules.")
	}
	for _, v := range consult.Agreement {
		d.Agree = append(d.Agree, choice{Value: v, Label: kit.Msg(p, consult.AgreementLabel(v)), Checked: f.Get("agree") == v})
	}
	qs, err := h.d.Consult.Questions(ctx, c.ID)
	if err != nil {
		return err
	}
	for _, q := range qs {
		if q.RecID != s.RecID {
			continue
		}
		rq := respondQuestion{Field: qField(q.ID), Text: q.In(lang), Scale: q.Kind == consult.Scale}
		rq.Err = f.Err(rq.Field)
		for i, v := range q.Values() {
			label := v
			if q.Kind == consult.Choice {
				label = q.Options[i].In(lang)
			}
			rq.Choices = append(rq.Choices, choice{Value: v, Label: label, Checked: f.Get(rq.Field) == v})
		}
		d.Questions = append(d.Questions, rq)
	}
	var errs []kit.FieldError
	if f != nil {
		errs = f.Errs
	}
	h.rd.Page(w, r, code, "consult_respond", &kit.Page{Title: p.T("Respond on recommendation %d", s.RecID), Data: d, Errors: errs, Breadcrumbs: crumbs(p, c)})
	return nil
}

// respond: POST /cycles/{id}/consultation/{rec}/respond, signed in.
func (h *Handler) respond(w http.ResponseWriter, r *http.Request) error {
	c, err := h.cycle(r)
	if err != nil {
		return err
	}
	s, err := h.recOf(r, c.ID)
	if err != nil {
		return err
	}
	a := consult.Answer{Agree: r.PostFormValue("agree"), Comment: r.PostFormValue("comment"), Answers: map[int64]string{}}
	for k, vs := range r.PostForm {
		if id, err := strconv.ParseInt(strings.TrimPrefix(k, "q-"), 10, 64); err == nil && strings.HasPrefix(k, "q-") && len(vs) > 0 {
			a.Answers[id] = vs[0]
		}
	}
	if _, err := h.d.Consult.Respond(r.Context(), kit.User(r), c.ID, s.RecID, a); err != nil {
		f, ok := kit.FormFromError(r, r.PostForm, err, map[string]string{"agree": "agree-" + consult.Agree})
		if !ok {
			return err
		}
		return h.showRespond(w, r, http.StatusUnprocessableEntity, f)
	}
	return h.rd.SeeOther(w, r, kit.RoundPath(c.ID, "/consultation")+"#rec-"+strconv.FormatInt(s.RecID, 10), kit.Printer(r).T("Thank you: your response has been recorded. You can change it until the consultation closes."))
}

// manageData is the organisers' page.
type manageData struct {
	Cycle     cycle.Cycle
	Round     consult.Round
	CanOpen   bool
	Open      bool
	Closed    bool
	InPhase   bool
	Form      *kit.Form
	Recs      []choice
	Kinds     []choice
	Questions []manageQuestion
	Pending   []pendingView
}

type manageQuestion struct {
	ID, RecID    int64
	Text, TextCy string
	Kind         string
	Options      []consult.Option
	Editable     bool // the consultation has not opened: it can be changed or removed
}

type pendingView struct {
	ResponseID, RecID int64
	Text, Updated     string
}

// manage: GET /cycles/{id}/consultation/manage, organisers.
func (h *Handler) manage(w http.ResponseWriter, r *http.Request) error {
	return h.showManage(w, r, http.StatusOK, &kit.Form{})
}

func (h *Handler) showManage(w http.ResponseWriter, r *http.Request, code int, f *kit.Form) error {
	c, err := h.cycle(r)
	if err != nil {
		return err
	}
	ctx, u, p := r.Context(), kit.User(r), kit.Printer(r)
	rd, err := h.d.Consult.Round(ctx, c.ID)
	if err != nil {
		return err
	}
	d := manageData{Cycle: c, Round: rd, InPhase: c.Allows(cycle.Consult), Open: rd.Status == consult.Open, Closed: rd.Status == consult.Closed, Form: f}
	d.CanOpen = rd.Status == "" && d.InPhase
	its, err := h.d.Consult.Recommendations(ctx, c.ID)
	if err != nil {
		return err
	}
	for _, it := range its {
		v := strconv.FormatInt(it.ID, 10)
		d.Recs = append(d.Recs, choice{Value: v, Label: p.T("Recommendation %d: %s", it.ID, kit.Excerpt(it.Text(), 80)), Checked: f.Get("rec") == v})
	}
	d.Kinds = kindChoices(p, f.Get("kind"))
	qs, err := h.d.Consult.Questions(ctx, c.ID)
	if err != nil {
		return err
	}
	for _, q := range qs {
		mq := manageQuestion{ID: q.ID, RecID: q.RecID, Text: q.Text, TextCy: q.TextCy, Kind: p.T("A scale from 1 to 5"), Options: q.Options, Editable: d.CanOpen}
		if q.Kind == consult.Choice {
			mq.Kind = p.T("One answer from a list of options")
		}
		d.Questions = append(d.Questions, mq)
	}
	if rd.Status != "" {
		cs, err := h.d.Consult.Comments(ctx, u, c.ID, consult.Pending)
		if err != nil {
			return err
		}
		for _, cm := range cs {
			d.Pending = append(d.Pending, pendingView{ResponseID: cm.ResponseID, RecID: cm.RecID, Text: cm.Text, Updated: strconv.FormatInt(cm.Updated.UnixMicro(), 10)})
		}
	}
	h.rd.Page(w, r, code, "consult_manage", &kit.Page{Title: p.T("Run the public consultation"), Data: d, Errors: f.Errs, Breadcrumbs: crumbs(p, c)})
	return nil
}

// open: POST /cycles/{id}/consultation/open, organisers.
func (h *Handler) open(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	if err := h.d.Consult.Open(r.Context(), kit.User(r), id); err != nil {
		return err
	}
	return h.rd.SeeOther(w, r, kit.RoundPath(id, "/consultation/manage"), kit.Printer(r).T("The consultation is open. Anyone signed in can now respond."))
}

// closeIt: POST /cycles/{id}/consultation/close, organisers.
func (h *Handler) closeIt(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	if err := h.d.Consult.Close(r.Context(), kit.User(r), id); err != nil {
		return err
	}
	return h.rd.SeeOther(w, r, kit.RoundPath(id, "/consultation/manage"), kit.Printer(r).T("The consultation is closed. Its summary is final."))
}

func lines(s string) []string { return strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") }

// addQuestion: POST /cycles/{id}/consultation/questions, organisers.
func (h *Handler) addQuestion(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	d := questionDraft(r)
	d.RecID, _ = strconv.ParseInt(r.PostFormValue("rec"), 10, 64)
	if _, err := h.d.Consult.AddQuestion(r.Context(), kit.User(r), id, d); err != nil {
		return questionFormAgain(r, err, func(f *kit.Form) error { return h.showManage(w, r, http.StatusUnprocessableEntity, f) })
	}
	return h.rd.SeeOther(w, r, kit.RoundPath(id, "/consultation/manage"), kit.Printer(r).T("The question has been added."))
}

// questionData is the page that changes one question.
type questionData struct {
	Cycle    cycle.Cycle
	Question consult.Question
	Rec      string // the recommendation it is on
	Kinds    []choice
	Form     *kit.Form
}

// question reads question {q} of the round.
func (h *Handler) question(r *http.Request, cycleID int64) (consult.Question, error) {
	qid, err := kit.ParseID(r.PathValue("q"))
	if err != nil {
		return consult.Question{}, err
	}
	return h.d.Consult.Question(r.Context(), cycleID, qid)
}

// kindChoices are the kinds of question, kind (else a list of options)
// chosen.
func kindChoices(p *i18n.Printer, kind string) []choice {
	return []choice{{Value: string(consult.Choice), Label: p.T("One answer from a list of options"), Checked: kind != string(consult.Scale)},
		{Value: string(consult.Scale), Label: p.T("A scale from 1 to 5"), Checked: kind == string(consult.Scale)}}
}

// questionDraft reads the fields of the question form.
func questionDraft(r *http.Request) consult.QuestionDraft {
	return consult.QuestionDraft{Kind: consult.Kind(r.PostFormValue("kind")), Text: r.PostFormValue("text"), TextCy: r.PostFormValue("text_cy"),
		Options: lines(r.PostFormValue("options")), OptionsCy: lines(r.PostFormValue("options_cy"))}
}

// questionFormAgain shows a question form again with err's field errors, or
// returns err when it has none.
func questionFormAgain(r *http.Request, err error, show func(*kit.Form) error) error {
	f, ok := kit.FormFromError(r, r.PostForm, err, map[string]string{"kind": "kind-" + string(consult.Choice)})
	if !ok {
		return err
	}
	return show(f)
}

// questionForm: GET /cycles/{id}/consultation/questions/{q}/edit, organisers:
// the question to change, until the consultation opens.
func (h *Handler) questionForm(w http.ResponseWriter, r *http.Request) error {
	return h.showQuestion(w, r, http.StatusOK, nil)
}

func (h *Handler) showQuestion(w http.ResponseWriter, r *http.Request, code int, f *kit.Form) error {
	c, err := h.cycle(r)
	if err != nil {
		return err
	}
	q, err := h.question(r, c.ID)
	if err != nil {
		return err
	}
	p := kit.Printer(r)
	if f == nil {
		f = &kit.Form{Values: url.Values{"kind": {string(q.Kind)}, "text": {q.Text}, "text_cy": {q.TextCy}}}
		var en, cy []string
		for _, o := range q.Options {
			en, cy = append(en, o.Text), append(cy, o.TextCy)
		}
		f.Values.Set("options", strings.Join(en, "\n"))
		f.Values.Set("options_cy", strings.Join(cy, "\n"))
	}
	d := questionData{Cycle: c, Question: q, Rec: p.T("Recommendation %d", q.RecID), Form: f}
	d.Kinds = kindChoices(p, f.Get("kind"))
	h.rd.Page(w, r, code, "consult_question", &kit.Page{Title: p.T("Change a question"), Data: d, Errors: f.Errs, Breadcrumbs: append(crumbs(p, c),
		kit.Crumb{Label: p.T("Run the public consultation"), URL: kit.RoundPath(c.ID, "/consultation/manage")})})
	return nil
}

// editQuestion: POST /cycles/{id}/consultation/questions/{q}/edit, organisers.
func (h *Handler) editQuestion(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	qid, err := kit.ParseID(r.PathValue("q"))
	if err != nil {
		return err
	}
	if _, err := h.d.Consult.EditQuestion(r.Context(), kit.User(r), id, qid, questionDraft(r)); err != nil {
		return questionFormAgain(r, err, func(f *kit.Form) error { return h.showQuestion(w, r, http.StatusUnprocessableEntity, f) })
	}
	return h.rd.SeeOther(w, r, kit.RoundPath(id, "/consultation/manage"), kit.Printer(r).T("The question has been changed."))
}

// removeQuestion: POST /cycles/{id}/consultation/questions/{q}/remove,
// organisers.
func (h *Handler) removeQuestion(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	qid, err := kit.ParseID(r.PathValue("q"))
	if err != nil {
		return err
	}
	if err := h.d.Consult.RemoveQuestion(r.Context(), kit.User(r), id, qid); err != nil {
		return err
	}
	return h.rd.SeeOther(w, r, kit.RoundPath(id, "/consultation/manage"), kit.Printer(r).T("The question has been removed."))
}

// moderate: POST /cycles/{id}/consultation/moderate, organisers: approve
// or reject one comment (fields response, updated, decision).
func (h *Handler) moderate(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	resp, err := kit.ParseID(r.PostFormValue("response"))
	if err != nil {
		return err
	}
	micros, err := strconv.ParseInt(r.PostFormValue("updated"), 10, 64)
	if err != nil {
		return apperr.New(apperr.Invalid, "The form was incomplete. Go back and try again.")
	}
	approve := r.PostFormValue("decision") == "approve"
	if err := h.d.Consult.Moderate(r.Context(), kit.User(r), id, resp, time.UnixMicro(micros).UTC(), approve); err != nil {
		return err
	}
	msg := kit.Printer(r).T("The comment has been rejected. It will not be shown.")
	if approve {
		msg = kit.Printer(r).T("The comment has been published, without a name.")
	}
	return h.rd.SeeOther(w, r, kit.RoundPath(id, "/consultation/manage")+"#moderation", msg)
}
