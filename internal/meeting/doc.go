// Package meeting is the assembly's meetings: its sessions (in person,
// online or hybrid, with a place, a webcast link and an agenda), members'
// registrations (how they attend, their access needs, their expenses) and
// check-in on the day, and the discussion groups — one or more per theme of
// the agenda the jury chose — with the allocation of members to groups,
// the facilitators and Board members who sit with them, and the notes of
// key points each group's facilitator publishes after a session.
//
// Allocation (allocate.go) is an integer programme solved with COIN-OR CBC
// (internal/solver, build tag coin): each member in exactly one group,
// groups within the organisers' size range, maximising how well members'
// rankings of the themes are met less a penalty for groups whose
// demographic mix strays beyond ⌊share⌋/⌈share⌉ (plus an allowed slack).
// A node limit keeps it repeatable; if CBC stops there the best allocation
// found is kept, and if it found none a greedy one; the page says which.
//
// Access needs and what an expense was for are personal data: the store
// seals them at rest and only organisers read them. What is published of
// an allocation is a summary without names. Every change writes an
// audit.Event; changes follow the phase gate cycle.Meet.
//
// Must not import: internal/web/..., internal/storage/..., internal/notify, drivers, net/http, database/sql.
package meeting
