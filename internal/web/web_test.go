package web

import (
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/assets"
	"github.com/folkmoot/folkmoot/internal/config"
	"github.com/folkmoot/folkmoot/internal/people"
)

func TestSignInFlow(t *testing.T) {
	h := newHarness(t, nil)
	c := h.client()
	h.signIn(c, "Ada@Example.org")
	// A new account is first asked for the name others will see.
	if h.landing != "/account?next=%2F" {
		t.Fatalf("first sign-in went to %q, want the account page", h.landing)
	}
	r := h.get(c, h.landing)
	if !strings.Contains(r.body, "Welcome. Choose the name") || !strings.Contains(r.body, "Save and continue") || !strings.Contains(r.body, `name="next" value="/"`) {
		t.Fatalf("welcome page:\n%s", r.body)
	}
	r = h.post(c, h.landing, "/account", url.Values{"display_name": {"Ada"}, "next": {"/"}})
	if r.code != http.StatusSeeOther || r.hdr.Get("Location") != "/" {
		t.Fatalf("saving the name = %d → %q", r.code, r.hdr.Get("Location"))
	}
	if r := h.get(c, "/"); !strings.Contains(r.body, "Signed in as Ada") {
		t.Fatalf("home after sign-in lacks the signed-in notice:\n%s", r.body)
	}
	u, _ := url.Parse(h.ts.URL)
	var session *http.Cookie
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == sessionCookieName {
			session = ck
		}
	}
	if session == nil {
		t.Fatal("no session cookie")
	}
	// The link works once.
	msgs, _ := h.outbox.List()
	link := linkRE.FindStringSubmatch(msgs[0].Body)[1]
	other := h.client()
	r = h.post(other, link, link, nil)
	if r.code != http.StatusUnauthorized || !strings.Contains(r.body, "already been used") {
		t.Fatalf("reused link = %d\n%s", r.code, r.body)
	}
	// The name others see can be changed; bad names are explained.
	if r := h.post(c, "/account", "/account", url.Values{"display_name": {""}}); r.code != http.StatusUnprocessableEntity || !strings.Contains(r.body, `href="#display_name"`) {
		t.Fatalf("empty name = %d", r.code)
	}
	if r := h.post(c, "/account", "/account", url.Values{"display_name": {"Ada L"}}); r.code != http.StatusSeeOther {
		t.Fatalf("rename = %d", r.code)
	}
	if r := h.get(c, "/account"); !strings.Contains(r.body, "Signed in as Ada L") || !strings.Contains(r.body, "ada@example.org") {
		t.Fatalf("account after rename:\n%s", r.body)
	}
	// Sign out ends the session.
	r = h.post(c, "/signout", "/signout", nil)
	if r.code != http.StatusSeeOther {
		t.Fatalf("sign out = %d", r.code)
	}
	if r := h.get(c, "/issues/new"); r.code != http.StatusSeeOther || !strings.HasPrefix(r.hdr.Get("Location"), "/signin?next=") {
		t.Fatalf("after sign-out /issues/new = %d %s", r.code, r.hdr.Get("Location"))
	}
}

