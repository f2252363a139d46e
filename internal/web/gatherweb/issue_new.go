package gatherweb

import (
	"net/http"
	"strings"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// issueFormData is the data of the issue form pages.
type issueFormData struct {
	Step    int // 1: title only; 2: similar issues and the full form
	Form    *kit.Form
	Similar []listItem
	Orgs    []people.Organisation
	Action  string // form action
	Editing bool
	Issue   gather.Issue
	Cycle   cycle.Cycle
}

// similarCount is how many similar issues the check step shows.
const similarCount = 5

// issueFields maps gather's field names to the form's input ids.
var issueFields = map[string]string{"title": "title", "description": "description", "tags": "tags", "org": "org"}

// issueNew: GET /issues/new[?title=], signed in. Without a title it asks for
// one (step 1, a GET form); with one it shows issues like it and the rest
// of the form (step 2). Works without JavaScript.
func (h *Handler) issueNew(w http.ResponseWriter, r *http.Request) error {
	p := kit.Printer(r)
	c, err := h.d.Rounds.Current(r.Context())
	if apperr.Is(err, apperr.NotFound) || (err == nil && !c.Allows(cycle.RaiseIssue)) {
		return apperr.New(apperr.Conflict, "Issues cannot be raised at the moment: gathering is closed.")
	}
	if err != nil {
		return err
	}
	v := r.URL.Query()
	v.Del("lang")
	d := issueFormData{Step: 1, Form: &kit.Form{Values: v}, Action: "/issues/new", Cycle: c}
	crumbs := homeCrumbs(r, p.T("Issues"), "/issues")
	if _, ok := v["title"]; !ok {
		h.rd.Page(w, r, http.StatusOK, "issue_new", &kit.Page{Title: p.T("Raise an issue"), Data: d, Breadcrumbs: crumbs})
		return nil
	}
	probe := gather.IssueDraft{Title: strings.TrimSpace(v.Get("title")), Description: "-"}
	probe.Normalise()
	if err := probe.Validate(); err != nil {
		f, ok := kit.FormFromError(r, v, err, nil)
		if !ok {
			return err
		}
		d.Form = f
		h.rd.Page(w, r, http.StatusUnprocessableEntity, "issue_new", &kit.Page{Title: p.T("Raise an issue"), Errors: f.Errs, Data: d, Breadcrumbs: crumbs})
		return nil
	}
	return h.issueStep2(w, r, d, http.StatusOK, nil)
}

// issueStep2 renders the check-and-complete step with similar issues.
func (h *Handler) issueStep2(w http.ResponseWriter, r *http.Request, d issueFormData, code int, errs []kit.FieldError) error {
	p := kit.Printer(r)
	d.Step = 2
	var err error
	if d.Similar, err = h.similarTo(r, d.Form.Get("title")+"\n"+d.Form.Get("description")); err != nil {
		return err
	}
	if d.Orgs, err = h.userOrgs(r); err != nil {
		return err
	}
	title := p.T("Check for similar issues")
	if len(d.Similar) == 0 {
		title = p.T("Describe your issue")
	}
	h.rd.Page(w, r, code, "issue_new", &kit.Page{Title: title, Errors: errs, Data: d, Breadcrumbs: homeCrumbs(r, p.T("Issues"), "/issues")})
	return nil
}

// similarTo returns open issues similar to text, for the check step.
func (h *Handler) similarTo(r *http.Request, text string) ([]listItem, error) {
	if h.d.Similar == nil {
		return nil, nil
	}
	ids, err := h.d.Similar.Like(r.Context(), text, similarCount)
	if err != nil {
		return nil, err
	}
	var issues []gather.Issue
	for _, id := range ids {
		iss, err := h.d.Issues.Issue(r.Context(), kit.User(r), id)
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if iss.Status == gather.StatusOpen {
			issues = append(issues, iss)
		}
	}
	return h.items(r, issues)
}

// issueCreate: POST /issues/new, signed in; rate-limited per person.
func (h *Handler) issueCreate(w http.ResponseWriter, r *http.Request) error {
	u := kit.User(r)
	c, err := h.d.Rounds.Current(r.Context())
	if err != nil {
		return err
	}
	d := issueFormData{Form: &kit.Form{Values: r.PostForm}, Action: "/issues/new", Cycle: c}
	draft, err := parseIssueForm(r.PostForm)
	if err == nil {
		if !h.env.Limits.Submit.Allow(userKey(u.ID)) {
			return apperr.New(apperr.RateLimited, "You have raised several issues in a short time. Wait a minute, then try again.")
		}
		draft.CycleID = c.ID
		var iss gather.Issue
		if iss, err = h.d.Issues.SubmitIssue(r.Context(), u, draft); err == nil {
			h.issueChanged(iss)
			// Authors follow their own issue, so they are told of comments.
			if _, err := h.d.Participation.Follow(r.Context(), u, iss.ID); err != nil {
				h.env.Log.Warn("author follow", "issue", iss.ID, "err", err)
			}
			return h.rd.SeeOther(w, r, issuePath(iss.ID), kit.Printer(r).T("Your issue has been raised. You can change it for a short while."))
		}
	}
	f, ok := kit.FormFromError(r, r.PostForm, err, issueFields)
	if !ok {
		return err
	}
	d.Form = f
	return h.issueStep2(w, r, d, http.StatusUnprocessableEntity, f.Errs)
}
