package web

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/folkmoot/folkmoot/internal/assets"
	"github.com/folkmoot/folkmoot/internal/config"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/mail"
	"github.com/folkmoot/folkmoot/internal/people"
)

// People is what the web needs of the people service (*people.Service).
type People interface {
	RequestSignIn(ctx context.Context, email string) (token string, expires time.Time, err error)
	SignIn(ctx context.Context, token string) (people.User, string, people.Session, error)
	Authenticate(ctx context.Context, rawSession string) (people.User, people.Session, error)
	SignOut(ctx context.Context, u people.User, rawSession string) error
	SetDisplayName(ctx context.Context, actor people.User, name string) error
}

// Deps are the services a Server uses. Config, People, Gather and Mail are
// required; Outbox is set only in demos (it enables /outbox).
type Deps struct {
	Config  config.Config
	People  People
	Gather  Gather
	Rounds  Rounds
	Lookups Lookups // optional
	Similar Similar // optional
	Mail    mail.Sender
	Outbox  *mail.Outbox
	Log     *slog.Logger
	Now     func() time.Time // the clock; time.Now if nil
}

// Server is the HTTP server. It is safe for concurrent use.
type Server struct {
	cfg     config.Config
	log     *slog.Logger
	people  People
	gather  Gather
	rounds  Rounds
	lookups Lookups
	similar Similar
	mail    mail.Sender
	outbox  *mail.Outbox

	tmpl     templates
	site     site
	key      []byte
	secure   bool
	sessions sessionCache
	themeCSS []byte

	signinLimit, submitLimit, supportLimit *limiter

	handler http.Handler
	clock   func() time.Time

	tagCache  tagCache
	notifySem chan struct{}
	notifyWG  sync.WaitGroup
}

func (s *Server) now() time.Time { return s.clock() }

// New returns a Server; it parses every template once, here.
func New(d Deps) (*Server, error) {
	if d.People == nil || d.Gather == nil || d.Rounds == nil || d.Mail == nil {
		return nil, errors.New("web: People, Gather, Rounds and Mail are required")
	}
	if err := d.Config.Validate(); err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	t, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	s := &Server{
		cfg: d.Config, log: d.Log, people: d.People, gather: d.Gather, rounds: d.Rounds, lookups: d.Lookups, similar: d.Similar, mail: d.Mail, outbox: d.Outbox,
		tmpl:   t,
		secure: d.Config.Secure(),
		site: site{
			OrgName: d.Config.OrgName, ServiceName: d.Config.ServiceName,
			LogoURL: d.Config.LogoURL, Outbox: d.Outbox != nil,
		},
		signinLimit:  newLimiter(d.Config.SignInPerMinute, d.Config.Burst),
		submitLimit:  newLimiter(d.Config.SubmitPerMinute, d.Config.Burst),
		supportLimit: newLimiter(d.Config.SupportPerMinute, d.Config.Burst),
	}
	s.notifySem = make(chan struct{}, maxNotifiers)
	s.clock = d.Now
	if s.clock == nil {
		s.clock = time.Now
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if d.Config.SecretKey != "" {
		s.key = []byte(d.Config.SecretKey)
	} else {
		s.key = make([]byte, 32)
		rand.Read(s.key)
	}
	s.themeCSS = []byte(fmt.Sprintf(":root{--fm-brand:%s}\n", d.Config.Colour))
	s.handler = s.wrap(s.routes())
	return s, nil
}

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// routes lists every route and who may use it (checked in each handler).
func (s *Server) routes() *http.ServeMux {
	m := http.NewServeMux()
	m.Handle("GET /static/", assets.Handler())
	m.HandleFunc("GET /theme.css", s.theme)
	m.HandleFunc("GET /healthz", s.healthz)
	m.Handle("GET /{$}", s.serve(s.home)) // public

	// Sign-in (anyone).
	m.Handle("GET /signin", s.serve(s.signinForm))
	m.Handle("POST /signin", s.serve(s.signinSend))
	m.Handle("GET /signin/{token}", s.serve(s.signinConfirm))
	m.Handle("POST /signin/{token}", s.serve(s.signinFinish))
	m.Handle("GET /signout", s.serve(s.signoutForm))
	m.Handle("POST /signout", s.serve(s.signout))
	m.Handle("GET /account", s.serve(s.account))        // signed in
	m.Handle("POST /account", s.serve(s.accountUpdate)) // signed in
	if s.outbox != nil {                                // demo only
		m.Handle("GET /outbox", s.serve(s.outboxList))
		m.Handle("GET /outbox/{id}", s.serve(s.outboxMessage))
	}
	s.gatherRoutes(m)
	m.Handle("/", s.serve(func(w http.ResponseWriter, r *http.Request) error {
		return errNotFound
	}))
	return m
}

func (s *Server) theme(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Write(s.themeCSS)
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write([]byte("ok\n"))
}

// issueChanged tells the similarity finder about an issue's new state.
func (s *Server) issueChanged(iss gather.Issue) {
	if s.similar == nil {
		return
	}
	if iss.Status == gather.StatusOpen {
		s.similar.Added(iss)
	} else {
		s.similar.Removed(iss.ID)
	}
}

// themesChanged tells the similarity finder that themes changed.
func (s *Server) themesChanged(r *http.Request) {
	if s.similar != nil {
		if err := s.similar.ThemesChanged(r.Context()); err != nil {
			s.log.Error("similar: themes", "err", err)
		}
	}
}

// similarRemoved drops an issue from the similarity finder.
func (s *Server) similarRemoved(id int64) {
	if s.similar != nil {
		s.similar.Removed(id)
	}
}
