package storage_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/sealed"
	"github.com/folkmoot/folkmoot/internal/storage"
	"github.com/folkmoot/folkmoot/internal/storage/pgtest"
)

func TestOpenChoosesAdapter(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "x.db")
	if _, err := storage.Open(ctx, path, storage.Options{Keys: sealed.MustTest()}); !apperr.Is(err, apperr.Unavailable) {
		t.Fatalf("Open before migrate: %v", err)
	}
	if _, _, err := storage.Migrate(ctx, path, nil); err != nil {
		t.Fatal(err)
	}
	s, err := storage.Open(ctx, path, storage.Options{Keys: sealed.MustTest()})
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
	if _, err := storage.Open(ctx, "", storage.Options{Keys: sealed.MustTest()}); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("empty dsn: %v", err)
	}
	for dsn, pg := range map[string]bool{"postgres://x/y": true, "postgresql://x": true, "data/folkmoot.db": false, "file:x.db": false} {
		if storage.IsPostgres(dsn) != pg {
			t.Errorf("IsPostgres(%q) = %v", dsn, !pg)
		}
	}
}

func TestOpenPostgres(t *testing.T) {
	ctx := context.Background()
	sdsn := pgtest.Schema(t, "storage_test")
	if _, err := storage.Open(ctx, sdsn, storage.Options{Keys: sealed.MustTest()}); !apperr.Is(err, apperr.Unavailable) {
		t.Fatalf("Open before migrate: %v", err)
	}
	if _, _, err := storage.Migrate(ctx, sdsn, nil); err != nil {
		t.Fatal(err)
	}
	s, err := storage.Open(ctx, sdsn, storage.Options{Keys: sealed.MustTest()})
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

func TestHealthCheckWritableRedact(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "h.db")
	if err := storage.CheckWritable(path); err != nil {
		t.Fatalf("CheckWritable on a new file in a writable folder: %v", err)
	}
	if _, _, err := storage.Migrate(ctx, path, nil); err != nil {
		t.Fatal(err)
	}
	s, err := storage.Open(ctx, path, storage.Options{Keys: sealed.MustTest()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Health(ctx); err != nil {
		t.Fatal(err)
	}
	if err := storage.CheckWritable("postgres://u:pw@h/db"); err != nil {
		t.Fatalf("CheckWritable on PostgreSQL: %v", err)
	}
	for dsn, want := range map[string]string{"postgres://u:pw@h/db": "postgres://u:xxxxx@h/db", "data/f.db": "data/f.db"} {
		if got := storage.Redact(dsn); got != want {
			t.Errorf("Redact(%q) = %q, want %q", dsn, got, want)
		}
	}
}
