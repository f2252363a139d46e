package web

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// maxFormBytes bounds every request body: the longest form (an issue) is a
// few kilobytes.
const maxFormBytes = 64 << 10

// maxUploadBytes bounds every file upload (multipart/form-data); each
// route that takes one sets its own, smaller bound (kit.Route.MaxBody).
const maxUploadBytes = 32 << 20

// isUpload reports a multipart/form-data request.
func isUpload(r *http.Request) bool {
	return strings.HasPrefix(strings.ToLower(r.Header.Get("Content-Type")), "multipart/form-data")
}

// wrap puts the middleware around the router, outermost first: log,
// recover, security headers, compression, language, session, CSRF, body.
func (s *Server) wrap(h http.Handler) http.Handler {
	return s.logger(s.recoverer(s.headers(gzipper(s.language(s.session(s.csrf(s.body(h))))))))
}

func (s *Server) recoverer(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				s.render.Fail(w, r, apperr.New(apperr.Internal, "panic"))
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

// logger logs one line per request with log/slog, and installs the
// request's kit.Request (with the client's address). Static files,
// /healthz and successful supports are logged at Debug level so that a
// load test does not spend its time writing logs.
func (s *Server) logger(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ri := &kit.Request{Start: time.Now(), ClientIP: clientIP(r, s.cfg.TrustProxy)}
		r = kit.With(r, ri)
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
				slog.Duration("took", time.Since(ri.Start)), slog.Int64("user", ri.User.ID))
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

// body bounds and parses the form of a state-changing request (after the
// CSRF check), so handlers read r.PostForm.
func (s *Server) body(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			h.ServeHTTP(w, r)
			return
		}
		if isUpload(r) {
			// A file upload: the route's guard bounds it (kit.Route.MaxBody)
			// or refuses it, before its handler reads it.
			r.Body = http.MaxBytesReader(w, r.Body, maxUploadBytes)
			h.ServeHTTP(w, r)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		if err := r.ParseForm(); err != nil {
			s.render.Fail(w, r, apperr.Wrap(apperr.Invalid, err, "The form could not be read. Go back and try again."))
			return
		}
		h.ServeHTTP(w, r)
	})
}

// isStatic reports whether r is for a static file, which needs no session
// or language.
func isStatic(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/static/") }
