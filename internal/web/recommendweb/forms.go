package recommendweb

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/recommend"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// choice is one radio or option of a form.
type choice struct {
	Value, Label string
	Checked      bool
}

// ballotItem is one item on the ballot.
type ballotItem struct {
	itemView
	Field   string // "item-<id>"
	Err     string
	Scale   []choice
	Options []ballotOption
}

// ballotOption is one option of a ranked question, with its rank select.
type ballotOption struct {
	Text, Field string
	Ranks       []choice
}

type ballotData struct {
	Cycle     cycle.Cycle
	Items     []ballotItem
	Voted     bool
	Open      bool
	Threshold int
}

// ballotForm: GET /cycles/{id}/recommendations/ballot, signed in (members).
func (h *Handler) ballotForm(w http.ResponseWriter, r *http.Request) error {
	return h.showBallot(w, r, http.StatusOK, &kit.Form{})
}

func (h *Handler) showBallot(w http.ResponseWriter, r *http.Request, code int, f *kit.Form) error {
	c, err := h.cycle(r)
	if err != nil {
		return err
	}
	ctx, u, p := r.Context(), kit.User(r), kit.Printer(r)
	member, err := h.d.Recommend.IsMember(ctx, u, c.ID)
	if err != nil {
		return err
	}
	if !member {
		return apperr.New(apperr.Forbidden, "Only the assembly's members can vote on its recommendations.")
	}
	rd, err := h.d.Recommend.Round(ctx, c.ID)
	if err != nil {
		return err
	}
	d := ballotData{Cycle: c, Open: rd.Status == recommend.Voting, Threshold: int(rd.Threshold*100 + 0.5)}
	if d.Voted, err = h.d.Recommend.HasVoted(ctx, u, c.ID); err != nil {
		return err
	}
	if d.Open && !d.Voted {
		its, err := h.d.Recommend.Items(ctx, c.ID)
		if err != nil {
			return err
		}
		for _, it := range its {
			bi := ballotItem{itemView: h.view(r, it), Field: "item-" + strconv.FormatInt(it.ID, 10)}
			bi.Err = f.Err(bi.Field)
			if it.Kind == recommend.Choice {
				for i, o := range it.Options {
					bo := ballotOption{Text: o, Field: bi.Field + "-" + strconv.Itoa(i+1)}
					bo.Ranks = append(bo.Ranks, choice{Value: "", Label: p.T("Not ranked"), Checked: f.Get(bo.Field) == ""})
					for k := 1; k <= len(it.Options); k++ {
						v := strconv.Itoa(k)
						bo.Ranks = append(bo.Ranks, choice{Value: v, Label: p.T("Choice %d", k), Checked: f.Get(bo.Field) == v})
					}
					bi.Options = append(bi.Options, bo)
				}
			} else {
				for _, s := range recommend.Scale {
					bi.Scale = append(bi.Scale, choice{Value: s, Label: kit.Msg(p, recommend.ScaleLabel(s)), Checked: f.Get(bi.Field) == s})
				}
			}
			d.Items = append(d.Items, bi)
		}
	}
	h.rd.Page(w, r, code, "rec_ballot", &kit.Page{Title: p.T("Your ballot on the recommendations"), Data: d, Errors: f.Errs, Breadcrumbs: crumbs(p, c)})
	return nil
}

