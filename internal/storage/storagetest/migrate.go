package storagetest

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/sealed"
)

// SealingMigration checks the move to schema version 3, which seals the
// email addresses earlier versions stored in plain text. raw is a handle
// on a database at schema version 2; migrate brings it up to date with the
// keys given; open opens it. Without keys the migration must fail and
// change nothing; with them every address must end up sealed and usable.
func SealingMigration(t *testing.T, raw *sql.DB, migrate func(*sealed.Keys) error, open func(*sealed.Keys) (Store, error)) {
	ctx := context.Background()
	exp := time.Now().Add(time.Hour).UnixMicro()
	for _, q := range []string{
		`INSERT INTO users(email, display_name, roles, created_at) VALUES ('alice@example.org', 'Alice', 'citizen', 1)`,
		`INSERT INTO users(email, display_name, roles, created_at) VALUES ('bob@example.org', 'Bob', 'citizen,moderator', 2)`,
		`INSERT INTO signin_tokens(hash, email, created_at, expires_at) VALUES ('` + strings.Repeat("ab", 32) + `', 'carol@example.org', 1, ` + idText(exp) + `)`,
	} {
		if _, err := raw.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	err := migrate(nil)
	if err == nil || !strings.Contains(err.Error(), "plain text") || !strings.Contains(err.Error(), "data key") {
		t.Fatalf("migrating plain addresses without a key: %v", err)
	}
	var n int
	if err := raw.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE email IN ('alice@example.org', 'bob@example.org')`).Scan(&n); err != nil || n != 2 {
		t.Fatalf("after the failed migration: %d plain addresses, %v; want both, untouched", n, err)
	}
	if err := migrate(sealed.MustTest()); err != nil {
		t.Fatal(err)
	}
	if err := migrate(sealed.MustTest()); err != nil {
		t.Fatalf("second migration: %v", err)
	}
	for _, q := range []string{`SELECT email_lookup, email_sealed FROM users`, `SELECT email_sealed FROM signin_tokens`} {
		rows, err := raw.QueryContext(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var a, b sql.NullString
			if strings.Contains(q, "lookup") {
				err = rows.Scan(&a, &b)
			} else {
				err = rows.Scan(&b)
			}
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(a.String+b.String, "@") || !sealed.IsSealed(b.String) {
				t.Fatalf("%s: %q %q after migration", q, a.String, b.String)
			}
		}
		rows.Close()
	}
	if _, err := raw.ExecContext(ctx, `SELECT 1 FROM unsealed_emails`); err == nil {
		t.Fatal("unsealed_emails kept after migration")
	}

	s, err := open(sealed.MustTest())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	u, err := s.UserByEmail(ctx, "Bob@Example.org")
	if err != nil || u.Email != "bob@example.org" || u.DisplayName != "Bob" || len(u.Roles) != 2 {
		t.Fatalf("bob after migration: %+v, %v", u, err)
	}
	tok, err := s.UseSignInToken(ctx, strings.Repeat("ab", 32), time.Now(), audit.Event{Time: time.Now(), Actor: audit.ActorSystem, Action: "signin.use"})
	if err != nil || tok.Email != "carol@example.org" {
		t.Fatalf("sign-in token after migration: %+v, %v", tok, err)
	}
	other, _ := sealed.New([]byte(strings.Repeat("y", sealed.KeySize)))
	if s2, err := open(other); err == nil {
		s2.Close()
		t.Fatal("opened with another key than the migration's")
	}
}
