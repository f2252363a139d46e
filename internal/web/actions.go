package web

import (
	"net/http"
	"strconv"

	"github.com/folkmoot/folkmoot/internal/apperr"
)

// backTo returns where an action form should return to: its "return"
// field when it is a path on this site, else the issue page.
func backTo(r *http.Request, issueID int64) string {
	return localPath(r.PostFormValue("return"), "/issues/"+strconv.FormatInt(issueID, 10))
}

// support: POST /issues/{id}/support, signed in; rate-limited per person.
// This is the hot path (load-tested): one session lookup (cached), one
// service call, then a redirect back (forms) or a small JSON answer
// (Accept: application/json).
func (s *Server) support(w http.ResponseWriter, r *http.Request) error {
	return s.supportAction(w, r, true)
}

// unsupport: POST /issues/{id}/unsupport, signed in.
func (s *Server) unsupport(w http.ResponseWriter, r *http.Request) error {
	return s.supportAction(w, r, false)
}

func (s *Server) supportAction(w http.ResponseWriter, r *http.Request, on bool) error {
	u, err := requireUser(r)
	if err != nil {
		return err
	}
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	if !s.supportLimit.allow("u:"+strconv.FormatInt(u.ID, 10), s.now()) {
		return apperr.New(apperr.RateLimited, "You have supported many issues in a short time. Wait a minute, then try again.")
	}
	var changed bool
	if on {
		changed, err = s.gather.Support(r.Context(), u, id)
	} else {
		changed, err = s.gather.Unsupport(r.Context(), u, id)
	}
	if err != nil {
		return err
	}
	if wantsJSON(r) {
		writeJSON(w, http.StatusOK, struct {
			Issue     int64 `json:"issue"`
			Supported bool  `json:"supported"`
			Changed   bool  `json:"changed"`
		}{id, on, changed})
		return nil
	}
	switch {
	case on && changed:
		s.flash(w, "Thank you: you support this issue.")
	case on:
		s.flash(w, "You already support this issue.")
	default:
		s.flash(w, "Your support has been withdrawn.")
	}
	http.Redirect(w, r, backTo(r, id), http.StatusSeeOther)
	return nil
}

// follow: POST /issues/{id}/follow, signed in.
func (s *Server) follow(w http.ResponseWriter, r *http.Request) error {
	return s.followAction(w, r, true)
}

// unfollow: POST /issues/{id}/unfollow, signed in.
func (s *Server) unfollow(w http.ResponseWriter, r *http.Request) error {
	return s.followAction(w, r, false)
}

func (s *Server) followAction(w http.ResponseWriter, r *http.Request, on bool) error {
	u, err := requireUser(r)
	if err != nil {
		return err
	}
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	if on {
		_, err = s.gather.Follow(r.Context(), u, id)
	} else {
		_, err = s.gather.Unfollow(r.Context(), u, id)
	}
	if err != nil {
		return err
	}
	if on {
		s.flash(w, "You are following this issue. Its updates are listed in its feed.")
	} else {
		s.flash(w, "You no longer follow this issue.")
	}
	http.Redirect(w, r, backTo(r, id), http.StatusSeeOther)
	return nil
}

// commentCreate: POST /issues/{id}/comments and (a reply)
// /issues/{id}/comments/{parent}/replies, signed in; rate-limited with
// submissions.
func (s *Server) commentCreate(w http.ResponseWriter, r *http.Request) error {
	u, err := requireUser(r)
	if err != nil {
		return err
	}
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	d, err := parseCommentForm(id, r.PostForm)
	if p := r.PathValue("parent"); p != "" && err == nil {
		d.ParentID, err = parseID(p)
	}
	if err == nil {
		if !s.submitLimit.allow("u:"+strconv.FormatInt(u.ID, 10), s.now()) {
			return apperr.New(apperr.RateLimited, "You have written several comments in a short time. Wait a minute, then try again.")
		}
		cm, err2 := s.gather.AddComment(r.Context(), u, d)
		if err2 == nil {
			if iss, err := s.gather.Issue(r.Context(), u, id); err == nil {
				s.notifyFollowers(iss, u.ID, "A new comment by "+byline(cm.AuthorName, cm.OrgName), cm.Body)
			}
			s.flash(w, "Your comment has been added.")
			http.Redirect(w, r, "/issues/"+strconv.FormatInt(id, 10)+"#comment-"+strconv.FormatInt(cm.ID, 10), http.StatusSeeOther)
			return nil
		}
		err = err2
	}
	// Errors are shown on the comment form (or the reply form's field).
	fieldID := "body"
	if d.ParentID != 0 {
		fieldID = "body-" + strconv.FormatInt(d.ParentID, 10)
	}
	f, ok := formFromError(r.PostForm, err, map[string]string{"body": fieldID})
	if !ok {
		return err
	}
	if d.ParentID != 0 {
		f.Values.Set(fieldID, f.Values.Get("body"))
	}
	return s.showIssue(w, r, id, http.StatusUnprocessableEntity, f, f.Errs)
}
