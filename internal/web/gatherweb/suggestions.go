package gatherweb

import (
	"net/http"

	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

type suggestion struct {
	Index int
	Name  string
	Items []listItem
}

// themeSuggestions: GET /themes/suggestions, organisers. Proposed groups of
// similar issues, each with a form to confirm it as a theme.
func (h *Handler) themeSuggestions(w http.ResponseWriter, r *http.Request) error {
	return h.showSuggestions(w, r, http.StatusOK, nil)
}

func (h *Handler) showSuggestions(w http.ResponseWriter, r *http.Request, code int, errs []kit.FieldError) error {
	var sugg []suggestion
	if h.d.Similar != nil {
		groups, err := h.d.Similar.Groups(r.Context())
		if err != nil {
			return err
		}
		for i, g := range groups {
			var issues []gather.Issue
			for _, id := range g.IssueIDs {
				iss, err := h.d.Issues.Issue(r.Context(), kit.User(r), id)
				if err == nil && iss.Status == gather.StatusOpen && iss.ThemeID == 0 {
					issues = append(issues, iss)
				}
			}
			if len(issues) < 2 {
				continue
			}
			items, err := h.items(r, issues)
			if err != nil {
				return err
			}
			sugg = append(sugg, suggestion{Index: i, Name: g.Name, Items: items})
		}
	}
	p := kit.Printer(r)
	h.rd.Page(w, r, code, "suggestions", &kit.Page{Title: p.T("Suggested themes"), Errors: errs,
		Data: struct{ Suggestions []suggestion }{sugg}, Breadcrumbs: homeCrumbs(r, p.T("Themes"), "/themes")})
	return nil
}
