package web

import (
	"net/http"
	"strconv"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/people"
)

type targetData struct {
	Issue   gather.Issue
	Comment *gather.Comment
	Form    *form
	Hidden  bool // the target is hidden now (moderate: offer unhide)
}

// loadTarget reads the issue in the path and the optional ?comment= (or
// form field comment) it is about.
func (s *Server) loadTarget(r *http.Request) (targetData, gather.Target, error) {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return targetData{}, gather.Target{}, err
	}
	v := r.URL.Query()
	if r.Method == http.MethodPost {
		v = r.PostForm
	}
	t, err := parseTarget(id, v)
	if err != nil {
		return targetData{}, t, apperr.New(apperr.NotFound, "There is no such comment.")
	}
	iss, err := s.gather.Issue(r.Context(), userOf(r), id)
	if err != nil {
		return targetData{}, t, err
	}
	d := targetData{Issue: iss, Form: &form{Values: v}, Hidden: iss.Status == gather.StatusHidden}
	if t.CommentID != 0 {
		cs, err := s.gather.Comments(r.Context(), userOf(r), id)
		if err != nil {
			return d, t, err
		}
		for _, c := range cs {
			for _, x := range append([]gather.Comment{c}, c.Replies...) {
				if x.ID == t.CommentID {
					x := x
					d.Comment = &x
					d.Hidden = x.Status == gather.StatusHidden
				}
			}
		}
		if d.Comment == nil {
			return d, t, apperr.New(apperr.NotFound, "There is no such comment on this issue.")
		}
	}
	return d, t, nil
}

// reportForm: GET /issues/{id}/report[?comment=], signed in.
func (s *Server) reportForm(w http.ResponseWriter, r *http.Request) error {
	if _, err := requireUser(r); err != nil {
		return err
	}
	d, _, err := s.loadTarget(r)
	if err != nil {
		return err
	}
	s.renderPage(w, r, http.StatusOK, "report", &page{Title: reportTitle(d), Data: d, Breadcrumbs: issueCrumbs(d.Issue)})
	return nil
}

func reportTitle(d targetData) string {
	if d.Comment != nil {
		return "Report a comment"
	}
	return "Report this issue"
}

func issueCrumbs(iss gather.Issue) []crumb {
	return []crumb{{"Issues", "/issues"}, {iss.Title, "/issues/" + strconv.FormatInt(iss.ID, 10)}}
}

// reportCreate: POST /issues/{id}/report, signed in; rate-limited with
// submissions.
func (s *Server) reportCreate(w http.ResponseWriter, r *http.Request) error {
	u, err := requireUser(r)
	if err != nil {
		return err
	}
	d, t, err := s.loadTarget(r)
	if err != nil {
		return err
	}
	if !s.submitLimit.allow("u:"+strconv.FormatInt(u.ID, 10), s.now()) {
		return apperr.New(apperr.RateLimited, "You have sent several reports in a short time. Wait a minute, then try again.")
	}
	if _, err := s.gather.Report(r.Context(), u, t, r.PostFormValue("reason")); err != nil {
		f, ok := formFromError(r.PostForm, err, nil)
		if !ok {
			return err
		}
		d.Form = f
		s.renderPage(w, r, http.StatusUnprocessableEntity, "report", &page{Title: reportTitle(d), Errors: f.Errs, Data: d, Breadcrumbs: issueCrumbs(d.Issue)})
		return nil
	}
	s.flash(w, "Thank you. A moderator will look at your report.")
	http.Redirect(w, r, "/issues/"+strconv.FormatInt(t.IssueID, 10), http.StatusSeeOther)
	return nil
}

// moderateForm: GET /issues/{id}/moderate[?comment=], moderators. It offers
// to hide (or unhide) with a public reason.
func (s *Server) moderateForm(w http.ResponseWriter, r *http.Request) error {
	if _, err := requireRole(r, people.RoleModerator, "hide content"); err != nil {
		return err
	}
	d, _, err := s.loadTarget(r)
	if err != nil {
		return err
	}
	s.renderPage(w, r, http.StatusOK, "moderate", &page{Title: moderateTitle(d), Data: d, Breadcrumbs: issueCrumbs(d.Issue)})
	return nil
}

