// Package web is Folkmoot's HTTP shell: the one route table, assembled from
// the area packages (gatherweb, accountweb, the open data in internal/api)
// with who may use each route, and the middleware around them: logging,
// panic recovery, security headers, gzip, the language, the session (with
// a short per-process cache), CSRF protection (http.CrossOriginProtection,
// trusting the origin of --base-url so a proxy that rewrites Host does not
// break forms), body limits, and rate limits handed to the areas. It also
// serves /static, /theme.css, /healthz and the 404 page.
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
