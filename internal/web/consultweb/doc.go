// Package consultweb is the web area of the public consultation on a
// round's recommendations (internal/consult): the public page
// (/cycles/{id}/consultation: each consulted recommendation with the
// counts of every question, the approved comments, its agreement in each
// opinion group, the opinion map as an SVG with a table beside it, and the
// Board's answer next to it when there is one), the published files
// (consultation.json, consultation.csv), the response form for anyone
// signed in (one per recommendation, no JavaScript needed, changeable
// until the consultation closes) and the organisers' page to open and
// close the consultation, add questions and moderate the comments.
//
// The Board's answers come from another area through the optional
// Answers interface declared here; without it the page says the Board has
// not answered yet.
//
// Must not import: internal/web, internal/web/gatherweb, internal/web/cycleweb, internal/web/accountweb, internal/web/recommendweb, internal/api, internal/storage/..., drivers.
package consultweb
