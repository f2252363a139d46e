package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/folkmoot/folkmoot/internal/gather"
)

// BenchmarkSupport measures the whole support POST in process (middleware,
// session cache, CSRF, rate limiter, service, SQLite), many people at once.
func BenchmarkSupport(b *testing.B) {
	h := newHarness(b, nil)
	ctx := context.Background()
	const users, issues = 200, 50
	var ids []int64
	author := h.user("author@example.org")
	for i := range issues {
		iss, err := h.gs.SubmitIssue(ctx, author, gather.IssueDraft{CycleID: h.cycle.ID, Title: fmt.Sprintf("Issue number %d", i), Description: "text"})
		if err != nil {
			b.Fatal(err)
		}
		ids = append(ids, iss.ID)
	}
	type who struct{ cookie, token string }
	var who_ []who
	for i := range users {
		u := h.user(fmt.Sprintf("u%d@example.org", i))
		raw, _, err := h.ps.StartSession(ctx, u)
		if err != nil {
			b.Fatal(err)
		}
		who_ = append(who_, who{raw, h.srv.mac("s:" + raw)})
	}
	var n atomic.Int64
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			p := who_[i%users]
			body := url.Values{"csrf": {p.token}}.Encode()
			req := httptest.NewRequest("POST", fmt.Sprintf("/issues/%d/support", ids[(i/users)%issues]), strings.NewReader(body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Accept", "application/json")
			req.AddCookie(&http.Cookie{Name: sessionCookieName, Value: p.cookie})
			w := httptest.NewRecorder()
			h.srv.ServeHTTP(w, req)
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
	h := newHarness(b, nil)
	ctx := context.Background()
	author := h.user("author@example.org")
	var drafts []gather.Issue
	for i := range 100_000 {
		drafts = append(drafts, gather.Issue{CycleID: h.cycle.ID, Title: fmt.Sprintf("Issue number %d about waiting", i), Description: strings.Repeat("Some words about the issue. ", 10), Tags: []string{fmt.Sprintf("topic %d", i%40)}, AuthorID: author.ID})
	}
	if err := h.st.ImportIssues(ctx, drafts, nil); err != nil {
		b.Fatal(err)
	}
	raw, _, err := h.ps.StartSession(ctx, author)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		req := httptest.NewRequest("GET", "/issues", nil)
		req.AddCookie(&http.Cookie{Name: sessionCookieName, Value: raw})
		w := httptest.NewRecorder()
		h.srv.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatalf("GET /issues = %d", w.Code)
		}
	}
}
