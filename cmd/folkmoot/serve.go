package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/folkmoot/folkmoot/internal/config"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/jury"
	"github.com/folkmoot/folkmoot/internal/mail"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/storage"
	"github.com/folkmoot/folkmoot/internal/web"
	"github.com/folkmoot/folkmoot/internal/web/gatherweb"
)

func init() {
	register(&command{name: "serve", summary: "serve the web app on a migrated database", run: runServe})
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, logLevel, err := parseServerFlags("serve", args, stderr, config.Default(), "Serves Folkmoot over HTTP. The database must have been prepared with 'folkmoot migrate'.\nEmail addresses are stored encrypted: give the data key with --data-key-file or FOLKMOOT_DATA_KEY.\nWithout --smtp-host, mail is kept in an outbox (shown at /outbox only with --outbox).")
	if err != nil {
		return err
	}
	log := newLogger(stderr, logLevel)
	keys, err := requireDataKeys(cfg.DataKey, cfg.DataKeyFile)
	if err != nil {
		return err
	}
	if err := storage.CheckWritable(cfg.DB); err != nil {
		log.Warn("the database is not writable: every change will fail until this is fixed", "err", err)
	}
	st, err := storage.Open(ctx, cfg.DB, storage.Options{MaxConns: cfg.DBMaxConns, Keys: keys})
	if err != nil {
		return fmt.Errorf("opening %s: %w", storage.Redact(cfg.DB), err)
	}
	defer st.Close()
	var sender mail.Sender
	var outbox *mail.Outbox
	if cfg.SMTPHost != "" {
		sender = smtpSender(cfg)
	} else {
		dir := ""
		if cfg.DataDir != "" {
			dir = filepath.Join(cfg.DataDir, "outbox")
		}
		ob, err := mail.NewOutbox(dir)
		if err != nil {
			return err
		}
		sender = ob
		if cfg.Outbox {
			outbox = ob
		} else {
			log.Warn("no --smtp-host: mail is kept in an outbox and not delivered; add --outbox to read it at /outbox (demos only)")
		}
	}
	return serveStore(ctx, cfg, st, sender, outbox, log, stdout, nil)
}

// parseServerFlags parses the configuration flags shared by serve and demo:
// defaults, then FOLKMOOT_* variables, then flags.
func parseServerFlags(name string, args []string, stderr io.Writer, def config.Config, about string, extra ...func(*flag.FlagSet)) (config.Config, string, error) {
	cfg, err := config.FromEnv(def, os.Getenv)
	if err != nil {
		return cfg, "", fmt.Errorf("%v: %w", err, errUsage)
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg.Register(fs)
	redactDBDefault(fs)
	logLevel := fs.String("log-level", envOr("FOLKMOOT_LOG_LEVEL", "info"), "log level: debug, info, warn or error (env FOLKMOOT_LOG_LEVEL)")
	for _, e := range extra {
		e(fs)
	}
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: folkmoot %s [flags]\n\n%s\n\nFlags:\n", name, about)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return cfg, "", err
		}
		return cfg, "", fmt.Errorf("%v: %w", err, errUsage)
	}
	if fs.NArg() > 0 {
		return cfg, "", fmt.Errorf("unexpected argument %q: %w", fs.Arg(0), errUsage)
	}
	if err := cfg.Validate(); err != nil {
		return cfg, "", fmt.Errorf("%v: %w", err, errUsage)
	}
	return cfg, *logLevel, nil
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(strings.ToUpper(level))); err != nil {
		l = slog.LevelInfo
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l}))
}

// serveStore wires the services over st and serves until ctx ends. ready,
// if set, is called with the bound address once the listener is open.
func serveStore(ctx context.Context, cfg config.Config, st storage.Store, sender mail.Sender, outbox *mail.Outbox, log *slog.Logger, stdout io.Writer, ready func(addr string)) error {
	broker, err := openBroker(ctx, cfg.DB, st, false, log)
	if err != nil {
		return fmt.Errorf("starting live updates: %w", err)
	}
	defer broker.Close() // before the store closes: it flushes
	ps := people.NewService(st, people.Config{SessionTTL: cfg.SessionLife, TokenTTL: cfg.SignInExpiry,
		SessionEnded: web.AnnounceSignOut(broker, log), UserChanged: web.AnnounceUserChange(broker, log)})
	cs := cycle.NewService(st, cycle.Config{Changed: announceCycle(broker, log)})
	go watchRounds(ctx, broker, cs)
	gs := gather.NewService(st, st, cs, gather.Config{})
	sim := gatherweb.NewSimilar(gs, time.Minute, log)
	go func() {
		start := time.Now()
		if err := sim.Warm(ctx); err != nil {
			log.Error("building the similar-issue index", "err", err)
			return
		}
		log.Debug("similar-issue index built", "took", time.Since(start))
	}()
	bg, stopJobs, err := startBackground(cfg, st, sender, log)
	if err != nil {
		return err
	}
	defer stopJobs()
	bg.lb.set(broker)
	srv, err := web.New(webDeps(cfg, st, services{people: ps, cycles: cs, gather: gs, similar: sim, notifier: bg.n, live: broker,
		jury: jury.NewService(st, cs, gs, ps, st, jury.Config{}), selection: bg.sel, jobs: bg.q}, outbox, log))
	if err != nil {
		return err
	}
	defer srv.Close() // after the HTTP server, before the broker: publishes the last counts
	go func() {
		if err := srv.Warm(ctx); err != nil {
			log.Error("warming caches", "err", err)
		}
	}()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", cfg.Addr, err)
	}
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	hs.RegisterOnShutdown(srv.StopStreams) // Shutdown waits for handlers; event streams end only when told
	log.Info("serving", "url", cfg.BaseURL, "addr", ln.Addr().String(), "db", st.Dialect(), "workers", cfg.Workers)
	if ready != nil {
		ready(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil {
		return err
	}
	stopJobs()
	log.Info("stopped")
	return nil
}
