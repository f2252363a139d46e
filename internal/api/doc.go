// Package api serves Folkmoot's open data: every public issue as JSON
// (/issues.json) and CSV (/issues.csv), themes as JSON (/themes.json), and
// Atom feeds of new issues (/feed.atom) and of one issue's updates
// (/issues/{id}/feed.atom). Exports stream a page at a time (keyset
// paging), so they take constant memory at any size.
//
// Its routes are kit.Routes, all Public, registered by the shell in the one
// route table; errors are answered by the kit's Renderer (JSON for API
// callers). Feed titles are in the request's language.
//
// Must not import: internal/web, internal/web/gatherweb, internal/web/accountweb, internal/storage/..., drivers.
package api
