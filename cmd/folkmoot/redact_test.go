package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestNoCommandPrintsThePassword runs the commands that open a database
// with PostgreSQL URLs holding a password, on a server that cannot be
// reached, and with the URL in FOLKMOOT_DB (which -h and usage errors
// print as the --db default): neither stdout nor stderr may show it.
func TestNoCommandPrintsThePassword(t *testing.T) {
	const pw = "s3cret-pw"
	t.Setenv("FOLKMOOT_DATA_KEY", testKeyEnv)
	t.Setenv("FOLKMOOT_DATA_KEY_FILE", "")
	dsns := []string{
		"postgres://folk:" + pw + "@127.0.0.1:1/nodb?sslmode=disable&connect_timeout=5",
		"postgresql://folk@127.0.0.1:1/nodb?password=" + pw + "&sslmode=disable",
		"postgres://folk:" + pw + "%zz@127.0.0.1:1/nodb", // not a URL net/url parses
	}
	for _, dsn := range dsns {
		data := t.TempDir()
		runs := [][]string{
			{"migrate", "--db", dsn},
			{"serve", "--db", dsn, "--addr", "127.0.0.1:0"},
			{"demo", "--db", dsn, "--data", data, "--addr", "127.0.0.1:0"},
			{"user", "list", "--db", dsn},
			{"audit", "verify", "--db", dsn},
		}
		for _, args := range runs {
			t.Setenv("FOLKMOOT_DB", "")
			code, out, errs := run(t, args...)
			if code == 0 {
				t.Errorf("%v: exit 0 on an unreachable server", args[0])
			}
			if strings.Contains(out+errs, pw) {
				t.Errorf("%v shows the password:\nstdout: %s\nstderr: %s", args[0], out, errs)
			}
		}
		t.Setenv("FOLKMOOT_DB", dsn)
		for _, args := range [][]string{{"migrate", "-h"}, {"migrate", "--bogus"}, {"serve", "-h"}, {"demo", "--bogus"}, {"user", "list", "--bogus"}, {"audit", "show", "-h"}} {
			_, out, errs := run(t, args...)
			if strings.Contains(out+errs, pw) {
				t.Errorf("%v with FOLKMOOT_DB shows the password:\nstdout: %s\nstderr: %s", args, out, errs)
			}
			if !strings.Contains(out+errs, "127.0.0.1:1") {
				t.Errorf("%v does not print the --db default at all, so this checks nothing: %s", args, errs)
			}
		}
	}
}

// TestServeWarnsWhenDatabaseNotWritable: serve says so at start.
func TestServeWarnsWhenDatabaseNotWritable(t *testing.T) {
	t.Setenv("FOLKMOOT_DATA_KEY", testKeyEnv)
	db := filepath.Join(t.TempDir(), "no-such-folder", "x.db")
	code, _, errs := run(t, "serve", "--db", db, "--addr", "127.0.0.1:0")
	if code != 1 || !strings.Contains(errs, "the database is not writable") {
		t.Fatalf("exit %d, stderr %q: want a warning that the database is not writable", code, errs)
	}
}
