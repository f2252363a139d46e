package postgres_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/cycle/cycletest"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/sealed"
	"github.com/folkmoot/folkmoot/internal/storage/pgtest"
	"github.com/folkmoot/folkmoot/internal/storage/postgres"
	"github.com/folkmoot/folkmoot/internal/storage/sqlstore"
	"github.com/folkmoot/folkmoot/internal/storage/storagetest"
)

// testDSN returns the test server, or skips (fails when CI=true); see pgtest.
func testDSN(t *testing.T) string {
	t.Helper()
	return pgtest.Server(t)
}

// freshSchema returns dsn pointing at a new empty schema, dropped after the test.
func freshSchema(t *testing.T, dsn string) string {
	t.Helper()
	return pgtest.FreshSchema(t, dsn, "folkmoot_test")
}

func TestSuite(t *testing.T) {
	dsn := testDSN(t)
	storagetest.Run(t, func(t *testing.T) (storagetest.Store, *sql.DB, func(*sealed.Keys) (storagetest.Store, error)) {
		sdsn := freshSchema(t, dsn)
		ctx := context.Background()
		if _, _, err := postgres.Migrate(ctx, sdsn, nil); err != nil {
			t.Fatal(err)
		}
		s, err := postgres.Open(ctx, sdsn, postgres.Options{Keys: sealed.MustTest(), SealEvery: -1})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		reopen := func(k *sealed.Keys) (storagetest.Store, error) {
			return postgres.Open(ctx, sdsn, postgres.Options{Keys: k, SealEvery: -1, MaxConns: 2})
		}
		return s, s.DB.W, reopen
	})
}

func TestOpenRefusesOutOfDateSchema(t *testing.T) {
	ctx := context.Background()
	sdsn := freshSchema(t, testDSN(t))
	_, err := postgres.Open(ctx, sdsn, postgres.Options{Keys: sealed.MustTest()})
	if !apperr.Is(err, apperr.Unavailable) || !strings.Contains(err.Error(), "folkmoot migrate") {
		t.Fatalf("Open on an empty schema: %v", err)
	}
	// Concurrent migrations are serialised.
	errs := make(chan error, 3)
	for range 3 {
		go func() { _, _, err := postgres.Migrate(ctx, sdsn, nil); errs <- err }()
	}
	for range 3 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	s, err := postgres.Open(ctx, sdsn, postgres.Options{Keys: sealed.MustTest()})
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
	tests := []struct{ dsn, want string }{
		{"postgres://u:secret@h:5432/db", "postgres://u:xxxxx@h:5432/db"},
		{"postgresql://u:secret@h/db?sslmode=disable", "postgresql://u:xxxxx@h/db?sslmode=disable"},
		{"postgres://u@h/db?sslmode=disable&password=secret", "postgres://u@h/db?password=xxxxx&sslmode=disable"},
		{"postgres://u:se#cr/et@h/db", "postgres://u:xxxxx@h/db"},
		{"postgres://u:p@ss:secret@h/db", "postgres://u:xxxxx@h/db"},
		{"postgres://u@h/db", "postgres://u@h/db"},
	}
	for _, tt := range tests {
		got := postgres.Redact(tt.dsn)
		if got != tt.want || strings.Contains(got, "secret") {
			t.Errorf("Redact(%q) = %q, want %q", tt.dsn, got, tt.want)
		}
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
		if _, _, err := postgres.Migrate(ctx, sdsn, nil); err != nil {
			t.Fatal(err)
		}
		s, err := postgres.Open(ctx, sdsn, postgres.Options{Keys: sealed.MustTest()})
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
	if _, _, err := postgres.Migrate(ctx, sdsn, nil); err != nil {
		t.Fatal(err)
	}
	s, err := postgres.Open(ctx, sdsn, postgres.Options{Keys: sealed.MustTest()})
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
			return postgres.Open(context.Background(), os.Getenv("FOLKMOOT_CRASH_DB"), postgres.Options{Keys: sealed.MustTest()})
		})
	}
	if testing.Short() {
		t.Skip("crash test skipped in -short mode")
	}
	sdsn := freshSchema(t, testDSN(t))
	if _, _, err := postgres.Migrate(context.Background(), sdsn, nil); err != nil {
		t.Fatal(err)
	}
	storagetest.CrashTest(t, "TestCrash", []string{"FOLKMOOT_CRASH_DB=" + sdsn}, func() (storagetest.Store, error) {
		return postgres.Open(context.Background(), sdsn, postgres.Options{Keys: sealed.MustTest(), SealEvery: -1})
	})
}

// TestJobCrash kills a worker with SIGKILL while it runs a job and checks
// that the job completes after a restart with its effect made once.
func TestJobCrash(t *testing.T) {
	open := func(dsn string) func() (storagetest.Store, error) {
		return func() (storagetest.Store, error) {
			return postgres.Open(context.Background(), dsn, postgres.Options{Keys: sealed.MustTest(), MaxConns: 4})
		}
	}
	if os.Getenv(storagetest.JobCrashChildEnv) != "" {
		storagetest.JobCrashChild(open(os.Getenv("FOLKMOOT_CRASH_DB")))
	}
	if testing.Short() {
		t.Skip("crash test skipped in -short mode")
	}
	sdsn := freshSchema(t, testDSN(t))
	if _, _, err := postgres.Migrate(context.Background(), sdsn, nil); err != nil {
		t.Fatal(err)
	}
	storagetest.JobCrashTest(t, "TestJobCrash", []string{"FOLKMOOT_CRASH_DB=" + sdsn}, open(sdsn))
}

