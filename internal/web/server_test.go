package web_test

import (
	"compress/gzip"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/assets"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web"
	"github.com/folkmoot/folkmoot/internal/web/webtest"
)

func TestEveryPageParses(t *testing.T) {
	h := webtest.New(t)
	for _, name := range []string{"home", "issues", "issue", "issue_new", "themes", "theme", "suggestions", "signin", "signin_sent", "signin_confirm", "signout", "outbox", "outbox_message", "moderation", "moderation_log", "moderate", "report", "error", "account"} {
		if !h.Server.Renderer().Has(name) {
			t.Errorf("no page %q", name)
		}
	}
}

func TestPublicPages(t *testing.T) { webtest.OnEachDatabase(t, testPublicPages) }

func testPublicPages(t *testing.T, h *webtest.Harness) {
	c := h.Client()
	c.SignIn("hal@example.org")
	path := c.Submit("Waiting times for hearing tests", "Months of waiting.")
	anon := h.Client()
	for _, p := range []string{"/", "/issues", "/issues?sort=newest", "/issues?sort=trending", "/issues?q=waits", "/issues?tag=testing", path, "/themes", "/moderation/log", "/signin", "/signout", "/issues.json", "/issues.csv", "/themes.json", "/feed.atom", path + "/feed.atom", "/healthz", "/theme.css", assets.URL("folkmoot.css"), "/?lang=cy"} {
		r := anon.Get(p)
		if r.Code != 200 {
			t.Errorf("GET %s = %d", p, r.Code)
			continue
		}
		if csp := r.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
			t.Errorf("GET %s: CSP %q", p, csp)
		}
		if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
			continue
		}
		for _, want := range []string{`<html lang="`, `class="nhsuk-skip-link" href="#maincontent"`, `id="maincontent"`, "<h1", `data-module="nhsuk-header"`, `class="nhsuk-header__menu" hidden`, `hreflang=`} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("GET %s lacks %q", p, want)
			}
		}
		if bad := assets.OutsideURLs([]byte(r.Body)); len(bad) > 0 {
			t.Errorf("GET %s names outside hosts: %v", p, bad)
		}
		if strings.Contains(r.Body, "style=") || regexp.MustCompile(`<script(?: [^>]*)?>[^<]`).MatchString(r.Body) {
			t.Errorf("GET %s has inline style or script (blocked by the CSP)", p)
		}
		if strings.Contains(r.Body, `name="csrf"`) {
			t.Errorf("GET %s still carries a CSRF token field", p)
		}
		if r.Header.Get("Cache-Control") == "" {
			t.Errorf("GET %s: no Cache-Control", p)
		}
	}
	// In English again (the last page above chose Welsh).
	if r := anon.Get("/issues?lang=en"); !strings.Contains(r.Body, "Filter by topic") || !strings.Contains(r.Body, `href="/issues?tag=testing"`) {
		t.Error("/issues lacks the topic filter")
	}
	if r := anon.Get("/no/such/page"); r.Code != 404 || !strings.Contains(r.Body, "Page not found") {
		t.Fatalf("404 page = %d", r.Code)
	}
	if r := anon.Get("/issues/99999"); r.Code != 404 {
		t.Fatalf("missing issue = %d", r.Code)
	}
	if r := anon.Get("/issues/abc"); r.Code != 404 {
		t.Fatalf("bad id = %d", r.Code)
	}
	// Signed-in pages are never stored.
	if r := c.Get("/"); r.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("signed-in page Cache-Control %q", r.Header.Get("Cache-Control"))
	}
}