// vote: POST /cycles/{id}/recommendations/ballot, signed in (members).
// The confirmation page shows the receipt code, once; it is not a
// redirect, so the code is in no URL, log or cookie.
func (h *Handler) vote(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	its, err := h.d.Recommend.Items(ctx, id)
	if err != nil {
		return err
	}
	var answers []recommend.Answer
	for _, it := range its {
		field := "item-" + strconv.FormatInt(it.ID, 10)
		a := recommend.Answer{ItemID: it.ID, Choice: r.PostFormValue(field)}
		if it.Kind == recommend.Choice {
			a.Ranks = make([]int, len(it.Options))
			for i := range it.Options {
				v := r.PostFormValue(field + "-" + strconv.Itoa(i+1))
				if v == "" {
					continue
				}
				if a.Ranks[i], err = strconv.Atoi(v); err != nil {
					a.Ranks[i] = -1
				}
			}
		}
		answers = append(answers, a)
	}
	code, err := h.d.Recommend.Vote(ctx, kit.User(r), id, answers)
	if err != nil {
		f, ok := kit.FormFromError(r, r.PostForm, err, nil)
		if !ok {
			return err
		}
		return h.showBallot(w, r, http.StatusUnprocessableEntity, f)
	}
	c, err := h.d.Rounds.Cycle(ctx, id)
	if err != nil {
		return err
	}
	bs, err := h.d.Recommend.Receipt(ctx, id, code)
	if err != nil {
		return err
	}
	p := kit.Printer(r)
	d := receiptData{Cycle: c, Code: code, Just: true}
	if d.Rows, err = h.receiptRows(r, id, bs); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	h.rd.Page(w, r, http.StatusOK, "rec_receipt", &kit.Page{Title: p.T("Thank you: your vote has been recorded"), Data: d, Breadcrumbs: crumbs(p, c)})
	return nil
}

type newData struct {
	Cycle   cycle.Cycle
	Form    *kit.Form
	Themes  []choice
	Kinds   []choice
	Methods []choice
}

// newForm: GET /cycles/{id}/recommendations/new, signed in (members,
// facilitators, organisers).
func (h *Handler) newForm(w http.ResponseWriter, r *http.Request) error {
	return h.showNew(w, r, http.StatusOK, &kit.Form{})
}

func (h *Handler) showNew(w http.ResponseWriter, r *http.Request, code int, f *kit.Form) error {
	c, err := h.cycle(r)
	if err != nil {
		return err
	}
	ctx, p := r.Context(), kit.Printer(r)
	if ok, err := h.d.Recommend.CanDraft(ctx, kit.User(r), c.ID); err != nil {
		return err
	} else if !ok {
		return apperr.New(apperr.Forbidden, "Only the assembly's members, facilitators and organisers can do this.")
	}
	ag, err := h.d.Agendas.Agenda(ctx, c.ID)
	if err != nil {
		return err
	}
	d := newData{Cycle: c, Form: f}
	for _, t := range ag.Chosen {
		v := strconv.FormatInt(t.Theme.ThemeID, 10)
		d.Themes = append(d.Themes, choice{Value: v, Label: t.Theme.Title, Checked: f.Get("theme") == v})
	}
	kind := f.Get("kind")
	d.Kinds = []choice{{Value: string(recommend.Agreement), Label: p.T("A recommendation: members say how much they agree"), Checked: kind != string(recommend.Choice)},
		{Value: string(recommend.Choice), Label: p.T("A question with options: members rank the options"), Checked: kind == string(recommend.Choice)}}
	for _, m := range recommend.RankedMethods {
		d.Methods = append(d.Methods, choice{Value: m, Label: m, Checked: f.Get("method") == m})
	}
	h.rd.Page(w, r, code, "rec_new", &kit.Page{Title: p.T("Draft a recommendation"), Data: d, Errors: f.Errs, Breadcrumbs: crumbs(p, c)})
	return nil
}

// create: POST /cycles/{id}/recommendations/new.
func (h *Handler) create(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	theme, _ := strconv.ParseInt(r.PostFormValue("theme"), 10, 64)
	group, _ := strconv.ParseInt(r.PostFormValue("group"), 10, 64)
	d := recommend.Draft{ThemeID: theme, GroupID: group, Kind: recommend.Kind(r.PostFormValue("kind")), Text: r.PostFormValue("text"),
		Method: r.PostFormValue("method"), Options: strings.Split(r.PostFormValue("options"), "\n")}
	if d.Kind == "" {
		d.Kind = recommend.Agreement
	}
	it, err := h.d.Recommend.Create(r.Context(), kit.User(r), id, d)
	if err == nil {
		return h.rd.SeeOther(w, r, "/recommendations/"+strconv.FormatInt(it.ID, 10), kit.Printer(r).T("Your draft has been saved."))
	}
	f, ok := kit.FormFromError(r, r.PostForm, err, nil)
	if !ok {
		return err
	}
	return h.showNew(w, r, http.StatusUnprocessableEntity, f)
}

