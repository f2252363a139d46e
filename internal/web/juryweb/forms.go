package juryweb

import (
	"net/http"
	"strconv"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/jury"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// choice is one radio or option of a form.
type choice struct {
	Value, Label string
	Checked      bool
}

// question is one radio question of the volunteer form.
type question struct {
	ID, Legend string
	Err        string
	Choices    []choice
}

type volunteerData struct {
	Cycle       cycle.Cycle
	Form        *kit.Form
	Questions   []question
	Volunteered bool
	Open        bool
}

// volunteerForm: GET /cycles/{id}/jury/volunteer, signed in.
func (h *Handler) volunteerForm(w http.ResponseWriter, r *http.Request) error {
	return h.showVolunteer(w, r, http.StatusOK, &kit.Form{})
}

func (h *Handler) showVolunteer(w http.ResponseWriter, r *http.Request, code int, f *kit.Form) error {
	c, j, err := h.load(r)
	if err != nil {
		return err
	}
	p := kit.Printer(r)
	d := volunteerData{Cycle: c, Form: f, Open: c.Allows(cycle.VolunteerJury) && j.Status == jury.Forming && j.Draw == nil && j.Method == jury.Lottery}
	if d.Volunteered, err = h.d.Jury.IsVolunteer(r.Context(), kit.User(r), c.ID); err != nil {
		return err
	}
	legends := map[string]string{"age": p.T("How old are you?"), "gender": p.T("How do you describe your gender?"), "area": p.T("Where do you live?")}
	for _, cat := range jury.Categories {
		q := question{ID: cat.Key, Legend: legends[cat.Key], Err: f.Err(cat.Key)}
		for _, v := range cat.Values {
			q.Choices = append(q.Choices, choice{Value: v.Key, Label: kit.Msg(p, v.Label), Checked: f.Get(cat.Key) == v.Key})
		}
		d.Questions = append(d.Questions, q)
	}
	h.rd.Page(w, r, code, "volunteer", &kit.Page{Title: p.T("Offer to sit on the citizens' jury"), Data: d, Errors: f.Errs, Breadcrumbs: crumbs(p, c)})
	return nil
}

// volunteer: POST /cycles/{id}/jury/volunteer, signed in.
func (h *Handler) volunteer(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	a := jury.Answers{AgeBand: r.PostFormValue("age"), Gender: r.PostFormValue("gender"), Area: r.PostFormValue("area"), Availability: r.PostFormValue("availability")}
	err = h.d.Jury.Volunteer(r.Context(), kit.User(r), id, a)
	if err == nil {
		return h.rd.SeeOther(w, r, kit.RoundPath(id, "/jury"), kit.Printer(r).T("Thank you for offering to sit on the jury. If the lottery chooses you, we will email you."))
	}
	f, ok := kit.FormFromError(r, r.PostForm, err, nil)
	if !ok {
		return err
	}
	return h.showVolunteer(w, r, http.StatusUnprocessableEntity, f)
}

// withdraw: POST /cycles/{id}/jury/withdraw, signed in.
func (h *Handler) withdraw(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	if err := h.d.Jury.Unvolunteer(r.Context(), kit.User(r), id); err != nil {
		return err
	}
	return h.rd.SeeOther(w, r, kit.RoundPath(id, "/jury"), kit.Printer(r).T("You have withdrawn your offer, and your answers have been deleted."))
}

// issueLink is one issue of a shortlisted theme.
type issueLink struct {
	ID    int64
	Title string
}

// ballotTheme is one theme on the ballot.
type ballotTheme struct {
	jury.Theme
	Field  string // "rank-<i>"
	Err    string
	Issues []issueLink
	Ranks  []choice
}

type ballotData struct {
	Cycle  cycle.Cycle
	Themes []ballotTheme
	Voted  bool
	Open   bool
}

// ballotForm: GET /cycles/{id}/agenda/ballot, signed in (jurors).
func (h *Handler) ballotForm(w http.ResponseWriter, r *http.Request) error {
	return h.showBallot(w, r, http.StatusOK, &kit.Form{})
}

func ordinal(p *i18n.Printer, n int) string { return p.T("Choice %d", n) }

func (h *Handler) showBallot(w http.ResponseWriter, r *http.Request, code int, f *kit.Form) error {
	c, j, err := h.load(r)
	if err != nil {
		return err
	}
	ctx, u, p := r.Context(), kit.User(r), kit.Printer(r)
	juror, voted, err := h.d.Jury.IsJuror(ctx, u, c.ID)
	if err != nil {
		return err
	}
	if !juror {
		return apperr.New(apperr.Forbidden, "Only the members of the round's citizens' jury can vote on its agenda.")
	}
	d := ballotData{Cycle: c, Voted: voted, Open: j.Status == jury.Voting && j.Shortlist != nil}
	if d.Open {
		n := len(j.Shortlist.Themes)
		for i, t := range j.Shortlist.Themes {
			bt := ballotTheme{Theme: t, Field: "rank-" + strconv.Itoa(i)}
			bt.Err = f.Err(bt.Field)
			bt.Ranks = append(bt.Ranks, choice{Value: "", Label: p.T("Not ranked"), Checked: f.Get(bt.Field) == ""})
			for k := 1; k <= n; k++ {
				v := strconv.Itoa(k)
				bt.Ranks = append(bt.Ranks, choice{Value: v, Label: ordinal(p, k), Checked: f.Get(bt.Field) == v})
			}
			for _, id := range t.IssueIDs {
				iss, err := h.d.Issues.Issue(ctx, u, id)
				if err != nil || iss.Status != gather.StatusOpen {
					continue
				}
				bt.Issues = append(bt.Issues, issueLink{ID: iss.ID, Title: iss.Title})
			}
			d.Themes = append(d.Themes, bt)
		}
	}
	h.rd.Page(w, r, code, "ballot", &kit.Page{Title: p.T("Your ballot: choose the agenda of %s", c.Title), Data: d, Errors: f.Errs, Breadcrumbs: crumbs(p, c)})
	return nil
}

// vote: POST /cycles/{id}/agenda/ballot, signed in (jurors).
func (h *Handler) vote(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	j, err := h.d.Jury.Settings(r.Context(), id)
	if err != nil {
		return err
	}
	if j.Shortlist == nil {
		return apperr.New(apperr.Conflict, "The jury's vote is not open.")
	}
	ranks := make([]int, len(j.Shortlist.Themes))
	for i := range ranks {
		v := r.PostFormValue("rank-" + strconv.Itoa(i))
		if v == "" {
			continue
		}
		if ranks[i], err = strconv.Atoi(v); err != nil {
			ranks[i] = -1
		}
	}
	err = h.d.Jury.Vote(r.Context(), kit.User(r), id, ranks)
	if err == nil {
		return h.rd.SeeOther(w, r, kit.RoundPath(id, "/agenda"), kit.Printer(r).T("Thank you: your vote has been recorded. Nobody can see how you voted."))
	}
	f, ok := kit.FormFromError(r, r.PostForm, err, nil)
	if !ok {
		return err
	}
	return h.showBallot(w, r, http.StatusUnprocessableEntity, f)
}
