package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
)

const (
	csrfField      = "csrf" // hidden form field
	csrfHeader     = "X-CSRF-Token"
	anonCookieName = "fm_csrf" // random value binding forms shown before sign-in
)

// csrfToken returns the token to put in the forms of this response. For a
// signed-in person it is an HMAC of their session id (a per-session token
// that needs no storage); before sign-in it is an HMAC of a random cookie
// set here (a signed double-submit cookie), so an attacker who can plant a
// cookie still cannot forge the matching token without the server key.
func (s *Server) csrfToken(w http.ResponseWriter, r *http.Request) string {
	ri := info(r)
	if ri.sessionID != "" {
		return s.mac("s:" + ri.sessionID)
	}
	if ri.anon == "" {
		if c, err := r.Cookie(anonCookieName); err == nil && len(c.Value) == 43 {
			ri.anon = c.Value
		} else {
			var b [32]byte
			rand.Read(b[:])
			ri.anon = base64.RawURLEncoding.EncodeToString(b[:])
			http.SetCookie(w, &http.Cookie{
				Name: anonCookieName, Value: ri.anon, Path: "/", HttpOnly: true,
				Secure: s.secure, SameSite: http.SameSiteLaxMode,
			})
		}
	}
	return s.mac("a:" + ri.anon)
}

// csrfOK reports whether r (a state-changing request whose form is parsed)
// carries the token its session or cookie calls for, and comes from this
// site when the browser says where it comes from.
func (s *Server) csrfOK(r *http.Request) bool {
	if site := r.Header.Get("Sec-Fetch-Site"); site == "cross-site" {
		return false
	}
	if o := r.Header.Get("Origin"); o != "" && o != "null" {
		u, err := url.Parse(o)
		if err != nil || u.Host != r.Host {
			return false
		}
	}
	got := r.Header.Get(csrfHeader)
	if got == "" {
		got = r.PostFormValue(csrfField)
	}
	if got == "" {
		return false
	}
	ri := info(r)
	var want string
	switch {
	case ri.sessionID != "":
		want = s.mac("s:" + ri.sessionID)
	default:
		c, err := r.Cookie(anonCookieName)
		if err != nil || c.Value == "" {
			return false
		}
		want = s.mac("a:" + c.Value)
	}
	return hmac.Equal([]byte(got), []byte(want))
}

// mac returns the base64 HMAC-SHA-256 of msg under the server key.
func (s *Server) mac(msg string) string {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(msg))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}
