package e2e

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx", for checks
	_ "modernc.org/sqlite"             // database/sql driver "sqlite", for checks

	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/cycle/cycletest"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/sealed"
	"github.com/folkmoot/folkmoot/internal/storage"
	"github.com/folkmoot/folkmoot/internal/storage/pgtest"
)

// database is a fresh database for one test: a SQLite file in a temporary
// folder, or a new schema in the test PostgreSQL database.
type database struct {
	Dialect string // "sqlite" or "postgres"
	DSN     string // what folkmoot --db takes
}

// dialects are the databases every storage-facing e2e test runs on.
var dialects = []string{"sqlite", "postgres"}

// newDatabase makes a fresh, migrated database of the dialect, or skips
// (fails with CI=true) when PostgreSQL cannot be used.
func newDatabase(t testing.TB, dialect string) database {
	t.Helper()
	ctx := context.Background()
	var db database
	switch dialect {
	case "sqlite":
		db = database{Dialect: "sqlite", DSN: filepath.Join(t.TempDir(), "folkmoot.db")}
	case "postgres":
		db = database{Dialect: "postgres", DSN: pgtest.Schema(t, "e2e")}
	default:
		t.Fatalf("e2e: unknown dialect %q", dialect)
	}
	if _, _, err := storage.Migrate(ctx, db.DSN, nil); err != nil {
		if db.Dialect == "postgres" && strings.Contains(err.Error(), "not built") {
			unavailable(t, "e2e: %v", err)
		}
		t.Fatalf("e2e: migrate %s: %v", db.Dialect, err)
	}
	return db
}

// unavailable skips the test, or fails it when CI=true.
func unavailable(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// fixture is what seed created: signed-in users and open issues.
type fixture struct {
	CycleID  int64
	Sessions []string // raw session ids, one per user
	UserIDs  []int64
	Issues   []int64
	// Author raised every issue: no client is its author, since authors
	// may not support their own issues.
	Author int64
}

// seed creates a programme with an open cycle, users each with a session,
// and issues, through the services (validated and audited as in real use).
func seed(t testing.TB, db database, users, issues int) fixture {
	return seedWith(t, db, users, issues, 1)
}

// seedWith is seed with issues raised by several concurrent workers.
func seedWith(t testing.TB, db database, users, issues, workers int) fixture {
	t.Helper()
	ctx := context.Background()
	st, err := storage.Open(ctx, db.DSN, storage.Options{Keys: sealed.MustTest(), MaxConns: 4}) // few: PostgreSQL allows 100 in all
	if err != nil {
		t.Fatalf("e2e: open: %v", err)
	}
	defer st.Close()
	ps := people.NewService(st, people.Config{})
	gs := gather.NewService(st, st, cycle.NewService(st, cycle.Config{}), gather.Config{})
	cyc := cycletest.OpenRound(t, st, "Load cycle")
	f := fixture{CycleID: cyc.ID}
	author, err := ps.AddUser(ctx, people.System, "load-author@example.org", "Load author")
	if err != nil {
		t.Fatalf("e2e: author: %v", err)
	}
	f.Author = author.ID
	for i := range users {
		u, err := ps.AddUser(ctx, people.System, fmt.Sprintf("load%04d@example.org", i), fmt.Sprintf("Load tester %d", i))
		if err != nil {
			t.Fatalf("e2e: user: %v", err)
		}
		raw, _, err := ps.StartSession(ctx, u)
		if err != nil {
			t.Fatalf("e2e: session: %v", err)
		}
		f.Sessions, f.UserIDs = append(f.Sessions, raw), append(f.UserIDs, u.ID)
	}
	f.Issues = submitIssues(t, gs, []people.User{author}, cyc.ID, issues, workers)
	return f
}

// submitIssues raises n issues through the service with the given number
// of concurrent workers, returning their ids in order of j.
func submitIssues(t testing.TB, gs *gather.Service, authors []people.User, cycle int64, n, workers int) []int64 {
	t.Helper()
	ids := make([]int64, n)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	next := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				iss, err := gs.SubmitIssue(context.Background(), authors[j%len(authors)], gather.IssueDraft{CycleID: cycle,
					Title:       issueTitle(j),
					Description: "An issue raised by the load test so that people can support it. " + topics[j%len(topics)],
					Tags:        []string{"load test"}})
				if err != nil {
					mu.Lock()
					firstErr = cmp.Or(firstErr, err)
					mu.Unlock()
					continue
				}
				ids[j] = iss.ID
			}
		}()
	}
	for j := range n {
		next <- j
	}
	close(next)
	wg.Wait()
	if firstErr != nil {
		t.Fatalf("e2e: issue: %v", firstErr)
	}
	return ids
}

