package kit

import (
	"net/http"
	"net/url"
	"time"
)

// Cookie names. Every cookie is HttpOnly and SameSite=Lax (a cross-site
// POST carries none of them), Secure when the site is served over https.
const (
	SessionCookie = "fm_session" // the raw session id
	LangCookie    = "fm_lang"    // the chosen language, "en" or "cy", for a year
	FlashCookie   = "fm_flash"   // a one-off confirmation for the next page
)

// langCookieLife is how long a language choice is remembered.
const langCookieLife = 365 * 24 * time.Hour

// SetSessionCookie starts a session in the browser.
func SetSessionCookie(w http.ResponseWriter, raw string, expires time.Time, secure bool) {
	http.SetCookie(w, &http.Cookie{
		Name: SessionCookie, Value: raw, Path: "/", Expires: expires,
		HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode,
	})
}

// ClearSessionCookie ends the session in the browser.
func ClearSessionCookie(w http.ResponseWriter, secure bool) {
	http.SetCookie(w, &http.Cookie{
		Name: SessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode,
	})
}

// SetLangCookie remembers a language choice for a year.
func SetLangCookie(w http.ResponseWriter, lang string, secure bool) {
	http.SetCookie(w, &http.Cookie{
		Name: LangCookie, Value: lang, Path: "/", MaxAge: int(langCookieLife / time.Second),
		HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode,
	})
}

// maxFlash bounds a flash message read back from a cookie.
const maxFlash = 400

func setFlash(w http.ResponseWriter, msg string, secure bool) {
	http.SetCookie(w, &http.Cookie{Name: FlashCookie, Value: url.QueryEscape(msg), Path: "/", MaxAge: 60,
		HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode})
}

// takeFlash returns the flash message of r, if any, and clears it.
func takeFlash(w http.ResponseWriter, r *http.Request, secure bool) string {
	c, err := r.Cookie(FlashCookie)
	if err != nil {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: FlashCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode})
	msg, err := url.QueryUnescape(c.Value)
	if err != nil || len(msg) > maxFlash {
		return ""
	}
	return msg
}
