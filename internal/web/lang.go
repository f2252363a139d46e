package web

import (
	"net/http"
	"slices"

	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// language picks the language of the request, first found of:
//
//  1. ?lang=cy or ?lang=en on any page (remembered in a cookie for a year,
//     and stored for a signed-in person by session);
//  2. the language cookie;
//  3. the signed-in person's stored language (set by session, which knows
//     the person: see storedLanguage);
//  4. the browser's Accept-Language (English when it names neither).
//
// Pages say so with Vary: Cookie, Accept-Language.
func (s *Server) language(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isStatic(r) {
			h.ServeHTTP(w, r)
			return
		}
		ri := kit.Info(r)
		if l, ok := i18n.Parse(r.URL.Query().Get("lang")); ok {
			ri.Lang, ri.LangChosen = l, true
			kit.SetLangCookie(w, string(l), s.secure)
		} else if c, err := r.Cookie(kit.LangCookie); err == nil {
			if l, ok := i18n.Parse(c.Value); ok {
				ri.Lang = l
			}
		}
		if ri.Lang == "" {
			ri.Lang, ri.LangGuessed = i18n.Negotiate(r.Header.Get("Accept-Language")), true
		}
		h.ServeHTTP(w, r)
	})
}

// storedLanguage applies what the signed-in person u has stored to the
// request's language: a language chosen on this request (?lang=) is stored
// for them when it differs from theirs, and one only guessed from the
// browser gives way to theirs. raw is the session, forgotten from the
// cache after a change so the next request reads the person again.
func (s *Server) storedLanguage(r *http.Request, u people.User, raw string) {
	ri := kit.Info(r)
	switch {
	case !u.SignedIn():
	case ri.LangChosen && u.Lang != ri.Lang && s.languages != nil:
		if err := s.languages.SetLanguage(r.Context(), u, ri.Lang); err != nil {
			s.log.Warn("storing a language choice", "user", u.ID, "err", err)
			return
		}
		ri.User.Lang = ri.Lang
		s.sessions.Forget(raw)
	case ri.LangGuessed && slices.Contains(i18n.Langs, u.Lang):
		ri.Lang, ri.LangGuessed = u.Lang, false
	}
}
