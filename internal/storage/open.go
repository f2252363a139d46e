package storage

import (
	"context"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/sealed"
	"github.com/folkmoot/folkmoot/internal/storage/postgres"
	"github.com/folkmoot/folkmoot/internal/storage/sqlite"
)

var (
	_ Store = (*sqlite.Store)(nil)
	_ Store = (*postgres.Store)(nil)
)

func openPostgres(ctx context.Context, dsn string, opt Options) (Store, error) {
	return postgres.Open(ctx, dsn, postgres.Options{SealEvery: opt.SealEvery, MaxConns: opt.MaxConns, Keys: opt.Keys})
}

func migratePostgres(ctx context.Context, dsn string, keys *sealed.Keys) (int, int, error) {
	return postgres.Migrate(ctx, dsn, keys)
}

func open(ctx context.Context, dsn string, opt Options) (Store, error) {
	if dsn == "" {
		return nil, apperr.Field("db", "Give the database: a file path or a postgres:// URL (--db or FOLKMOOT_DB)")
	}
	if IsPostgres(dsn) {
		return openPostgres(ctx, dsn, opt)
	}
	return sqlite.Open(ctx, dsn, sqlite.Options{SealEvery: opt.SealEvery, Readers: opt.MaxConns, Keys: opt.Keys})
}

func migrate(ctx context.Context, dsn string, keys *sealed.Keys) (int, int, error) {
	if dsn == "" {
		return 0, 0, apperr.Field("db", "Give the database: a file path or a postgres:// URL (--db or FOLKMOOT_DB)")
	}
	if IsPostgres(dsn) {
		return migratePostgres(ctx, dsn, keys)
	}
	return sqlite.Migrate(ctx, dsn, keys)
}
