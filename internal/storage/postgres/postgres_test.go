package postgres_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/storage/postgres"
	"github.com/folkmoot/folkmoot/internal/storage/storagetest"
)

// testDSN returns the server to test against, or skips (fails when CI=true)
// if it is unreachable.
func testDSN(t *testing.T) string {
	t.Helper()
	dsn := os.Getenv("FOLKMOOT_TEST_POSTGRES")
	if dsn == "" {
		dsn = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	}
	db, err := sql.Open("pgx", dsn)
	if err == nil {
		err = db.PingContext(context.Background())
		db.Close()
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL at %s is required when CI=true: %v", postgres.Redact(dsn), err)
		}
		t.Skipf("PostgreSQL not reachable at %s (set FOLKMOOT_TEST_POSTGRES): %v", postgres.Redact(dsn), err)
	}
	return dsn
}

// freshSchema creates an empty schema, dropped after the test, and returns
// dsn pointing at it.
func freshSchema(t *testing.T, dsn string) string {
	t.Helper()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "folkmoot_test_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		admin.Close()
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func TestSuite(t *testing.T) {
	dsn := testDSN(t)
	storagetest.Run(t, func(t *testing.T) (storagetest.Store, *sql.DB) {
		sdsn := freshSchema(t, dsn)
		ctx := context.Background()
		if _, _, err := postgres.Migrate(ctx, sdsn); err != nil {
			t.Fatal(err)
		}
		s, err := postgres.Open(ctx, sdsn, postgres.Options{SealEvery: -1})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s, s.DB.W
	})
}

func TestOpenRefusesOutOfDateSchema(t *testing.T) {
	ctx := context.Background()
	sdsn := freshSchema(t, testDSN(t))
	_, err := postgres.Open(ctx, sdsn, postgres.Options{})
	if !apperr.Is(err, apperr.Unavailable) || !strings.Contains(err.Error(), "folkmoot migrate") {
		t.Fatalf("Open on an empty schema: %v", err)
	}
	// Concurrent migrations are serialised.
	errs := make(chan error, 3)
	for range 3 {
		go func() { _, _, err := postgres.Migrate(ctx, sdsn); errs <- err }()
	}
	for range 3 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	s, err := postgres.Open(ctx, sdsn, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	have, want, err := s.SchemaVersion(ctx)
	if err != nil || have != want {
		t.Fatalf("SchemaVersion %d/%d %v", have, want, err)
	}
}

func TestRedact(t *testing.T) {
	if got := postgres.Redact("postgres://u:secret@h:5432/db"); got != "postgres://u:xxxxx@h:5432/db" {
		t.Fatal(got)
	}
}

// TestSupportThroughput measures the support path in process (no HTTP) at
// 50 and 200 concurrent clients. Run: go test -run SupportThroughput -v ./internal/storage/postgres/
func TestSupportThroughput(t *testing.T) {
	if os.Getenv("FOLKMOOT_BENCH") == "" {
		t.Skip("set FOLKMOOT_BENCH=1 to measure support throughput (make bench does)")
	}
	dsn := testDSN(t)
	for _, clients := range []int{50, 200} {
		sdsn := freshSchema(t, dsn)
		ctx := context.Background()
		if _, _, err := postgres.Migrate(ctx, sdsn); err != nil {
			t.Fatal(err)
		}
		s, err := postgres.Open(ctx, sdsn, postgres.Options{})
		if err != nil {
			t.Fatal(err)
		}
		r := storagetest.MeasureSupports(t, s, clients, 6000, 50)
		t.Log(r)
		storagetest.AppendBenchRows(t, r.BenchRows("PostgreSQL"))
		s.Close()
	}
}

// TestListTiming times the first pages of the issue list with 100,000
// issues. Run: go test -run ListTiming -v ./internal/storage/postgres/
func TestListTiming(t *testing.T) {
	if os.Getenv("FOLKMOOT_BENCH") == "" {
		t.Skip("set FOLKMOOT_BENCH=1 to time the list at 100,000 issues (takes a minute or two; make bench does)")
	}
	sdsn := freshSchema(t, testDSN(t))
	ctx := context.Background()
	if _, _, err := postgres.Migrate(ctx, sdsn); err != nil {
		t.Fatal(err)
	}
	s, err := postgres.Open(ctx, sdsn, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r := storagetest.MeasureList(t, s, 100000)
	t.Log(r)
	storagetest.AppendBenchRows(t, r.BenchRows("PostgreSQL"))
}

// TestCrash kills a process that is supporting issues with SIGKILL and
// checks nothing it acknowledged is lost.
func TestCrash(t *testing.T) {
	if os.Getenv(storagetest.CrashChildEnv) != "" {
		storagetest.CrashChild(func() (storagetest.Store, error) {
			return postgres.Open(context.Background(), os.Getenv("FOLKMOOT_CRASH_DB"), postgres.Options{})
		})
	}
	if testing.Short() {
		t.Skip("crash test skipped in -short mode")
	}
	sdsn := freshSchema(t, testDSN(t))
	if _, _, err := postgres.Migrate(context.Background(), sdsn); err != nil {
		t.Fatal(err)
	}
	storagetest.CrashTest(t, "TestCrash", []string{"FOLKMOOT_CRASH_DB=" + sdsn}, func() (storagetest.Store, error) {
		return postgres.Open(context.Background(), sdsn, postgres.Options{SealEvery: -1})
	})
}
