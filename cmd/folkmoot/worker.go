package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/folkmoot/folkmoot/internal/config"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/jobs"
	"github.com/folkmoot/folkmoot/internal/lottery"
	"github.com/folkmoot/folkmoot/internal/mail"
	"github.com/folkmoot/folkmoot/internal/notify"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/sealed"
	"github.com/folkmoot/folkmoot/internal/storage"
)

func init() {
	register(&command{name: "worker", summary: "run background jobs (email, notifications) without serving HTTP", run: runWorker})
}

func runWorker(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, logLevel, err := parseServerFlags("worker", args, stderr, config.Default(),
		"Runs Folkmoot's background jobs — sending email, emailing followers about what changed,\n"+
			"pruning old jobs — and serves no HTTP. Jobs live in the database and survive restarts; any\n"+
			"number of workers may share one PostgreSQL database ('folkmoot serve' runs workers too unless\n"+
			"--workers 0). Links in emails use --base-url. Give the data key as for serve: job payloads\n"+
			"(addresses, sign-in links) are sealed with it. Without --smtp-host, mail goes to the outbox\n"+
			"folder in --data. Stops on SIGINT or SIGTERM, letting running jobs finish.")
	if err != nil {
		return err
	}
	if cfg.Workers < 1 {
		return fmt.Errorf("--workers must be at least 1 for a worker: %w", errUsage)
	}
	log := newLogger(stderr, logLevel)
	keys, err := requireDataKeys(cfg.DataKey, cfg.DataKeyFile)
	if err != nil {
		return err
	}
	st, err := storage.Open(ctx, cfg.DB, storage.Options{MaxConns: cfg.DBMaxConns, Keys: keys})
	if err != nil {
		return fmt.Errorf("opening %s: %w", cfg.DB, err)
	}
	defer st.Close()
	sender, err := mailSender(cfg, log)
	if err != nil {
		return err
	}
	bg := newBackground(cfg, st, keys, sender, log)
	// The selection job's progress reaches the organisers' pages through
	// the live broker of every server on the database.
	if b, err := openBroker(ctx, cfg.DB, st, true, log); err != nil {
		log.Warn("no live progress for selection jobs", "err", err)
	} else {
		defer b.Close()
		bg.lb.set(b)
	}
	log.Info("working", "workers", cfg.Workers, "db", st.Dialect())
	err = bg.q.Run(ctx)
	log.Info("stopped")
	return err
}

// mailSender returns the SMTP sender cfg names, or else an outbox in the
// data folder (in memory without one: nothing is delivered, so say so).
func mailSender(cfg config.Config, log *slog.Logger) (mail.Sender, error) {
	if cfg.SMTPHost != "" {
		return smtpSender(cfg), nil
	}
	dir := ""
	if cfg.DataDir != "" {
		dir = filepath.Join(cfg.DataDir, "outbox")
	}
	if dir == "" {
		log.Warn("no --smtp-host and no --data folder: mail is kept in memory and lost when the worker stops")
	} else {
		log.Warn("no --smtp-host: mail is kept in the outbox folder, not delivered", "dir", dir)
	}
	return mail.NewOutbox(dir)
}

// smtpSender is the SMTP sender cfg describes (cfg.SMTPHost is set).
func smtpSender(cfg config.Config) *mail.SMTP {
	return &mail.SMTP{Host: cfg.SMTPHost, Port: cfg.SMTPPort, Username: cfg.SMTPUser, Password: cfg.SMTPPassword,
		From: cfg.MailFrom, TLS: mail.TLSMode(cfg.SMTPTLS), HelloName: helloName(cfg.BaseURL)}
}

// helloName is the name given in EHLO: the public site's domain name (a
// name the mail server can look up, unlike net/smtp's "localhost"), an
// IPv4 address in brackets, or "" (localhost) for anything else.
func helloName(baseURL string) string {
	u, err := url.Parse(baseURL)
	if err != nil {
		return ""
	}
	h := u.Hostname()
	if ip := net.ParseIP(h); ip != nil {
		if ip.To4() != nil {
			return "[" + h + "]"
		}
		return ""
	}
	if !strings.Contains(h, ".") {
		return ""
	}
	return h
}

// background is one process's job queue and notifier.
type background struct {
	q   *jobs.Queue
	n   *notify.Notifier
	sel *lottery.Service // the selection of assemblies (selection.go)
	lb  *lateBroker      // its live progress, once a broker is open
}

// newBackground wires the queue over st: payloads sealed with keys, mail
// sent through sender, the notification scan and the pruning of old jobs
// as cluster-wide periodic tasks. Nothing runs until q.Run.
func newBackground(cfg config.Config, st storage.Store, keys *sealed.Keys, sender mail.Sender, log *slog.Logger) *background {
	opt := jobs.Options{Workers: max(cfg.Workers, 1), Lease: cfg.JobLease, Log: log}
	if keys != nil {
		opt.Sealer = keys
	}
	q := jobs.New(st, opt)
	notify.HandleMail(q, sender, jobs.HandlerOptions{})
	n := notify.New(q, notify.Deps{Users: st, Issues: st, Rounds: st, Audit: st, Cursors: st,
		Audience: st, Prefs: st, Digests: st, Juries: st, Recommendations: st, Quality: st}, notify.Config{
		BaseURL: cfg.BaseURL, OrgName: cfg.OrgName, ServiceName: cfg.ServiceName, Log: log,
		UserLang: func(u people.User) i18n.Lang { return u.Lang },
	})
	n.ScanEvery(q, 0)
	n.DigestEvery(q, cfg.DigestEvery)
	lb := &lateBroker{}
	sel := newSelection(cfg, st, q, n, selectionPools(cfg, st), lb, log)
	sel.HandleJobs(q)
	handleRoomJobs(q, st, lb) // room.go
	return &background{q: q, n: n, sel: sel, lb: lb}
}

// startBackground is serve's part: it wires the queue and, unless
// cfg.Workers is 0, runs it until the returned stop is called (after the
// HTTP server has drained, so that mail asked for meanwhile still goes).
func startBackground(cfg config.Config, st storage.Store, sender mail.Sender, log *slog.Logger) (*background, func(), error) {
	keys, err := dataKeys(cfg.DataKey, cfg.DataKeyFile)
	if err != nil {
		return nil, nil, err
	}
	bg := newBackground(cfg, st, keys, sender, log)
	if cfg.Workers == 0 {
		log.Info("--workers 0: background jobs (email, notifications) are left to 'folkmoot worker' processes")
		return bg, func() {}, nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := bg.q.Run(ctx); err != nil {
			log.Error("background jobs", "err", err)
		}
	}()
	return bg, func() { cancel(); <-done }, nil
}
