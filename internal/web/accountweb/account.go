package accountweb

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/folkmoot/folkmoot/internal/apperr"
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

// langOption is one radio button of the language form.
type langOption struct {
	Value   string // "en", "cy"
	Name    string // the language's name in itself
	Tag     string // BCP 47, for the label's lang attribute
	Checked bool
}

type accountData struct {
	Form *kit.Form
	// GivenName is the name Folkmoot gave the person ("Participant …"),
	// when they have not chosen one: the field is then left empty, so that
	// a click on Save never makes the invented name theirs.
	GivenName string
	Roles     []string // translated role names
	Orgs      []people.Organisation
	Langs     []langOption
	Next      string // where to go after saving (after a first sign-in)
	// Latest are the person's newest issues (the rest are on
	// /account/activity).
	Latest []activityItem
}

// data returns the account page's data for the signed-in person.
func (h *Handler) data(r *http.Request, f *kit.Form, next string) (accountData, error) {
	u, p := kit.User(r), kit.Printer(r)
	d := accountData{Form: f, Next: next}
	if people.IsDefaultName(u.DisplayName) {
		d.GivenName = u.DisplayName
	}
	for _, role := range u.Roles {
		if name, ok := roleNames[role]; ok {
			d.Roles = append(d.Roles, kit.Msg(p, name))
		}
	}
	// The stored language; before one is stored, the page's.
	current := u.Lang
	if !slices.Contains(i18n.Langs, current) {
		current = kit.Lang(r)
	}
	for _, l := range i18n.Langs {
		d.Langs = append(d.Langs, langOption{Value: string(l), Name: kit.LangName(l), Tag: l.Tag(), Checked: l == current})
	}
	a, err := h.d.Activity.MyActivity(r.Context(), u)
	if err != nil {
		return d, err
	}
	d.Latest = issueItems(a.Raised[:min(len(a.Raised), 3)])
	if h.d.Orgs != nil && u.Has(people.RoleOrgRep) {
		orgs, err := h.d.Orgs.UserOrganisations(r.Context(), u.ID)
		if err != nil {
			return d, err
		}
		d.Orgs = orgs
	}
	return d, nil
}

// account: GET /account, signed in. Shows the name others see and the
// language of pages and emails, and lets the person change them (new
// accounts are named after their address).
func (h *Handler) account(w http.ResponseWriter, r *http.Request) error {
	name := kit.User(r).DisplayName
	if people.IsDefaultName(name) {
		name = ""
	}
	f := &kit.Form{Values: url.Values{"display_name": {name}}}
	d, err := h.data(r, f, kit.LocalPath(r.URL.Query().Get("next"), ""))
	if err != nil {
		return err
	}
	h.rd.Render(w, r, http.StatusOK, "account", kit.Printer(r).T("Your account"), d)
	return nil
}

// accountAgain shows the account page again with the problem in f.
func (h *Handler) accountAgain(w http.ResponseWriter, r *http.Request, f *kit.Form, next string) error {
	d, err := h.data(r, f, next)
	if err != nil {
		return err
	}
	h.rd.Page(w, r, http.StatusUnprocessableEntity, "account", &kit.Page{Title: kit.Printer(r).T("Your account"), Errors: f.Errs, Data: d})
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
		return h.accountAgain(w, r, f, next)
	}
	h.env.Sessions.Forget(kit.Session(r))
	return h.rd.SeeOther(w, r, kit.LocalPath(next, "/account"), kit.Printer(r).T("Your name has been saved."))
}

// languageUpdate: POST /account/language, signed in; stores the language
// of the person's emails (and of pages on a device where they have not
// chosen one), and switches this browser to it.
func (h *Handler) languageUpdate(w http.ResponseWriter, r *http.Request) error {
	u, next := kit.User(r), kit.LocalPath(r.PostFormValue("next"), "")
	l, ok := i18n.Parse(r.PostFormValue("lang"))
	var err error
	if ok {
		err = h.d.People.SetLanguage(r.Context(), u, l)
	} else {
		err = apperr.Field("lang", "Choose a language from the list")
	}
	if err != nil {
		f, ok := kit.FormFromError(r, url.Values{"display_name": {u.DisplayName}}, err, nil)
		if !ok {
			return err
		}
		return h.accountAgain(w, r, f, next)
	}
	kit.SetLangCookie(w, string(l), h.rd.Site().Secure)
	h.env.Sessions.Forget(kit.Session(r))
	back := "/account"
	if next != "" {
		back += "?next=" + url.QueryEscape(next)
	}
	return h.rd.SeeOther(w, r, back, i18n.For(l).T("Your language has been saved."))
}