func moderateTitle(d targetData) string {
	what := "issue"
	if d.Comment != nil {
		what = "comment"
	}
	if d.Hidden {
		return "Show this " + what + " again"
	}
	return "Hide this " + what
}

// moderate: POST /issues/{id}/moderate, moderators; action=hide|unhide.
func (s *Server) moderate(w http.ResponseWriter, r *http.Request) error {
	u, err := requireRole(r, people.RoleModerator, "hide content")
	if err != nil {
		return err
	}
	d, t, err := s.loadTarget(r)
	if err != nil {
		return err
	}
	reason := r.PostFormValue("reason")
	if r.PostFormValue("action") == "unhide" {
		_, err = s.gather.Unhide(r.Context(), u, t, reason)
	} else {
		_, err = s.gather.Hide(r.Context(), u, t, reason)
	}
	if err != nil {
		f, ok := formFromError(r.PostForm, err, nil)
		if !ok {
			return err
		}
		d.Form = f
		s.renderPage(w, r, http.StatusUnprocessableEntity, "moderate", &page{Title: moderateTitle(d), Errors: f.Errs, Data: d, Breadcrumbs: issueCrumbs(d.Issue)})
		return nil
	}
	if t.CommentID == 0 {
		if iss, err := s.gather.Issue(r.Context(), u, t.IssueID); err == nil {
			s.issueChanged(iss)
		}
		what := "Hidden by a moderator"
		if r.PostFormValue("action") == "unhide" {
			what = "Shown again by a moderator"
		}
		s.notifyFollowers(d.Issue, u.ID, what, "Reason: "+reason)
	}
	s.flash(w, "Done. The reason is shown in the public moderation log.")
	http.Redirect(w, r, "/issues/"+strconv.FormatInt(t.IssueID, 10), http.StatusSeeOther)
	return nil
}

// moderationQueue: GET /moderation, moderators.
func (s *Server) moderationQueue(w http.ResponseWriter, r *http.Request) error {
	u, err := requireRole(r, people.RoleModerator, "see reports")
	if err != nil {
		return err
	}
	reports, err := s.gather.Reports(r.Context(), u, gather.ReportQuery{Open: true, Limit: 100})
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "moderation", "Reports to review", struct{ Reports []gather.Report }{reports})
	return nil
}

// dismiss: POST /moderation/reports/{id}/dismiss, moderators.
func (s *Server) dismiss(w http.ResponseWriter, r *http.Request) error {
	u, err := requireRole(r, people.RoleModerator, "dismiss reports")
	if err != nil {
		return err
	}
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := s.gather.DismissReport(r.Context(), u, id); err != nil {
		return err
	}
	s.flash(w, "The report has been dismissed.")
	http.Redirect(w, r, "/moderation", http.StatusSeeOther)
	return nil
}

// moderationLog: GET /moderation/log[?page=], public.
func (s *Server) moderationLog(w http.ResponseWriter, r *http.Request) error {
	const per = 50
	pg, _ := strconv.Atoi(r.URL.Query().Get("page"))
	pg = max(1, min(pg, 100000))
	entries, err := s.gather.ModerationLog(r.Context(), per+1, (pg-1)*per)
	if err != nil {
		return err
	}
	d := struct {
		Entries          []gather.Moderation
		PrevURL, NextURL string
	}{Entries: entries}
	if len(entries) > per {
		d.Entries = entries[:per]
		d.NextURL = "/moderation/log?page=" + strconv.Itoa(pg+1)
	}
	if pg > 1 {
		d.PrevURL = "/moderation/log?page=" + strconv.Itoa(pg-1)
	}
	s.render(w, r, http.StatusOK, "moderation_log", "Moderation log", d)
	return nil
}
