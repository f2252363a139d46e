package main

import (
	"github.com/folkmoot/folkmoot/internal/assembly"
	"log/slog"

	"github.com/folkmoot/folkmoot/internal/api"
	"github.com/folkmoot/folkmoot/internal/config"
	"github.com/folkmoot/folkmoot/internal/consult"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/evidence"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/jobs"
	"github.com/folkmoot/folkmoot/internal/jury"
	"github.com/folkmoot/folkmoot/internal/live"
	"github.com/folkmoot/folkmoot/internal/lottery"
	"github.com/folkmoot/folkmoot/internal/mail"
	"github.com/folkmoot/folkmoot/internal/notify"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/recommend"
	"github.com/folkmoot/folkmoot/internal/response"
	"github.com/folkmoot/folkmoot/internal/room"
	"github.com/folkmoot/folkmoot/internal/storage"
	"github.com/folkmoot/folkmoot/internal/trace"
	"github.com/folkmoot/folkmoot/internal/web"
	"github.com/folkmoot/folkmoot/internal/web/accountweb"
	"github.com/folkmoot/folkmoot/internal/web/assemblyweb"
	"github.com/folkmoot/folkmoot/internal/web/consultweb"
	"github.com/folkmoot/folkmoot/internal/web/cycleweb"
	"github.com/folkmoot/folkmoot/internal/web/dashweb"
	"github.com/folkmoot/folkmoot/internal/web/evidenceweb"
	"github.com/folkmoot/folkmoot/internal/web/gatherweb"
	"github.com/folkmoot/folkmoot/internal/web/juryweb"
	"github.com/folkmoot/folkmoot/internal/web/meetingweb"
	"github.com/folkmoot/folkmoot/internal/web/notifyweb"
	"github.com/folkmoot/folkmoot/internal/web/qualityweb"
	"github.com/folkmoot/folkmoot/internal/web/recommendweb"
	"github.com/folkmoot/folkmoot/internal/web/recruitweb"
	"github.com/folkmoot/folkmoot/internal/web/responseweb"
	"github.com/folkmoot/folkmoot/internal/web/selectionweb"
	"github.com/folkmoot/folkmoot/internal/web/traceweb"
)

// services are the domain services a server runs, made once in serveStore.
type services struct {
	jury      *jury.Service
	people    *people.Service
	cycles    *cycle.Service
	gather    *gather.Service
	similar   *gatherweb.SimilarIndex
	notifier  *notify.Notifier
	live      live.Broker // the process's broker (issue pages, session caches)
	selection *lottery.Service
	jobs      *jobs.Queue
	// groups reads discussion groups for their live pages (room.go); nil:
	// no live pages until the meetings package's adapter is wired.
	groups room.Groups
}

