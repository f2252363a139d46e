// Package response is the Board's answer to a round's recommendations and
// the public tracker of what it committed to (issue 15, parts 1 and 2).
//
// An organiser sets the round's response deadline, which is published.
// The Board's members (internal/assembly's role board) or organisers
// answer every recommendation that passed the members' vote (agreement
// items that reached the threshold, and ranked questions that chose an
// option): accepted, accepted in part or not accepted, with reasons. An
// answer is published when it is saved. Until it is answered, a
// recommendation is shown as overdue once the deadline has passed; an
// answer saved after the deadline is shown as answered late.
//
// Each accepted or partly accepted recommendation gets commitments: a
// title, a public owner (a team or a post, never a person's name), a due
// date and a measure of success. A commitment has a status from the
// round's set (configurable, as in Decidim's accountability: each status
// has a key, an English and a Welsh label and a default progress, or keeps
// the progress it had, like "delayed") and a progress from 0 to 100, and
// dated updates with evidence links. Progress rolls up as means: a
// recommendation's over its commitments, a theme's over its
// recommendations that have commitments, the round's over its themes
// (RollUp; pure functions). An organiser records the review and stocktake
// meeting and publishes its report.
//
// Every change writes its audit.Event in the same transaction:
//
//	response.deadline   object cycle:N, details deadline (RFC 3339)
//	response.answer     object rec:N, details recommendation, theme, decision, late (yes/no)
//	response.statuses   object cycle:N
//	commitment.create   object commitment:N, details recommendation, theme, commitment, title, status (its English label), status_cy (its Welsh label), progress
//	commitment.update   object commitment:N, details as commitment.create, and update (its number) for a progress update
//	response.stocktake  object cycle:N, details published (yes/no)
//
// Must not import: internal/web/..., internal/storage/..., internal/notify, drivers, net/http, database/sql.
package response
