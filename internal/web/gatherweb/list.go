package gatherweb

import (
	"net/http"

	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// listItem is one issue in a list, with what the viewer did to it.
type listItem struct {
	Issue     gather.Issue
	Supported bool
	Mine      bool // the viewer raised it: they are offered no support for it
}

// items wraps issues for a list, marking those the viewer supports.
func (h *Handler) items(r *http.Request, issues []gather.Issue) ([]listItem, error) {
	out := make([]listItem, len(issues))
	u := kit.User(r)
	for i, iss := range issues {
		out[i].Issue, out[i].Mine = iss, u.SignedIn() && iss.AuthorID == u.ID
	}
	if !u.SignedIn() || h.d.Lookups == nil || len(issues) == 0 {
		return out, nil
	}
	ids := make([]int64, len(issues))
	for i, iss := range issues {
		ids[i] = iss.ID
	}
	sup, err := h.d.Lookups.SupportedIssues(r.Context(), u.ID, ids)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Supported = sup[out[i].Issue.ID]
	}
	return out, nil
}

// userOrgs lists the organisations the signed-in person acts for.
func (h *Handler) userOrgs(r *http.Request) ([]people.Organisation, error) {
	u := kit.User(r)
	if !u.SignedIn() || h.d.Lookups == nil || !u.Has(people.RoleOrgRep) {
		return nil, nil
	}
	return h.d.Lookups.UserOrganisations(r.Context(), u.ID)
}

// crumbs are the breadcrumbs of pages under an issue.
func issueCrumbs(r *http.Request, iss gather.Issue) []kit.Crumb {
	p := kit.Printer(r)
	return []kit.Crumb{{Label: p.T("Issues"), URL: "/issues"}, {Label: iss.Title, URL: issuePath(iss.ID)}}
}

// homeCrumbs are the breadcrumbs Home › section.
func homeCrumbs(r *http.Request, label, url string) []kit.Crumb {
	return []kit.Crumb{{Label: kit.Printer(r).T("Home"), URL: "/"}, {Label: label, URL: url}}
}
