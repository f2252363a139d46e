// Package kit is what Folkmoot's web areas (gatherweb, accountweb, the open
// data API, and those the next issues add) share, so that each area is a
// small package of its own handlers and templates:
//
//   - Route and Access: each area lists its routes with who may use them
//     (Public, SignedIn, Role(r), Demo); the shell (internal/web) registers
//     them in one table and enforces Access before a handler runs.
//     Handlers return an error; the shell renders it.
//   - Renderer: a value holding the page templates, parsed once at start-up
//     for each language (the layout and shared partials live here; each
//     area hands over its own pages as an fs.FS). Template functions include
//     i18n's t, tn, date, datetime and number, bound to the language.
//   - Page data, flash messages, errors to HTTP status (apperr kinds; 401
//     redirects to sign-in; Unavailable is 503 with Retry-After; JSON for
//     API callers; never an internal cause), forms and their field errors,
//     and the request's user and language (User, Printer).
//
// Handlers never see the session cookie's checks, CSRF or rate-limit
// bookkeeping: the shell does those and puts what it learns in the request
// context with With.
//
// Must not import: internal/web, internal/web/gatherweb, internal/web/accountweb, internal/api, internal/gather, internal/storage/..., drivers.
package kit
