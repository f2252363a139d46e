package web

import (
	"net/http"
	"net/url"

	"github.com/folkmoot/folkmoot/internal/apperr"
)

// csrf refuses state-changing requests that a browser says come from
// another site, with Go's http.CrossOriginProtection: Sec-Fetch-Site
// (every browser since 2023), else an Origin whose host is not the
// request's Host. The origin of --base-url is trusted too, so behind a
// reverse proxy that rewrites Host (nginx's default: Host 127.0.0.1:8080,
// Origin https://gather.example.org) browsers without Sec-Fetch-Site can
// still post. Requests with neither header (curl, scripts, load tests) are
// not from a browser and pass: they carry no one's cookies by accident.
// SameSite=Lax cookies add a second line: a cross-site POST carries no
// session.
func (s *Server) csrf(h http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	if o := origin(s.cfg.BaseURL); o != "" {
		if err := cop.AddTrustedOrigin(o); err != nil {
			s.log.Error("csrf: the base URL's origin cannot be trusted", "origin", o, "err", err)
		}
	}
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.render.Fail(w, r, apperr.New(apperr.Forbidden, "This form did not come from this site. Go back, reload the page and try again."))
	}))
	return cop.Handler(h)
}

// origin returns the scheme://host[:port] of a URL, or "".
func origin(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}
