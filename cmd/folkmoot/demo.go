package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/folkmoot/folkmoot/internal/config"
	"github.com/folkmoot/folkmoot/internal/demo"
	"github.com/folkmoot/folkmoot/internal/mail"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/sealed"
	"github.com/folkmoot/folkmoot/internal/storage"
)

func init() {
	register(&command{name: "demo", summary: "create (once) and serve a demo programme with an outbox", run: runDemo})
}

func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	def := config.Default()
	def.OrgName = "Folkmoot demo"
	def.ServiceName = "NHS Citizen Gather"
	def.Outbox = true
	def.DataDir = "folkmoot-demo"
	def.SignInExpiry = 24 * time.Hour
	var data string
	var seed int64
	cfg, logLevel, err := parseServerFlags("demo", args, stderr, def,
		"Creates a demo programme like NHS Citizen in a SQLite database in --data (once: later runs reuse it),\nthen serves it with an outbox at /outbox instead of sending mail, and prints the URL and a\nsign-in link for an organiser.",
		func(fs *flag.FlagSet) {
			fs.StringVar(&data, "data", def.DataDir, "folder for the demo database and outbox (env FOLKMOOT_DATA)")
			fs.Int64Var(&seed, "seed", 1, "seed of the generated demo data (env FOLKMOOT_DEMO_SEED)")
			fs.Lookup("db").Usage = "database; default: demo.db in --data (env FOLKMOOT_DB)"
		})
	if err != nil {
		return err
	}
	if os.Getenv("FOLKMOOT_DATA") != "" && !flagSet(args, "data") {
		data = os.Getenv("FOLKMOOT_DATA")
	}
	cfg.DataDir = data
	cfg.Outbox = true
	if !flagSet(args, "db") && os.Getenv("FOLKMOOT_DB") == "" {
		cfg.DB = filepath.Join(data, "demo.db")
	}
	if err := os.MkdirAll(data, 0o755); err != nil {
		return err
	}
	log := newLogger(stderr, logLevel)
	keys, err := demoKeys(cfg, data, stdout)
	if err != nil {
		return err
	}
	if cfg.DataKey == "" && cfg.DataKeyFile == "" {
		cfg.DataKeyFile = filepath.Join(data, demoKeyFile) // serveStore seals job payloads with it
	}
	if _, _, err := storage.Migrate(ctx, cfg.DB, keys); err != nil {
		return fmt.Errorf("preparing %s: %w", storage.Redact(cfg.DB), err)
	}
	st, err := storage.Open(ctx, cfg.DB, storage.Options{MaxConns: cfg.DBMaxConns, Keys: keys})
	if err != nil {
		return fmt.Errorf("opening %s: %w", storage.Redact(cfg.DB), err)
	}
	defer st.Close()
	ds := demo.Build(seed).Rebase(time.Now())
	progs, err := st.Programmes(ctx)
	if err != nil {
		return err
	}
	if len(progs) == 0 {
		start := time.Now()
		fmt.Fprintf(stdout, "Creating the demo programme in %s ...\n", storage.Redact(cfg.DB))
		if err := seedDemo(ctx, st, ds); err != nil {
			return fmt.Errorf("seeding the demo: %w", err)
		}
		fmt.Fprintf(stdout, "Created %d issues, %d supports, %d comments and %d themes in %s.\n",
			len(ds.Issues), len(ds.Supports), len(ds.Comments), len(ds.Themes), time.Since(start).Round(time.Millisecond))
	} else {
		fmt.Fprintf(stdout, "Using the demo programme already in %s.\n", storage.Redact(cfg.DB))
	}
	outbox, err := mail.NewOutbox(filepath.Join(data, "outbox"))
	if err != nil {
		return err
	}
	return serveStore(ctx, cfg, st, outbox, outbox, log, stdout, func(addr string) {
		url := cfg.BaseURL
		fmt.Fprintf(stdout, "\nFolkmoot demo: %s\n", url)
		if org, ok := ds.FirstWithRole(demo.RoleOrganiser); ok {
			link, err := demoSignInLink(ctx, st, cfg, org.Email)
			if err != nil {
				fmt.Fprintf(stdout, "(could not make a sign-in link: %v)\n", err)
			} else {
				fmt.Fprintf(stdout, "Sign in as the organiser %s (%s) with this link (it works once, for %s):\n  %s\n", org.Name, org.Email, cfg.SignInExpiry, link)
			}
		}
		if mod, ok := ds.FirstWithRole(demo.RoleModerator); ok {
			fmt.Fprintf(stdout, "Moderator: %s. Any address can sign in; the links are in %s/outbox.\n", mod.Email, url)
		}
		fmt.Fprintln(stdout, "Press Ctrl+C to stop.")
	})
}

// demoKeyFile is the demo's data key, in its data folder.
const demoKeyFile = "data.key"

// demoKeys returns the data key given (FOLKMOOT_DATA_KEY or
// --data-key-file) or else the demo's own key file in data, made (mode
// 0600) on first use.
func demoKeys(cfg config.Config, data string, stdout io.Writer) (*sealed.Keys, error) {
	if cfg.DataKey != "" || cfg.DataKeyFile != "" {
		return dataKeys(cfg.DataKey, cfg.DataKeyFile)
	}
	path := filepath.Join(data, demoKeyFile)
	made, err := sealed.CreateKeyFile(path)
	if err != nil {
		return nil, err
	}
	if made {
		fmt.Fprintf(stdout, "Made a data key for the demo's email addresses in %s.\n", path)
	}
	return dataKeys("", path)
}

// demoSignInLink issues a one-time sign-in link for email.
func demoSignInLink(ctx context.Context, st storage.Store, cfg config.Config, email string) (string, error) {
	ps := people.NewService(st, people.Config{TokenTTL: cfg.SignInExpiry, SessionTTL: cfg.SessionLife})
	token, _, err := ps.RequestSignIn(ctx, email)
	if err != nil {
		return "", err
	}
	return cfg.BaseURL + "/signin/" + token, nil
}

// flagSet reports whether args set the named flag (-name or --name, with or
// without =value).
func flagSet(args []string, name string) bool {
	for _, a := range args {
		for _, p := range []string{"-" + name, "--" + name} {
			if a == p || len(a) > len(p) && a[:len(p)+1] == p+"=" {
				return true
			}
		}
	}
	return false
}

var errSeed = errors.New("demo data refers to a missing record")
