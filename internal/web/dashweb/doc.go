// Package dashweb is the organisers' dashboard: a round's activity day by
// day (issues raised, supports given, people taking part) as bar charts
// drawn on the server in SVG, each with its figures as a table; who is
// taking part, by organisation and by subject (people's home areas are not
// collected, so "area" is the subject an issue is tagged with); the round's
// phases, planned and as they happened; and the audit log, newest first,
// a page at a time, filtered by action. Every route is for organisers only
// and reads: nothing here changes state. No page needs JavaScript.
//
// Must not import: internal/web, internal/web/gatherweb, internal/web/accountweb, internal/web/cycleweb, internal/api, internal/storage/..., drivers.
package dashweb
