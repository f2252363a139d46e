// Package consult is the optional public consultation on a round's
// recommendations (issue 15, part 4): once the assembly's vote is counted
// and the round is in its Response phase, an organiser may open the
// recommendations that passed (recommend's Results, agreement items that
// Passed) to everyone signed in, and close the consultation again.
//
// Each recommendation carries the default question "How far do you agree
// with this recommendation?" (agree, disagree, unsure), any questions the
// organisers add to it (a single choice among options, or a scale from 1
// to 5; in English and Welsh), and a free-text box, "Anything else?". A
// person responds once per recommendation and may change their answers
// until the consultation closes. Free text is sealed at rest
// (internal/sealed, in the store) and is published, without any name, only
// once an organiser approves it.
//
// The summary counts the answers to every question, lists the approved
// comments, and maps the agree/disagree answers with internal/opinions
// (participants × recommendations; agree +1, disagree −1, unsure a pass),
// as internal/room maps reactions: opinion groups, each recommendation's
// agreement per group, and the recommendations of consensus. The summary
// is recomputed only when something changed (Store.ConsultStamp).
//
// The gate (cycle.Consult) allows opening, adding questions and
// responding in the Response phase only; closing and moderation are
// allowed whenever a consultation exists, so one left open when the round
// moves on can still be closed and its comments decided.
//
// Every change is audited in its own transaction: consult.open,
// consult.close, consult.question, consult.respond (the recommendation
// only, never the answers) and consult.moderate.
//
// Must not import: internal/web/..., internal/storage/..., internal/notify, drivers, net/http, database/sql.
package consult
