package storage

import (
	"context"

	"github.com/folkmoot/folkmoot/internal/apperr"
)

// Temporary until the PostgreSQL adapter lands.
func openPostgres(ctx context.Context, dsn string, opt Options) (Store, error) {
	return nil, apperr.New(apperr.Unavailable, "storage: PostgreSQL adapter not built yet")
}

func migratePostgres(ctx context.Context, dsn string) (int, int, error) {
	return 0, 0, apperr.New(apperr.Unavailable, "storage: PostgreSQL adapter not built yet")
}
