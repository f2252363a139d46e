// Package meetingweb is the web area of the assembly's meetings: the
// public list of sessions (/cycles/{id}/meetings) with the allocation's
// summary (no names), each session's page with the members' registration
// (how they attend, access needs) and expense forms, the organisers'
// check-in list and expenses (a no-JavaScript button per person), the
// members' ranking of the agenda's themes, the organisers' page to add
// sessions, allocate members to discussion groups and seat facilitators
// and Board members, and each group's public page
// (/cycles/{id}/groups/{group}) with its published notes and the
// facilitators' note forms.
//
// Handlers are thin: they parse a form, call the meetings service
// (*meeting.Service, through the small Meetings interface declared here)
// and render a template; the service enforces the rules again.
//
// Must not import: internal/web, internal/web/gatherweb, internal/web/cycleweb, internal/web/accountweb, internal/api, internal/storage/..., drivers.
package meetingweb