// topics vary the issues' words so that search has something to find.
var topics = []string{
	"Waiting times for GP appointments are too long.",
	"Support for people with dementia after diagnosis.",
	"Mental health crisis care out of hours.",
	"Hospital parking charges for carers.",
	"NHS dentists are not taking new patients.",
	"Transparency in commissioning decisions.",
	"Health outcomes for children in care.",
}

func issueTitle(j int) string {
	return fmt.Sprintf("Load test issue %d: %s", j, strings.TrimSuffix(topics[j%len(topics)], "."))
}

// importIssues bulk-loads n open issues into the fixture's cycle, spread
// over the last 30 days, with up to five supports each from the fixture's
// users, through the store's import path (one transaction).
func importIssues(t testing.TB, db database, f fixture, n int) {
	t.Helper()
	ctx := context.Background()
	st, err := storage.Open(ctx, db.DSN, storage.Options{Keys: sealed.MustTest(), MaxConns: 4}) // few: PostgreSQL allows 100 in all
	if err != nil {
		t.Fatalf("e2e: open: %v", err)
	}
	defer st.Close()
	now := time.Now().UTC()
	issues := make([]gather.Issue, n)
	var sups []gather.Support
	for j := range issues {
		created := now.Add(-time.Duration(n-j) * 30 * 24 * time.Hour / time.Duration(n))
		issues[j] = gather.Issue{CycleID: f.CycleID, Title: issueTitle(j),
			Description: "An issue loaded by the benchmark. " + topics[j%len(topics)],
			Tags:        []string{"load test"}, AuthorID: f.Author,
			Status: gather.StatusOpen, Created: created, Updated: created}
		for k := range j % 6 {
			sups = append(sups, gather.Support{IssueID: int64(j), UserID: f.UserIDs[(j+k+1)%len(f.UserIDs)],
				Created: created.Add(time.Duration(k+1) * time.Minute)})
		}
	}
	if err := st.ImportIssues(ctx, issues, sups); err != nil {
		t.Fatalf("e2e: importing %d issues: %v", n, err)
	}
}

// rawDB opens the database directly (not through folkmoot) for checks.
func rawDB(t testing.TB, db database) *sql.DB {
	t.Helper()
	driver := "sqlite"
	if db.Dialect == "postgres" {
		driver = "pgx"
	}
	conn, err := sql.Open(driver, db.DSN)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// supportRows returns every (issue, user) support row, and each issue's
// support counter and number of rows.
func supportRows(t testing.TB, db database) (rows map[[2]int64]bool, counter, counted map[int64]int) {
	t.Helper()
	conn := rawDB(t, db)
	rows, counter, counted = map[[2]int64]bool{}, map[int64]int{}, map[int64]int{}
	r, err := conn.Query("SELECT issue_id, user_id FROM supports")
	if err != nil {
		t.Fatalf("e2e: reading supports: %v", err)
	}
	for r.Next() {
		var i, u int64
		if err := r.Scan(&i, &u); err != nil {
			t.Fatal(err)
		}
		if rows[[2]int64{i, u}] {
			t.Errorf("support (issue %d, user %d) stored twice", i, u)
		}
		rows[[2]int64{i, u}] = true
		counted[i]++
	}
	r.Close()
	r, err = conn.Query("SELECT id, supports FROM issues")
	if err != nil {
		t.Fatalf("e2e: reading issues: %v", err)
	}
	defer r.Close()
	for r.Next() {
		var i int64
		var n int
		if err := r.Scan(&i, &n); err != nil {
			t.Fatal(err)
		}
		counter[i] = n
	}
	return rows, counter, counted
}
