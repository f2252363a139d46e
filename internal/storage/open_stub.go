package storage

import (
	"context"

	"github.com/folkmoot/folkmoot/internal/apperr"
)

// Temporary until the adapters land: Open and Migrate report Unavailable.
func open(ctx context.Context, dsn string, opt Options) (Store, error) {
	return nil, apperr.New(apperr.Unavailable, "storage: adapters not built yet")
}

func migrate(ctx context.Context, dsn string) (int, int, error) {
	return 0, 0, apperr.New(apperr.Unavailable, "storage: adapters not built yet")
}
