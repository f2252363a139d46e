package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/web/kit"
	"github.com/folkmoot/folkmoot/internal/web/webtest"
)

// BenchmarkSupport measures the whole support POST in process (middleware,
// session cache, cross-origin check, rate limiter, service, SQLite), many
// people at once.
func BenchmarkSupport(b *testing.B) {
	h := webtest.New(b)
	ctx := context.Background()
	const users, issues = 200, 50
	var ids []int64
	author := h.User("author@example.org")
	for i := range issues {
		iss, err := h.Gather.SubmitIssue(ctx, author, gather.IssueDraft{CycleID: h.Cycle.ID, Title: fmt.Sprintf("Issue number %d", i), Description: "text"})
		if err != nil {
			b.Fatal(err)
		}
		ids = append(ids, iss.ID)
	}
	var sessions []string
	for i := range users {
		sessions = append(sessions, h.Session(h.User(fmt.Sprintf("u%d@example.org", i))))
	}
	var n atomic.Int64
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			req := httptest.NewRequest("POST", fmt.Sprintf("/issues/%d/support", ids[(i/users)%issues]), strings.NewReader(""))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Accept", "application/json")
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			req.AddCookie(&http.Cookie{Name: kit.SessionCookie, Value: sessions[i%users]})
			w := httptest.NewRecorder()
			h.Server.ServeHTTP(w, req)
			if w.Code != 200 {
				b.Fatalf("support = %d %s", w.Code, w.Body.String())
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "supports/s")
}

// BenchmarkIssuesPage measures /issues (the first 20 of 100,000 issues,
// with the topic filter) for a signed-in reader, middleware included.
func BenchmarkIssuesPage(b *testing.B) {
	h := webtest.New(b)
	ctx := context.Background()
	author := h.User("author@example.org")
	var drafts []gather.Issue
	for i := range 100_000 {
		drafts = append(drafts, gather.Issue{CycleID: h.Cycle.ID, Title: fmt.Sprintf("Issue number %d about waiting", i), Description: strings.Repeat("Some words about the issue. ", 10), Tags: []string{fmt.Sprintf("topic %d", i%40)}, AuthorID: author.ID})
	}
	if err := h.Store.ImportIssues(ctx, drafts, nil); err != nil {
		b.Fatal(err)
	}
	raw := h.Session(author)
	b.ResetTimer()
	for b.Loop() {
		req := httptest.NewRequest("GET", "/issues", nil)
		req.AddCookie(&http.Cookie{Name: kit.SessionCookie, Value: raw})
		w := httptest.NewRecorder()
		h.Server.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatalf("GET /issues = %d", w.Code)
		}
	}
}
