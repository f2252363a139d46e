// Package live carries small events between the parts of Folkmoot that
// change state and the pages and caches that show it, within one process
// and across every server process on the same database.
//
// A Broker publishes an Event (a topic and a few bytes of data) to the
// Subscriptions of that exact topic. Three brokers implement it:
//
//   - Local (NewLocal): in-process fan-out, for tests and single-process
//     tools;
//   - Table (NewTable): for SQLite, where several processes (serve, a CLI
//     command) share one file: events are delivered locally at once,
//     appended to the live_events table in batches (at most one write
//     transaction per 100 ms) and read back by every other process, which
//     polls every 250 ms;
//   - pglive.Broker (internal/live/pglive): PostgreSQL LISTEN/NOTIFY, for
//     several servers on one database.
//
// Package sse (internal/live/sse) writes a subscription to a browser as a
// text/event-stream, and Coalescer turns hot changes (supports) into at most
// one event per topic per 100 ms.
//
// # Topics
//
// Topic names are exact strings; there are no patterns. In use:
//
//   - "issues" (internal/web/gatherweb, relay.go): every issue's live
//     events, in batches. Supports, withdrawals, comments and moderation
//     mark their issue (the support path itself reads nothing); every
//     100 ms a Coalescer reads the marked issues' counters in one query and
//     publishes them as one event ({"n": [[issue, supports, comments], …]},
//     at most 200 issues); a comment added, hidden or shown again is
//     published at once ({"c": [issue, comment, time]}). Each process
//     forwards the batches to a hub of its own (a Local) as per-issue
//     events on "issue:<id>", which GET /issues/{id}/events streams to the
//     issue page (package sse): the broker carries about ten events a
//     second, however many issues, supports or subscribers there are.
//   - "session" (internal/web, live.go): a session ended (data: the
//     session's hash, people.HashToken; never the raw id), so every server
//     drops it from its session cache and refuses it at once;
//   - "user" (internal/web): a user's roles, name or language changed
//     (data: the user id), so every server drops that user's cached
//     sessions; published by the people service's hooks, in serve and in
//     `folkmoot user grant/revoke`;
//   - "cycle" (cmd/folkmoot/live.go): a round's phase or plan changed
//     (data: the cycle id).
//   - "selection:<cycle id>" (internal/lottery, cmd/folkmoot/selection.go):
//     a running selection job's progress, at least every second (data: a
//     small JSON lottery.Progress), and {"state":"changed"} after every
//     change of the round's selection; GET
//     /cycles/{id}/selection/manage/events streams it to the organisers'
//     page.
//
// A session cache or a page that receives Lagged re-reads everything (the
// session cache empties itself; an event stream sends the counts again).
//
// Events name what changed; they do not carry pages or personal data (a
// table broker refuses data over 64 KiB, PostgreSQL notifications over
// 8000 bytes).
//
// # Delivery
//
// Delivery is best effort and at most once. Events from one publisher
// arrive in the order it published them (per process; events of different
// processes are not ordered with each other). An event is lost when a
// subscriber falls BufferSize events behind (it then receives an event on
// the topic Lagged and should re-read what it shows), when a process
// restarts, or when the database connection fails (PostgreSQL: a batch of
// notifications being sent is dropped rather than risk sending it twice;
// after the listening connection comes back every subscriber receives
// Lagged). Nothing depends on an event arriving: every page shows the same
// after a refresh, caches re-read after their time to live, and a live page
// only saves the refresh.
//
// # Latency
//
// Within a process delivery is immediate (a microsecond). Across processes
// on PostgreSQL it is one NOTIFY round trip (under a millisecond typically,
// a few when busy). Across processes on SQLite it is the write batch (at
// once when quiet, up to 100 ms in a burst) plus the poll (up to 250 ms):
// in the tests a median of 0.19 s and at most 0.27 s; longer only while
// another process holds the write lock. A Coalescer adds up to its
// interval (100 ms).
//
// May import only: the standard library.
package live
