package accountweb

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/mail"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// badAddress is the message for an address that cannot receive mail.
var badAddress = i18n.Mark("Enter an email address in the correct format, like name@example.com")

type signinData struct {
	Form   *kit.Form
	Next   string
	Expiry string // a sentence saying how long the link works
}

// Expiry says, as a whole sentence in p's language, how long a sign-in
// link valid for d works ("The link works once, for 20 minutes."). The
// sign-in email says the same with the same messages (notify.Validity).
func Expiry(p *i18n.Printer, d time.Duration) string {
	if d >= time.Hour && d%time.Hour == 0 {
		return p.N(int(d/time.Hour), "The link works once, for %d hour.", "The link works once, for %d hours.")
	}
	return p.N(int(d.Round(time.Minute)/time.Minute), "The link works once, for %d minute.", "The link works once, for %d minutes.")
}

// signinForm: GET /signin, anyone.
func (h *Handler) signinForm(w http.ResponseWriter, r *http.Request) error {
	p := kit.Printer(r)
	h.rd.Render(w, r, http.StatusOK, "signin", p.T("Sign in"), signinData{
		Form: &kit.Form{}, Next: kit.LocalPath(r.URL.Query().Get("next"), "/"), Expiry: Expiry(p, h.d.SignInExpiry),
	})
	return nil
}

// signinAgain shows the sign-in form again with a problem on the email
// field.
func (h *Handler) signinAgain(w http.ResponseWriter, r *http.Request, email, next, msg string) error {
	p := kit.Printer(r)
	f := &kit.Form{Values: url.Values{"email": {email}}, Errs: []kit.FieldError{{Field: "email", Message: msg}}}
	h.rd.Page(w, r, http.StatusUnprocessableEntity, "signin", &kit.Page{Title: p.T("Sign in"), Errors: f.Errs,
		Data: signinData{Form: f, Next: next, Expiry: Expiry(p, h.d.SignInExpiry)}})
	return nil
}

// signinSend: POST /signin, anyone; rate-limited per client address and
// per email address. It emails a one-time link. A send that fails is
// shown as "try again later", never with its cause.
func (h *Handler) signinSend(w http.ResponseWriter, r *http.Request) error {
	p := kit.Printer(r)
	email := strings.TrimSpace(r.PostFormValue("email"))
	next := kit.LocalPath(r.PostFormValue("next"), "/")
	lim := h.env.Limits.SignIn
	if !lim.Allow("ip:"+kit.ClientIP(r)) || !lim.Allow("email:"+strings.ToLower(email)) {
		return apperr.New(apperr.RateLimited, "Too many sign-in links have been asked for. Wait a minute, then try again.")
	}
	token, _, err := h.d.People.RequestSignIn(r.Context(), email)
	if apperr.Is(err, apperr.Invalid) {
		return h.signinAgain(w, r, email, next, kit.FieldMessage(r, err, badAddress))
	}
	if err != nil {
		return err
	}
	if norm, err := people.NormaliseEmail(email); err == nil {
		email = norm
	}
	link := h.d.BaseURL + "/signin/" + token
	if next != "/" {
		link += "?next=" + url.QueryEscape(next)
	}
	if err := h.d.Mailer.SignInLink(r.Context(), email, kit.Lang(r), link, h.d.SignInExpiry); err != nil {
		if errors.Is(err, mail.ErrInvalid) {
			return h.signinAgain(w, r, email, next, kit.Msg(p, badAddress))
		}
		return apperr.Wrap(apperr.Unavailable, err, "We could not send the email just now. Try again in a few minutes.")
	}
	h.rd.Render(w, r, http.StatusOK, "signin_sent", p.T("Check your email"), struct{ Email, Expiry string }{email, Expiry(p, h.d.SignInExpiry)})
	return nil
}

// signinConfirm: GET /signin/{token}, anyone. It does not use the token:
// mail scanners follow links, so only the button (a POST) signs in.
func (h *Handler) signinConfirm(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Referrer-Policy", "no-referrer")
	h.rd.Render(w, r, http.StatusOK, "signin_confirm", kit.Printer(r).T("Sign in"), struct{ Token, Next string }{
		r.PathValue("token"), kit.LocalPath(r.URL.Query().Get("next"), "/"),
	})
	return nil
}

// newAccountAge is how recent an account is when its first sign-in asks
// for the name others will see.
const newAccountAge = 10 * time.Minute

// signinFinish: POST /signin/{token}, anyone holding a valid link.
func (h *Handler) signinFinish(w http.ResponseWriter, r *http.Request) error {
	p := kit.Printer(r)
	if !h.env.Limits.SignIn.Allow("finish:" + kit.ClientIP(r)) {
		return apperr.New(apperr.RateLimited, "Too many sign-in attempts. Wait a minute, then try again.")
	}
	u, raw, sess, err := h.d.People.SignIn(r.Context(), r.PathValue("token"))
	if apperr.Is(err, apperr.Unauthenticated) {
		h.rd.FailPage(w, r, http.StatusUnauthorized, p.T("This link does not work"), kit.ErrorPage{Message: p.Err(err), SignIn: kit.SignInPath})
		return nil
	}
	if err != nil {
		return err
	}
	kit.SetSessionCookie(w, raw, sess.Expires, h.rd.Site().Secure)
	p = h.signedInLanguage(r, u)
	next := kit.LocalPath(r.PostFormValue("next"), "/")
	if h.env.Now().Sub(u.Created) < newAccountAge {
		// A new account: ask for the name others will see first.
		return h.rd.SeeOther(w, r, "/account?next="+url.QueryEscape(next), p.T("Welcome. Choose the name shown next to what you write, then carry on."))
	}
	return h.rd.SeeOther(w, r, next, p.T("You are signed in as %s.", u.DisplayName))
}

// signedInLanguage settles the language of a person who has just signed
// in, and returns the printer for it: a person with no stored language
// gets the page's (so that their emails are in the language they were
// reading); a stored one replaces a language only guessed from the
// browser, as on every later page.
func (h *Handler) signedInLanguage(r *http.Request, u people.User) *i18n.Printer {
	ri := kit.Info(r)
	switch {
	case !slices.Contains(i18n.Langs, u.Lang):
		if err := h.d.People.SetLanguage(r.Context(), u, kit.Lang(r)); err != nil {
			h.env.Log.Warn("storing the language at sign-in", "user", u.ID, "err", err)
		}
	case ri.LangGuessed:
		ri.Lang, ri.LangGuessed = u.Lang, false
	}
	return kit.Printer(r)
}
