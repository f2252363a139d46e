// Package web is Folkmoot's HTTP shell: the one route table, assembled from
// the area packages (gatherweb, accountweb, the open data in internal/api)
// with who may use each route, and the middleware around them: logging,
// panic recovery, security headers, gzip, the language, the session (with
// a short per-process cache), CSRF protection (http.CrossOriginProtection,
// trusting the origin of --base-url so a proxy that rewrites Host does not
// break forms), body limits, and rate limits handed to the areas. It also
// serves /static, /theme.css, /healthz and the 404 page.
//
// Live updates (live.go): the shell gives the areas the process's live
// broker, a limit on open event streams (Deps.MaxStreams, 1,000) and a
// channel closed on shutdown (StopStreams, for RegisterOnShutdown). Its
// session cache is keyed by the session's hash and listens on the broker:
// a sign-out ("session") or a change to a user's roles, name or language
// ("user") on any server drops the entries at once, and Lagged drops them
// all; AnnounceSignOut and AnnounceUserChange are the people service's
// hooks that publish them. Rate limits stay per process.
//
// The shell enforces each route's kit.Access before its handler runs (the
// domain services check again) and renders a handler's error with the
// kit's Renderer. It has no handlers of its own areas.
//
// Every page works without JavaScript and names no outside host; the
// Content-Security-Policy forbids inline script and style, so the
// organisation's colours are served as a small stylesheet (/theme.css).
//
// Must not import: internal/storage/..., drivers.
package web
