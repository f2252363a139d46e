package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/folkmoot/folkmoot/internal/api"
	"github.com/folkmoot/folkmoot/internal/config"
	"github.com/folkmoot/folkmoot/internal/live"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web/accountweb"
	"github.com/folkmoot/folkmoot/internal/web/assemblyweb"
	"github.com/folkmoot/folkmoot/internal/web/consultweb"
	"github.com/folkmoot/folkmoot/internal/web/cycleweb"
	"github.com/folkmoot/folkmoot/internal/web/dashweb"
	"github.com/folkmoot/folkmoot/internal/web/evidenceweb"
	"github.com/folkmoot/folkmoot/internal/web/gatherweb"
	"github.com/folkmoot/folkmoot/internal/web/infoweb"
	"github.com/folkmoot/folkmoot/internal/web/juryweb"
	"github.com/folkmoot/folkmoot/internal/web/kit"
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

// Authenticator checks a session cookie (*people.Service).
type Authenticator interface {
	Authenticate(ctx context.Context, rawSession string) (people.User, people.Session, error)
}

// Deps are what a Server is made of: the configuration, the session check,
// and each area's own dependencies (the shell fills in what it owns: the
// Renderer, limits, clock, log, and the configuration the areas repeat).
type Deps struct {
	Config config.Config
	Log    *slog.Logger
	Now    func() time.Time // the clock; time.Now if nil

	Auth Authenticator // required
	// Health checks what the server needs to work (the database); /healthz
	// answers 503 when it fails. Optional.
	Health func(ctx context.Context) error
	// Languages stores a signed-in person's language choice. Optional.
	Languages kit.LanguageSaver
	// Live is the process's live broker, shared by every server on the
	// database (cmd/folkmoot opens one per process): issue pages stream
	// from it and session caches listen on it. Optional: nil means an
	// in-process broker (a single server).
	Live live.Broker
	// MaxStreams bounds the event streams open at once; 0 means 1,000.
	MaxStreams int

	Gather  gatherweb.Deps
	Cycles  cycleweb.Deps
	Account accountweb.Deps // Outbox set: a demo (the /outbox routes exist)
	Notify  notifyweb.Deps  // the notification settings page; Settings nil leaves it out
	API     api.Deps
	// Dash is the organisers' dashboard; optional (Stats nil: no dashboard).
	Dash dashweb.Deps
	// Jury is the citizens' jury and agenda; optional (Jury nil: none).
	Jury juryweb.Deps
	// Room is discussion groups' live pages and room screens; optional (Room nil: none).
	Room roomweb.Deps
	// Recruit is the recruitment of the assembly; optional (Recruit nil:
	// no recruitment pages). Its BaseURL defaults to the configuration's.
	Recruit recruitweb.Deps
	// Selection is the selection of assemblies; optional (Selection nil:
	// no selection pages).
	Selection selectionweb.Deps
	// Assembly is who takes part in a round's assembly; optional (People
	// nil: no assembly pages).
	Assembly assemblyweb.Deps
	// Evidence is the assembly's evidence; optional (Evidence nil: none).
	Evidence evidenceweb.Deps
	// Recommend is the assembly's recommendations and their secret
	// ballot; optional (Recommend nil: none).
	Recommend recommendweb.Deps
	// Response is the Board's answers and the commitments' tracker;
	// optional (Response nil: none).
	Response responseweb.Deps
	// Consult is the public consultation on the recommendations;
	// optional (Consult nil: none).
	Consult consultweb.Deps
	// Quality is a round's quality self-assessment against the OECD's
	// principles; optional (Quality nil: none).
	Quality qualityweb.Deps
	// Meetings is the assembly's meetings and discussion groups;
	// optional (Meetings nil: none).
	Meetings meetingweb.Deps
	// Trace is each issue's trace page ("What happened to this issue");
	// optional (Traces nil: none).
	Trace traceweb.Deps
}

