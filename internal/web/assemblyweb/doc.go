// Package assemblyweb is the web area of who takes part in a round's
// assembly: the public page /cycles/{id}/assembly (how many members, and
// the names of the facilitators, Board members and advisory committee,
// who act in public) and the organisers' page to name people by email,
// name the members the lottery chose, and take a part away.
//
// Members' names and everyone's email addresses are shown only to
// organisers. Handlers are thin: they call *assembly.Service through the
// small People interface declared here; the service enforces the rules.
//
// Must not import: internal/web, internal/web/gatherweb, internal/web/cycleweb, internal/web/accountweb, internal/api, internal/storage/..., drivers.
package assemblyweb
