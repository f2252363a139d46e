package postgres

import (
	"context"
	"database/sql"
	"testing"

	"github.com/folkmoot/folkmoot/internal/sealed"
	"github.com/folkmoot/folkmoot/internal/storage/pgtest"
	"github.com/folkmoot/folkmoot/internal/storage/storagetest"
)

// atVersion makes a fresh schema at version n and returns its DSN with a
// plain connection to it, closed when the test ends.
func atVersion(t *testing.T, n int) (string, *sql.DB) {
	t.Helper()
	ctx := context.Background()
	sdsn := pgtest.FreshSchema(t, pgtest.Server(t), "folkmoot_test")
	s, err := Open(ctx, sdsn, Options{SkipSchemaCheck: true, MaxConns: 2})
	if err != nil {
		t.Fatal(err)
	}
	m := s.mig
	m.Migrations = m.Migrations[:n]
	if _, _, err := m.Apply(ctx, s.DB.W); err != nil {
		t.Fatal(err)
	}
	s.DB.W.Close()
	raw, err := sql.Open("pgx", sdsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return sdsn, raw
}

// TestSealingMigration: a database at schema version 2, holding plain
// email addresses, is sealed by the migration to version 3.
func TestSealingMigration(t *testing.T) {
	ctx := context.Background()
	sdsn, raw := atVersion(t, 2)
	storagetest.SealingMigration(t, raw,
		func(k *sealed.Keys) error { _, _, err := Migrate(ctx, sdsn, k); return err },
		func(k *sealed.Keys) (storagetest.Store, error) {
			return Open(ctx, sdsn, Options{Keys: k, SealEvery: -1, MaxConns: 2})
		})
}

// TestPhasesMigration: rounds made at schema version 3 get phases, a plan
// and a timeline at version 4.
func TestPhasesMigration(t *testing.T) {
	ctx := context.Background()
	sdsn, raw := atVersion(t, 3)
	storagetest.PhasesMigration(t, raw,
		func() error { _, _, err := Migrate(ctx, sdsn, sealed.MustTest()); return err },
		func() (storagetest.Store, error) {
			return Open(ctx, sdsn, Options{Keys: sealed.MustTest(), SealEvery: -1, MaxConns: 2})
		})
}
