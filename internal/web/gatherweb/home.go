package gatherweb

import (
	"net/http"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

type homeData struct {
	Cycle       cycle.Cycle
	HasCycle    bool
	Open        bool // the current round is gathering issues
	Phase       string
	PhaseText   string
	Steps       []homeStep // the whole cycle, in plain words
	Total       int
	TopIssues   []listItem
	NewIssues   []listItem
	Themes      []gather.Theme
	Earlier     []cycle.Cycle // other rounds, newest first
	SignInToAct bool
}

// homeStep is one phase of a round explained on the home page.
type homeStep struct {
	Title, Summary string
	Status         cycle.Status
}

// home: GET /, public. The current round: where it stands, how the whole
// cycle works, and its most supported and newest issues and leading themes.
func (h *Handler) home(w http.ResponseWriter, r *http.Request) error {
	ctx, u, p := r.Context(), kit.User(r), kit.Printer(r)
	var d homeData
	c, err := h.d.Rounds.Current(ctx)
	switch {
	case err == nil:
		d.Cycle, d.HasCycle, d.Open = c, true, c.Allows(cycle.RaiseIssue)
		d.Phase, d.PhaseText = kit.Msg(p, c.Phase.Title()), kit.Msg(p, c.Phase.Summary())
	case !apperr.Is(err, apperr.NotFound):
		return err
	}
	for _, s := range d.Cycle.States(nil) {
		st := homeStep{Title: kit.Msg(p, s.Phase.Title()), Summary: kit.Msg(p, s.Phase.Summary())}
		if d.HasCycle {
			st.Status = s.Status
		}
		d.Steps = append(d.Steps, st)
	}
	if d.HasCycle {
		if err := h.homeLists(r, &d); err != nil {
			return err
		}
		all, err := h.d.Rounds.Cycles(ctx, 0)
		if err != nil {
			return err
		}
		for _, o := range all {
			if o.ID != c.ID {
				d.Earlier = append(d.Earlier, o)
			}
		}
	}
	d.SignInToAct = !u.SignedIn()
	h.rd.Render(w, r, http.StatusOK, "home", p.T("Raise and support issues for the assembly"), d)
	return nil
}

// homeLists fills the current round's most supported and newest issues
// and its leading themes.
func (h *Handler) homeLists(r *http.Request, d *homeData) error {
	ctx, u := r.Context(), kit.User(r)
	top, err := h.d.Issues.ListIssues(ctx, u, gather.IssueQuery{CycleID: d.Cycle.ID, Sort: gather.SortSupported, PerPage: 5})
	if err != nil {
		return err
	}
	d.Total = top.Total
	if d.TopIssues, err = h.items(r, top.Issues); err != nil {
		return err
	}
	newest, err := h.d.Issues.ListIssues(ctx, u, gather.IssueQuery{CycleID: d.Cycle.ID, Sort: gather.SortNewest, PerPage: 5})
	if err != nil {
		return err
	}
	if d.NewIssues, err = h.items(r, newest.Issues); err != nil {
		return err
	}
	themes, err := h.d.Themes.Themes(ctx, d.Cycle.ID)
	if err != nil {
		return err
	}
	d.Themes = themes[:min(len(themes), 5)]
	return nil
}
