// Package gatherweb is the Gather area of the web app: the home page, the
// list and pages of issues, raising, changing and withdrawing an issue
// (with the similar-issue check), support, following, comments, reports,
// moderation (queue, hide and show, the public log), themes and the
// organisers' theme tools and suggestions, /issues/similar for scripts,
// the similar-issue index that feeds them, and the live updates of issue
// pages (GET /issues/{id}/events; see events.go and fragments.go).
//
// Each handler file serves one action or a close group of actions. Routes
// and who may use them are listed in Routes (the shell enforces the
// Access; the gather service checks again). The package declares the few
// methods it needs of the gather service as small interfaces, one per
// group of handlers, so tests can fake one part.
//
// Must not import: internal/web, internal/web/accountweb, internal/api, internal/storage/..., drivers.
package gatherweb
