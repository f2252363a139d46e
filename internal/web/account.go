package web

import (
	"net/http"
	"net/url"

	"github.com/folkmoot/folkmoot/internal/people"
)

type accountData struct {
	Form *form
	Orgs []people.Organisation
	Next string // where to go after saving (after a first sign-in)
}

// account: GET /account, signed in. Shows the name others see and lets the
// person change it (new accounts are named after their address).
func (s *Server) account(w http.ResponseWriter, r *http.Request) error {
	u, err := requireUser(r)
	if err != nil {
		return err
	}
	orgs, err := s.userOrgs(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "account", "Your account", accountData{
		Form: &form{Values: url.Values{"display_name": {u.DisplayName}}}, Orgs: orgs,
		Next: localPath(r.URL.Query().Get("next"), ""),
	})
	return nil
}

// accountUpdate: POST /account, signed in; changes the display name.
func (s *Server) accountUpdate(w http.ResponseWriter, r *http.Request) error {
	u, err := requireUser(r)
	if err != nil {
		return err
	}
	if err := s.people.SetDisplayName(r.Context(), u, r.PostFormValue("display_name")); err != nil {
		f, ok := formFromError(r.PostForm, err, nil)
		if !ok {
			return err
		}
		s.renderPage(w, r, http.StatusUnprocessableEntity, "account", &page{Title: "Your account", Errors: f.Errs, Data: accountData{Form: f, Next: localPath(r.PostFormValue("next"), "")}})
		return nil
	}
	s.sessions.forget(info(r).sessionID)
	s.flash(w, "Your name has been saved.")
	http.Redirect(w, r, localPath(r.PostFormValue("next"), "/account"), http.StatusSeeOther)
	return nil
}
