package web

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/gather"
)

func TestPagingAndExportsOfManyIssues(t *testing.T) {
	h := newHarness(t, nil)
	author := h.user("many@example.org")
	var issues []gather.Issue
	const n = 1234
	for i := range n {
		issues = append(issues, gather.Issue{CycleID: h.cycle.ID, Title: fmt.Sprintf("Numbered issue %04d", i), Description: "text", AuthorID: author.ID})
	}
	if err := h.st.ImportIssues(context.Background(), issues, nil); err != nil {
		t.Fatal(err)
	}
	c := h.client()
	titleRE := regexp.MustCompile(`Numbered issue \d{4}`)
	nextRE := regexp.MustCompile(`href="(/issues\?[^"]*)" rel="next"`)
	seen := map[string]bool{}
	path := "/issues?sort=newest"
	for page := 1; page <= 3; page++ {
		r := h.get(c, path)
		titles := titleRE.FindAllString(r.body, -1)
		if len(titles) != gather.DefaultPerPage {
			t.Fatalf("page %d (%s): %d issues", page, path, len(titles))
		}
		for _, ti := range titles {
			if seen[ti] {
				t.Fatalf("page %d repeats %s", page, ti)
			}
			seen[ti] = true
		}
		m := nextRE.FindStringSubmatch(r.body)
		if m == nil {
			t.Fatalf("page %d has no next link", page)
		}
		path = html.UnescapeString(m[1])
		if !strings.Contains(path, "after=") || !strings.Contains(path, fmt.Sprintf("page=%d", page+1)) {
			t.Fatalf("next link %q: want a cursor and the page number", path)
		}
	}
	// A broken cursor starts again rather than failing.
	if r := h.get(c, "/issues?sort=newest&after=garbage&page=9"); r.code != 200 || len(titleRE.FindAllString(r.body, -1)) != gather.DefaultPerPage {
		t.Fatalf("bad cursor = %d", r.code)
	}
	// The export walks every issue once.
	var out []publicIssue
	if err := json.Unmarshal([]byte(h.get(c, "/issues.json").body), &out); err != nil {
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
