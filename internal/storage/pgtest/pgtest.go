package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
)

// DefaultURL is the test server used when FOLKMOOT_TEST_POSTGRES is unset.
const DefaultURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// URL returns FOLKMOOT_TEST_POSTGRES, or DefaultURL.
func URL() string {
	if u := os.Getenv("FOLKMOOT_TEST_POSTGRES"); u != "" {
		return u
	}
	return DefaultURL
}

// Server returns URL() once the server answers a ping (within 5 s). If it
// does not, the test is skipped, or fails when CI=true.
func Server(t testing.TB) string {
	t.Helper()
	dsn := URL()
	db, err := sql.Open("pgx", dsn)
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err = db.PingContext(ctx)
		cancel()
		db.Close()
	}
	if err != nil {
		unavailable(t, "PostgreSQL at %s is not reachable (set FOLKMOOT_TEST_POSTGRES): %v", redact(dsn), err)
	}
	return dsn
}

// FreshSchema creates an empty schema named prefix_<random hex> on the
// server at dsn, drops it when the test ends, and returns dsn with
// search_path set to it.
func FreshSchema(t testing.TB, dsn, prefix string) string {
	t.Helper()
	var b [6]byte
	rand.Read(b[:])
	schema := prefix + "_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		admin.Close()
		t.Fatalf("pgtest: creating schema %s: %v", schema, err)
	}
	t.Cleanup(func() {
		admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		admin.Close()
	})
	return WithSearchPath(t, dsn, schema)
}

// Schema is FreshSchema on Server(t).
func Schema(t testing.TB, prefix string) string {
	t.Helper()
	return FreshSchema(t, Server(t), prefix)
}

// WithSearchPath returns dsn with its search_path parameter set to schema.
func WithSearchPath(t testing.TB, dsn, schema string) string {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("pgtest: bad URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func unavailable(t testing.TB, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("required when CI=true: "+format, args...)
	}
	t.Skipf(format, args...)
}

// redact hides a password in dsn for messages.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}
