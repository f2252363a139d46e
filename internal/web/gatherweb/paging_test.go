package gatherweb_test

import (
	"context"
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/web/webtest"
)

func TestPagingOfManyIssues(t *testing.T) {
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
	c := h.Client()
	titleRE := regexp.MustCompile(`Numbered issue \d{4}`)
	nextRE := regexp.MustCompile(`href="(/issues\?[^"]*)" rel="next"`)
	seen := map[string]bool{}
	path := "/issues?sort=newest"
	for page := 1; page <= 3; page++ {
		r := c.Get(path)
		titles := titleRE.FindAllString(r.Body, -1)
		if len(titles) != gather.DefaultPerPage {
			t.Fatalf("page %d (%s): %d issues", page, path, len(titles))
		}
		for _, ti := range titles {
			if seen[ti] {
				t.Fatalf("page %d repeats %s", page, ti)
			}
			seen[ti] = true
		}
		if page == 1 && !strings.Contains(r.Body, "1,234 issues") && !strings.Contains(r.Body, "1234 issues") {
			t.Fatalf("page 1 does not count the issues")
		}
		m := nextRE.FindStringSubmatch(r.Body)
		if m == nil {
			t.Fatalf("page %d has no next link", page)
		}
		path = html.UnescapeString(m[1])
		if !strings.Contains(path, "after=") || !strings.Contains(path, fmt.Sprintf("page=%d", page+1)) {
			t.Fatalf("next link %q: want a cursor and the page number", path)
		}
	}
	// A broken cursor starts again rather than failing.
	if r := c.Get("/issues?sort=newest&after=garbage&page=9"); r.Code != 200 || len(titleRE.FindAllString(r.Body, -1)) != gather.DefaultPerPage {
		t.Fatalf("bad cursor = %d", r.Code)
	}
}
