// Package qualityweb is the web area of a round's quality self-assessment
// against the OECD's Good Practice Principles: the public page
// (/cycles/{id}/quality: each principle with the platform's automatic
// proofs — a tick, a cross or a dash, always with words — the organisers'
// rating, narrative and evidence links, and the independent assessor's
// sign-off, with the live re-check beside the proofs as signed when they
// differ), the published quality.json, the organisers' form for one
// principle and for naming the assessor, and the assessor's review form
// (sign off with a statement, or return with comments). Every form works
// without JavaScript.
//
// Handlers are thin: they parse a form, call the service
// (*quality.Service, through the Quality interface declared here) and
// render a template; the service enforces the rules again.
//
// Must not import: internal/web, internal/web/gatherweb, internal/web/cycleweb, internal/web/recommendweb, internal/api, internal/storage/..., drivers.
package qualityweb
