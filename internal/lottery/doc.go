// Package lottery is the selection of a round's assembly in the web app:
// the organiser sets quotas per category (suggested from the census
// shares of the recruitment pool), checks that a panel can meet them, runs
// the selection as a background job over a frozen snapshot of the pool
// (features.csv and people.csv, the Sortition Foundation's format),
// announces the lottery's ticket list hash and the public random source,
// draws once the public seed is known (exactly as `folkmoot select
// --lottery M --seed S --public-seed P` draws), invites the people drawn by
// email with a link to confirm or decline, and replaces decliners from the
// ordered reserve list, keeping every quota met.
//
// Every step checks the actor's role (organisers and administrators) and
// the round's phase (cycle.Check with cycle.Select), and writes an
// audit.Event in the same transaction as the change. The published files
// (Files) are what anyone needs to repeat the draw with the CLI;
// replacements are published apart from the original draw, which never
// changes once drawn.
//
// The pool comes from recruitment through the small Pools interface
// declared here (recruit.Pool is the contract); mail goes through the mail
// job queue (Mailer, satisfied by *notify.Notifier); the run and the draw
// are jobs of kind KindRun on internal/jobs.
//
// Must not import: internal/web/..., internal/storage/..., internal/api, drivers, net/http.
package lottery
