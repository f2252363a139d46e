package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/sealed"
	"github.com/folkmoot/folkmoot/internal/storage"
)

func init() {
	register(&command{
		name:    "migrate",
		summary: "create or upgrade the database schema",
		run: func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
			return userFacing(runMigrate(ctx, args, stdout, stderr))
		},
	})
}

// runFunc runs one command or subcommand.
type runFunc func(ctx context.Context, args []string, stdout, stderr io.Writer) error

// dispatch runs the subcommand named by args[0] from subs. With no
// arguments, or -h/--help/help, it prints help; an unknown name prints help
// and is a usage error.
func dispatch(ctx context.Context, args []string, stdout, stderr io.Writer, help string, subs map[string]runFunc) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stderr, help)
		if len(args) == 0 {
			return fmt.Errorf("missing subcommand: %w", errUsage)
		}
		return flag.ErrHelp
	}
	run, ok := subs[args[0]]
	if !ok {
		fmt.Fprint(stderr, help)
		return fmt.Errorf("unknown subcommand %q: %w", args[0], errUsage)
	}
	return run(ctx, args[1:], stdout, stderr)
}

// dbFlagUsage is the help text of every --db flag.
const dbFlagUsage = "database: a file path (SQLite) or a postgres:// URL (env FOLKMOOT_DB)"

// newStoreFlags returns a FlagSet for a database subcommand with its --db
// flag, defaulting to $FOLKMOOT_DB, and a usage text.
func newStoreFlags(name, synopsis, about string, stderr io.Writer) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet("folkmoot "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", os.Getenv("FOLKMOOT_DB"), dbFlagUsage)
	redactDBDefault(fs)
	fs.String("data-key-file", os.Getenv("FOLKMOOT_DATA_KEY_FILE"), "file holding the key that seals email addresses; or env FOLKMOOT_DATA_KEY (env FOLKMOOT_DATA_KEY_FILE)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: folkmoot %s %s\n\n%s\n\nFlags:\n", name, synopsis, strings.TrimSpace(about))
		fs.PrintDefaults()
	}
	return fs, db
}

// userFacing turns an application error into its user-facing message
// (driver details stay out of the terminal); internal errors and usage
// errors pass through unchanged.
func userFacing(err error) error {
	if err == nil || errors.Is(err, errUsage) || errors.Is(err, flag.ErrHelp) || apperr.KindOf(err) == apperr.Internal {
		return err
	}
	return errors.New(apperr.Message(err))
}

// redactDBDefault hides the password of a PostgreSQL URL taken from
// FOLKMOOT_DB in fs's --db default, which -h and usage errors print.
func redactDBDefault(fs *flag.FlagSet) {
	if f := fs.Lookup("db"); f != nil {
		f.DefValue = storage.Redact(f.DefValue)
	}
}

// storeKeys returns the data keys given to a database subcommand (its
// --data-key-file or FOLKMOOT_DATA_KEY), or nil if none.
func storeKeys(fs *flag.FlagSet) (*sealed.Keys, error) {
	return dataKeys(os.Getenv("FOLKMOOT_DATA_KEY"), fs.Lookup("data-key-file").Value.String())
}

// needDB returns a usage error when no database was given.
func needDB(db string) error {
	if db == "" {
		return fmt.Errorf("no database: give --db or set FOLKMOOT_DB: %w", errUsage)
	}
	return nil
}

func runMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := newStoreFlags("migrate", "[--db DB]", `
Creates the database (a SQLite file is created if missing) or brings its
schema up to the version this folkmoot needs. Running it again does nothing.
Several servers may run it at once: PostgreSQL serialises them.`, stderr)
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %w", err, errUsage)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q: %w", fs.Arg(0), errUsage)
	}
	if err := needDB(*db); err != nil {
		return err
	}
	keys, err := storeKeys(fs)
	if err != nil {
		return err
	}
	from, to, err := storage.Migrate(ctx, *db, keys)
	if err != nil {
		return err
	}
	if from == to {
		fmt.Fprintf(stdout, "schema is up to date (version %d)\n", to)
	} else {
		fmt.Fprintf(stdout, "schema migrated from version %d to %d\n", from, to)
	}
	return nil
}
