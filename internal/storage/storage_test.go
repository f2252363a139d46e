package storage_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/storage"
)

func TestOpenChoosesAdapter(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "x.db")
	if _, err := storage.Open(ctx, path, storage.Options{}); !apperr.Is(err, apperr.Unavailable) {
		t.Fatalf("Open before migrate: %v", err)
	}
	if _, _, err := storage.Migrate(ctx, path); err != nil {
		t.Fatal(err)
	}
	s, err := storage.Open(ctx, path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Dialect() != "sqlite" {
		t.Fatalf("dialect %q", s.Dialect())
	}
	if err := s.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := storage.Open(ctx, "", storage.Options{}); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("empty dsn: %v", err)
	}
	for dsn, pg := range map[string]bool{"postgres://x/y": true, "postgresql://x": true, "data/folkmoot.db": false, "file:x.db": false} {
		if storage.IsPostgres(dsn) != pg {
			t.Errorf("IsPostgres(%q) = %v", dsn, !pg)
		}
	}
}

func TestOpenPostgres(t *testing.T) {
	dsn := os.Getenv("FOLKMOOT_TEST_POSTGRES")
	if dsn == "" {
		dsn = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	}
	ctx := context.Background()
	admin, err := sql.Open("pgx", dsn)
	if err == nil {
		err = admin.PingContext(ctx)
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL is required when CI=true: %v", err)
		}
		t.Skipf("PostgreSQL not reachable (set FOLKMOOT_TEST_POSTGRES): %v", err)
	}
	defer admin.Close()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "storage_test_" + hex.EncodeToString(b)
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatal(err)
	}
	defer admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
	u, _ := url.Parse(dsn)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	if _, err := storage.Open(ctx, u.String(), storage.Options{}); !apperr.Is(err, apperr.Unavailable) {
		t.Fatalf("Open before migrate: %v", err)
	}
	if _, _, err := storage.Migrate(ctx, u.String()); err != nil {
		t.Fatal(err)
	}
	s, err := storage.Open(ctx, u.String(), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Dialect() != "postgres" {
		t.Fatalf("dialect %q", s.Dialect())
	}
	have, want, err := s.SchemaVersion(ctx)
	if err != nil || have != want {
		t.Fatalf("schema %d/%d %v", have, want, err)
	}
}
