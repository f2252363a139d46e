package webtest

import (
	"context"
	"fmt"
	"github.com/folkmoot/folkmoot/internal/assembly"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/api"
	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/config"
	"github.com/folkmoot/folkmoot/internal/consult"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/cycle/cycletest"
	"github.com/folkmoot/folkmoot/internal/evidence"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/jury"
	"github.com/folkmoot/folkmoot/internal/live"
	"github.com/folkmoot/folkmoot/internal/lottery"
	"github.com/folkmoot/folkmoot/internal/mail"
	"github.com/folkmoot/folkmoot/internal/meeting"
	"github.com/folkmoot/folkmoot/internal/notify"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/quality"
	"github.com/folkmoot/folkmoot/internal/recommend"
	"github.com/folkmoot/folkmoot/internal/recruit"
	"github.com/folkmoot/folkmoot/internal/response"
	"github.com/folkmoot/folkmoot/internal/room"
	"github.com/folkmoot/folkmoot/internal/sealed"
	"github.com/folkmoot/folkmoot/internal/storage"
	"github.com/folkmoot/folkmoot/internal/storage/pgtest"
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
	"github.com/folkmoot/folkmoot/internal/web/roomweb"
	"github.com/folkmoot/folkmoot/internal/web/selectionweb"
	"github.com/folkmoot/folkmoot/internal/web/traceweb"
)

// BaseURL is the public address the test servers are configured with
// (sign-in links in the outbox point there; the server itself listens on
// 127.0.0.1).
const BaseURL = "http://folkmoot.test"

// Harness is a web Server over a real database, with a programme whose
// round is open (Cycle), the demo outbox on, and the rate limits off
// unless Options say otherwise.
type Harness struct {
	T      testing.TB
	Store  storage.Store
	People *people.Service
	Cycles *cycle.Service
	Gather *gather.Service
	Outbox *mail.Outbox
	Live   *live.Local // the server's broker; People announces sign-outs and changes to users on it
	Server *web.Server
	Deps   web.Deps // what Server was made with
	Cycle  cycle.Cycle
	// Groups are the discussion groups the live pages know (none at first:
	// add some; the meetings package's adapter stands in for it in serve).
	Groups *room.StaticGroups
	URL    string // the test server's address, http://127.0.0.1:port
	ts     *httptest.Server
}

// Options change a Harness.
type Options struct {
	// DB is the database: "" for SQLite in a temporary folder, or a DSN.
	DB string
	// Config edits the configuration (rate limits, base URL...).
	Config func(*config.Config)
	// Deps edits the wiring before the server is made (wrap a service to
	// inject a fault, drop the outbox...).
	Deps func(*web.Deps)
}

