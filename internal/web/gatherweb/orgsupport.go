package gatherweb

import (
	"net/http"

	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// orgSupport: POST /issues/{id}/org-support, signed in (the service checks
// that the person represents the organisation in "org"). "action" remove
// withdraws the organisation's support; anything else gives it.
func (h *Handler) orgSupport(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.ParseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	org, err := kit.ParseID(r.PostFormValue("org"))
	if err != nil {
		return err
	}
	on := r.PostFormValue("action") != "remove"
	if _, err := h.d.Participation.SupportForOrg(r.Context(), kit.User(r), id, org, on); err != nil {
		return err
	}
	p := kit.Printer(r)
	msg := p.T("Your organisation's support has been withdrawn.")
	if on {
		msg = p.T("Your organisation now supports this issue.")
	}
	return h.rd.SeeOther(w, r, backTo(r, id), msg)
}
