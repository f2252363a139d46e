// Package juryweb is the web area of a round's citizens' jury and agenda:
// the public pages of how the jury was chosen (/cycles/{id}/jury) and of
// the agenda it chose (/cycles/{id}/agenda: the shortlist with its rule and
// cut-off, the result in plain words, the count sheet, the jury's reasons);
// the published files (ballots.blt, result.json, count.json, count.txt)
// from which anyone can repeat the count with `folkmoot count`; the
// volunteer form; the juror's ballot, which works without JavaScript; and
// the organisers' page to set up the jury, draw or enter jurors, set the
// shortlist, open and close the vote, write the jury's reasons and publish
// the agenda.
//
// Handlers are thin: they parse a form, call the jury service
// (*jury.Service, through the small Jury interface declared here) and
// render a template; the service enforces the rules again.
//
// Must not import: internal/web, internal/web/gatherweb, internal/web/cycleweb, internal/web/accountweb, internal/api, internal/storage/..., drivers.
package juryweb
