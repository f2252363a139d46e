// Package mailtest is a fake SMTP server for tests: plain, STARTTLS or
// TLS from the first byte; it can hold the answer to the end of DATA,
// refuse recipients or drop QUIT, and records every message it accepted,
// decoded, with its envelope.
//
// Use it only from tests. It does not import internal/mail, so the mail
// package's own tests can use it.
//
// May import only: the standard library.
package mailtest
