package web

import (
	"context"
	"net/http"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/assets"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// table collects every area's routes: the one route table. It refuses a
// route without an Access, and leaves out Demo routes outside demos.
func (s *Server) table(areas []kit.Area) ([]kit.Route, error) {
	var all []kit.Route
	for _, a := range areas {
		for _, rt := range a.Routes() {
			if rt.Access.IsDemo() && !s.demo {
				continue
			}
			all = append(all, rt)
		}
	}
	if err := kit.CheckRoutes(all); err != nil {
		return nil, err
	}
	return all, nil
}

// mux registers the table on a ServeMux, each route behind its Access
// check, and the 404 page for everything else.
func (s *Server) mux() *http.ServeMux {
	m := http.NewServeMux()
	for _, rt := range s.routes {
		m.Handle(rt.Method+" "+rt.Pattern, s.guard(rt))
	}
	m.Handle("/", s.guard(kit.Route{Access: kit.Public, Handler: func(http.ResponseWriter, *http.Request) error {
		return kit.ErrNotFound
	}}))
	return m
}

// guard enforces rt's Access, then runs its handler and renders its error.
// A person who may not use the route is sent to sign in (not signed in) or
// told they cannot (403), and the handler never runs.
func (s *Server) guard(rt kit.Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := rt.Access.Check(kit.User(r)); err != nil {
			s.render.Fail(w, r, err)
			return
		}
		if isUpload(r) && r.Method != http.MethodGet && r.Method != http.MethodHead {
			if rt.MaxBody <= 0 {
				s.render.Fail(w, r, apperr.New(apperr.Invalid, "The form could not be read. Go back and try again."))
				return
			}
			r.Body = http.MaxBytesReader(w, r.Body, rt.MaxBody)
		}
		if err := rt.Handler(w, r); err != nil {
			s.render.Fail(w, r, err)
		}
	})
}

// own is the shell's own area: static files, the theme's colours and the
// health check.
type own struct{ s *Server }

// Routes lists the shell's routes.
func (o own) Routes() []kit.Route {
	static := assets.Handler()
	return []kit.Route{
		{Method: "GET", Pattern: "/static/", Access: kit.Public, Handler: func(w http.ResponseWriter, r *http.Request) error {
			static.ServeHTTP(w, r)
			return nil
		}},
		{Method: "GET", Pattern: "/theme.css", Access: kit.Public, Handler: o.s.theme},
		{Method: "GET", Pattern: "/healthz", Access: kit.Public, Handler: o.s.healthz},
	}
}

// theme serves the organisation's colours as a stylesheet (the CSP allows
// no inline style).
func (s *Server) theme(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Write(s.themeCSS)
	return nil
}

// healthTimeout bounds the health check of /healthz.
const healthTimeout = 3 * time.Second

// healthz answers "ok" when the server can work: its health check (the
// database) passes. Otherwise 503, with the reason in the log only.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if s.health != nil {
		ctx, cancel := context.WithTimeout(r.Context(), healthTimeout)
		defer cancel()
		if err := s.health(ctx); err != nil {
			s.log.Error("health check failed", "err", err)
			w.Header().Set("Retry-After", kit.RetryAfterUnavailable)
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte("unavailable\n"))
			return nil
		}
	}
	w.Write([]byte("ok\n"))
	return nil
}
