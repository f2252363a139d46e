package storagetest

import (
	"context"
	"fmt"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/cycle/cycletest"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/people"
)

// testImport: a bulk import is indistinguishable from issues and supports
// made one by one: counts, order, search, totals, audit chain.
func testImport(t *testing.T, e *env) {
	a, b, c := e.user("a@example.org"), e.user("b@example.org"), e.user("c@example.org")
	before := e.issue(a, "Made the normal way")
	issues := []gather.Issue{
		{CycleID: e.cycle.ID, Title: "Imported dementia issue", Description: "About dementia.", Tags: []string{"dementia"}, AuthorID: a.ID, Created: e.now},
		{CycleID: e.cycle.ID, Title: "Imported transport issue", Description: "About buses.", AuthorID: b.ID, Created: e.now.Add(time.Minute)},
	}
	sups := []gather.Support{{IssueID: 0, UserID: b.ID}, {IssueID: 0, UserID: c.ID}, {IssueID: 0, UserID: c.ID}, {IssueID: 1, UserID: a.ID}}
	e.must(e.s.ImportIssues(e.ctx, issues, sups))
	if issues[0].ID <= before.ID || issues[1].ID != issues[0].ID+1 {
		t.Fatalf("ids %d %d after %d", issues[0].ID, issues[1].ID, before.ID)
	}
	got, err := e.s.Issue(e.ctx, issues[0].ID)
	e.must(err)
	if got.Supports != 2 || got.AuthorName != "a" || !slices.Equal(got.Tags, []string{"dementia"}) {
		t.Fatalf("imported issue %+v", got)
	}
	after := e.issue(a, "Made after the import")
	if after.ID <= issues[1].ID {
		t.Fatalf("id after import %d", after.ID)
	}
	p, err := e.gather.ListIssues(e.ctx, people.Anonymous, gather.IssueQuery{CycleID: e.cycle.ID, Search: "dementia"})
	e.must(err)
	if len(p.Issues) != 1 || p.Issues[0].ID != issues[0].ID {
		t.Fatalf("search after import: %+v", p.Issues)
	}
	p, err = e.gather.ListIssues(e.ctx, people.Anonymous, gather.IssueQuery{CycleID: e.cycle.ID})
	e.must(err)
	if p.Total != 4 || p.Issues[0].ID != issues[0].ID {
		t.Fatalf("list after import: total %d, first %d", p.Total, p.Issues[0].ID)
	}
	// Supporting an imported issue again is still idempotent.
	added, err := e.gather.Support(e.ctx, c, issues[0].ID)
	e.must(err)
	if added {
		t.Fatal("imported support not seen by the unique key")
	}
	e.countsEqualRows()
	_, err = e.s.SealAudit(e.ctx)
	e.must(err)
	if _, err := audit.Verify(e.ctx, e.s); err != nil {
		t.Fatal(err)
	}
	if n := e.count(`SELECT COUNT(*) FROM audit_log WHERE action = 'support.add'`); n != 3 {
		t.Fatalf("%d support audit entries, want 3", n)
	}
}

// ListTiming is the result of MeasureList.
type ListTiming struct {
	Issues   int
	Import   time.Duration
	P50, P99 map[gather.Sort]time.Duration
	Deep     []DeepPage
}

