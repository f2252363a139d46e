package accountweb

import (
	"net/http"
	"net/url"

	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// roleNames are the roles as people read them (msgids), one message each.
var roleNames = map[people.Role]string{
	people.RoleCitizen:   i18n.Mark("Citizen"),
	people.RoleOrgRep:    i18n.Mark("Representative of an organisation"),
	people.RoleModerator: i18n.Mark("Moderator"),
	people.RoleOrganiser: i18n.Mark("Organiser"),
	people.RoleAdmin:     i18n.Mark("Administrator"),
}

type accountData struct {
	Form  *kit.Form
	Roles []string // translated role names
	Orgs  []people.Organisation
	Next  string // where to go after saving (after a first sign-in)
}

// data returns the account page's data for the signed-in person.
func (h *Handler) data(r *http.Request, f *kit.Form, next string) (accountData, error) {
	u, p := kit.User(r), kit.Printer(r)
	d := accountData{Form: f, Next: next}
	for _, role := range u.Roles {
		if name, ok := roleNames[role]; ok {
			d.Roles = append(d.Roles, kit.Msg(p, name))
		}
	}
	if h.d.Orgs != nil && u.Has(people.RoleOrgRep) {
		orgs, err := h.d.Orgs.UserOrganisations(r.Context(), u.ID)
		if err != nil {
			return d, err
		}
		d.Orgs = orgs
	}
	return d, nil
}

// account: GET /account, signed in. Shows the name others see and lets the
// person change it (new accounts are named after their address).
func (h *Handler) account(w http.ResponseWriter, r *http.Request) error {
	f := &kit.Form{Values: url.Values{"display_name": {kit.User(r).DisplayName}}}
	d, err := h.data(r, f, kit.LocalPath(r.URL.Query().Get("next"), ""))
	if err != nil {
		return err
	}
	h.rd.Render(w, r, http.StatusOK, "account", kit.Printer(r).T("Your account"), d)
	return nil
}

// accountUpdate: POST /account, signed in; changes the display name.
func (h *Handler) accountUpdate(w http.ResponseWriter, r *http.Request) error {
	next := kit.LocalPath(r.PostFormValue("next"), "")
	if err := h.d.People.SetDisplayName(r.Context(), kit.User(r), r.PostFormValue("display_name")); err != nil {
		f, ok := kit.FormFromError(r, r.PostForm, err, nil)
		if !ok {
			return err
		}
		d, err := h.data(r, f, next)
		if err != nil {
			return err
		}
		h.rd.Page(w, r, http.StatusUnprocessableEntity, "account", &kit.Page{Title: kit.Printer(r).T("Your account"), Errors: f.Errs, Data: d})
		return nil
	}
	h.env.Sessions.Forget(kit.Session(r))
	return h.rd.SeeOther(w, r, kit.LocalPath(next, "/account"), kit.Printer(r).T("Your name has been saved."))
}