// New returns a Harness on SQLite in a temporary folder.
func New(t testing.TB, opts ...Options) *Harness {
	t.Helper()
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	if o.DB == "" {
		o.DB = filepath.Join(t.TempDir(), "test.db")
	}
	ctx := context.Background()
	if _, _, err := storage.Migrate(ctx, o.DB, nil); err != nil {
		if apperr.Is(err, apperr.Unavailable) && os.Getenv("CI") != "true" {
			t.Skipf("storage adapter not available: %v", err)
		}
		t.Fatal(err)
	}
	st, err := storage.Open(ctx, o.DB, storage.Options{Keys: sealed.MustTest()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	h := &Harness{T: t, Store: st, Live: live.NewLocal()}
	t.Cleanup(func() { h.Live.Close() })
	h.People = people.NewService(st, people.Config{SessionEnded: web.AnnounceSignOut(h.Live, nil), UserChanged: web.AnnounceUserChange(h.Live, nil)})
	h.Cycles = cycle.NewService(st, cycle.Config{})
	h.Gather = gather.NewService(st, st, h.Cycles, gather.Config{})
	h.Cycle = cycletest.OpenRound(t, st, "Spring")
	h.Outbox, _ = mail.NewOutbox("")
	cfg := config.Default()
	cfg.BaseURL = BaseURL
	cfg.SubmitPerMinute, cfg.SupportPerMinute, cfg.SignInPerMinute, cfg.ExportPerMinute = 0, 0, 0, 0
	if o.Config != nil {
		o.Config(&cfg)
	}
	h.Deps = Deps(cfg, st, h.People, h.Cycles, h.Gather, h.Outbox)
	h.Deps.Live = h.Live
	h.Groups = room.NewStaticGroups()
	h.Deps.Room = roomweb.Deps{Room: room.NewService(st, h.Groups, h.Cycles, room.Config{Live: h.Live}), Rounds: h.Cycles}
	if o.Deps != nil {
		o.Deps(&h.Deps)
	}
	if h.Server, err = web.New(h.Deps); err != nil {
		t.Fatal(err)
	}
	h.ts = httptest.NewServer(h.Server)
	t.Cleanup(h.ts.Close)
	t.Cleanup(func() { h.Server.Close() }) // first: ends event streams, which ts.Close would wait for
	h.URL = h.ts.URL
	return h
}

// Deps wires the services the way cmd/folkmoot does, with the sign-in
// mail going to outbox (also shown at /outbox).
func Deps(cfg config.Config, st storage.Store, ps *people.Service, cs *cycle.Service, gs *gather.Service, outbox *mail.Outbox) web.Deps {
	js := jury.NewService(st, cs, gs, ps, st, jury.Config{})
	asm := assembly.NewService(st, cs, ps, st, nil, nil)
	rs := recommend.NewService(st, cs, js, asm, recommend.Config{})
	ms := meeting.NewService(st, cs, js, asm, nil, nil)
	d := web.Deps{
		Config: cfg, Auth: ps, Health: st.Health, Languages: ps,
		Gather: gatherweb.Deps{Issues: gs, Participation: gs, Moderation: gs, Themes: gs, Rounds: cs, Lookups: st,
			Similar: gatherweb.NewSimilar(gs, time.Minute, nil)},
		Cycles:    cycleweb.Deps{Rounds: cs},
		Account:   accountweb.Deps{People: ps, Orgs: st, Activity: gs, OrgPages: st, Representation: ps, OrgRecord: gs, Mailer: OutboxMailer{outbox}, Outbox: outbox},
		Notify:    notifyweb.Deps{Settings: notify.Settings{Store: st}},
		Dash:      dashweb.Deps{Rounds: cs, Stats: st},
		Jury:      juryweb.Deps{Jury: js, Rounds: cs, Issues: gs},
		API:       api.Deps{Issues: gs, Themes: gs, Rounds: cs, Version: st.LastAuditID, Jury: js, Links: []api.LinkSource{js.Links, rs.Links}},
		Recommend: recommendweb.Deps{Recommend: rs, Rounds: cs, Agendas: js},
		Recruit:   recruitweb.Deps{Recruit: recruit.NewService(st, cs, nil, recruit.Config{BaseURL: cfg.BaseURL, OrgName: cfg.OrgName}), Rounds: cs},
		// The selection without a pool or a queue; tests that run one
		// set their own (see selectionweb's tests).
		Selection: selectionweb.Deps{Selection: lottery.New(st, cs, nil, nil, nil, lottery.Config{BaseURL: cfg.BaseURL}), Rounds: cs},
		Assembly:  assemblyweb.Deps{People: asm, Rounds: cs},
		// Meetings without profiles: groups are not balanced by mix.
		Meetings: meetingweb.Deps{Meetings: ms, Rounds: cs, People: asm},
	}
	// The assembly's evidence: its committee and members are the assembly's.
	ev := evidence.NewService(st, cs, js, asm, nil)
	d.Evidence = evidenceweb.Deps{Evidence: ev, Rounds: cs}
	d.API.Links = append(d.API.Links, ev.Links)
	// The Board's response to the recommendations, its Board the assembly's.
	resp := response.NewService(st, cs, rs, asm, response.Config{})
	d.Response = responseweb.Deps{Response: resp, Rounds: cs}
	d.API.Links = append(d.API.Links, resp.Links)
	// Issues' traces, with the Board's answers.
	td := trace.Deps{Issues: gs, Rounds: cs, Juries: js, Evidence: ev, Discussions: ms, Recommendations: rs, Responses: trace.FromResponse(resp)}
	td.ThemedAt, _ = st.(trace.ThemedAt)
	tr := trace.NewService(td)
	d.Trace = traceweb.Deps{Traces: tr}
	d.API.Traces = tr
	// The public consultation on the passed recommendations, beside the
	// Board's answers.
	con := consult.NewService(st, cs, rs, consult.Config{})
	d.Consult = consultweb.Deps{Consult: con, Rounds: cs, Answers: consultweb.FromResponse(resp)}
	d.Response.Consultation = responseweb.FromConsult(con)
	d.API.Links = append(d.API.Links, con.Links)
	// The quality self-assessment, its proofs reading the round, the jury
	// and the evidence (cmd/folkmoot adapts every area).
	qs := quality.NewService(st, quality.Sources{Rounds: cs, Jury: js, Evidence: EvidenceDocs{ev}}, ps, st, quality.Config{})
	d.Quality = qualityweb.Deps{Quality: qs, Rounds: cs}
	d.API.Links = append(d.API.Links, qs.Links)
	return d
}

// EvidenceDocs adapts the evidence service to the quality proofs.
type EvidenceDocs struct{ S *evidence.Service }

// Documents implements quality.Evidence.
func (e EvidenceDocs) Documents(ctx context.Context, cycleID int64) ([]quality.Document, error) {
	ds, err := e.S.Documents(ctx, cycleID)
	var out []quality.Document
	for _, d := range ds {
		out = append(out, quality.Document{ID: d.ID, Title: d.Title, EasyRead: d.HasEasyRead()})
	}
	return out, err
}

// OnEachDatabase runs f on SQLite, then on PostgreSQL when it is reachable
// (FOLKMOOT_TEST_POSTGRES; required when CI=true), each in a fresh database.
func OnEachDatabase(t *testing.T, f func(t *testing.T, h *Harness), opts ...Options) {
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	t.Run("sqlite", func(t *testing.T) { f(t, New(t, o)) })
	t.Run("postgres", func(t *testing.T) {
		po := o
		po.DB = pgtest.Schema(t, "folkmoot_webtest")
		f(t, New(t, po))
	})
}

// User adds a user with roles.
func (h *Harness) User(email string, roles ...people.Role) people.User {
	h.T.Helper()
	u, err := h.People.AddUser(context.Background(), people.System, email, "", roles...)
	if err != nil {
		h.T.Fatal(err)
	}
	return u
}

// Session starts a session for u and returns its raw id (the cookie's
// value), without going through the sign-in pages.
func (h *Harness) Session(u people.User) string {
	h.T.Helper()
	raw, _, err := h.People.StartSession(context.Background(), u)
	if err != nil {
		h.T.Fatal(err)
	}
	return raw
}

// AuditCount returns how many audit entries the database holds: every
// change writes one, so an unchanged count means nothing changed. The
// store's background sealer moves entries from unsealed to sealed while
// the two are counted, so the count is read until two reads agree.
func (h *Harness) AuditCount() int {
	h.T.Helper()
	ctx := context.Background()
	// The background sealer may seal entries between two reads: read the
	// sealed count before and after the unsealed one, until they agree.
	for {
		before, err := h.Store.AuditHead(ctx)
		if err != nil {
			h.T.Fatal(err)
		}
		unsealed, err := h.Store.UnsealedAudit(ctx)
		if err != nil {
			h.T.Fatal(err)
		}
		after, err := h.Store.AuditHead(ctx)
		if err != nil {
			h.T.Fatal(err)
		}
		if before == after {
			return int(after) + unsealed
		}
	}
}

// OutboxMailer sends sign-in links to an outbox as a short plain message:
// the link, and how long it works in the language asked for (the tests
// read the link from it; internal/notify writes the real email).
type OutboxMailer struct{ Outbox *mail.Outbox }

// SignInLink implements accountweb.SignInMailer.
func (m OutboxMailer) SignInLink(ctx context.Context, to string, lang i18n.Lang, link string, valid time.Duration) error {
	body := link + "\n\n" + accountweb.Expiry(i18n.For(lang), valid)
	return m.Outbox.Send(ctx, mail.Message{To: to, Subject: fmt.Sprintf("Sign in (%s)", lang), Body: body})
}
