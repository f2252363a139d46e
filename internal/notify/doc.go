// Package notify decides who is told what, writes the emails in each
// recipient's language (internal/i18n) and queues them as jobs
// (internal/jobs), so that no message is lost when the mail server is slow
// or down.
//
// Every email is a "mail.send" job whose payload (sealed at rest) is the
// whole message with a stable Message-ID; HandleMail registers the handler
// that sends it through a mail.Sender. mail.ErrInvalid fails the job at
// once; every other error retries with back-off for about a day. Because a
// job may run twice (see internal/jobs), the Message-ID is fixed when the
// job is made and the outbox keeps one copy per ID.
//
// Notifications follow the sealed audit log, where every state change is
// written in the same transaction as the change itself: a periodic task
// (Notifier.ScanEvery, one process of the cluster at a time) reads the
// entries after a cursor stored in the database, hands each to the Rule
// registered for its action (comment.add → the followers but the
// author, and so on), and enqueues one job per recipient under the unique
// key "n:<audit position>:<user id>", before moving the cursor on. A scan
// that crashes after enqueueing and runs again therefore sends nothing
// twice. The first scan on a database starts at the end of the log:
// history is not news.
//
// Each notice has a Kind (an issue joins a theme, what happened to it
// after — the agenda, the members' vote, the Board's answers and
// commitments (outcomes.go) —, a report is decided, something the person
// wrote is hidden, comments, changes to followed issues, rounds); each person chooses per kind an email for each step,
// a weekly summary or never (Settings, Prefs). Weekly steps wait in
// Digests until the periodic task "notify.digest" (DigestEvery) sends one
// email per person. The step rules (steps.go) say who hears of what; docs/
// jobs.md has the table.
//
// Callers that send one message now (a sign-in link) use
// Notifier.SignInLink, or Notifier.Mailer, a mail.Sender that queues.
//
// Must not import: internal/storage/..., internal/web/..., drivers, net/http.
package notify
