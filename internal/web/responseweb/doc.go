// Package responseweb is the web area of the Board's response and the
// accountability tracker: the public page of the Board's answers beside
// each recommendation that passed (/cycles/{id}/response: overdue and
// late marks, commitments with progress bars, roll-ups per theme and
// round), one commitment with its dated updates, the published files
// (responses.json, commitments.csv), the stocktake report with its charts
// (server-rendered SVG, each with a table beside it), its JSON and a PDF
// made with fpdf in the request's language (fonts/ holds the DejaVu Sans
// it embeds for Welsh letters), and the forms: the Board's answer and
// commitments, commitments' edits and progress updates, and the
// organisers' deadline, statuses and stocktake. No page needs JavaScript.
//
// Handlers are thin: they parse a form, call the service
// (*response.Service, through the Response interface declared here) and
// render a template; the service enforces the rules again.
//
// Must not import: internal/web, internal/web/gatherweb, internal/web/cycleweb, internal/web/accountweb, internal/api, internal/storage/..., drivers.
package responseweb
