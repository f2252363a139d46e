// Package recruitweb is the web area of the recruitment of a round's
// assembly: the organisers' pages under /cycles/{id}/recruitment (the
// questions and census shares, importing a list of addresses, drawing
// invitations with a published seed, the invitation letters as printable
// HTML and a mail-merge CSV, the registrations and withdrawing a person),
// the public page of a round's recruitment (counts, aggregates, seeds),
// and the pages a person uses with the code of their letter: /register
// (the registration form) and /register/withdraw.
//
// Every page works without JavaScript and on a 320 px phone. Handlers are
// thin: they parse a form, call the recruitment service
// (*recruit.Service, through the small Recruitment interface declared
// here) and render a template; the service checks roles and the phase.
//
// Must not import: internal/web, internal/web/gatherweb, internal/web/cycleweb, internal/web/accountweb, internal/api, internal/storage/..., drivers.
package recruitweb
