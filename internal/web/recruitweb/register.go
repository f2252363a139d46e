package recruitweb

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/recruit"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

type codeData struct {
	Form *kit.Form
}

// question is one of the round's questions on the registration form.
type question struct {
	ID      string // the form field: "q-<key>"
	Legend  string
	Err     string
	Options []choice
}

type choice struct {
	ID, Value, Label string
	Checked          bool
}

type registerData struct {
	Code      string
	Form      *kit.Form
	Questions []question
	Consent   string
	AgeBands  string // the round's age groups, for the date of birth's hint
}

// registerForm: GET /register, anyone. Without a code, the page to type
// the code of a letter; with ?code= a valid code, the registration form.
func (h *Handler) registerForm(w http.ResponseWriter, r *http.Request) error {
	code := strings.TrimSpace(r.URL.Query().Get("code"))
	if code == "" {
		return h.codePage(w, r, http.StatusOK, &kit.Form{})
	}
	if err := h.limited(r); err != nil {
		return err
	}
	inv, st, err := h.d.Recruit.Invited(r.Context(), code)
	if err != nil {
		return h.codeError(w, r, code, err)
	}
	norm, _ := recruit.NormaliseCode(code)
	v := url.Values{"address": {inv.Address}}
	return h.formPage(w, r, http.StatusOK, norm, st, &kit.Form{Values: v})
}

// codeError shows the code page again with what is wrong with the code.
func (h *Handler) codeError(w http.ResponseWriter, r *http.Request, code string, err error) error {
	var ae *apperr.Error
	if !apperr.Is(err, apperr.Internal) && !apperr.Is(err, apperr.Unavailable) && !apperr.Is(err, apperr.RateLimited) && asApp(err, &ae) {
		f := &kit.Form{Values: url.Values{"code": {code}}, Errs: []kit.FieldError{{Field: "code", Message: kit.Printer(r).Err(err)}}}
		status := http.StatusUnprocessableEntity
		if ae.Kind == apperr.NotFound {
			status = http.StatusNotFound
		} else if ae.Kind == apperr.Conflict {
			status = http.StatusConflict
		}
		return h.codePage(w, r, status, f)
	}
	return err
}

func asApp(err error, target **apperr.Error) bool {
	e, ok := err.(*apperr.Error)
	if ok {
		*target = e
	}
	return ok
}

func (h *Handler) codePage(w http.ResponseWriter, r *http.Request, code int, f *kit.Form) error {
	p := kit.Printer(r)
	h.rd.Page(w, r, code, "recruit_code", &kit.Page{Title: p.T("Register for the citizens' assembly"), Data: codeData{Form: f}, Errors: f.Errs})
	return nil
}

func (h *Handler) formPage(w http.ResponseWriter, r *http.Request, status int, code string, st recruit.Settings, f *kit.Form) error {
	p, l := kit.Printer(r), lang(r)
	d := registerData{Code: code, Form: f, Consent: st.Consent}
	if l == "cy" && st.ConsentCy != "" {
		d.Consent = st.ConsentCy
	}
	for _, c := range st.Categories {
		if c.Derive == recruit.DeriveAgeBand {
			continue
		}
		q := question{ID: "q-" + c.Key, Legend: c.Label(l), Err: f.Err("q-" + c.Key)}
		for i, v := range c.Values {
			id := q.ID
			if i > 0 {
				id = q.ID + "-" + v.Key
			}
			q.Options = append(q.Options, choice{ID: id, Value: v.Key, Label: v.Text(l), Checked: f.Get(q.ID) == v.Key})
		}
		d.Questions = append(d.Questions, q)
	}
	h.rd.Page(w, r, status, "recruit_register", &kit.Page{Title: p.T("Register for the citizens' assembly"), Data: d, Errors: f.Errs})
	return nil
}

