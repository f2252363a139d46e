// Package assembly is who takes part in a round's citizens' assembly, and
// in what part: its members (the people the lottery chose, or people the
// organisers name), the facilitators of its discussion groups, the Board
// members (decision-makers) who sit with the groups, and the advisory
// committee that oversees the evidence.
//
// Membership is per round and per part (Role): one person may be a
// facilitator in one round and a member in the next, and may hold two
// parts at once (a Board member on the advisory committee). The other
// assembly areas — evidence, meetings, the room's live pages and
// recommendations — ask this package who holds which part, through small
// interfaces of their own.
//
// Organisers name people by email (an account is made for an address that
// has none, as for the jury) from the selection phase until the vote on
// recommendations ends (cycle.Enrol). EnrolSelected names, as members,
// everyone the lottery chose who has confirmed, from the email they
// registered with. Every change writes an audit.Event. The list of members
// is not published (only how many there are): members are private people.
//
// Must not import: internal/web/..., internal/storage/..., internal/notify, drivers, net/http, database/sql.
package assembly
