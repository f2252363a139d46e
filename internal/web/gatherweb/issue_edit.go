package gatherweb

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// loadOwnIssue loads the issue in the path, which the signed-in person
// must have raised.
func (h *Handler) loadOwnIssue(r *http.Request) (people.User, gather.Issue, error) {
	u := kit.User(r)
	id, err := kit.ParseID(r.PathValue("id"))
	if err != nil {
		return u, gather.Issue{}, err
	}
	iss, err := h.d.Issues.Issue(r.Context(), u, id)
	if err != nil {
		return u, iss, err
	}
	if iss.AuthorID != u.ID {
		return u, iss, apperr.New(apperr.Forbidden, "Only the person who raised an issue can change it.")
	}
	return u, iss, nil
}

// issueEdit: GET /issues/{id}/edit, the author within the edit window.
func (h *Handler) issueEdit(w http.ResponseWriter, r *http.Request) error {
	u, iss, err := h.loadOwnIssue(r)
	if err != nil {
		return err
	}
	if !h.d.Issues.CanEdit(u, iss) {
		return apperr.New(apperr.Conflict, "This issue can no longer be changed.")
	}
	v := url.Values{"title": {iss.Title}, "description": {iss.Description}, "tags": {strings.Join(iss.Tags, ", ")}}
	d := issueFormData{Step: 2, Form: &kit.Form{Values: v}, Action: issuePath(iss.ID) + "/edit", Editing: true, Issue: iss}
	h.rd.Page(w, r, http.StatusOK, "issue_new", &kit.Page{Title: kit.Printer(r).T("Change your issue"), Data: d, Breadcrumbs: issueCrumbs(r, iss)})
	return nil
}

// issueUpdate: POST /issues/{id}/edit, the author within the edit window.
func (h *Handler) issueUpdate(w http.ResponseWriter, r *http.Request) error {
	u, iss, err := h.loadOwnIssue(r)
	if err != nil {
		return err
	}
	draft, err := parseIssueForm(r.PostForm)
	if err == nil {
		var edited gather.Issue
		if edited, err = h.d.Issues.EditIssue(r.Context(), u, iss.ID, draft); err == nil {
			h.issueChanged(edited)
			return h.rd.SeeOther(w, r, issuePath(iss.ID), kit.Printer(r).T("Your changes have been saved."))
		}
	}
	f, ok := kit.FormFromError(r, r.PostForm, err, issueFields)
	if !ok {
		return err
	}
	d := issueFormData{Step: 2, Form: f, Action: issuePath(iss.ID) + "/edit", Editing: true, Issue: iss}
	h.rd.Page(w, r, http.StatusUnprocessableEntity, "issue_new", &kit.Page{Title: kit.Printer(r).T("Change your issue"), Errors: f.Errs, Data: d, Breadcrumbs: issueCrumbs(r, iss)})
	return nil
}

// issueWithdraw: POST /issues/{id}/withdraw, the author.
func (h *Handler) issueWithdraw(w http.ResponseWriter, r *http.Request) error {
	u, iss, err := h.loadOwnIssue(r)
	if err != nil {
		return err
	}
	if err := h.d.Issues.WithdrawIssue(r.Context(), u, iss.ID); err != nil {
		return err
	}
	if h.d.Similar != nil {
		h.d.Similar.Removed(iss.ID)
	}
	return h.rd.SeeOther(w, r, issuePath(iss.ID), kit.Printer(r).T("Your issue has been withdrawn. It stays readable but can no longer be supported."))
}
