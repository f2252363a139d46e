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
	Open        bool
	Total       int
	TopIssues   []listItem
	NewIssues   []listItem
	Themes      []gather.Theme
	SignInToAct bool
}

// home: GET /, public. (The lead reworks it around rounds.)
func (h *Handler) home(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), kit.User(r)
	var d homeData
	c, err := h.d.Rounds.Current(ctx)
	switch {
	case err == nil:
		d.Cycle, d.HasCycle, d.Open = c, true, c.Allows(cycle.RaiseIssue)
	case !apperr.Is(err, apperr.NotFound):
		return err
	}
	top, err := h.d.Issues.ListIssues(ctx, u, gather.IssueQuery{Sort: gather.SortSupported, PerPage: 5})
	if err != nil {
		return err
	}
	d.Total = top.Total
	if d.TopIssues, err = h.items(r, top.Issues); err != nil {
		return err
	}
	newest, err := h.d.Issues.ListIssues(ctx, u, gather.IssueQuery{Sort: gather.SortNewest, PerPage: 5})
	if err != nil {
		return err
	}
	if d.NewIssues, err = h.items(r, newest.Issues); err != nil {
		return err
	}
	themes, err := h.d.Themes.Themes(ctx, 0)
	if err != nil {
		return err
	}
	d.Themes = themes[:min(len(themes), 5)]
	d.SignInToAct = !u.SignedIn()
	h.rd.Render(w, r, http.StatusOK, "home", kit.Printer(r).T("Raise and support issues for the assembly"), d)
	return nil
}
