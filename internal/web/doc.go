// Package web is Folkmoot's HTTP server: server-rendered pages on the NHS.UK
// frontend, the open-data exports and feeds, and the middleware around them
// (sessions, CSRF, rate limits, security headers, logging).
//
// Handlers are thin: they parse a form, call a domain service (gather,
// people), and render a template. Templates are embedded and parsed once in
// New. Every page works without JavaScript and names no outside host; the
// Content-Security-Policy forbids inline script and style, so the
// organisation's colours are served as a small stylesheet (/theme.css).
//
// Application errors (internal/apperr) are turned into HTTP status codes here
// and nowhere else.
//
// This package may import the domain packages (gather, people, similar),
// internal/mail, internal/config and internal/apperr. It must not import a
// storage adapter: cmd/folkmoot wires those in.
//
// Must not import: internal/storage/..., drivers.
package web
