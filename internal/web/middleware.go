package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/people"
)

const sessionCookieName = "fm_session"

// maxFormBytes bounds every request body: the longest form (an issue) is a
// few kilobytes.
const maxFormBytes = 64 << 10

// reqInfo is what the middleware learns about a request, shared with
// handlers through the context.
type reqInfo struct {
	user      people.User // Anonymous unless signed in
	sessionID string      // raw session id from the cookie, when valid
	anon      string      // anonymous CSRF cookie value, once known
	start     time.Time
}

type ctxKey struct{}

// info returns the request's reqInfo (an empty one outside the middleware,
// as in unit tests of single handlers).
func info(r *http.Request) *reqInfo {
	if ri, ok := r.Context().Value(ctxKey{}).(*reqInfo); ok {
		return ri
	}
	return &reqInfo{}
}

// userOf returns the signed-in user of r, or people.Anonymous.
func userOf(r *http.Request) people.User { return info(r).user }

// wrap puts the middleware around the router, outermost first: log,
// recover, security headers, compression, session, CSRF.
func (s *Server) wrap(h http.Handler) http.Handler {
	return s.logger(s.recoverer(s.headers(s.gzipper(s.session(s.csrf(h))))))
}

func (s *Server) recoverer(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				s.fail(w, r, apperr.New(apperr.Internal, "panic"))
			}
		}()
		h.ServeHTTP(w, r)
	})
}

// recorder captures the status and size of a response for the log.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += n
	return n, err
}

func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

var recorderPool = sync.Pool{New: func() any { return new(recorder) }}

// logger logs one line per request with log/slog, and installs the reqInfo.
// Static files and successful supports are logged at Debug level so that a
// load test does not spend its time writing logs.
func (s *Server) logger(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ri := &reqInfo{start: time.Now()}
		r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, ri))
		rec := recorderPool.Get().(*recorder)
		*rec = recorder{ResponseWriter: w}
		h.ServeHTTP(rec, r)
		level := slog.LevelInfo
		if rec.status < 400 && (strings.HasPrefix(r.URL.Path, "/static/") || strings.HasSuffix(r.URL.Path, "/support") || r.URL.Path == "/healthz") {
			level = slog.LevelDebug
		}
		if s.log.Enabled(r.Context(), level) {
			s.log.LogAttrs(r.Context(), level, "request",
				slog.String("method", r.Method), slog.String("path", r.URL.Path),
				slog.Int("status", rec.status), slog.Int("bytes", rec.bytes),
				slog.Duration("took", time.Since(ri.start)), slog.Int64("user", ri.user.ID))
		}
		rec.ResponseWriter = nil
		recorderPool.Put(rec)
	})
}

// csp is the Content-Security-Policy of every response: only this site's
// own files, no inline script or style, no framing, forms post only here.
const csp = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

func (s *Server) headers(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", csp)
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "same-origin")
		hd.Set("Cross-Origin-Opener-Policy", "same-origin")
		hd.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
		if s.secure {
			hd.Set("Strict-Transport-Security", "max-age=31536000")
		}
		h.ServeHTTP(w, r)
	})
}

// session loads the signed-in user from the session cookie. A stale cookie
// is cleared; the request goes on anonymously.
func (s *Server) session(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/static/") {
			h.ServeHTTP(w, r)
			return
		}
		c, err := r.Cookie(sessionCookieName)
		if err == nil && c.Value != "" {
			u, err := s.authenticate(r.Context(), c.Value)
			switch {
			case err == nil:
				ri := info(r)
				ri.user, ri.sessionID = u, c.Value
			case apperr.Is(err, apperr.Unauthenticated) || apperr.Is(err, apperr.NotFound):
				s.clearSessionCookie(w)
			default:
				s.fail(w, r, err)
				return
			}
		}
		h.ServeHTTP(w, r)
	})
}

// csrf rejects state-changing requests without the right token; see csrfOK.
func (s *Server) csrf(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			h.ServeHTTP(w, r)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		if err := r.ParseForm(); err != nil {
			s.fail(w, r, apperr.Wrap(apperr.Invalid, err, "The form could not be read. Go back and try again."))
			return
		}
		if !s.csrfOK(r) {
			s.fail(w, r, apperr.New(apperr.Forbidden, "This form has expired or did not come from this site. Go back, reload the page and try again."))
			return
		}
		h.ServeHTTP(w, r)
	})
}

func (s *Server) setSessionCookie(w http.ResponseWriter, raw string, expires time.Time) {
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookieName, Value: raw, Path: "/", Expires: expires,
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode,
	})
}

func (s *Server) clearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookieName, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode,
	})
}

// sessionCache remembers recent session lookups for a few seconds, so that
// a burst of requests (supports) costs one database read per person. A
// signed-out session is forgotten at once in this process; another process
// sharing the database may accept it for at most sessionCacheTTL.
type sessionCache struct {
	mu sync.Mutex
	m  map[string]cachedSession
}

type cachedSession struct {
	user    people.User
	expires time.Time
}

const sessionCacheTTL = 5 * time.Second

func (c *sessionCache) get(raw string, now time.Time) (people.User, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[raw]
	if !ok || now.After(e.expires) {
		return people.User{}, false
	}
	return e.user, true
}

func (c *sessionCache) put(raw string, u people.User, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) > 20000 {
		c.m = map[string]cachedSession{}
	}
	c.m[raw] = cachedSession{user: u, expires: now.Add(sessionCacheTTL)}
}

func (c *sessionCache) forget(raw string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, raw)
}

func (s *Server) authenticate(ctx context.Context, raw string) (people.User, error) {
	now := time.Now()
	if u, ok := s.sessions.get(raw, now); ok {
		return u, nil
	}
	u, _, err := s.people.Authenticate(ctx, raw)
	if err != nil {
		return people.User{}, err
	}
	s.sessions.put(raw, u, now)
	return u, nil
}

// requireUser returns the signed-in user, or an Unauthenticated error.
func requireUser(r *http.Request) (people.User, error) {
	u := userOf(r)
	if !u.SignedIn() {
		return u, apperr.New(apperr.Unauthenticated, "Sign in to do this.")
	}
	return u, nil
}

// requireRole returns the signed-in user if they hold role, or an error.
func requireRole(r *http.Request, role people.Role, what string) (people.User, error) {
	u, err := requireUser(r)
	if err != nil {
		return u, err
	}
	return u, people.MustRole(u, role)
}
