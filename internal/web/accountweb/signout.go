package accountweb

import (
	"net/http"

	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// signoutForm: GET /signout, anyone (shows a button when signed in).
func (h *Handler) signoutForm(w http.ResponseWriter, r *http.Request) error {
	h.rd.Render(w, r, http.StatusOK, "signout", kit.Printer(r).T("Sign out"), nil)
	return nil
}

// signout: POST /signout, anyone; ends the session.
func (h *Handler) signout(w http.ResponseWriter, r *http.Request) error {
	if raw := kit.Session(r); raw != "" {
		h.env.Sessions.Forget(raw)
		if err := h.d.People.SignOut(r.Context(), kit.User(r), raw); err != nil {
			return err
		}
	}
	kit.ClearSessionCookie(w, h.rd.Site().Secure)
	return h.rd.SeeOther(w, r, "/", kit.Printer(r).T("You have signed out."))
}
