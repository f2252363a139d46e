// Package cycleweb is the web area of rounds: the list of a programme's
// rounds, each round's public page (its phase, what happens now and next,
// the planned dates and the timeline of every move), following a round,
// and the organisers' pages to create a round, plan its phases and move it
// from one phase to the next.
//
// Handlers are thin: they parse a form, call the rounds service
// (*cycle.Service, through the small Rounds interface declared here) and
// render a template; the service enforces the rules again.
//
// Must not import: internal/web, internal/web/gatherweb, internal/web/accountweb, internal/api, internal/storage/..., drivers.
package cycleweb
