package sqlite_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/sealed"
	"github.com/folkmoot/folkmoot/internal/storage/sqlite"
	"github.com/folkmoot/folkmoot/internal/storage/storagetest"
)

func TestSuite(t *testing.T) {
	storagetest.Run(t, func(t *testing.T) (storagetest.Store, *sql.DB, func(*sealed.Keys) (storagetest.Store, error)) {
		path := filepath.Join(t.TempDir(), "folkmoot.db")
		ctx := context.Background()
		if _, _, err := sqlite.Migrate(ctx, path, nil); err != nil {
			t.Fatal(err)
		}
		s, err := sqlite.Open(ctx, path, sqlite.Options{Keys: sealed.MustTest(), SealEvery: -1})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		reopen := func(k *sealed.Keys) (storagetest.Store, error) {
			return sqlite.Open(ctx, path, sqlite.Options{Keys: k, SealEvery: -1})
		}
		return s, s.DB.W, reopen
	})
}

func TestOpenRefusesOutOfDateSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	_, err := sqlite.Open(ctx, path, sqlite.Options{Keys: sealed.MustTest()})
	if !apperr.Is(err, apperr.Unavailable) || !strings.Contains(err.Error(), "folkmoot migrate") {
		t.Fatalf("Open on an empty database: %v", err)
	}
	from, to, err := sqlite.Migrate(ctx, path, nil)
	if err != nil || from != 0 || to < 1 {
		t.Fatalf("Migrate: %d→%d, %v", from, to, err)
	}
	from2, to2, err := sqlite.Migrate(ctx, path, nil)
	if err != nil || from2 != to || to2 != to {
		t.Fatalf("second Migrate: %d→%d, %v", from2, to2, err)
	}
	s, err := sqlite.Open(ctx, path, sqlite.Options{Keys: sealed.MustTest()})
	if err != nil {
		t.Fatal(err)
	}
	have, want, err := s.SchemaVersion(ctx)
	if err != nil || have != want {
		t.Fatalf("SchemaVersion %d/%d %v", have, want, err)
	}
	var mode string
	if err := s.DB.W.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode %q %v", mode, err)
	}
	var sync, fk int
	s.DB.W.QueryRow(`PRAGMA synchronous`).Scan(&sync)
	s.DB.W.QueryRow(`PRAGMA foreign_keys`).Scan(&fk)
	if sync != 1 || fk != 1 {
		t.Fatalf("synchronous=%d foreign_keys=%d, want 1 and 1", sync, fk)
	}
	s.Close()
	// A newer schema than this build knows is refused too.
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`INSERT INTO schema_migrations(version, name, applied_at) VALUES (999, 'future', 0)`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	if _, err := sqlite.Open(ctx, path, sqlite.Options{Keys: sealed.MustTest()}); !apperr.Is(err, apperr.Unavailable) || !strings.Contains(err.Error(), "newer") {
		t.Fatalf("Open on a newer schema: %v", err)
	}
}

// TestSupportThroughput measures the support path in process (no HTTP) at
// 50 and 200 concurrent clients. Run: go test -run SupportThroughput -v ./internal/storage/sqlite/
func TestSupportThroughput(t *testing.T) {
	if os.Getenv("FOLKMOOT_BENCH") == "" {
		t.Skip("set FOLKMOOT_BENCH=1 to measure support throughput (make bench does)")
	}
	for _, clients := range []int{50, 200} {
		path := filepath.Join(t.TempDir(), "perf.db")
		ctx := context.Background()
		if _, _, err := sqlite.Migrate(ctx, path, nil); err != nil {
			t.Fatal(err)
		}
		s, err := sqlite.Open(ctx, path, sqlite.Options{Keys: sealed.MustTest()})
		if err != nil {
			t.Fatal(err)
		}
		r := storagetest.MeasureSupports(t, s, clients, 6000, 50)
		t.Log(r)
		storagetest.AppendBenchRows(t, r.BenchRows("SQLite"))
		s.Close()
	}
}

// TestListTiming times the first pages of the issue list with 100,000
// issues. Run: go test -run ListTiming -v ./internal/storage/sqlite/
func TestListTiming(t *testing.T) {
	if os.Getenv("FOLKMOOT_BENCH") == "" {
		t.Skip("set FOLKMOOT_BENCH=1 to time the list at 100,000 issues (takes a minute or two; make bench does)")
	}
	path := filepath.Join(t.TempDir(), "list.db")
	ctx := context.Background()
	if _, _, err := sqlite.Migrate(ctx, path, nil); err != nil {
		t.Fatal(err)
	}
	s, err := sqlite.Open(ctx, path, sqlite.Options{Keys: sealed.MustTest()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r := storagetest.MeasureList(t, s, 100000)
	t.Log(r)
	storagetest.AppendBenchRows(t, r.BenchRows("SQLite"))
}

// TestCrash kills a process that is supporting issues with SIGKILL and
// checks nothing it acknowledged is lost.
func TestCrash(t *testing.T) {
	if os.Getenv(storagetest.CrashChildEnv) != "" {
		storagetest.CrashChild(func() (storagetest.Store, error) {
			return sqlite.Open(context.Background(), os.Getenv("FOLKMOOT_CRASH_DB"), sqlite.Options{Keys: sealed.MustTest()})
		})
	}
	if testing.Short() {
		t.Skip("crash test skipped in -short mode")
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	if _, _, err := sqlite.Migrate(context.Background(), path, nil); err != nil {
		t.Fatal(err)
	}
	storagetest.CrashTest(t, "TestCrash", []string{"FOLKMOOT_CRASH_DB=" + path}, func() (storagetest.Store, error) {
		return sqlite.Open(context.Background(), path, sqlite.Options{Keys: sealed.MustTest(), SealEvery: -1})
	})
}

// TestJobCrash kills a worker with SIGKILL while it runs a job and checks
// that the job completes after a restart with its effect made once.
func TestJobCrash(t *testing.T) {
	open := func(path string) func() (storagetest.Store, error) {
		return func() (storagetest.Store, error) {
			return sqlite.Open(context.Background(), path, sqlite.Options{Keys: sealed.MustTest()})
		}
	}
	if os.Getenv(storagetest.JobCrashChildEnv) != "" {
		storagetest.JobCrashChild(open(os.Getenv("FOLKMOOT_CRASH_DB")))
	}
	if testing.Short() {
		t.Skip("crash test skipped in -short mode")
	}
	path := filepath.Join(t.TempDir(), "jobcrash.db")
	if _, _, err := sqlite.Migrate(context.Background(), path, nil); err != nil {
		t.Fatal(err)
	}
	storagetest.JobCrashTest(t, "TestJobCrash", []string{"FOLKMOOT_CRASH_DB=" + path}, open(path))
}
