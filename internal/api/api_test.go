package api_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/api"
	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web"
	"github.com/folkmoot/folkmoot/internal/web/webtest"
)

func TestExports(t *testing.T) { webtest.OnEachDatabase(t, testExports) }

func testExports(t *testing.T, h *webtest.Harness) {
	c := h.Client()
	c.SignIn("hal@example.org")
	path := c.Submit("=HYPERLINK(\"x\") waits", "Formula injection test.")
	c.Post(path+"/comments", url.Values{"body": {"A <b>comment</b>"}})
	anon := h.Client()
	var issues []api.PublicIssue
	r := anon.Get("/issues.json")
	if err := json.Unmarshal([]byte(r.Body), &issues); err != nil || len(issues) != 1 || r.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Fatalf("issues.json: %v, %d issues\n%s", err, len(issues), r.Body)
	}
	if issues[0].URL != webtest.BaseURL+path || issues[0].Comments != 1 || len(issues[0].Tags) != 1 {
		t.Fatalf("issue exported as %+v", issues[0])
	}
	rows, err := csv.NewReader(strings.NewReader(anon.Get("/issues.csv").Body)).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("issues.csv: %v, %d rows", err, len(rows))
	}
	if !strings.HasPrefix(rows[1][2], "'=") {
		t.Fatalf("formula not defused: %q", rows[1][2])
	}
	var themes []api.PublicTheme
	if err := json.Unmarshal([]byte(anon.Get("/themes.json").Body), &themes); err != nil || themes == nil {
		t.Fatalf("themes.json: %v %v", err, themes)
	}
	for _, feed := range []string{"/feed.atom", path + "/feed.atom"} {
		r := anon.Get(feed)
		var f struct {
			Title   string `xml:"title"`
			Entries []struct {
				Title string `xml:"title"`
			} `xml:"entry"`
		}
		if err := xml.Unmarshal([]byte(r.Body), &f); err != nil || len(f.Entries) == 0 || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/atom+xml") {
			t.Fatalf("%s: %v\n%s", feed, err, r.Body)
		}
		if strings.Contains(r.Body, "<b>") {
			t.Fatalf("%s: markup from input not escaped", feed)
		}
	}
	if r := anon.Get(path + "/feed.atom"); !strings.Contains(r.Body, "Updates on: =HYPERLINK") || !strings.Contains(r.Body, "Comment by") {
		t.Fatalf("issue feed:\n%s", r.Body)
	}
	if r := anon.Get("/issues/99999/feed.atom"); r.Code != http.StatusNotFound {
		t.Fatalf("feed of a missing issue = %d", r.Code)
	}
}

func TestExportOfManyIssues(t *testing.T) {
	h := webtest.New(t)
	author := h.User("many@example.org")
	var issues []gather.Issue
	const n = 1234
	for i := range n {
		issues = append(issues, gather.Issue{CycleID: h.Cycle.ID, Title: fmt.Sprintf("Numbered issue %04d", i), Description: "text", AuthorID: author.ID})
	}
	if err := h.Store.ImportIssues(context.Background(), issues, nil); err != nil {
		t.Fatal(err)
	}
	var out []api.PublicIssue
	if err := json.Unmarshal([]byte(h.Client().Get("/issues.json").Body), &out); err != nil {
		t.Fatal(err)
	}
	ids := map[int64]bool{}
	for _, p := range out {
		ids[p.ID] = true
	}
	if len(out) != n || len(ids) != n {
		t.Fatalf("issues.json has %d rows, %d distinct; want %d", len(out), len(ids), n)
	}
}

type busy struct {
	*gather.Service
}

func (busy) ListIssues(context.Context, people.User, gather.IssueQuery) (gather.IssuePage, error) {
	return gather.IssuePage{}, apperr.Wrap(apperr.Unavailable, errors.New("pgx: too many connections for role folkmoot"), "The database is busy. Try again in a minute.")
}

// An export that cannot be read answers 503 with Retry-After, in JSON for
// API callers, without the driver's text.
func TestExportUnavailable(t *testing.T) {
	h := webtest.New(t, webtest.Options{Deps: func(d *web.Deps) { d.API.Issues = busy{d.API.Issues.(*gather.Service)} }})
	r := h.Client().Get("/issues.json", "Accept", "application/json")
	if r.Code != http.StatusServiceUnavailable || r.Header.Get("Retry-After") == "" || !strings.Contains(r.Body, `"error": "The database is busy`) || strings.Contains(r.Body, "pgx") {
		t.Fatalf("issues.json = %d %v\n%s", r.Code, r.Header, r.Body)
	}
}