// register: POST /register, anyone with a code. On success, to the
// confirmation page; else the form again with every problem.
func (h *Handler) register(w http.ResponseWriter, r *http.Request) error {
	if err := h.limited(r); err != nil {
		return err
	}
	code := r.PostFormValue("code")
	_, st, err := h.d.Recruit.Invited(r.Context(), code)
	if err != nil {
		return h.codeError(w, r, code, err)
	}
	d := recruit.Details{
		Lang: lang(r), Name: r.PostFormValue("name"), Email: r.PostFormValue("email"), Phone: r.PostFormValue("phone"),
		Address: r.PostFormValue("address"), DOBDay: r.PostFormValue("dob-day"), DOBMonth: r.PostFormValue("dob-month"),
		DOBYear: r.PostFormValue("dob-year"), AccessNeeds: r.PostFormValue("access"), Availability: r.PostFormValue("availability"),
		Consent: r.PostFormValue("consent") == "yes", Answers: map[string]string{},
	}
	for _, c := range st.Categories {
		d.Answers[c.Key] = r.PostFormValue("q-" + c.Key)
	}
	reg, err := h.d.Recruit.Register(r.Context(), code, d)
	if err == nil {
		return h.rd.SeeOther(w, r, "/register/done", kit.Printer(r).T("Thank you: you are registered. Your reference is %s.", reg.MemberID))
	}
	f, ok := kit.FormFromError(r, r.PostForm, err, map[string]string{"dob": "dob-day"})
	if !ok {
		return h.codeError(w, r, code, err)
	}
	norm, _ := recruit.NormaliseCode(code)
	return h.formPage(w, r, http.StatusUnprocessableEntity, norm, st, f)
}

// registered: GET /register/done, anyone. What happens next.
func (h *Handler) registered(w http.ResponseWriter, r *http.Request) error {
	p := kit.Printer(r)
	h.rd.Page(w, r, http.StatusOK, "recruit_done", &kit.Page{Title: p.T("You are registered")})
	return nil
}

// withdrawForm: GET /register/withdraw, anyone: withdraw with the code of
// the letter and the email address registered.
func (h *Handler) withdrawForm(w http.ResponseWriter, r *http.Request) error {
	return h.withdrawPage(w, r, http.StatusOK, &kit.Form{})
}

func (h *Handler) withdrawPage(w http.ResponseWriter, r *http.Request, status int, f *kit.Form) error {
	p := kit.Printer(r)
	h.rd.Page(w, r, status, "recruit_withdraw", &kit.Page{Title: p.T("Withdraw from the citizens' assembly"), Data: codeData{Form: f}, Errors: f.Errs})
	return nil
}

// withdrawByCode: POST /register/withdraw, anyone with the code and email.
func (h *Handler) withdrawByCode(w http.ResponseWriter, r *http.Request) error {
	if err := h.limited(r); err != nil {
		return err
	}
	_, err := h.d.Recruit.WithdrawByCode(r.Context(), r.PostFormValue("code"), r.PostFormValue("email"))
	if err == nil {
		return h.withdrawn(w, r)
	}
	f, ok := kit.FormFromError(r, r.PostForm, err, nil)
	if apperr.Is(err, apperr.NotFound) {
		f, ok = &kit.Form{Values: r.PostForm, Errs: []kit.FieldError{{Field: "code", Message: kit.Printer(r).Err(err)}}}, true
	}
	if !ok {
		return err
	}
	return h.withdrawPage(w, r, http.StatusUnprocessableEntity, f)
}

type linkData struct{ Token string }

// withdrawLinkForm: GET /register/withdraw/{token}, anyone with the link
// of their confirmation email: a button, so that opening the link (or a
// mail scanner fetching it) withdraws nobody.
func (h *Handler) withdrawLinkForm(w http.ResponseWriter, r *http.Request) error {
	p := kit.Printer(r)
	h.rd.Page(w, r, http.StatusOK, "recruit_withdraw_link", &kit.Page{Title: p.T("Withdraw from the citizens' assembly"), Data: linkData{Token: r.PathValue("token")}})
	return nil
}

// withdrawByLink: POST /register/withdraw/{token}.
func (h *Handler) withdrawByLink(w http.ResponseWriter, r *http.Request) error {
	if err := h.limited(r); err != nil {
		return err
	}
	if _, err := h.d.Recruit.WithdrawByToken(r.Context(), r.PathValue("token")); err != nil {
		return err
	}
	return h.withdrawn(w, r)
}

func (h *Handler) withdrawn(w http.ResponseWriter, r *http.Request) error {
	p := kit.Printer(r)
	h.rd.Page(w, r, http.StatusOK, "recruit_withdrawn", &kit.Page{Title: p.T("You have withdrawn")})
	return nil
}
