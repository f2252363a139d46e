// Package e2e holds folkmoot's end-to-end tests. They build the folkmoot
// binary and run it as a child process, as a person or an operator would:
//
//   - the browser walk-through of the Gather phase in headless Chromium
//     (sign in from the outbox link, raise an issue and see a similar-issue
//     suggestion, support, comment, report; a moderator hides; an organiser
//     makes a theme), with axe-core on every page type and screenshots;
//   - one issue from submission to a commitment at 100% (trace_test.go):
//     raised, supported in Welsh and followed; themed, chosen by a
//     one-person jury; a recommendation on its theme passed; the Board's
//     answer and a commitment, reported done on a phone without
//     JavaScript; then its trace page (English and Welsh, desktop and
//     phone), trace.json, its Atom feed, and the emails its people got at
//     each step, in their language, each linking to the trace;
//   - every page on a phone (phone_test.go): signed out, as a member, a
//     moderator and an organiser, every page type reachable by links from
//     a few starting pages, at 320 and 390 px, JavaScript on and off,
//     English and Welsh; each fails on a page wider than the screen and on
//     any serious or critical axe-core violation (FOLKMOOT_PHONE_QUICK=1
//     checks 320 px only, =390 only 390 px);
//   - the SIGKILL load test: 200 concurrent clients support issues while the
//     server is killed with SIGKILL and restarted; afterwards every support
//     the server acknowledged is in the database, each issue's support count
//     equals its support rows, and no one supported twice (SQLite and
//     PostgreSQL);
//   - two `folkmoot serve` processes on one PostgreSQL database serving
//     consistent data; a support through one reaching an event-stream
//     subscriber of the other, and a sign-out on one refused by the other,
//     each within a second (latencies in the log); on the SQLite demo a
//     support reaching a subscriber within a second, and the issue page
//     updating itself in Chromium;
//   - background jobs and email, against a mail server written for the
//     tests (smtp_test.go): mail asked for while the mail server is down
//     arrives once after it comes back; a server SIGKILLed while the mail
//     server holds the end of a message's DATA loses nothing (the job runs
//     again after its lease and the message is delivered once); servers on
//     one PostgreSQL database share the queue, each job run once, never by
//     a server with --workers 0 (jobs_test.go);
//   - the Gather benchmarks written to docs/bench/gather.md by `make bench`
//     (supports per second and latency at 50 and 200 clients, /issues page
//     time at 100,000 issues).
//
// Everything talks only to 127.0.0.1. Long tests skip under -short.
// PostgreSQL tests use FOLKMOOT_TEST_POSTGRES (default
// postgres://postgres@127.0.0.1:5432/test?sslmode=disable), each in a fresh
// schema; an unreachable server skips them unless CI=true.
//
// The package has only tests; it must not be imported.
//
// Its one helper from the module is the fake mail server.
//
// May import only: the standard library, internal/mail/mailtest.
package e2e
