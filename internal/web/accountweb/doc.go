// Package accountweb is the account area of the web app: sign-in by a
// one-time link sent by email, sign-out, the account page (the name others
// see, and the language of pages and emails), and in demos the outbox that
// stands in for email.
//
// The sign-in email goes through a SignInMailer that this package declares
// (internal/notify implements it with the durable job queue; cmd/folkmoot
// has a plain adapter over mail.Sender). A failed send is shown as a safe
// message, never its cause. It is written in the language of the page it
// was asked from. Signing in stores the page's language as the person's
// (what their emails are written in) when they have none stored yet; they
// change it on the account page or with the language link.
//
// Must not import: internal/web, internal/web/gatherweb, internal/api, internal/storage/..., drivers.
package accountweb
