package consultweb

import (
	"html"
	"html/template"
	"net/http"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/consult"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// questionView is an added question's counts.
type questionView struct {
	Text    string
	Answers int
	Rows    []countRow
}

// groupView is one opinion group's answers on a recommendation.
type groupView struct {
	Label                 string
	Votes                 int
	AgreePct, DisagreePct int
}

// commentView is an approved comment.
type commentView struct{ Text, Date string }

// recView is one consulted recommendation as the page shows it.
type recView struct {
	ID                               int64
	Theme, Text                      string
	Responses                        int
	Counts                           []countRow
	AgreePct, DisagreePct, UnsurePct int
	Questions                        []questionView
	Comments                         []commentView
	Groups                           []groupView
	Consensus                        string // in words, "" when none
	Board                            *BoardAnswer
	Responded                        bool
}

type pageData struct {
	Cycle        cycle.Cycle
	Round        consult.Round
	None         bool // no consultation
	Open, Closed bool
	Accepting    bool
	SignedIn     bool
	CanOrganise  bool
	CanOpen      bool
	Respondents  int
	Recs         []recView
	Groups       []consult.Group
	Participants int
	Clustered    int
	SVG          template.HTML
	Answered     bool // the Board has answered at least one
}

func (h *Handler) recView(p *i18n.Printer, lang i18n.Lang, s consult.Summary) recView {
	v := recView{ID: s.RecID, Theme: s.Theme, Text: s.Text, Responses: s.Responses,
		AgreePct: pct(s.Agree, s.Responses), DisagreePct: pct(s.Disagree, s.Responses), UnsurePct: pct(s.Unsure, s.Responses)}
	for _, x := range []struct {
		v string
		n int
	}{{consult.Agree, s.Agree}, {consult.Disagree, s.Disagree}, {consult.Unsure, s.Unsure}} {
		v.Counts = append(v.Counts, countRow{Label: kit.Msg(p, consult.AgreementLabel(x.v)), N: x.n, Pct: pct(x.n, s.Responses)})
	}
	for _, qc := range s.Questions {
		qv := questionView{Text: qc.Question.In(lang), Answers: qc.Answers}
		for i, val := range qc.Question.Values() {
			label := val
			if qc.Question.Kind == consult.Choice {
				label = qc.Question.Options[i].In(lang)
			}
			qv.Rows = append(qv.Rows, countRow{Label: label, N: qc.Counts[i], Pct: pct(qc.Counts[i], qc.Answers)})
		}
		v.Questions = append(v.Questions, qv)
	}
	for _, c := range s.Comments {
		v.Comments = append(v.Comments, commentView{Text: c.Text, Date: p.Date(c.Updated)})
	}
	for _, g := range s.Groups {
		v.Groups = append(v.Groups, groupView{Label: g.Group, Votes: g.Votes, AgreePct: pct(g.Agree, g.Votes), DisagreePct: pct(g.Disagree, g.Votes)})
	}
	switch s.Consensus {
	case consult.Agree:
		v.Consensus = p.T("Most people in every group agree")
	case consult.Disagree:
		v.Consensus = p.T("Most people in every group disagree")
	}
	return v
}

// page: GET /cycles/{id}/consultation, public. The consultation's
// summary beside the Board's answers.
func (h *Handler) page(w http.ResponseWriter, r *http.Request) error {
	c, err := h.cycle(r)
	if err != nil {
		return err
	}
	ctx, u, p := r.Context(), kit.User(r), kit.Printer(r)
	rd, err := h.d.Consult.Round(ctx, c.ID)
	if err != nil {
		return err
	}
	d := pageData{Cycle: c, Round: rd, None: rd.Status == "", Open: rd.Status == consult.Open, Closed: rd.Status == consult.Closed,
		SignedIn: u.SignedIn(), CanOrganise: u.Has(people.RoleOrganiser), CanOpen: rd.Status == "" && c.Allows(cycle.Consult)}
	if d.Accepting, err = h.d.Consult.Accepting(ctx, c.ID); err != nil {
		return err
	}
	if !d.None {
		o, err := h.d.Consult.Overview(ctx, c.ID)
		if err != nil {
			return err
		}
		answers := map[int64]BoardAnswer{}
		if h.d.Answers != nil {
			if answers, err = h.d.Answers.Answers(ctx, c.ID); err != nil {
				return err
			}
		}
		mine, err := h.d.Consult.Responded(ctx, u, c.ID)
		if err != nil {
			return err
		}
		for _, s := range o.Recs {
			v := h.recView(p, kit.Lang(r), s)
			if a, ok := answers[s.RecID]; ok {
				v.Board, d.Answered = &a, true
			}
			v.Responded = mine[s.RecID]
			d.Recs = append(d.Recs, v)
		}
		d.Respondents, d.Groups, d.Participants, d.Clustered = o.Respondents, o.Map.Groups, o.Map.Participants, o.Map.Clustered
		if o.Map.SVG != "" {
			title := p.N(o.Map.Participants, "Opinion map of %d person who answered", "Opinion map of %d people who answered")
			d.SVG = template.HTML(consult.MapTitle(o.Map.SVG, html.EscapeString(title))) // the map is made by internal/opinions/report, which escapes its text
		}
	}
	h.rd.Page(w, r, http.StatusOK, "consultation", &kit.Page{Title: p.T("Public consultation on the recommendations of %s", c.Title), Data: d, Breadcrumbs: crumbs(p, c)[:3]})
	return nil
}

// respondData is the response form of one recommendation.
type respondData struct {
	Cycle     cycle.Cycle
	Rec       recView
	Form      *kit.Form
	Accepting bool
	Had       bool // changing an earlier response
	Status    string
	Agree     []choice
	Questions []respondQuestion
	Comment   string
	Max       int
}

type respondQuestion struct {
	Field, Text string
	Scale       bool
	Err         string
	Choices     []choice
}

func (h *Handler) recOf(r *http.Request, cycleID int64) (consult.Summary, error) {
	id, err := kit.ParseID(r.PathValue("rec"))
	if err != nil {
		return consult.Summary{}, err
	}
	its, err := h.d.Consult.Recommendations(r.Context(), cycleID)
	if err != nil {
		return consult.Summary{}, err
	}
	for _, it := range its {
		if it.ID == id {
			return consult.Summary{RecID: it.ID, Theme: it.ThemeTitle, Text: it.Text()}, nil
		}
	}
	return consult.Summary{}, apperr.New(apperr.NotFound, "That recommendation is not part of the consultation.")
}
