// Package cycle holds a programme's rounds ("cycles") and their phases.
//
// A programme ("NHS Citizen") runs rounds; a round moves through eight
// phases in order — Gather, Agenda, Selection, Learning, Meetings,
// Recommendations, Response, Follow-up — each with planned dates. Every move
// is recorded (who, when, from, to, why) and forms the round's public
// timeline; people can follow a round to be told of its moves.
//
// The phase gate (Allows, Gate) is the one place that decides what each
// phase allows: raising and supporting issues only while gathering,
// shaping themes while gathering and setting the agenda, and so on. Other
// domain packages ask it rather than keep dates of their own.
//
// Service holds the rules (organisers create rounds and move phases) and a
// short-lived cache of rounds for the hot paths, which callers invalidate
// with Forget when another process changes a round (the live broker
// carries that news). Store is declared here and implemented by the storage
// adapters, which write an audit.Event in the same transaction as every
// change ("programme.create", "cycle.create", "cycle.update",
// "cycle.phase", "cycle.follow", "cycle.unfollow").
//
// Must not import: internal/web/..., internal/storage/..., internal/gather, drivers, net/http.
package cycle
