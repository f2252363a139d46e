// Package sse streams a live.Subscription to a browser as server-sent
// events (text/event-stream, read by the browser's EventSource).
//
// Serve writes the headers that keep proxies and compressors from holding
// the stream back (Cache-Control: no-store, X-Accel-Buffering: no; the
// content type is not one that internal/web's gzip middleware compresses,
// and a compressor that does compress it is flushed through
// http.ResponseController), then an optional first event with the current
// state, then one event per broker event, a comment every 15 s so that idle
// connections stay open, and flushes after each. It moves the connection's
// write deadline forward before each write (the server's WriteTimeout would
// otherwise cut every stream after two minutes), and ends when the client
// goes away, the server shuts down, the broker closes, or after an hour, so
// that clients reconnect and spread over the servers.
//
// May import only: the standard library, internal/live.
package sse
