package postgres

import (
	"context"
	"database/sql"
	"testing"

	"github.com/folkmoot/folkmoot/internal/sealed"
	"github.com/folkmoot/folkmoot/internal/storage/pgtest"
	"github.com/folkmoot/folkmoot/internal/storage/storagetest"
)

// TestSealingMigration: a database at schema version 2, holding plain
// email addresses, is sealed by the migration to version 3.
func TestSealingMigration(t *testing.T) {
	ctx := context.Background()
	sdsn := pgtest.FreshSchema(t, pgtest.Server(t), "folkmoot_test")
	s, err := Open(ctx, sdsn, Options{SkipSchemaCheck: true, MaxConns: 2})
	if err != nil {
		t.Fatal(err)
	}
	m := s.mig
	m.Migrations = m.Migrations[:2]
	if _, _, err := m.Apply(ctx, s.DB.W); err != nil {
		t.Fatal(err)
	}
	s.DB.W.Close()
	raw, err := sql.Open("pgx", sdsn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
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
	sdsn := pgtest.FreshSchema(t, pgtest.Server(t), "folkmoot_test")
	s, err := Open(ctx, sdsn, Options{SkipSchemaCheck: true, MaxConns: 2})
	if err != nil {
		t.Fatal(err)
	}
	m := s.mig
	m.Migrations = m.Migrations[:3]
	if _, _, err := m.Apply(ctx, s.DB.W); err != nil {
		t.Fatal(err)
	}
	s.DB.W.Close()
	raw, err := sql.Open("pgx", sdsn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	storagetest.PhasesMigration(t, raw,
		func() error { _, _, err := Migrate(ctx, sdsn, sealed.MustTest()); return err },
		func() (storagetest.Store, error) {
			return Open(ctx, sdsn, Options{Keys: sealed.MustTest(), SealEvery: -1, MaxConns: 2})
		})
}
