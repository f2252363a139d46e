package web

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/folkmoot/folkmoot/internal/apperr"
)

// status returns the HTTP status for an application error kind.
func status(k apperr.Kind) int {
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

// errorTitles are the headings of the error page, per status.
var errorTitles = map[int]string{
	http.StatusBadRequest:          "There is a problem with what was sent",
	http.StatusUnauthorized:        "You need to sign in",
	http.StatusForbidden:           "You cannot do this",
	http.StatusNotFound:            "Page not found",
	http.StatusMethodNotAllowed:    "This page cannot do that",
	http.StatusConflict:            "This cannot be done now",
	http.StatusTooManyRequests:     "Too many tries",
	http.StatusInternalServerError: "Sorry, there is a problem with the service",
	http.StatusServiceUnavailable:  "Sorry, the service is unavailable",
}

// handlerFunc is a handler that may fail; serve renders its error.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// errorPage is the data of the error template.
type errorPage struct {
	Status  int
	Message string
	SignIn  string // link to sign in and come back, for 401
}

// fail writes err as a friendly page (or JSON for API callers) with the
// status its kind maps to. Internal errors are logged, never shown.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	k := apperr.KindOf(err)
	code := status(k)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		code, err = http.StatusRequestEntityTooLarge, apperr.New(apperr.Invalid, "What you sent is too long.")
	}
	if code == http.StatusInternalServerError || code == http.StatusServiceUnavailable {
		s.log.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if k == apperr.Unauthenticated && !wantsJSON(r) {
		// Send the person to sign in and back: to this page for a GET, to
		// the page the form was on for a POST.
		next := r.URL.RequestURI()
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			next = localPath(r.Referer(), "/")
		}
		http.Redirect(w, r, "/signin?next="+url.QueryEscape(next), http.StatusSeeOther)
		return
	}
	if k == apperr.RateLimited {
		w.Header().Set("Retry-After", "60")
	}
	if wantsJSON(r) {
		writeJSON(w, code, map[string]string{"error": apperr.Message(err)})
		return
	}
	p := errorPage{Status: code, Message: apperr.Message(err)}
	title := errorTitles[code]
	if title == "" {
		title = http.StatusText(code)
	}
	s.render(w, r, code, "error", title, p)
}

// serve adapts a handlerFunc to http.Handler.
func (s *Server) serve(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.fail(w, r, err)
		}
	})
}

func asAppErr(err error, target **apperr.Error) bool { return errors.As(err, target) }
