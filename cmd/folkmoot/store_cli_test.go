package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/base64"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"
)

// run runs folkmoot with args and returns exit code, stdout and stderr.
func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := runMain(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestMigrateUserAudit(t *testing.T) {
	db := filepath.Join(t.TempDir(), "cli.db")
	t.Setenv("FOLKMOOT_DB", "")
	t.Setenv("FOLKMOOT_DATA_KEY", "")
	t.Setenv("FOLKMOOT_DATA_KEY_FILE", "")
	if code, _, errs := run(t, "user", "add", "a@example.org", "--db", db); code != 1 || !strings.Contains(errs, "no data key") {
		t.Fatalf("user add without a data key: %d %q", code, errs)
	}
	t.Setenv("FOLKMOOT_DATA_KEY", testKeyEnv)

	if code, _, errs := run(t, "migrate"); code != 2 || !strings.Contains(errs, "FOLKMOOT_DB") {
		t.Fatalf("migrate without a database: %d %q", code, errs)
	}
	if code, _, errs := run(t, "user", "add", "a@example.org", "--db", db); code != 1 || !strings.Contains(errs, "folkmoot migrate") {
		t.Fatalf("user add before migrate: %d %q", code, errs)
	}
	if code, out, errs := run(t, "migrate", "--db", db); code != 0 || !strings.Contains(out, "migrated from version 0") {
		t.Fatalf("migrate: %d %q %q", code, out, errs)
	}
	if code, out, _ := run(t, "migrate", "--db", db); code != 0 || !strings.Contains(out, "up to date") {
		t.Fatalf("second migrate: %d %q", code, out)
	}
	t.Setenv("FOLKMOOT_DB", db)
	if code, out, errs := run(t, "user", "add", "--role", "organiser", "Olu@Example.org"); code != 0 || !strings.Contains(out, "citizen,organiser") {
		t.Fatalf("user add: %d %q %q", code, out, errs)
	}
	if code, _, errs := run(t, "user", "add", "olu@example.org"); code != 1 || !strings.Contains(errs, "already an account") || strings.Contains(errs, "UNIQUE") {
		t.Fatalf("duplicate user add: %d %q", code, errs)
	}
	if code, _, _ := run(t, "user", "add", "--role", "king", "k@example.org"); code != 2 {
		t.Fatalf("unknown role: exit %d", code)
	}
	if code, _, errs := run(t, "user", "add", "not-an-email"); code != 1 || !strings.Contains(errs, "correct format") {
		t.Fatalf("bad email: %d %q", code, errs)
	}
	if code, out, _ := run(t, "user", "grant", "--role", "moderator", "olu@example.org"); code != 0 || !strings.Contains(out, "moderator") {
		t.Fatalf("grant: %d %q", code, out)
	}
	if code, out, _ := run(t, "user", "list", "--role", "moderator"); code != 0 || !strings.Contains(out, "olu@example.org") {
		t.Fatalf("list: %d %q", code, out)
	}
	if code, out, _ := run(t, "user", "org-add", "Healthwatch Example"); code != 0 || !strings.Contains(out, "organisation 1") {
		t.Fatalf("org-add: %d %q", code, out)
	}
	if code, out, errs := run(t, "user", "rep", "--org", "1", "olu@example.org"); code != 0 {
		t.Fatalf("rep: %d %q %q", code, out, errs)
	}
	if code, out, _ := run(t, "user", "org-list"); code != 0 || !strings.Contains(out, "verified") {
		t.Fatalf("org-list: %d %q", code, out)
	}
	code, out, errs := run(t, "audit", "verify")
	if code != 0 || !strings.Contains(out, "ok: 5 audit entries verified") || !strings.Contains(out, "counts equal rows") {
		t.Fatalf("audit verify: %d %q %q", code, out, errs)
	}
	if code, out, _ := run(t, "audit", "show", "--object", "user:1"); code != 0 || !strings.Contains(out, "user.grant") || strings.Contains(out, "olu") {
		t.Fatalf("audit show: %d %q", code, out)
	}
	// Another key is refused, naming the problem.
	t.Setenv("FOLKMOOT_DATA_KEY", base64.StdEncoding.EncodeToString([]byte(strings.Repeat("z", 32))))
	if code, _, errs := run(t, "user", "list"); code != 1 || !strings.Contains(errs, "not the one") {
		t.Fatalf("user list with another key: %d %q", code, errs)
	}
	t.Setenv("FOLKMOOT_DATA_KEY", testKeyEnv)

	// Tamper with one sealed entry: verify names it and exits 1.
	raw, err := sql.Open("sqlite", "file:"+db+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var plain int
	if err := raw.QueryRow(`SELECT COUNT(*) FROM users WHERE email_lookup LIKE '%olu%' OR email_sealed LIKE '%olu%'`).Scan(&plain); err != nil || plain != 0 {
		t.Fatalf("plain address stored: %d %v", plain, err)
	}
	if _, err := raw.Exec(`UPDATE audit_log SET actor = 'user:99' WHERE pos = 3`); err != nil {
		t.Fatal(err)
	}
	code, out, _ = run(t, "audit", "verify")
	if code != 1 || !strings.Contains(out, "broken at position 3") {
		t.Fatalf("audit verify after tampering: %d %q", code, out)
	}
}
