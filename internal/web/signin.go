package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/mail"
	"github.com/folkmoot/folkmoot/internal/people"
)

var errNotFound = apperr.New(apperr.NotFound, "There is no page at this address.")

type signinData struct {
	Form   *form
	Next   string
	Expiry string
}

// expiryText says how long a sign-in link works, e.g. "20 minutes".
func (s *Server) expiryText() string {
	d := s.cfg.SignInExpiry
	if d >= time.Hour && d%time.Hour == 0 {
		return plural(int(d/time.Hour), "hour", "hours")
	}
	return plural(int(d.Round(time.Minute)/time.Minute), "minute", "minutes")
}

// signinForm: GET /signin, anyone.
func (s *Server) signinForm(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "signin", "Sign in", signinData{
		Form: &form{}, Next: localPath(r.URL.Query().Get("next"), "/"), Expiry: s.expiryText(),
	})
	return nil
}

// signinSend: POST /signin, anyone; rate-limited per IP address and per
// email address. It emails a one-time link.
func (s *Server) signinSend(w http.ResponseWriter, r *http.Request) error {
	email := strings.TrimSpace(r.PostFormValue("email"))
	next := localPath(r.PostFormValue("next"), "/")
	now := time.Now()
	if !s.signinLimit.allow("ip:"+clientIP(r, s.cfg.TrustProxy), now) || !s.signinLimit.allow("email:"+strings.ToLower(email), now) {
		return apperr.New(apperr.RateLimited, "Too many sign-in links have been asked for. Wait a minute, then try again.")
	}
	token, _, err := s.people.RequestSignIn(r.Context(), email)
	if apperr.Is(err, apperr.Invalid) {
		f := &form{Values: url.Values{"email": {email}}, Errs: []fieldError{{"email", fieldMessage(err, "Enter an email address in the correct format, like name@example.com")}}}
		s.renderPage(w, r, http.StatusUnprocessableEntity, "signin", &page{Title: "Sign in", Errors: f.Errs, Data: signinData{Form: f, Next: next, Expiry: s.expiryText()}})
		return nil
	}
	if err != nil {
		return err
	}
	if norm, err := people.NormaliseEmail(email); err == nil {
		email = norm
	}
	link := s.cfg.BaseURL + "/signin/" + token
	if next != "/" {
		link += "?next=" + url.QueryEscape(next)
	}
	msg := mail.Message{
		To:      email,
		Subject: fmt.Sprintf("Your sign-in link for %s %s", s.cfg.OrgName, s.cfg.ServiceName),
		Body: fmt.Sprintf("Hello,\n\nOpen this link to sign in to %s %s:\n\n%s\n\nIt works once, for %s. If you did not ask to sign in, ignore this email: nobody can sign in without the link.\n\n%s",
			s.cfg.OrgName, s.cfg.ServiceName, link, s.expiryText(), s.cfg.OrgName),
	}
	if err := s.mail.Send(r.Context(), msg); err != nil {
		if errors.Is(err, mail.ErrInvalid) {
			f := &form{Values: url.Values{"email": {email}}, Errs: []fieldError{{"email", "Enter an email address in the correct format, like name@example.com"}}}
			s.renderPage(w, r, http.StatusUnprocessableEntity, "signin", &page{Title: "Sign in", Errors: f.Errs, Data: signinData{Form: f, Next: next, Expiry: s.expiryText()}})
			return nil
		}
		return apperr.Wrap(apperr.Unavailable, err, "We could not send the email just now. Try again in a few minutes.")
	}
	s.render(w, r, http.StatusOK, "signin_sent", "Check your email", struct{ Email, Expiry string }{email, s.expiryText()})
	return nil
}

// signinConfirm: GET /signin/{token}, anyone. It does not use the token:
// mail scanners follow links, so only the button (a POST) signs in.
func (s *Server) signinConfirm(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Referrer-Policy", "no-referrer")
	s.render(w, r, http.StatusOK, "signin_confirm", "Sign in", struct{ Token, Next string }{
		r.PathValue("token"), localPath(r.URL.Query().Get("next"), "/"),
	})
	return nil
}

// signinFinish: POST /signin/{token}, anyone holding a valid link.
func (s *Server) signinFinish(w http.ResponseWriter, r *http.Request) error {
	if !s.signinLimit.allow("finish:"+clientIP(r, s.cfg.TrustProxy), time.Now()) {
		return apperr.New(apperr.RateLimited, "Too many sign-in attempts. Wait a minute, then try again.")
	}
	u, raw, sess, err := s.people.SignIn(r.Context(), r.PathValue("token"))
	if apperr.Is(err, apperr.Unauthenticated) {
		s.renderPage(w, r, http.StatusUnauthorized, "error", &page{Title: "This link does not work", Data: errorPage{Status: 401, Message: apperr.Message(err), SignIn: "/signin"}})
		return nil
	}
	if err != nil {
		return err
	}
	s.setSessionCookie(w, raw, sess.Expires)
	next := localPath(r.PostFormValue("next"), "/")
	if s.now().Sub(u.Created) < 10*time.Minute {
		// A new account: ask for the name others will see first.
		s.flash(w, "Welcome. Choose the name shown next to what you write, then carry on.")
		http.Redirect(w, r, "/account?next="+url.QueryEscape(next), http.StatusSeeOther)
		return nil
	}
	s.flash(w, "You are signed in as "+u.DisplayName+".")
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// signoutForm: GET /signout, anyone (shows a button when signed in).
func (s *Server) signoutForm(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "signout", "Sign out", nil)
	return nil
}

// signout: POST /signout, anyone; ends the session.
func (s *Server) signout(w http.ResponseWriter, r *http.Request) error {
	ri := info(r)
	if ri.sessionID != "" {
		s.sessions.forget(ri.sessionID)
		if err := s.people.SignOut(r.Context(), ri.user, ri.sessionID); err != nil {
			return err
		}
	}
	s.clearSessionCookie(w)
	s.flash(w, "You have signed out.")
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

// outboxList: GET /outbox, anyone, demo only.
func (s *Server) outboxList(w http.ResponseWriter, r *http.Request) error {
	msgs, err := s.outbox.List()
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "outbox", "Outbox", struct{ Messages []mail.Message }{msgs})
	return nil
}

// outboxMessage: GET /outbox/{id}, anyone, demo only.
func (s *Server) outboxMessage(w http.ResponseWriter, r *http.Request) error {
	m, err := s.outbox.Get(r.PathValue("id"))
	if errors.Is(err, mail.ErrNotFound) {
		return apperr.New(apperr.NotFound, "There is no such message in the outbox.")
	}
	if err != nil {
		return err
	}
	s.renderPage(w, r, http.StatusOK, "outbox_message", &page{Title: m.Subject, Data: m, Breadcrumbs: []crumb{{"Outbox", "/outbox"}}})
	return nil
}

// fieldMessage returns err's user message when it is about a field, else
// fallback.
func fieldMessage(err error, fallback string) string {
	var e *apperr.Error
	if errors.As(err, &e) && e.Field != "" && e.Message != "" {
		return e.Message
	}
	return fallback
}
