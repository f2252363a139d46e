package api_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/api"
	"github.com/folkmoot/folkmoot/internal/config"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web"
	"github.com/folkmoot/folkmoot/internal/web/webtest"
)

// issues.csv opens right in spreadsheet programs: a UTF-8 byte-order mark
// first, formulas defused, and each issue's theme named.
func TestCSVForSpreadsheets(t *testing.T) {
	h := webtest.New(t)
	c := h.Client()
	c.SignIn("csv@example.org")
	path := c.Submit("=SUM(A1) Waiting £ times", "Café prices and formula injection.")
	id, _ := strconv.ParseInt(path[strings.LastIndex(path, "/")+1:], 10, 64)
	org := h.User("organiser.csv@example.org", people.RoleOrganiser)
	if _, err := h.Gather.CreateTheme(context.Background(), org, gather.ThemeDraft{CycleID: h.Cycle.ID, Name: "Waiting times", IssueIDs: []int64{id}}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // past the gap between two builds
	body := h.Client().Get("/issues.csv").Body
	if !strings.HasPrefix(body, "\ufeffid,") {
		t.Fatalf("issues.csv does not start with a byte-order mark and the header: %q", body[:min(20, len(body))])
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("issues.csv: %v, %d rows", err, len(rows))
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	if got := rows[1][col["theme"]]; got != "Waiting times" {
		t.Errorf("theme column = %q, want the theme's name", got)
	}
	if got := rows[1][col["title"]]; got != "'=SUM(A1) Waiting £ times" {
		t.Errorf("title = %q, want the formula defused and £ kept", got)
	}
}

// Exports come from a snapshot with validators: conditional requests get
// 304, and a change shows once the snapshot is DefaultMaxAge old.
func TestExportSnapshot(t *testing.T) {
	h := webtest.New(t)
	c := h.Client()
	c.SignIn("snap@example.org")
	c.Submit("First issue in the snapshot", "Described well enough to be accepted.")
	anon := h.Client()
	for _, path := range []string{"/issues.json", "/issues.csv", "/themes.json"} {
		r := anon.Get(path)
		etag, mod := r.Header.Get("ETag"), r.Header.Get("Last-Modified")
		if r.Code != http.StatusOK || etag == "" || mod == "" {
			t.Fatalf("%s = %d, ETag %q, Last-Modified %q", path, r.Code, etag, mod)
		}
		if r := anon.Get(path, "If-None-Match", etag); r.Code != http.StatusNotModified || r.Body != "" {
			t.Errorf("%s with If-None-Match = %d, want 304 with no body", path, r.Code)
		}
		if r := anon.Get(path, "If-Modified-Since", mod); r.Code != http.StatusNotModified {
			t.Errorf("%s with If-Modified-Since = %d, want 304", path, r.Code)
		}
	}
	first := anon.Get("/issues.json")
	c.Submit("Second issue after the snapshot", "Also described well enough to be accepted.")
	time.Sleep(time.Second) // past any rebuild gap
	r := anon.Get("/issues.json", "If-None-Match", first.Header.Get("ETag"))
	if r.Code != http.StatusOK || !strings.Contains(r.Body, "Second issue") {
		t.Fatalf("a second after the change the export still lacks the new issue: %d\n%s", r.Code, r.Body)
	}
}

// counting counts the reads of issues the exports make.
type counting struct {
	*gather.Service
	n atomic.Int64
}

func (c *counting) ListIssues(ctx context.Context, viewer people.User, q gather.IssueQuery) (gather.IssuePage, error) {
	c.n.Add(1)
	return c.Service.ListIssues(ctx, viewer, q)
}

// While the data does not change, exports are served from the snapshot
// without reading issues again, however long ago it was built; a change is
// in the very next request (which waits out the short gap between builds if
// need be, rather than answer from the older snapshot).
func TestExportSnapshotFollowsChanges(t *testing.T) {
	var reads *counting
	h := webtest.New(t, webtest.Options{Deps: func(d *web.Deps) {
		reads = &counting{Service: d.API.Issues.(*gather.Service)}
		d.API.Issues = reads
	}})
	c := h.Client()
	c.SignIn("follow@example.org")
	c.Submit("An issue before the exports", "Described well enough to be accepted.")
	anon := h.Client()
	anon.Get("/issues.json")
	built := reads.n.Load()
	if built == 0 {
		t.Fatal("no issues read for the first export")
	}
	time.Sleep(1200 * time.Millisecond) // older than DefaultMaxAge: only a change may rebuild it
	for _, p := range []string{"/issues.json", "/issues.csv", "/themes.json", "/issues.json?page=1"} {
		anon.Get(p)
	}
	if n := reads.n.Load(); n != built {
		t.Fatalf("unchanged data was read again: %d reads after %d", n, built)
	}
	c.Submit("An issue between the exports", "Described well enough to be accepted, again.")
	if r := anon.Get("/issues.csv"); !strings.Contains(r.Body, "An issue between the exports") { // a fresh build: the next change falls within the gap
		t.Fatalf("the export lacks the change made just before:\n%s", r.Body)
	}
	c.Submit("An issue after the exports", "Also described well enough to be accepted.")
	if r := anon.Get("/issues.csv"); !strings.Contains(r.Body, "An issue after the exports") {
		t.Fatalf("the export lacks the change made just before:\n%s", r.Body)
	}
}

// /issues.json pages with ?page= and ?per_page=, linking to the next page.
func TestExportPaging(t *testing.T) {
	h := webtest.New(t)
	author := h.User("pages@example.org")
	var issues []gather.Issue
	for i := range 25 {
		issues = append(issues, gather.Issue{CycleID: h.Cycle.ID, Title: "Paged issue " + strconv.Itoa(i), Description: "text", AuthorID: author.ID})
	}
	if err := h.Store.ImportIssues(context.Background(), issues, nil); err != nil {
		t.Fatal(err)
	}
	anon := h.Client()
	seen := map[int64]bool{}
	next := "/issues.json?per_page=10"
	for pages := 0; next != ""; pages++ {
		if pages > 3 {
			t.Fatal("too many pages")
		}
		r := anon.Get(next)
		var out []api.PublicIssue
		if err := json.Unmarshal([]byte(r.Body), &out); err != nil || r.Header.Get("X-Total-Count") != "25" {
			t.Fatalf("%s: %v, total %q\n%s", next, err, r.Header.Get("X-Total-Count"), r.Body)
		}
		for _, p := range out {
			seen[p.ID] = true
		}
		next = ""
		if l := r.Header.Get("Link"); l != "" {
			next = strings.TrimPrefix(l[1:strings.Index(l, ">")], webtest.BaseURL)
		}
	}
	if len(seen) != 25 {
		t.Fatalf("pages held %d distinct issues, want 25", len(seen))
	}
	if r := anon.Get("/issues.json?page=0", "Accept", "application/json"); r.Code != http.StatusBadRequest {
		t.Errorf("page=0 answered %d, want 400", r.Code)
	}
}

// Exports are rate-limited per client address: 429 with Retry-After.
func TestExportRateLimit(t *testing.T) {
	h := webtest.New(t, webtest.Options{Config: func(c *config.Config) { c.ExportPerMinute, c.Burst = 1, 3 }})
	anon := h.Client()
	for i := range 3 {
		if r := anon.Get("/issues.csv"); r.Code != http.StatusOK {
			t.Fatalf("request %d = %d", i+1, r.Code)
		}
	}
	r := anon.Get("/issues.json", "Accept", "application/json")
	if r.Code != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" {
		t.Fatalf("fourth export = %d %v, want 429 with Retry-After", r.Code, r.Header)
	}
	if r := anon.Get("/"); r.Code != http.StatusOK {
		t.Fatalf("pages are not exports: / = %d", r.Code)
	}
}
