package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/people"
)

// issueFormData is the data of the issue form pages.
type issueFormData struct {
	Step    int // 1: title only; 2: similar issues and the full form
	Form    *form
	Similar []listItem
	Orgs    []people.Organisation
	Action  string // form action
	Editing bool
	Issue   gather.Issue
	Cycle   cycle.Cycle
}

// similarCount is how many similar issues the check step shows.
const similarCount = 5

// issueNew: GET /issues/new[?title=], signed in. Without a title it asks for
// one (step 1, a GET form so it needs no token); with one it shows issues
// like it and the rest of the form (step 2). Works without JavaScript.
func (s *Server) issueNew(w http.ResponseWriter, r *http.Request) error {
	if _, err := requireUser(r); err != nil {
		return err
	}
	c, err := s.rounds.Current(r.Context())
	if apperr.Is(err, apperr.NotFound) || (err == nil && !c.Allows(cycle.RaiseIssue)) {
		return apperr.New(apperr.Conflict, "Issues cannot be raised at the moment: gathering is closed.")
	}
	if err != nil {
		return err
	}
	v := r.URL.Query()
	d := issueFormData{Step: 1, Form: &form{Values: v}, Action: "/issues/new", Cycle: c}
	if _, ok := v["title"]; !ok {
		s.renderPage(w, r, http.StatusOK, "issue_new", &page{Title: "Raise an issue", Data: d, Breadcrumbs: []crumb{{"Home", "/"}, {"Issues", "/issues"}}})
		return nil
	}
	title := strings.TrimSpace(v.Get("title"))
	probe := gather.IssueDraft{Title: title, Description: "-"}
	probe.Normalise()
	if err := probe.Validate(); err != nil {
		f, ok := formFromError(v, err, nil)
		if !ok {
			return err
		}
		d.Form = f
		s.renderPage(w, r, http.StatusUnprocessableEntity, "issue_new", &page{Title: "Raise an issue", Errors: f.Errs, Data: d})
		return nil
	}
	return s.issueStep2(w, r, d, http.StatusOK, nil)
}

// issueStep2 renders the check-and-complete step with similar issues.
func (s *Server) issueStep2(w http.ResponseWriter, r *http.Request, d issueFormData, code int, errs []fieldError) error {
	d.Step = 2
	var err error
	if d.Similar, err = s.similarTo(r, d.Form.Get("title")+"\n"+d.Form.Get("description")); err != nil {
		return err
	}
	if d.Orgs, err = s.userOrgs(r); err != nil {
		return err
	}
	title := "Check for similar issues"
	if len(d.Similar) == 0 {
		title = "Describe your issue"
	}
	s.renderPage(w, r, code, "issue_new", &page{Title: title, Errors: errs, Data: d, Breadcrumbs: []crumb{{"Home", "/"}, {"Issues", "/issues"}}})
	return nil
}

// similarTo returns open issues similar to text, for the check step.
func (s *Server) similarTo(r *http.Request, text string) ([]listItem, error) {
	if s.similar == nil {
		return nil, nil
	}
	ids, err := s.similar.Like(r.Context(), text, similarCount)
	if err != nil {
		return nil, err
	}
	var issues []gather.Issue
	for _, id := range ids {
		iss, err := s.gather.Issue(r.Context(), userOf(r), id)
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
	return s.items(r, issues)
}

// issueFields maps gather's field names to the form's input ids.
var issueFields = map[string]string{"title": "title", "description": "description", "tags": "tags", "org": "org"}

// issueCreate: POST /issues/new, signed in; rate-limited per person.
func (s *Server) issueCreate(w http.ResponseWriter, r *http.Request) error {
	u, err := requireUser(r)
	if err != nil {
		return err
	}
	c, err := s.rounds.Current(r.Context())
	if err != nil {
		return err
	}
	d := issueFormData{Form: &form{Values: r.PostForm}, Action: "/issues/new", Cycle: c}
	draft, err := parseIssueForm(r.PostForm)
	if err == nil {
		if !s.submitLimit.allow("u:"+strconv.FormatInt(u.ID, 10), s.now()) {
			return apperr.New(apperr.RateLimited, "You have raised several issues in a short time. Wait a minute, then try again.")
		}
		draft.CycleID = c.ID
		var iss gather.Issue
		iss, err = s.gather.SubmitIssue(r.Context(), u, draft)
		if err == nil {
			s.issueChanged(iss)
			// Authors follow their own issue, so they are told of comments.
			if _, err := s.gather.Follow(r.Context(), u, iss.ID); err != nil {
				s.log.Warn("author follow", "issue", iss.ID, "err", err)
			}
			s.flash(w, "Your issue has been raised. You can change it for a short while.")
			http.Redirect(w, r, "/issues/"+strconv.FormatInt(iss.ID, 10), http.StatusSeeOther)
			return nil
		}
	}
	f, ok := formFromError(r.PostForm, err, issueFields)
	if !ok {
		return err
	}
	d.Form = f
	return s.issueStep2(w, r, d, http.StatusUnprocessableEntity, f.Errs)
}

// loadOwnIssue loads an issue the signed-in person may edit.
func (s *Server) loadOwnIssue(r *http.Request) (people.User, gather.Issue, error) {
	u, err := requireUser(r)
	if err != nil {
		return u, gather.Issue{}, err
	}
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return u, gather.Issue{}, err
	}
	iss, err := s.gather.Issue(r.Context(), u, id)
	if err != nil {
		return u, iss, err
	}
	if iss.AuthorID != u.ID {
		return u, iss, apperr.New(apperr.Forbidden, "Only the person who raised an issue can change it.")
	}
	return u, iss, nil
}

