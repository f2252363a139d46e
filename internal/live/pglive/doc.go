// Package pglive is a live.Broker over PostgreSQL's LISTEN/NOTIFY, for
// several Folkmoot servers (and commands) on one database.
//
// Each Broker keeps two connections of its own, outside the storage pool:
// one LISTENs on a channel (default "folkmoot_live") and delivers what
// other processes notify; one sends this process's events with pg_notify,
// from a queue drained by a single goroutine, so a slow database never
// blocks a publisher and events keep their order. An event is delivered to
// this process's subscribers at once, and skipped when its notification
// comes back (each Broker has its own origin id). A notification payload
// is JSON ({"o": origin, "t": topic, "d": data in base64, "s": sequence})
// and must stay under PostgreSQL's 8000 bytes: Publish refuses larger
// events.
//
// A dropped listening connection is reopened with back-off (from 100 ms to
// 5 s); events notified meanwhile are lost, so every subscriber then
// receives live.Lagged and re-reads its state. The listening connection is
// checked with a query after 30 s of silence, so a half-open connection is
// noticed. A batch of notifications that fails to send is dropped, never
// sent twice (delivery is at most once, see package live). LISTEN needs a
// session: point the broker at PostgreSQL itself, or at a pooler in session
// mode, not one in transaction mode.
//
// Must not import: internal/web/..., internal/storage/..., internal/gather, internal/people, net/http.
package pglive
