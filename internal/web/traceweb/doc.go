// Package traceweb is the web area of an issue's trace (internal/trace):
// the public page /issues/{id}/trace, "What happened to this issue" — its
// theme, whether the citizens' jury chose it and why, the evidence and
// discussion, the recommendations it led to and whether they passed, the
// Board's answers and the commitments with their progress, then every
// step dated with the current one marked — and the same as JSON at
// /issues/{id}/trace.json, its texts in the request's language.
//
// The page is plain HTML (no JavaScript), one column at phone widths.
//
// Must not import: internal/web, internal/web/gatherweb, internal/web/cycleweb, internal/web/accountweb, internal/api, internal/storage/..., drivers.
package traceweb