// Server is the HTTP server. It is safe for concurrent use.
type Server struct {
	cfg       config.Config
	log       *slog.Logger
	clock     func() time.Time
	auth      Authenticator
	health    func(ctx context.Context) error
	languages kit.LanguageSaver

	render   *kit.Renderer
	sessions sessionCache
	secure   bool
	demo     bool
	themeCSS []byte

	live    liveState
	gather  *gatherweb.Handler
	routes  []kit.Route
	handler http.Handler
}

// New returns a Server: it parses every template once, builds the areas and
// checks that every route says who may use it.
func New(d Deps) (*Server, error) {
	if d.Auth == nil {
		return nil, errors.New("web: Auth is required")
	}
	if err := d.Config.Validate(); err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	s := &Server{
		cfg: d.Config, log: d.Log, clock: d.Now, auth: d.Auth, health: d.Health, languages: d.Languages,
		secure: d.Config.Secure(), demo: d.Account.Outbox != nil,
		themeCSS: fmt.Appendf(nil, ":root{--fm-brand:%s}\n", d.Config.Colour),
	}
	if s.clock == nil {
		s.clock = time.Now
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.initLive(d)
	var err error
	s.render, err = kit.NewRenderer(kit.RendererConfig{
		Site:  kit.Site{OrgName: d.Config.OrgName, ServiceName: d.Config.ServiceName, LogoURL: d.Config.LogoURL, Demo: s.demo, Secure: s.secure},
		Log:   s.log,
		Nav:   append(append(cycleweb.Nav(), gatherweb.Nav()...), accountweb.Nav()...),
		Areas: []kit.Templates{gatherweb.Templates(), cycleweb.Templates(), accountweb.Templates(), notifyweb.Templates(), infoweb.Templates(), dashweb.Templates(), juryweb.Templates(), recruitweb.Templates(), selectionweb.Templates(), assemblyweb.Templates(), evidenceweb.Templates(), roomweb.Templates(), recommendweb.Templates(), meetingweb.Templates(), api.Templates(), traceweb.Templates(), responseweb.Templates(), consultweb.Templates(), qualityweb.Templates()},
	})
	if err != nil {
		return nil, err
	}
	areas, err := s.areas(d)
	if err != nil {
		return nil, err
	}
	if s.routes, err = s.table(areas); err != nil {
		return nil, err
	}
	s.handler = s.wrap(s.mux())
	s.watchSessions()
	return s, nil
}

// areas builds every area with the shell's Env.
func (s *Server) areas(d Deps) ([]kit.Area, error) {
	env := kit.Env{
		Render: s.render, Log: s.log, Now: s.clock, Sessions: &s.sessions,
		Live: s.live.broker, Streams: s.live.streams, Done: s.live.done,
		Limits: kit.Limits{
			SignIn:  newLimiter(s.cfg.SignInPerMinute, s.cfg.Burst, s.clock),
			Submit:  newLimiter(s.cfg.SubmitPerMinute, s.cfg.Burst, s.clock),
			Support: newLimiter(s.cfg.SupportPerMinute, s.cfg.Burst, s.clock),
			Export:  newLimiter(s.cfg.ExportPerMinute, s.cfg.Burst, s.clock),
		},
	}
	var err error
	if s.gather, err = gatherweb.New(env, d.Gather); err != nil {
		return nil, err
	}
	rounds, err := cycleweb.New(env, d.Cycles)
	if err != nil {
		return nil, err
	}
	acc := d.Account
	if acc.BaseURL == "" {
		acc.BaseURL = s.cfg.BaseURL
	}
	if acc.SignInExpiry == 0 {
		acc.SignInExpiry = s.cfg.SignInExpiry
	}
	account, err := accountweb.New(env, acc)
	if err != nil {
		return nil, err
	}
	ad := d.API
	if ad.BaseURL == "" {
		ad.BaseURL, ad.OrgName, ad.Service = s.cfg.BaseURL, s.cfg.OrgName, s.cfg.ServiceName
	}
	open, err := api.New(env, ad)
	if err != nil {
		return nil, err
	}
	name, contact := s.cfg.Controller()
	info, err := infoweb.New(env, infoweb.Deps{ControllerName: name, ControllerAddress: s.cfg.ControllerAddress, ControllerContact: contact,
		RetainAccounts: s.cfg.RetainAccounts, RetainRecords: s.cfg.RetainRecords, SessionLife: s.cfg.SessionLife, SignInExpiry: s.cfg.SignInExpiry})
	if err != nil {
		return nil, err
	}
	areas := []kit.Area{own{s}, s.gather, rounds, account, open, info}
	if d.Notify.Settings != nil {
		settings, err := notifyweb.New(env, d.Notify)
		if err != nil {
			return nil, err
		}
		areas = append(areas, settings)
	}
	if d.Dash.Stats != nil {
		board, err := dashweb.New(env, d.Dash)
		if err != nil {
			return nil, err
		}
		areas = append(areas, board)
	}
	if d.Jury.Jury != nil {
		jd := d.Jury
		if jd.BaseURL == "" {
			jd.BaseURL = s.cfg.BaseURL
		}
		jury, err := juryweb.New(env, jd)
		if err != nil {
			return nil, err
		}
		areas = append(areas, jury)
	}
	if d.Assembly.People != nil {
		asm, err := assemblyweb.New(env, d.Assembly)
		if err != nil {
			return nil, err
		}
		areas = append(areas, asm)
	}
	if d.Recommend.Recommend != nil {
		rec, err := recommendweb.New(env, d.Recommend)
		if err != nil {
			return nil, err
		}
		areas = append(areas, rec)
	}
	if d.Trace.Traces != nil {
		tr, err := traceweb.New(env, d.Trace)
		if err != nil {
			return nil, err
		}
		areas = append(areas, tr)
	}
	if d.Response.Response != nil {
		resp, err := responseweb.New(env, d.Response)
		if err != nil {
			return nil, err
		}
		areas = append(areas, resp)
	}
	if d.Consult.Consult != nil {
		con, err := consultweb.New(env, d.Consult)
		if err != nil {
			return nil, err
		}
		areas = append(areas, con)
	}
	if d.Quality.Quality != nil {
		q, err := qualityweb.New(env, d.Quality)
		if err != nil {
			return nil, err
		}
		areas = append(areas, q)
	}
	if d.Meetings.Meetings != nil {
		mt, err := meetingweb.New(env, d.Meetings)
		if err != nil {
			return nil, err
		}
		areas = append(areas, mt)
	}
	if d.Recruit.Recruit != nil {
		rd := d.Recruit
		if rd.BaseURL == "" {
			rd.BaseURL = s.cfg.BaseURL
		}
		rec, err := recruitweb.New(env, rd)
		if err != nil {
			return nil, err
		}
		areas = append(areas, rec)
	}
	if d.Selection.Selection != nil {
		sel, err := selectionweb.New(env, d.Selection)
		if err != nil {
			return nil, err
		}
		areas = append(areas, sel)
	}
	if d.Evidence.Evidence != nil {
		ev, err := evidenceweb.New(env, d.Evidence)
		if err != nil {
			return nil, err
		}
		areas = append(areas, ev)
	}
	if d.Room.Room != nil {
		rd := d.Room
		if rd.BaseURL == "" {
			rd.BaseURL = s.cfg.BaseURL
		}
		rm, err := roomweb.New(env, rd)
		if err != nil {
			return nil, err
		}
		areas = append(areas, rm)
	}
	return areas, nil
}

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Routes returns every route the server answers, with its Access (for
// tests and documentation).
func (s *Server) Routes() []kit.Route { return append([]kit.Route(nil), s.routes...) }

// Renderer returns the server's Renderer.
func (s *Server) Renderer() *kit.Renderer { return s.render }

// Warm fills the caches that make the first page views slow (the topic
// list); call it in the background at start-up.
func (s *Server) Warm(ctx context.Context) error { return s.gather.Warm(ctx) }
