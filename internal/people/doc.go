// Package people holds Folkmoot's users, roles, organisations and their
// verified representatives, server-side sessions and one-time sign-in
// tokens.
//
// Sign-in is passwordless: RequestSignIn issues a random single-use token
// (sent by email as a link, never stored in clear), SignIn redeems it for a
// session. Session ids and sign-in tokens are 256-bit random values; only
// their SHA-256 digests are stored, so a copy of the database cannot be used
// to sign in.
//
// Service holds the rules; Store (declared here) is implemented by the
// storage adapters, which write an audit.Event in the same transaction as
// every change. This package must not import storage, web or any driver.
//
// Must not import: internal/web/..., internal/storage/..., drivers, net/http, database/sql.
package people
