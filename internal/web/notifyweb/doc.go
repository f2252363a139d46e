// Package notifyweb is the notification settings page of the web app,
// /account/notifications: for each kind of step (an issue joins a theme, a
// report is decided, something the person wrote is hidden, new comments,
// changes to issues they follow, a round's next phase), the person chooses
// an email for each step, a weekly summary, or never. internal/notify reads
// the choices when it decides who is told what.
//
// It is an area of its own (beside accountweb) so that the settings and
// their storage (notify.Settings) stay in one small place.
//
// Must not import: internal/web, internal/web/gatherweb, internal/web/accountweb, internal/api, internal/storage/..., drivers.
package notifyweb
