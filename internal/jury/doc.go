// Package jury is a round's citizens' jury and the agenda it chooses.
//
// A jury is a small panel (default 12–24, Settings.Size) formed in one of
// two ways, stated publicly: drawn by the sortition engine from the people
// who volunteered for it (their answers — age band, gender, where they
// live — give the categories of the draw), or entered by the organiser,
// with a public statement of how the members were chosen. Volunteers'
// answers are personal data: the store seals them at rest with the data
// key, and only organisers read them; what is published of a draw is its
// method, seed and the panel's composition by category.
//
// The organiser sets the shortlist (a snapshot of the leading themes by
// gather's shortlist rule, with the rule's text and its cut-off) and the
// agenda size (seats, default 5, fewer than the shortlisted themes), then
// opens the vote. Each juror ranks the shortlisted themes once. The vote is
// secret: who voted (jury_voted) and the rankings (jury_ballots, keyed by a
// random id, without user, time or order) are stored apart, with nothing
// that joins them. Closing the vote counts it with internal/voting
// (Scottish STV, seats = agenda size, ties by lot from seed 0, exactly as
// `folkmoot count` does), and the count can be repeated by anyone from the
// published ballots (ballots.blt) with the command line. The organiser then
// writes the jury's reasons and publishes the agenda: the chosen themes in
// order of election, and a reason for those not chosen.
//
// Service holds the rules (roles, the phase gate: cycle.VolunteerJury and
// cycle.JuryVote), and writes an audit.Event with every change; the audit
// actions are listed in service.go. Store is declared here and implemented
// by internal/storage/sqlstore.
//
// Must not import: internal/web/..., internal/storage/..., internal/notify, drivers, net/http, database/sql.
package jury