func TestPagesAreCompressed(t *testing.T) {
	h := webtest.New(t)
	req, _ := http.NewRequest("GET", h.URL+"/issues", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding = %q", res.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(zr)
	if !strings.Contains(string(b), "</html>") {
		t.Fatal("compressed page incomplete")
	}
	// Redirects are left alone.
	req, _ = http.NewRequest("GET", h.URL+"/issues/new", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	res2, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	res2.Body.Close()
	if res2.StatusCode != http.StatusSeeOther {
		t.Fatalf("redirect: %d %v", res2.StatusCode, res2.Header)
	}
}

// Two servers on one database (as behind a load balancer) accept each
// other's sessions; no shared key is needed for forms any more.
func TestTwoServersShareSessions(t *testing.T) {
	h := webtest.New(t)
	second, err := web.New(h.Deps)
	if err != nil {
		t.Fatal(err)
	}
	ts2 := httptest.NewServer(second)
	defer ts2.Close()
	c := h.Client()
	c.SignIn("max@example.org")
	u1, _ := url.Parse(h.URL)
	u2, _ := url.Parse(ts2.URL)
	c.HC.Jar.SetCookies(u2, c.HC.Jar.Cookies(u1))
	body := url.Values{"title": {"Raised on the second server"}, "description": {"x"}}
	req, _ := http.NewRequest("POST", ts2.URL+"/issues/new", strings.NewReader(body.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", ts2.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res, err := c.HC.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the second server refused the first one's session: %d", res.StatusCode)
	}
	if r := c.Get(res.Header.Get("Location")); !strings.Contains(r.Body, "Raised on the second server") {
		t.Fatal("the first server does not show what the second stored")
	}
}

// failingAuth fails session checks as a database that is down would.
type failingAuth struct{}

func (failingAuth) Authenticate(context.Context, string) (people.User, people.Session, error) {
	return people.User{}, people.Session{}, apperr.Wrap(apperr.Unavailable, errors.New("pq: the database system is shutting down"), "The service is busy. Try again in a minute.")
}

// When the database is down, a signed-in person gets 503 with
// Retry-After and a plain page, and /healthz says so.
func TestDatabaseDown(t *testing.T) {
	down := errors.New("pq: the database system is shutting down")
	h := webtest.New(t, webtest.Options{Deps: func(d *web.Deps) {
		d.Auth = failingAuth{}
		d.Health = func(context.Context) error { return down }
	}})
	c := h.Client()
	u, _ := url.Parse(h.URL)
	c.HC.Jar.SetCookies(u, []*http.Cookie{{Name: "fm_session", Value: "some-session"}})
	r := c.Get("/issues")
	if r.Code != http.StatusServiceUnavailable || r.Header.Get("Retry-After") == "" || !strings.Contains(r.Body, "Try again in a minute") || strings.Contains(r.Body, "pq:") {
		t.Fatalf("page with the database down = %d %q\n%s", r.Code, r.Header.Get("Retry-After"), r.Body)
	}
	if r := c.Get("/healthz"); r.Code != http.StatusServiceUnavailable || strings.Contains(r.Body, "pq:") {
		t.Fatalf("/healthz with the database down = %d %q", r.Code, r.Body)
	}
}

// A route used with a method it does not take answers with the 404 page
// in the person's language (the catch-all route wins over ServeMux's plain
// 405); a page shown in answer to a form links to the form's page in the
// other language.
func TestWrongMethodAndLanguageLinkAfterAForm(t *testing.T) {
	h := webtest.New(t)
	c := h.Client()
	r := c.Get("/issues/1/support")
	if r.Code != http.StatusNotFound || !strings.Contains(r.Body, "Page not found") || !strings.Contains(r.Body, `<html lang="en-GB">`) {
		t.Fatalf("GET of a POST route = %d %v\n%s", r.Code, r.Header, r.Body)
	}
	c.SignIn("ola@example.org")
	path := c.Submit("Waiting times for hearing tests", "Months of waiting.")
	r = c.Post(path+"/comments", url.Values{"body": {""}}, "Referer", h.URL+path)
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `href="`+path+`?lang=cy"`) {
		t.Fatalf("comment error page = %d; want the language link to the issue\n%s", r.Code, r.Body)
	}
}
