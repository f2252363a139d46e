package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/config"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web/kit"
	"github.com/folkmoot/folkmoot/internal/web/webtest"
)

// Every state-changing route refuses a request a browser says comes from
// another site, even from an administrator whom every Access lets in, and
// nothing changes.
func TestEveryPostRefusesCrossOrigin(t *testing.T) {
	h := webtest.New(t)
	f := makeFixture(t, h)
	admin := h.User("admin@example.org", people.RoleAdmin)
	u, _ := url.Parse(h.URL)
	attacks := []struct {
		name string
		hdr  []string
	}{
		{"Sec-Fetch-Site cross-site", []string{"Sec-Fetch-Site", "cross-site", "Origin", "http://evil.example"}},
		{"Sec-Fetch-Site same-site", []string{"Sec-Fetch-Site", "same-site", "Origin", "http://other.folkmoot.test"}},
		{"an Origin of another site, no Sec-Fetch-Site", []string{"Origin", "http://evil.example"}},
	}
	n := 0
	for _, rt := range h.Server.Routes() {
		if rt.Method == "GET" {
			continue
		}
		n++
		for _, a := range attacks {
			t.Run(rt.String()+" "+a.name, func(t *testing.T) {
				c := h.Client()
				c.HC.Jar.SetCookies(u, []*http.Cookie{{Name: kit.SessionCookie, Value: h.Session(admin)}})
				path := f.path(t, h, rt)
				before := h.AuditCount()
				r := c.Do("POST", path, f.form(), a.hdr...)
				if r.Code != http.StatusForbidden || !strings.Contains(r.Body, "did not come from this site") {
					t.Fatalf("code = %d, want 403 with a clear message\n%s", r.Code, r.Body)
				}
				if after := h.AuditCount(); after != before {
					t.Fatalf("a cross-site request changed something (%d audit entries, were %d)", after, before)
				}
			})
		}
	}
	if n < 20 {
		t.Fatalf("only %d state-changing routes found", n)
	}
	// The same request from this site goes through.
	c := h.Client()
	c.SignIn("cat@example.org")
	if r := c.Post("/issues/new", url.Values{"title": {"A fine title"}, "description": {"text"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("same-origin POST = %d\n%s", r.Code, r.Body)
	}
	// So does a script's, which sends neither header (and carries no
	// browser's cookies by accident).
	if r := h.Client().Do("POST", "/signin", url.Values{"email": {"script@example.org"}}); r.Code != http.StatusOK {
		t.Fatalf("POST without Origin or Sec-Fetch-Site = %d", r.Code)
	}
}

// Behind a reverse proxy that rewrites Host (nginx's default), the browser
// sends the public origin while the server sees its own address: the origin
// of --base-url is trusted, so forms still work there.
func TestProxyRewritingHost(t *testing.T) {
	const public = "https://gather.example.org"
	h := webtest.New(t, webtest.Options{Config: func(c *config.Config) { c.BaseURL = public }})
	c := h.Client()
	for _, tt := range []struct {
		name string
		hdr  []string
		want int
	}{
		{"old browser: Origin is the base URL", []string{"Host", "127.0.0.1:8080", "Origin", public}, http.StatusOK},
		{"modern browser: same-origin", []string{"Host", "127.0.0.1:8080", "Origin", public, "Sec-Fetch-Site", "same-origin"}, http.StatusOK},
		{"another site", []string{"Host", "127.0.0.1:8080", "Origin", "https://evil.example"}, http.StatusForbidden},
		{"another site, modern browser", []string{"Host", "127.0.0.1:8080", "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"}, http.StatusForbidden},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := c.Do("POST", "/signin", url.Values{"email": {"pat@example.org"}}, tt.hdr...)
			if r.Code != tt.want {
				t.Fatalf("POST /signin = %d, want %d\n%s", r.Code, tt.want, r.Body)
			}
		})
	}
	// The default test server's own Host (127.0.0.1:port) with the base
	// URL's origin, as the issue describes it.
	if r := c.Do("POST", "/signin", url.Values{"email": {"pat@example.org"}}, "Origin", public); r.Code != http.StatusOK {
		t.Fatalf("POST /signin with the public origin = %d", r.Code)
	}
}
