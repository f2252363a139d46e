package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/folkmoot/folkmoot/internal/sealed"
	"github.com/folkmoot/folkmoot/internal/storage/storagetest"
)

// atVersion makes a database file at schema version n and returns its
// path with a plain connection to it, closed when the test ends.
func atVersion(t *testing.T, n int) (string, *sql.DB) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), fmt.Sprintf("v%d.db", n))
	s, err := Open(ctx, path, Options{SkipSchemaCheck: true, SealEvery: -1})
	if err != nil {
		t.Fatal(err)
	}
	m := s.mig
	m.Migrations = m.Migrations[:n]
	if _, _, err := m.Apply(ctx, s.DB.W); err != nil {
		t.Fatal(err)
	}
	s.DB.W.Close()
	s.DB.R.Close()
	raw, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return path, raw
}

// TestSealingMigration: a database at schema version 2, holding plain
// email addresses, is sealed by the migration to version 3.
func TestSealingMigration(t *testing.T) {
	ctx := context.Background()
	path, raw := atVersion(t, 2)
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
	path, raw := atVersion(t, 3)
	storagetest.PhasesMigration(t, raw,
		func() error { _, _, err := Migrate(ctx, path, sealed.MustTest()); return err },
		func() (storagetest.Store, error) {
			return Open(ctx, path, Options{Keys: sealed.MustTest(), SealEvery: -1})
		})
}
