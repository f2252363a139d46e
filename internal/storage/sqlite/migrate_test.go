package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/folkmoot/folkmoot/internal/sealed"
	"github.com/folkmoot/folkmoot/internal/storage/storagetest"
)

// TestSealingMigration: a database at schema version 2, holding plain
// email addresses, is sealed by the migration to version 3.
func TestSealingMigration(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v2.db")
	s, err := Open(ctx, path, Options{SkipSchemaCheck: true, SealEvery: -1})
	if err != nil {
		t.Fatal(err)
	}
	m := s.mig
	m.Migrations = m.Migrations[:2]
	if _, _, err := m.Apply(ctx, s.DB.W); err != nil {
		t.Fatal(err)
	}
	s.DB.W.Close()
	s.DB.R.Close()
	raw, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	storagetest.SealingMigration(t, raw,
		func(k *sealed.Keys) error { _, _, err := Migrate(ctx, path, k); return err },
		func(k *sealed.Keys) (storagetest.Store, error) {
			return Open(ctx, path, Options{Keys: k, SealEvery: -1})
		})
	// No copy of a plain address is left anywhere in the files, not even
	// in free space.
	raw.Close()
	for _, f := range []string{path, path + "-wal"} {
		b, err := os.ReadFile(f)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte("@example.org")) {
			t.Fatalf("%s still holds a plain address", filepath.Base(f))
		}
	}
}

// TestPhasesMigration: rounds made at schema version 3 get phases, a plan
// and a timeline at version 4.
func TestPhasesMigration(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v3.db")
	s, err := Open(ctx, path, Options{SkipSchemaCheck: true, SealEvery: -1})
	if err != nil {
		t.Fatal(err)
	}
	m := s.mig
	m.Migrations = m.Migrations[:3]
	if _, _, err := m.Apply(ctx, s.DB.W); err != nil {
		t.Fatal(err)
	}
	s.DB.W.Close()
	s.DB.R.Close()
	raw, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	storagetest.PhasesMigration(t, raw,
		func() error { _, _, err := Migrate(ctx, path, sealed.MustTest()); return err },
		func() (storagetest.Store, error) {
			return Open(ctx, path, Options{Keys: sealed.MustTest(), SealEvery: -1})
		})
}
