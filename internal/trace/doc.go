// Package trace follows one Gather issue through the whole cycle (issue
// 15, point 3): the theme it joined, whether the citizens' jury chose that
// theme for the agenda and why (or why not), the evidence and the
// assembly's discussion of it, the recommendations it led to and whether
// they passed, the Board's answers and the commitments made, with their
// progress. Service.Build reads each part through a small interface
// declared here (Issues, Rounds, Juries, Evidence, Discussions,
// Recommendations, Responses), each satisfied by the real service or, for
// the Board's answers, by an adapter the command wires (nil: no answers
// yet), and returns a Trace: the facts, and a dated list of steps with the
// current one marked. Texts the platform writes are English msgids,
// written in the reader's language by Trace.In.
//
// A trace reads only what is public: the issue as an anonymous visitor
// sees it, the published agenda, published evidence and key points, the
// vote once it is closed.
//
// Must not import: internal/web/..., internal/storage/..., internal/notify, internal/api, drivers, net/http, database/sql.
package trace