// webDeps wires the services over st into the web server's areas. outbox
// is set only when the outbox is shown (demos).
func webDeps(cfg config.Config, st storage.Store, sv services, outbox *mail.Outbox, log *slog.Logger) web.Deps {
	rec := newRecruit(cfg, st, sv, log)
	d := web.Deps{
		Config: cfg, Log: log, Auth: sv.people, Health: st.Health, Live: sv.live,
		Languages: sv.people, // a signed-in person's ?lang= choice is stored: their emails follow it
		Gather: gatherweb.Deps{Issues: sv.gather, Participation: sv.gather, Moderation: sv.gather, Themes: sv.gather,
			Rounds: sv.cycles, Lookups: st, Similar: sv.similar},
		Cycles:  cycleweb.Deps{Rounds: sv.cycles},
		Account: accountweb.Deps{People: sv.people, Orgs: st, Activity: sv.gather, OrgPages: st, Representation: sv.people, OrgRecord: sv.gather, Mailer: sv.notifier},
		Notify:  notifyweb.Deps{Settings: notify.Settings{Store: st}},
		API:     api.Deps{Issues: sv.gather, Themes: sv.gather, Rounds: sv.cycles, Version: st.LastAuditID},
		Dash:    dashweb.Deps{Rounds: sv.cycles, Stats: st},
		Jury:    juryweb.Deps{Jury: sv.jury, Rounds: sv.cycles, Issues: sv.gather},
		Recruit: recruitweb.Deps{Recruit: rec, Rounds: sv.cycles},
	}
	d.API.Links = append(d.API.Links, rec.Links)
	d.API.Jury = sv.jury
	d.API.Links = append(d.API.Links, sv.jury.Links)
	if sv.selection != nil {
		d.Selection = selectionweb.Deps{Selection: sv.selection, Rounds: sv.cycles, Jobs: sv.jobs}
		d.API.Links = append(d.API.Links, sv.selection.Links)
	}
	asm := newAssembly(st, sv)
	d.Assembly = assemblyweb.Deps{People: asm, Rounds: sv.cycles}
	ev := evidence.NewService(st, sv.cycles, sv.jury, asm, nil) // the committee and members are the assembly's
	d.Evidence = evidenceweb.Deps{Evidence: ev, Rounds: sv.cycles}
	d.API.Links = append(d.API.Links, ev.Links)
	ms := newMeetings(st, sv, asm)
	d.Meetings = meetingweb.Deps{Meetings: ms, Rounds: sv.cycles, People: asm}
	if sv.groups == nil { // the live pages read the meetings' discussion groups
		sv.groups = roomGroups{ms}
	}
	d.Room = roomDeps(st, sv.cycles, sv.groups, sv.live, sv.jobs)
	rs := recommend.NewService(st, sv.cycles, sv.jury, asm, recommend.Config{})
	d.Recommend = recommendweb.Deps{Recommend: rs, Rounds: sv.cycles, Agendas: sv.jury}
	d.API.Links = append(d.API.Links, rs.Links)
	resp := response.NewService(st, sv.cycles, rs, asm, response.Config{}) // the Board answers; its members are the assembly's
	d.Response = responseweb.Deps{Response: resp, Rounds: sv.cycles}
	d.API.Links = append(d.API.Links, resp.Links)
	// Issues' traces, with the Board's answers.
	td := trace.Deps{Issues: sv.gather, Rounds: sv.cycles, Juries: sv.jury, Evidence: ev, Discussions: ms, Recommendations: rs, Responses: trace.FromResponse(resp)}
	td.ThemedAt, _ = st.(trace.ThemedAt) // the storage knows when an issue joined its theme
	tr := trace.NewService(td)
	d.Trace = traceweb.Deps{Traces: tr}
	d.API.Traces = tr
	con := consult.NewService(st, sv.cycles, rs, consult.Config{})
	d.Consult = consultweb.Deps{Consult: con, Rounds: sv.cycles, Answers: consultweb.FromResponse(resp)} // beside the Board's answers
	d.Response.Consultation = responseweb.FromConsult(con)                                               // and what the public said, beside the recommendations the Board answers
	d.API.Links = append(d.API.Links, con.Links)
	// The quality self-assessment: its proofs read the services above.
	qs := newQuality(st, sv.people, qualityFrom{Rounds: sv.cycles, Selection: sv.selection, Evidence: ev, Jury: sv.jury,
		Recommend: rs, Meetings: ms, Recruit: rec, Responses: qualityResponses{resp}}, nil)
	d.Quality = qualityweb.Deps{Quality: qs, Rounds: sv.cycles}
	d.API.Links = append(d.API.Links, qs.Links)
	if outbox != nil { // a nil *mail.Outbox would be a non-nil interface
		d.Account.Outbox = outbox
	}
	return d
}

// newAssembly returns the service of who takes part in rounds' assemblies,
// naming members from the selection when this build has one.
func newAssembly(st storage.Store, sv services) *assembly.Service {
	var sel assembly.Selected
	if sv.selection != nil { // a nil *lottery.Service would be a non-nil interface
		sel = sv.selection
	}
	return assembly.NewService(st, sv.cycles, sv.people, st, sel, nil)
}
