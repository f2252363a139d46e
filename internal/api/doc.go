// Package api serves Folkmoot's open data: every public issue as JSON
// (/issues.json) and CSV (/issues.csv), themes as JSON (/themes.json), and
// Atom feeds of new issues (/feed.atom) and of one issue's updates
// (/issues/{id}/feed.atom). The exports (issues.json, issues.csv,
// themes.json) are served from a snapshot in memory, rebuilt by one
// goroutine when asked for after the data changed (paced by how long a
// build takes; see snapshot.go),
// with ETag and Last-Modified (304 to conditional requests), paging of
// issues.json (?page=, ?per_page=) and a per-address rate limit
// (kit.Limits.Export), so that people downloading them cannot starve the
// people taking part. issues.csv starts with a UTF-8 byte-order mark and
// names each issue's theme.
//
// Its routes are kit.Routes, all Public, registered by the shell in the one
// route table; errors are answered by the kit's Renderer (JSON for API
// callers). Feed titles are in the request's language.
//
// /api/openapi.json is the OpenAPI 3 document of the whole read-only API
// (openapi.json, embedded; docs/api.md), and /api the page that explains it.
//
// Must not import: internal/web, internal/web/gatherweb, internal/web/accountweb, internal/storage/..., drivers.
package api
