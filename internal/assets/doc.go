// Package assets embeds and serves folkmoot's static files under /static/:
// the NHS.UK frontend CSS, JavaScript and icons (copied from npm by
// `make assets`, see mk/gather.mk and static/vendor/README.md) and
// folkmoot's own small stylesheet, script and favicon.
//
// No file served here names another host: the NHS.UK stylesheet's web font
// (loaded from an NHS site upstream) is replaced by a system font stack.
// assets_test.go checks this, and [OutsideURLs] lets other tests check pages.
//
// # Linking from templates
//
// Use [URL] (also the template function "asset" from [FuncMap]) so that each
// link carries a content hash (?v=…) and can be cached for a year:
//
//	<link rel="icon" href="{{asset "favicon.svg"}}" type="image/svg+xml">
//	<link rel="stylesheet" href="{{asset "vendor/nhsuk-frontend/nhsuk-frontend.min.css"}}">
//	<link rel="stylesheet" href="{{asset "folkmoot.css"}}">
//	...
//	<script type="module" src="{{asset "folkmoot.js"}}"></script>   (last thing in <body>)
//
// The same names are the constants [NHSUKCSS], [FolkmootCSS], [FolkmootJS]
// and [Favicon]. The plain paths (without the hash) are
// /static/vendor/nhsuk-frontend/nhsuk-frontend.min.css,
// /static/folkmoot.css, /static/folkmoot.js and /static/favicon.svg.
// folkmoot.js is an ES module that imports nhsuk-frontend.min.js (served
// with that file's hash in the import, ?v=, rewritten when the files are
// loaded, so the NHS.UK script is versioned like every other asset), adds the
// body classes "js-enabled nhsuk-frontend-supported" and calls initAll():
// do not add inline scripts (the CSP is default-src 'self').
//
// Markup follows NHS.UK frontend 10 (classes nhsuk-header, nhsuk-skip-link,
// nhsuk-width-container, nhsuk-main-wrapper, nhsuk-breadcrumb,
// nhsuk-error-summary, nhsuk-form-group, nhsuk-hint, nhsuk-error-message,
// nhsuk-input, nhsuk-textarea, nhsuk-button, nhsuk-tag, nhsuk-summary-list,
// nhsuk-pagination, nhsuk-footer, ...). folkmoot.css adds a few classes
// starting with "fm-": fm-brand-header (on nhsuk-header; colour from the CSS
// variable --fm-brand), fm-header-name (organisation name instead of the NHS
// logo), fm-count, fm-issue-list, fm-issue-meta, fm-comment (nest one inside
// another for a reply; fm-comment--hidden marks one hidden by a moderator,
// which folkmoot.js does not count as new), fm-actions (a row of small
// forms), fm-live-notice (the "show the new comments" link folkmoot.js adds)
// and fm-visually-hidden.
//
// Mount the handler with mux.Handle("GET /static/", assets.Handler()).
//
// This package must not import any other folkmoot package: it is a leaf.
//
// May import only: the standard library.
package assets
