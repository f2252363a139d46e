package kit

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/i18n"
)

// SignInPath is where people are sent to sign in (accountweb serves it).
const SignInPath = "/signin"

// RetryAfterUnavailable is the Retry-After (seconds) sent with a 503: a
// busy, full or read-only database, or a mail server that is down.
const RetryAfterUnavailable = "30"

// Status returns the HTTP status for an application error kind.
func Status(k apperr.Kind) int {
	switch k {
	case apperr.Invalid:
		return http.StatusBadRequest
	case apperr.NotFound:
		return http.StatusNotFound
	case apperr.Conflict:
		return http.StatusConflict
	case apperr.Unauthenticated:
		return http.StatusUnauthorized
	case apperr.Forbidden:
		return http.StatusForbidden
	case apperr.RateLimited:
		return http.StatusTooManyRequests
	case apperr.Unavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// errorTitles are the headings of the error page, per status (msgids).
var errorTitles = map[int]string{
	http.StatusBadRequest:            i18n.Mark("There is a problem with what was sent"),
	http.StatusUnauthorized:          i18n.Mark("You need to sign in"),
	http.StatusForbidden:             i18n.Mark("You cannot do this"),
	http.StatusNotFound:              i18n.Mark("Page not found"),
	http.StatusMethodNotAllowed:      i18n.Mark("This page cannot do that"),
	http.StatusConflict:              i18n.Mark("This cannot be done now"),
	http.StatusRequestEntityTooLarge: i18n.Mark("What you sent is too long"),
	http.StatusTooManyRequests:       i18n.Mark("Too many tries"),
	http.StatusInternalServerError:   i18n.Mark("Sorry, there is a problem with the service"),
	http.StatusServiceUnavailable:    i18n.Mark("Sorry, the service is unavailable"),
}

// ErrorPage is the data of the error template.
type ErrorPage struct {
	Status  int
	Message string // in the page's language
	SignIn  string // a link to sign in and come back, for 401
}

// Fail writes err as a page (or JSON for API callers) with the status its
// kind maps to, in r's language. Only the error's safe message is shown,
// never its cause; internal errors and unavailable services are logged.
// An Unauthenticated error sends a browser to sign in and back. A 429 and
// a 503 say when to try again (Retry-After).
func (rd *Renderer) Fail(w http.ResponseWriter, r *http.Request, err error) {
	k := apperr.KindOf(err)
	code := Status(k)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		code, err = http.StatusRequestEntityTooLarge, apperr.New(apperr.Invalid, "What you sent is too long.")
	}
	if code == http.StatusInternalServerError || code == http.StatusServiceUnavailable {
		rd.log.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if k == apperr.Unauthenticated && !WantsJSON(r) {
		// Send the person to sign in and back: to this page for a GET, to
		// the page the form was on for a POST.
		next := r.URL.RequestURI()
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			next = LocalPath(r.Referer(), "/")
		}
		http.Redirect(w, r, SignInPath+"?next="+url.QueryEscape(next), http.StatusSeeOther)
		return
	}
	switch code {
	case http.StatusTooManyRequests:
		w.Header().Set("Retry-After", "60")
	case http.StatusServiceUnavailable:
		w.Header().Set("Retry-After", RetryAfterUnavailable)
	}
	p := Printer(r)
	msg := p.Err(err)
	if WantsJSON(r) {
		w.Header().Set("Cache-Control", "no-store")
		WriteJSON(w, code, map[string]string{"error": msg})
		return
	}
	title := errorTitles[code]
	if title == "" {
		title = errorTitles[http.StatusInternalServerError]
	}
	rd.Page(w, r, code, "error", &Page{Title: Msg(p, title), Data: ErrorPage{Status: code, Message: msg}})
}

// FailPage writes an error page with its own title and message (both in
// r's language), for errors a handler explains itself (a used sign-in
// link).
func (rd *Renderer) FailPage(w http.ResponseWriter, r *http.Request, code int, title string, d ErrorPage) {
	d.Status = code
	rd.Page(w, r, code, "error", &Page{Title: title, Data: d})
}