// issueEdit: GET /issues/{id}/edit, the author within the edit window.
func (s *Server) issueEdit(w http.ResponseWriter, r *http.Request) error {
	u, iss, err := s.loadOwnIssue(r)
	if err != nil {
		return err
	}
	if !s.gather.CanEdit(u, iss) {
		return apperr.New(apperr.Conflict, "This issue can no longer be changed.")
	}
	v := url.Values{"title": {iss.Title}, "description": {iss.Description}, "tags": {strings.Join(iss.Tags, ", ")}}
	d := issueFormData{Step: 2, Form: &form{Values: v}, Action: "/issues/" + strconv.FormatInt(iss.ID, 10) + "/edit", Editing: true, Issue: iss}
	s.renderPage(w, r, http.StatusOK, "issue_new", &page{Title: "Change your issue", Data: d, Breadcrumbs: []crumb{{"Issues", "/issues"}, {iss.Title, "/issues/" + strconv.FormatInt(iss.ID, 10)}}})
	return nil
}

// issueUpdate: POST /issues/{id}/edit, the author within the edit window.
func (s *Server) issueUpdate(w http.ResponseWriter, r *http.Request) error {
	u, iss, err := s.loadOwnIssue(r)
	if err != nil {
		return err
	}
	draft, err := parseIssueForm(r.PostForm)
	if err == nil {
		var edited gather.Issue
		edited, err = s.gather.EditIssue(r.Context(), u, iss.ID, draft)
		if err == nil {
			s.issueChanged(edited)
			s.flash(w, "Your changes have been saved.")
			http.Redirect(w, r, "/issues/"+strconv.FormatInt(iss.ID, 10), http.StatusSeeOther)
			return nil
		}
	}
	f, ok := formFromError(r.PostForm, err, issueFields)
	if !ok {
		return err
	}
	d := issueFormData{Step: 2, Form: f, Action: "/issues/" + strconv.FormatInt(iss.ID, 10) + "/edit", Editing: true, Issue: iss}
	s.renderPage(w, r, http.StatusUnprocessableEntity, "issue_new", &page{Title: "Change your issue", Errors: f.Errs, Data: d})
	return nil
}

// issueWithdraw: POST /issues/{id}/withdraw, the author.
func (s *Server) issueWithdraw(w http.ResponseWriter, r *http.Request) error {
	u, iss, err := s.loadOwnIssue(r)
	if err != nil {
		return err
	}
	if err := s.gather.WithdrawIssue(r.Context(), u, iss.ID); err != nil {
		return err
	}
	s.similarRemoved(iss.ID)
	s.notifyFollowers(iss, u.ID, "Withdrawn by the person who raised it", "It stays readable but can no longer be supported.")
	s.flash(w, "Your issue has been withdrawn. It stays readable but can no longer be supported.")
	http.Redirect(w, r, "/issues/"+strconv.FormatInt(iss.ID, 10), http.StatusSeeOther)
	return nil
}

// similarJSON: GET /issues/similar?text=, public. Issues like a draft, for
// scripts that suggest them while someone types (progressive enhancement
// of the check step, which works without it).
func (s *Server) similarJSON(w http.ResponseWriter, r *http.Request) error {
	text := r.URL.Query().Get("text")
	if len(text) > 4000 {
		text = text[:4000]
	}
	type match struct {
		ID       int64  `json:"id"`
		Title    string `json:"title"`
		Supports int    `json:"supports"`
		URL      string `json:"url"`
	}
	out := []match{}
	if strings.TrimSpace(text) != "" {
		items, err := s.similarTo(r, text)
		if err != nil {
			return err
		}
		for _, it := range items {
			out = append(out, match{it.Issue.ID, it.Issue.Title, it.Issue.Supports, "/issues/" + strconv.FormatInt(it.Issue.ID, 10)})
		}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