// MeasureList imports n issues with supports spread over them, then times
// the first page of /issues's list (20 per page) in each order, and a
// search, through gather.Service. It returns the timings.
func MeasureList(t testing.TB, s Store, n int) ListTiming {
	t.Helper()
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Microsecond)
	ps := people.NewService(s, people.Config{})
	gs := gather.NewService(s, s, cycle.NewService(s, cycle.Config{}), gather.Config{})
	c := cycletest.OpenRound(t, s, "List")
	users := make([]people.User, 50)
	var err error
	for i := range users {
		if users[i], err = ps.AddUser(ctx, people.System, fmt.Sprintf("list-%d-%d@example.org", now.UnixNano(), i), ""); err != nil {
			t.Fatal(err)
		}
	}
	topics := []string{"dementia", "mental health", "cancer", "maternity", "transparency", "waiting times", "carers", "gp access"}
	issues := make([]gather.Issue, n)
	var sups []gather.Support
	for i := range issues {
		topic := topics[i%len(topics)]
		issues[i] = gather.Issue{CycleID: c.ID, Title: fmt.Sprintf("Issue %d about %s", i, topic),
			Description: fmt.Sprintf("People raised %s concerns in area %d of the country.", topic, i%97), Tags: []string{topic},
			AuthorID: users[i%len(users)].ID, Created: now.Add(-time.Duration(n-i) * time.Second)}
		for k := range (i * 7919) % 5 {
			sups = append(sups, gather.Support{IssueID: int64(i), UserID: users[(i+k)%len(users)].ID, Created: now.Add(-time.Duration(k) * time.Hour)})
		}
	}
	t0 := time.Now()
	if err := s.ImportIssues(ctx, issues, sups); err != nil {
		t.Fatal(err)
	}
	res := ListTiming{Issues: n, Import: time.Since(t0), P50: map[gather.Sort]time.Duration{}, P99: map[gather.Sort]time.Duration{}}
	for _, sort := range []gather.Sort{gather.SortSupported, gather.SortNewest, gather.SortTrending, gather.SortRelevance} {
		q := gather.IssueQuery{CycleID: c.ID, Sort: sort, Page: 1} // one round's list, as the pages show
		if sort == gather.SortRelevance {
			q.Search = "dementia area"
		}
		var ds []time.Duration
		for i := range 60 {
			q.Page = 1 + i%3
			t1 := time.Now()
			pg, err := gs.ListIssues(ctx, people.Anonymous, q)
			ds = append(ds, time.Since(t1))
			if err != nil || len(pg.Issues) != gather.DefaultPerPage {
				t.Fatalf("%s: %d issues, %v", sort, len(pg.Issues), err)
			}
		}
		slices.Sort(ds)
		res.P50[sort], res.P99[sort] = ds[len(ds)/2], ds[len(ds)*99/100]
	}
	// Deep pages: numbered page 2,500 (OFFSET 49,980) against the same page
	// reached with a keyset cursor.
	for _, sort := range []gather.Sort{gather.SortNewest, gather.SortSupported} {
		prev, err := gs.ListIssues(ctx, people.Anonymous, gather.IssueQuery{CycleID: c.ID, Sort: sort, Page: 2499})
		if err != nil || prev.Next == "" {
			t.Fatalf("page 2499: %v", err)
		}
		var off, cur []time.Duration
		for range 15 {
			t1 := time.Now()
			a, err := gs.ListIssues(ctx, people.Anonymous, gather.IssueQuery{CycleID: c.ID, Sort: sort, Page: 2500})
			off = append(off, time.Since(t1))
			t2 := time.Now()
			b, err2 := gs.ListIssues(ctx, people.Anonymous, gather.IssueQuery{CycleID: c.ID, Sort: sort, After: prev.Next})
			cur = append(cur, time.Since(t2))
			if err != nil || err2 != nil || len(a.Issues) == 0 || len(b.Issues) == 0 || a.Issues[0].ID != b.Issues[0].ID {
				t.Fatalf("deep page %s: offset and cursor disagree (%v, %v)", sort, err, err2)
			}
		}
		slices.Sort(off)
		slices.Sort(cur)
		res.Deep = append(res.Deep, DeepPage{sort, off[len(off)/2], cur[len(cur)/2]})
	}
	return res
}

// DeepPage compares page 2,500 by OFFSET and by cursor (p50 times).
type DeepPage struct {
	Sort           gather.Sort
	Offset, Cursor time.Duration
}

// BenchRows returns markdown table rows for the docs/bench report.
func (r ListTiming) BenchRows(db string) []string {
	var rows []string
	for _, sort := range []gather.Sort{gather.SortSupported, gather.SortNewest, gather.SortTrending, gather.SortRelevance} {
		what := "list page, " + string(sort)
		if sort == gather.SortRelevance {
			what = "search \"dementia area\", relevance"
		}
		rows = append(rows, fmt.Sprintf("| %s | %s, %d issues | | %s | %s |", db, what, r.Issues, ms(r.P50[sort]), ms(r.P99[sort])))
	}
	for _, d := range r.Deep {
		rows = append(rows, fmt.Sprintf("| %s | page 2,500, %s, numbered (OFFSET) | | %s | |", db, d.Sort, ms(d.Offset)),
			fmt.Sprintf("| %s | page 2,500, %s, cursor (IssueQuery.After) | | %s | |", db, d.Sort, ms(d.Cursor)))
	}
	return rows
}

// BenchRows returns a markdown table row for the docs/bench report.
func (r SupportLoad) BenchRows(db string) []string {
	return []string{fmt.Sprintf("| %s | supports, %d clients (%d supports after %d unmeasured) | %.0f/s | %s | %s |", db, r.Clients, r.Supports, r.Warm, r.PerSecond, ms(r.P50), ms(r.P99))}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }

// AppendBenchRows appends rows to the file named by $FOLKMOOT_BENCH_OUT,
// if set (make bench collects them into docs/bench/gather-store.md).
func AppendBenchRows(t testing.TB, rows []string) {
	path := os.Getenv("FOLKMOOT_BENCH_OUT")
	if path == "" {
		return
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, r := range rows {
		fmt.Fprintln(f, r)
	}
}

// String summarises the timings on one line for test logs.
func (r ListTiming) String() string {
	s := fmt.Sprintf("%d issues imported in %v;", r.Issues, r.Import.Round(time.Millisecond))
	for _, sort := range []gather.Sort{gather.SortSupported, gather.SortNewest, gather.SortTrending, gather.SortRelevance} {
		s += fmt.Sprintf(" %s p50 %v p99 %v;", sort, r.P50[sort].Round(10*time.Microsecond), r.P99[sort].Round(10*time.Microsecond))
	}
	for _, d := range r.Deep {
		s += fmt.Sprintf(" page 2500 %s: offset %v, cursor %v;", d.Sort, d.Offset.Round(10*time.Microsecond), d.Cursor.Round(10*time.Microsecond))
	}
	return s
}
