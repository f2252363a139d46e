// Package recommendweb is the web area of a round's recommendations and
// the assembly's secret ballot on them: the public page
// (/cycles/{id}/recommendations: each recommendation with its versions,
// amendments and minority views, and after the vote its tally as a table
// and a bar, passed or not), the published files (recommendations.json,
// ballots.csv, one ballots.blt per ranked question), the receipt page
// where a voter finds what was recorded under their receipt code, the
// drafting forms for members and facilitators, the members' ballot (one
// form, no JavaScript needed) and the organisers' threshold, open and
// close buttons.
//
// Handlers are thin: they parse a form, call the service (*recommend.Service,
// through the small Recommend interface declared here) and render a
// template; the service enforces the rules again. A recommendation's
// discussion group is shown by name through the optional Groups interface.
//
// Must not import: internal/web, internal/web/gatherweb, internal/web/cycleweb, internal/web/accountweb, internal/api, internal/storage/..., drivers.
package recommendweb