func TestSessionCookieFlags(t *testing.T) {
	h := newHarness(t, nil)
	c := h.client()
	h.post(c, "/signin", "/signin", url.Values{"email": {"bo@example.org"}})
	msgs, _ := h.outbox.List()
	link := linkRE.FindStringSubmatch(msgs[0].Body)[1]
	tok := h.token(c, link)
	req, _ := http.NewRequest("POST", h.ts.URL+link, strings.NewReader(url.Values{"csrf": {tok}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	var found bool
	for _, ck := range res.Cookies() {
		if ck.Name == sessionCookieName {
			found = true
			if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || len(ck.Value) < 40 {
				t.Fatalf("session cookie %+v: want HttpOnly, SameSite=Lax, a long random value", ck)
			}
		}
	}
	if !found {
		t.Fatal("no session cookie set")
	}
}

func TestSignInInvalidEmail(t *testing.T) {
	h := newHarness(t, nil)
	c := h.client()
	r := h.post(c, "/signin", "/signin", url.Values{"email": {"not an address"}})
	if r.code != http.StatusUnprocessableEntity {
		t.Fatalf("code = %d", r.code)
	}
	for _, want := range []string{`nhsuk-error-summary`, `href="#email"`, `id="email-error"`, `aria-describedby="email-hint email-error"`, `<title>Error: `} {
		if !strings.Contains(r.body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if msgs, _ := h.outbox.List(); len(msgs) != 0 {
		t.Fatalf("mail sent for an invalid address: %+v", msgs)
	}
}

func TestCSRFRejected(t *testing.T) {
	h := newHarness(t, nil)
	h.user("cat@example.org")
	c := h.client()
	h.signIn(c, "cat@example.org")
	good := h.token(c, "/issues/new?title=Hello+world")
	other := h.client()
	h.signIn(other, "cat@example.org")
	foreign := h.token(other, "/issues/new?title=Hello+world")
	form := func(tok string) url.Values {
		return url.Values{"csrf": {tok}, "title": {"A fine title"}, "description": {"text"}}
	}
	tests := []struct {
		name string
		form url.Values
		hdr  []string
	}{
		{"no token", url.Values{"title": {"A fine title"}, "description": {"x"}}, nil},
		{"wrong token", form("AAAA"), nil},
		{"another session's token", form(foreign), nil},
		{"cross-site origin", form(good), []string{"Origin", "http://evil.example"}},
		{"cross-site fetch", form(good), []string{"Sec-Fetch-Site", "cross-site"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := h.do(c, "POST", "/issues/new", tt.form, tt.hdr...)
			if r.code != http.StatusForbidden || !strings.Contains(r.body, "This form has expired") {
				t.Fatalf("code = %d, want 403 with a clear message\n%s", r.code, r.body)
			}
		})
	}
	// Before sign-in: the double-submit cookie must match.
	anon := h.client()
	r := h.do(anon, "POST", "/signin", url.Values{"csrf": {good}, "email": {"x@example.org"}})
	if r.code != http.StatusForbidden {
		t.Fatalf("anonymous POST with a signed-in token = %d", r.code)
	}
	if msgs, _ := h.outbox.List(); len(msgs) != 2 {
		t.Fatalf("outbox has %d messages, want only the two sign-ins", len(msgs))
	}
	// The right token works.
	if r := h.do(c, "POST", "/issues/new", form(good)); r.code != http.StatusSeeOther {
		t.Fatalf("good token = %d\n%s", r.code, r.body)
	}
}

func TestSubmitSupportComment(t *testing.T) { onEachDatabase(t, testSubmitSupportComment) }

func testSubmitSupportComment(t *testing.T, h *harness) {
	c := h.client()
	h.signIn(c, "dee@example.org")
	path := h.submit(c, "Longer waits for hearing aids", "It takes months to get a hearing aid fitted.")
	if !regexp.MustCompile(`^/issues/\d+$`).MatchString(path) {
		t.Fatalf("redirect to %q", path)
	}
	r := h.get(c, path)
	if !strings.Contains(r.body, "Your issue has been raised") || !strings.Contains(r.body, "0 people support") {
		t.Fatalf("issue page:\n%s", r.body)
	}
	// Support with the plain form: redirect back, count 1.
	r = h.post(c, path, path+"/support", url.Values{"return": {path}})
	if r.code != http.StatusSeeOther || r.hdr.Get("Location") != path {
		t.Fatalf("support = %d → %q", r.code, r.hdr.Get("Location"))
	}
	r = h.get(c, path)
	if !strings.Contains(r.body, "1 person supports") || !strings.Contains(r.body, "Withdraw my support") {
		t.Fatalf("after support:\n%s", r.body)
	}
	// Twice is once; JSON answers for scripts and load tests.
	tok := h.token(c, path)
	r = h.do(c, "POST", path+"/support", url.Values{"csrf": {tok}}, "Accept", "application/json")
	if r.code != 200 || !strings.Contains(r.body, `"changed": false`) {
		t.Fatalf("second support = %d %s", r.code, r.body)
	}
	// Another person supports: 2.
	d := h.client()
	h.signIn(d, "eve@example.org")
	h.post(d, path, path+"/support", nil)
	if r := h.get(d, path); !strings.Contains(r.body, "2 people support") {
		t.Fatal("second supporter not counted")
	}
	// Withdraw.
	h.post(c, path, path+"/unsupport", nil)
	if r := h.get(c, path); !strings.Contains(r.body, "1 person supports") {
		t.Fatal("withdrawn support still counted")
	}
	// Comment and reply.
	r = h.post(c, path, path+"/comments", url.Values{"body": {"Same here in Leeds."}})
	if r.code != http.StatusSeeOther {
		t.Fatalf("comment = %d\n%s", r.code, r.body)
	}
	r = h.get(c, path)
	m := regexp.MustCompile(`id="comment-(\d+)"`).FindStringSubmatch(r.body)
	if m == nil || !strings.Contains(r.body, "Same here in Leeds.") {
		t.Fatalf("comment not shown:\n%s", r.body)
	}
	r = h.post(d, path, path+"/comments/"+m[1]+"/replies", url.Values{"body": {"And in York."}})
	if r.code != http.StatusSeeOther {
		t.Fatalf("reply = %d\n%s", r.code, r.body)
	}
	if r := h.get(c, path); !strings.Contains(r.body, "And in York.") {
		t.Fatal("reply not shown")
	}
	// An empty reply is explained next to its own box, which stays open.
	r = h.post(d, path, path+"/comments/"+m[1]+"/replies", url.Values{"body": {"  "}})
	if r.code != http.StatusUnprocessableEntity || !strings.Contains(r.body, `href="#body-`+m[1]+`"`) || !strings.Contains(r.body, `id="body-`+m[1]+`-error"`) || !strings.Contains(r.body, "<details class=\"nhsuk-details\" open>") {
		t.Fatalf("empty reply = %d\n%s", r.code, r.body)
	}
	// Anonymous readers see it all but get a sign-in link, not a button.
	anon := h.client()
	r = h.get(anon, path)
	if r.code != 200 || strings.Contains(r.body, "Support this issue</button>") || !strings.Contains(r.body, "Sign in to support") {
		t.Fatalf("anonymous issue page = %d", r.code)
	}
	// Anonymous support is sent to sign in.
	r = h.post(anon, "/signin", path+"/support", nil)
	if r.code != http.StatusSeeOther || !strings.HasPrefix(r.hdr.Get("Location"), "/signin") {
		t.Fatalf("anonymous support = %d → %s", r.code, r.hdr.Get("Location"))
	}
}

func TestBadInputIsExplainedAndEscaped(t *testing.T) { onEachDatabase(t, testBadInput) }

func testBadInput(t *testing.T, h *harness) {
	c := h.client()
	h.signIn(c, "fay@example.org")
	tests := []struct {
		name, title, desc, field, msg string
	}{
		{"empty title", "", "text", "title", "Enter a title"},
		{"short title", "abc", "text", "title", "5 characters or more"},
		{"long title", strings.Repeat("x", 151), "text", "title", "150 characters or fewer"},
		{"empty description", "A good title", "", "description", "Enter a description"},
		{"control characters", "A good\x07 title", "text", "title", "control characters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := h.post(c, "/issues/new?title=Something+long", "/issues/new", url.Values{"title": {tt.title}, "description": {tt.desc}})
			if r.code != http.StatusUnprocessableEntity {
				t.Fatalf("code = %d", r.code)
			}
			for _, want := range []string{`href="#` + tt.field + `"`, `id="` + tt.field + `-error"`, tt.msg, "nhsuk-form-group--error"} {
				if !strings.Contains(r.body, want) {
					t.Errorf("page lacks %q", want)
				}
			}
		})
	}
	// Script-bearing input is stored and shown escaped.
	evil := `<script>alert("x")</script> & <img src=x onerror=alert(1)>`
	path := h.submit(c, "Script "+evil, "Body "+evil+"\n\nhttps://example.org/?q=<b>")
	r := h.get(c, path)
	if strings.Contains(r.body, "<script>alert") || strings.Contains(r.body, "<img src=x") || strings.Contains(r.body, "<b>") {
		t.Fatalf("markup from input reached the page unescaped:\n%s", r.body)
	}
	if !strings.Contains(r.body, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") {
		t.Fatalf("escaped title missing:\n%s", r.body)
	}
	for _, p := range []string{"/issues", "/issues.json", "/feed.atom", "/issues?q=script"} {
		if r := h.get(c, p); strings.Contains(r.body, "<script>alert") || strings.Contains(r.body, "<img src=x") {
			t.Errorf("%s shows input unescaped", p)
		}
	}
	// An over-long search is explained on the search field.
	r = h.get(c, "/issues?q="+strings.Repeat("a", 300))
	if r.code != http.StatusBadRequest || !strings.Contains(r.body, `href="#q"`) || !strings.Contains(r.body, `id="q-error"`) {
		t.Fatalf("long search = %d\n%s", r.code, r.body)
	}
	// Search input is echoed escaped.
	r = h.get(c, "/issues?q="+url.QueryEscape(`"><script>x</script>`))
	if strings.Contains(r.body, "<script>x") {
		t.Fatal("search text echoed unescaped")
	}
}

func TestRateLimits(t *testing.T) {
	h := newHarness(t, func(c *config.Config) {
		c.SupportPerMinute, c.SignInPerMinute, c.SubmitPerMinute, c.Burst = 1, 1, 1, 2
	})
	c := h.client()
	h.signIn(c, "gus@example.org")
	// sign-in: burst 2 per IP, one already used by signIn above.
	h.post(c, "/signin", "/signin", url.Values{"email": {"gus2@example.org"}})
	r := h.post(c, "/signin", "/signin", url.Values{"email": {"gus3@example.org"}})
	if r.code != http.StatusTooManyRequests || r.hdr.Get("Retry-After") == "" || !strings.Contains(r.body, "Too many") {
		t.Fatalf("third sign-in = %d (Retry-After %q)", r.code, r.hdr.Get("Retry-After"))
	}
	// submit: burst 2.
	var paths []string
	for i := range 2 {
		paths = append(paths, h.submit(c, "Issue number "+string(rune('A'+i)), "text"))
	}
	r = h.post(c, "/issues/new?title=Something+long", "/issues/new", url.Values{"title": {"Issue number C"}, "description": {"x"}})
	if r.code != http.StatusTooManyRequests {
		t.Fatalf("third submit = %d", r.code)
	}
	// support: burst 2.
	h.post(c, paths[0], paths[0]+"/support", nil)
	h.post(c, paths[1], paths[1]+"/support", nil)
	r = h.post(c, paths[0], paths[0]+"/unsupport", nil)
	if r.code != http.StatusTooManyRequests {
		t.Fatalf("third support action = %d", r.code)
	}
}

func TestAccessControl(t *testing.T) { onEachDatabase(t, testAccessControl) }

func testAccessControl(t *testing.T, h *harness) {
	h.user("mod@example.org", people.RoleModerator)
	h.user("org@example.org", people.RoleOrganiser)
	cit, mod, org, anon := h.client(), h.client(), h.client(), h.client()
	h.signIn(cit, "cit@example.org")
	h.signIn(mod, "mod@example.org")
	h.signIn(org, "org@example.org")
	path := h.submit(cit, "Dementia support after diagnosis", "There is nothing after the diagnosis.")
	h.submit(cit, "Dementia care after diagnosis is missing", "Families are left alone after diagnosis.")

	for _, tc := range []struct {
		name string
		c    func() resp
		want int
	}{
		{"anonymous new issue", func() resp { return h.get(anon, "/issues/new") }, http.StatusSeeOther},
		{"citizen moderation queue", func() resp { return h.get(cit, "/moderation") }, http.StatusForbidden},
		{"citizen hide form", func() resp { return h.get(cit, path+"/moderate") }, http.StatusForbidden},
		{"citizen suggestions", func() resp { return h.get(cit, "/themes/suggestions") }, http.StatusForbidden},
		{"citizen makes theme", func() resp { return h.post(cit, "/signout", "/themes", url.Values{"name": {"x"}, "issue": {"1"}}) }, http.StatusForbidden},
		{"other person edits", func() resp { return h.get(mod, path+"/edit") }, http.StatusForbidden},
		{"moderator queue", func() resp { return h.get(mod, "/moderation") }, http.StatusOK},
		{"organiser suggestions", func() resp { return h.get(org, "/themes/suggestions") }, http.StatusOK},
		{"author edits", func() resp { return h.get(cit, path+"/edit") }, http.StatusOK},
		{"outbox in demo", func() resp { return h.get(anon, "/outbox") }, http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if r := tc.c(); r.code != tc.want {
				t.Fatalf("code = %d, want %d\n%s", r.code, tc.want, r.body)
			}
		})
	}

	// Report, then a moderator hides with a public reason.
	r := h.post(cit, path+"/report", path+"/report", url.Values{"reason": {"Contains a phone number"}})
	if r.code != http.StatusSeeOther {
		t.Fatalf("report = %d\n%s", r.code, r.body)
	}
	if r := h.get(mod, "/moderation"); !strings.Contains(r.body, "Contains a phone number") {
		t.Fatal("report not in the queue")
	}
	r = h.post(mod, path+"/moderate", path+"/moderate", url.Values{"reason": {"Personal details"}, "action": {"hide"}})
	if r.code != http.StatusSeeOther {
		t.Fatalf("hide = %d\n%s", r.code, r.body)
	}
	if r := h.get(anon, "/moderation/log"); !strings.Contains(r.body, "Personal details") {
		t.Fatal("moderation log lacks the reason")
	}
	if r := h.get(anon, path); !strings.Contains(r.body, "Hidden by a moderator") || strings.Contains(r.body, "nothing after the diagnosis") {
		t.Fatal("hidden issue shown to the public")
	}

	// An organiser makes a theme.
	var ids []string
	for _, m := range regexp.MustCompile(`href="/issues/(\d+)"`).FindAllStringSubmatch(h.get(anon, "/issues").body, -1) {
		ids = append(ids, m[1])
	}
	r = h.post(org, "/signout", "/themes", url.Values{"name": {"Dementia after diagnosis"}, "issue": ids})
	if r.code != http.StatusSeeOther {
		t.Fatalf("make theme = %d\n%s", r.code, r.body)
	}
	if r := h.get(anon, "/themes"); !strings.Contains(r.body, "Dementia after diagnosis") {
		t.Fatal("theme not listed")
	}
	if r := h.get(anon, r.hdr.Get("Location")); r.code != 200 {
		t.Fatalf("theme page = %d", r.code)
	}
}

func TestPublicPagesAndExports(t *testing.T) { onEachDatabase(t, testPublicPages) }

func testPublicPages(t *testing.T, h *harness) {
	c := h.client()
	h.signIn(c, "hal@example.org")
	h.submit(c, "=HYPERLINK(\"x\") waits", "Formula injection test.")
	anon := h.client()
	for _, p := range []string{"/", "/issues", "/issues?sort=newest", "/issues?sort=trending", "/issues?q=waits", "/themes", "/moderation/log", "/signin", "/issues.json", "/issues.csv", "/themes.json", "/feed.atom", "/issues/1/feed.atom", "/healthz", "/theme.css", assets.URL("folkmoot.css")} {
		r := h.get(anon, p)
		if r.code != 200 {
			t.Errorf("GET %s = %d", p, r.code)
			continue
		}
		if csp := r.hdr.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
			t.Errorf("GET %s: CSP %q", p, csp)
		}
		if strings.HasPrefix(r.hdr.Get("Content-Type"), "text/html") {
			for _, want := range []string{`<html lang="en-GB">`, `class="nhsuk-skip-link" href="#maincontent"`, `id="maincontent"`, "<h1"} {
				if !strings.Contains(r.body, want) {
					t.Errorf("GET %s lacks %q", p, want)
				}
			}
			if bad := assets.OutsideURLs([]byte(r.body)); len(bad) > 0 {
				t.Errorf("GET %s names outside hosts: %v", p, bad)
			}
			if strings.Contains(r.body, "style=") || regexp.MustCompile(`<script(?: [^>]*)?>[^<]`).MatchString(r.body) {
				t.Errorf("GET %s has inline style or script (blocked by the CSP)", p)
			}
		}
	}
	if r := h.get(anon, "/issues"); !strings.Contains(r.body, "Filter by topic") || !strings.Contains(r.body, `href="/issues?tag=testing"`) {
		t.Error("/issues lacks the topic filter")
	}
	if r := h.get(anon, "/issues?tag=testing"); !strings.Contains(r.body, "waits") {
		t.Error("tag filter does not show the issue")
	}
	var issues []publicIssue
	if err := json.Unmarshal([]byte(h.get(anon, "/issues.json").body), &issues); err != nil || len(issues) != 1 {
		t.Fatalf("issues.json: %v, %d issues", err, len(issues))
	}
	rows, err := csv.NewReader(strings.NewReader(h.get(anon, "/issues.csv").body)).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("issues.csv: %v, %d rows", err, len(rows))
	}
	if !strings.HasPrefix(rows[1][2], "'=") {
		t.Fatalf("formula not defused: %q", rows[1][2])
	}
	if r := h.get(anon, "/no/such/page"); r.code != 404 || !strings.Contains(r.body, "Page not found") {
		t.Fatalf("404 page = %d", r.code)
	}
	if r := h.get(anon, "/issues/99999"); r.code != 404 {
		t.Fatalf("missing issue = %d", r.code)
	}
	if r := h.get(anon, "/issues/abc"); r.code != 404 {
		t.Fatalf("bad id = %d", r.code)
	}
}

func TestPagesAreCompressed(t *testing.T) {
	h := newHarness(t, nil)
	req, _ := http.NewRequest("GET", h.ts.URL+"/issues", nil)
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
	// Redirects and small answers are left alone.
	req, _ = http.NewRequest("GET", h.ts.URL+"/issues/new", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	res2, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	res2.Body.Close()
	if res2.StatusCode != http.StatusSeeOther || res2.Header.Get("Content-Encoding") == "gzip" && res2.ContentLength == 0 {
		t.Fatalf("redirect: %d %v", res2.StatusCode, res2.Header)
	}
}

// Two servers on one database (as behind a load balancer) accept each
// other's sessions and form tokens when they share the key.
func TestTwoServersShareSessionsAndTokens(t *testing.T) {
	h := newHarness(t, nil)
	second, err := New(Deps{Config: h.srv.cfg, People: h.ps, Gather: h.gs, Rounds: h.cycles, Lookups: h.st, Mail: h.outbox})
	if err != nil {
		t.Fatal(err)
	}
	ts2 := httptest.NewServer(second)
	defer ts2.Close()
	c := h.client()
	h.signIn(c, "max@example.org")
	tok := h.token(c, "/issues/new?title=Something+long")
	u1, _ := url.Parse(h.ts.URL)
	u2, _ := url.Parse(ts2.URL)
	c.Jar.SetCookies(u2, c.Jar.Cookies(u1))
	body := url.Values{"csrf": {tok}, "title": {"Raised on the second server"}, "description": {"x"}}
	req, _ := http.NewRequest("POST", ts2.URL+"/issues/new", strings.NewReader(body.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("second server refused the first one's session or token: %d", res.StatusCode)
	}
	if r := h.get(c, res.Header.Get("Location")); !strings.Contains(r.body, "Raised on the second server") {
		t.Fatal("the first server does not show what the second stored")
	}
}

// A failed follow shows its error and leaves no "you are following" message
// waiting for the next page.
func TestFollowMissingIssueSetsNoFlash(t *testing.T) {
	h := newHarness(t, nil)
	c := h.client()
	h.signIn(c, "fay@example.org")
	page := h.submit(c, "Pharmacy opening hours at weekends", "Our only pharmacy closes at noon on Saturday.")
	r := h.post(c, page, "/issues/999999/follow", nil)
	if r.code != http.StatusNotFound {
		t.Fatalf("follow of a missing issue = %d, want 404", r.code)
	}
	for _, sc := range r.hdr.Values("Set-Cookie") {
		if strings.HasPrefix(sc, flashCookieName+"=") {
			t.Fatalf("failed follow set a flash message: %s", sc)
		}
	}
}