// TestDialect guards the PostgreSQL-specific settings the shared code
// relies on for correctness under concurrency.
func TestDialect(t *testing.T) {
	d := postgres.Dialect
	if d.LockIssues == "" || d.LockHead == "" || d.ClaimLock == "" || d.IsRetryable == nil || d.Fault == nil || d.Code == nil || !d.Numbered {
		t.Fatalf("incomplete dialect: %+v", d)
	}
	tests := []struct {
		code      string
		retryable bool
		fault     sqlstore.Fault
		unique    bool
	}{
		{"40P01", true, sqlstore.NoFault, false},
		{"40001", true, sqlstore.NoFault, false},
		{"53100", false, sqlstore.Full, false},
		{"53200", false, sqlstore.Busy, false},
		{"53300", false, sqlstore.Busy, false},
		{"25006", false, sqlstore.ReadOnly, false},
		{"57014", false, sqlstore.Busy, false},
		{"08006", false, sqlstore.Down, false},
		{"57P01", false, sqlstore.Down, false},
		{"57P03", false, sqlstore.Down, false},
		{"23505", false, sqlstore.NoFault, true},
		{"42601", false, sqlstore.NoFault, false},
	}
	for _, tt := range tests {
		err := fmt.Errorf("wrapped: %w", &pgconn.PgError{Code: tt.code})
		if r, f, u := d.IsRetryable(err), d.Fault(err), d.IsUnique(err); r != tt.retryable || f != tt.fault || u != tt.unique {
			t.Errorf("%s: retryable %v, fault %v, unique %v; want %v, %v, %v", tt.code, r, f, u, tt.retryable, tt.fault, tt.unique)
		}
	}
	for _, err := range []error{io.ErrUnexpectedEOF, driver.ErrBadConn, &net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}} {
		if f := d.Fault(fmt.Errorf("wrapped: %w", err)); f != sqlstore.Down {
			t.Errorf("%v: fault %v, want down", err, f)
		}
	}
	if f := d.Fault(errors.New("something else")); f != sqlstore.NoFault {
		t.Errorf("a plain error is a fault: %v", f)
	}
}

// TestTwoStores: two stores (as two server processes) on one schema, 100
// people supporting 10 issues, the first issue through both at once. Every
// support counts once, counts equal rows, and no request fails (group
// commits in both lock issue rows in one order, so they queue rather than
// deadlock).
func TestTwoStores(t *testing.T) {
	sdsn := freshSchema(t, testDSN(t))
	ctx := context.Background()
	if _, _, err := postgres.Migrate(ctx, sdsn, nil); err != nil {
		t.Fatal(err)
	}
	var stores []*postgres.Store
	for range 2 {
		s, err := postgres.Open(ctx, sdsn, postgres.Options{Keys: sealed.MustTest()})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		stores = append(stores, s)
	}
	ps := people.NewService(stores[0], people.Config{})
	gs := []*gather.Service{
		gather.NewService(stores[0], stores[0], cycle.NewService(stores[0], cycle.Config{}), gather.Config{}),
		gather.NewService(stores[1], stores[1], cycle.NewService(stores[1], cycle.Config{}), gather.Config{}),
	}
	org, err := ps.AddUser(ctx, people.System, "o@example.org", "", people.RoleOrganiser)
	if err != nil {
		t.Fatal(err)
	}
	c := cycletest.OpenRound(t, stores[0], "C")
	var issues []int64
	for i := range 10 {
		iss, err := gs[0].SubmitIssue(ctx, org, gather.IssueDraft{CycleID: c.ID, Title: fmt.Sprintf("Issue number %d", i), Description: "x"})
		if err != nil {
			t.Fatal(err)
		}
		issues = append(issues, iss.ID)
	}
	var users []people.User
	for i := range 100 {
		u, err := ps.AddUser(ctx, people.System, fmt.Sprintf("u%d@example.org", i), "")
		if err != nil {
			t.Fatal(err)
		}
		users = append(users, u)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	added := map[[2]int64]int{}
	for ui, u := range users {
		for side, g := range gs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i, id := range issues {
					if i > 0 && (i+ui)%2 != side {
						continue
					}
					ok, err := g.Support(ctx, u, id)
					mu.Lock()
					if err != nil {
						t.Errorf("support: %v", err)
					} else if ok {
						added[[2]int64{u.ID, id}]++
					}
					mu.Unlock()
				}
			}()
		}
	}
	wg.Wait()
	if len(added) != len(users)*len(issues) {
		t.Fatalf("%d supports added, want %d", len(added), len(users)*len(issues))
	}
	for k, n := range added {
		if n != 1 {
			t.Fatalf("%v added %d times", k, n)
		}
	}
	problems, err := stores[1].CheckCounts(ctx)
	if err != nil || len(problems) > 0 {
		t.Fatalf("CheckCounts: %v %v", problems, err)
	}
}
