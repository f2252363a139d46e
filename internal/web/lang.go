package web

import (
	"net/http"

	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// language picks the language of the request: ?lang=cy or ?lang=en on any
// page (remembered in a cookie for a year), else the cookie, else the
// browser's Accept-Language. Pages say so with Vary: Cookie,
// Accept-Language.
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
			ri.Lang = i18n.Negotiate(r.Header.Get("Accept-Language"))
		}
		h.ServeHTTP(w, r)
	})
}