// itemChange runs one of the item page's forms and shows the page again
// (with the errors) or goes back to it.
func (h *Handler) itemChange(w http.ResponseWriter, r *http.Request, done string, f func(id int64) error) error {
	id, err := itemID(r)
	if err != nil {
		return err
	}
	if err := f(id); err != nil {
		form, ok := kit.FormFromError(r, r.PostForm, err, nil)
		if !ok {
			return err
		}
		return h.showItem(w, r, http.StatusUnprocessableEntity, form)
	}
	return h.rd.SeeOther(w, r, "/recommendations/"+strconv.FormatInt(id, 10), done)
}

// edit: POST /recommendations/{rec}/edit: a new version.
func (h *Handler) edit(w http.ResponseWriter, r *http.Request) error {
	return h.itemChange(w, r, kit.Printer(r).T("The new version has been saved."), func(id int64) error {
		_, err := h.d.Recommend.Edit(r.Context(), kit.User(r), id, r.PostFormValue("text"), r.PostFormValue("note"))
		return err
	})
}

// amend: POST /recommendations/{rec}/amend (members).
func (h *Handler) amend(w http.ResponseWriter, r *http.Request) error {
	return h.itemChange(w, r, kit.Printer(r).T("Your amendment has been proposed."), func(id int64) error {
		_, err := h.d.Recommend.Amend(r.Context(), kit.User(r), id, r.PostFormValue("amendment"), r.PostFormValue("why"))
		return err
	})
}

// decide: POST /recommendations/{rec}/decide (organisers, facilitators).
func (h *Handler) decide(w http.ResponseWriter, r *http.Request) error {
	return h.itemChange(w, r, kit.Printer(r).T("The amendment has been decided."), func(id int64) error {
		n, _ := strconv.Atoi(r.PostFormValue("number"))
		_, err := h.d.Recommend.Decide(r.Context(), kit.User(r), id, n, r.PostFormValue("decision") == "accept", r.PostFormValue("reason"))
		return err
	})
}

// minority: POST /recommendations/{rec}/minority (members).
func (h *Handler) minority(w http.ResponseWriter, r *http.Request) error {
	return h.itemChange(w, r, kit.Printer(r).T("Your minority view has been added."), func(id int64) error {
		_, err := h.d.Recommend.AddMinorityView(r.Context(), kit.User(r), id, r.PostFormValue("view"), r.PostFormValue("signed") == "yes")
		return err
	})
}

// threshold: POST /cycles/{id}/recommendations/threshold (organisers): a
// per cent.
func (h *Handler) threshold(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	v, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(r.PostFormValue("threshold")), "%"), 64)
	if err != nil {
		return apperr.Field("threshold", "Enter a threshold from 50%% to 100%%")
	}
	if _, err := h.d.Recommend.SetThreshold(r.Context(), kit.User(r), id, v/100); err != nil {
		return err
	}
	return h.rd.SeeOther(w, r, kit.RoundPath(id, "/recommendations"), kit.Printer(r).T("The threshold has been set."))
}

// open: POST /cycles/{id}/recommendations/open (organisers).
func (h *Handler) open(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	if err := h.d.Recommend.OpenVote(r.Context(), kit.User(r), id); err != nil {
		return err
	}
	return h.rd.SeeOther(w, r, kit.RoundPath(id, "/recommendations"), kit.Printer(r).T("The vote is open. Members can now vote."))
}

// closeVote: POST /cycles/{id}/recommendations/close (organisers).
func (h *Handler) closeVote(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	if _, err := h.d.Recommend.CloseVote(r.Context(), kit.User(r), id); err != nil {
		return err
	}
	return h.rd.SeeOther(w, r, kit.RoundPath(id, "/recommendations"), kit.Printer(r).T("The vote is closed and the results are published."))
}
