// Package mail sends Folkmoot's email: sign-in links and notifications.
//
// Callers depend on the Sender interface. SMTP delivers through a mail
// server in production; Outbox keeps every message (in a folder, or in memory
// when it has none) so that the demo and the tests can list and read what
// would have been sent.
//
// This package imports only the standard library and must not import the
// domain or storage packages.
//
// May import only: the standard library.
package mail
