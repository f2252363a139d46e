// Package recommend is a round's recommendations and the assembly's secret
// ballot on them (issue 14, part 4).
//
// Members and facilitators draft recommendations per agenda theme; every
// edit is a new version and the history stays visible. Members propose
// amendments, which organisers or facilitators accept (a new version) or
// decline with a reason, and members attach minority views, signed with
// their display name or anonymous. An item is either an agreement item (a
// recommendation voted on a 5-point scale) or a choice item (options
// ranked, counted with internal/voting by a ranked method). Organisers set
// the round's threshold (default 0.8: the share of agree or strongly
// agree a recommendation needs) before the vote opens.
//
// The vote is secret. Who voted (Store: the voted table, cycle and user)
// is stored apart from what was voted (the ballot table: a random 128-bit
// id, a receipt, the item and the choice) with nothing that joins them: no
// user, no time, no serial key, and the ballots are read in the order of
// their random id and rewritten in that order when the vote closes. The
// audit entry of a vote says only that the actor voted. Each voter gets one
// receipt code, shown once; each ballot row's receipt is that code, "-",
// and the item's id, so every row of the published ballots.csv has its
// own receipt and a voter finds all of theirs from the one code.
//
// Closing the vote counts it: agreement items by counting choices (passed
// when agree + strongly agree ≥ threshold × ballots), choice items exactly
// as `folkmoot count --method M` counts the published .blt file.
//
// Must not import: internal/web/..., internal/storage/..., internal/notify, drivers, net/http, database/sql.
package recommend
