// Package webtest is the one test harness of the web app, shared by the
// tests of the shell (internal/web), every area (gatherweb, accountweb)
// and the open data (internal/api): a real Server over a real database
// (SQLite in a temporary folder, and PostgreSQL in a fresh schema when
// reachable) with a programme whose round is open, a browser-like client
// that keeps cookies and sends the headers browsers send, sign-in through
// the outbox, and helpers to post forms.
//
// It is for tests only: it opens databases, so no non-test package may
// import it. Area tests that use it are external test packages
// (package gatherweb_test), since webtest imports the areas.
//
// Must not import: cmd/..., internal/e2e.
package webtest
