// Package evidenceweb is the web area of a round's evidence: the public
// page of every pack, theme by theme (/cycles/{id}/evidence: documents with
// their easy-read versions or the flag that one is missing, witnesses with
// their declared interests and the committee's reasons, the balance of
// views, members' requests with the committee's answers, published
// submissions), each document's page with its versions at stable URLs,
// the open data file /cycles/{id}/evidence.json, the forms to nominate a
// witness, ask for evidence (assembly members) and send a submission, and
// the page where the organisers and the advisory committee write and
// upload documents, decide witnesses, answer requests and (with
// moderators) publish or reject submissions.
//
// Handlers are thin: they parse a form, call the evidence service
// (*evidence.Service, through the small Evidence interface declared here)
// and render a template; the service enforces the rules again.
//
// Must not import: internal/web, internal/web/gatherweb, internal/web/cycleweb, internal/web/accountweb, internal/api, internal/storage/..., drivers.
package evidenceweb
