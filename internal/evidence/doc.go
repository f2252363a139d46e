// Package evidence is what a round's assembly learns from: an evidence
// pack for each theme of the published agenda, witnesses, members'
// requests for evidence, and the open call for written submissions.
//
// A pack holds documents, written in the app (Markdown, rendered by
// RenderMarkdown to a small safe subset of HTML: no raw HTML passes
// through) or uploaded as PDFs (checked for the %PDF- magic, at most
// MaxPDF bytes, stored in the database). Documents are versioned: each edit
// adds a version, and every version stays readable at its own URL. Each
// document has an easy-read version, versioned the same way; a document
// without one is flagged wherever it is listed.
//
// Witnesses are nominated by organisers, assembly members or any signed-in
// citizen, with their declared interests; the advisory committee
// (assembly.Committee) or the organisers approve or decline each with a
// reason and label its view ("NHS provider", "patient group"...). Who
// nominated a witness is kept but never published. Assembly members ask
// for a source or a witness; the committee answers in public, without the
// member's name. Stakeholders send written submissions while the call is
// open (the phase gate's cycle.Evidence: Learning and Meetings); moderators
// or the committee publish or reject them, and only published ones are
// shown.
//
// Service holds the rules (roles, the phase gate cycle.Evidence,
// validation) and writes an audit.Event with every change; Store is
// declared here and implemented by internal/storage/sqlstore.
//
// Must not import: internal/web/..., internal/storage/..., internal/notify, drivers, net/http, database/sql.
package evidence
