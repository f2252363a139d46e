package gatherweb_test

import (
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/config"
	"github.com/folkmoot/folkmoot/internal/web/kit"
	"github.com/folkmoot/folkmoot/internal/web/webtest"
)

// No English text in the Gather templates outside t and tn.
func TestTemplatesAreTranslated(t *testing.T) {
	webtest.CheckTranslated(t, os.DirFS("templates"))
}

func TestSubmitSupportComment(t *testing.T) { webtest.OnEachDatabase(t, testSubmitSupportComment) }

func testSubmitSupportComment(t *testing.T, h *webtest.Harness) {
	c := h.Client()
	c.SignIn("dee@example.org")
	path := c.Submit("Longer waits for hearing aids", "It takes months to get a hearing aid fitted.")
	if !regexp.MustCompile(`^/issues/\d+$`).MatchString(path) {
		t.Fatalf("redirect to %q", path)
	}
	r := c.Get(path)
	if !strings.Contains(r.Body, "Your issue has been raised") || !strings.Contains(r.Body, "0 people support") {
		t.Fatalf("issue page:\n%s", r.Body)
	}
	// The author is offered neither support nor report, and the server
	// refuses them too.
	if strings.Contains(r.Body, `action="`+path+`/support"`) || strings.Contains(r.Body, `href="`+path+`/report"`) {
		t.Fatal("the author is offered support or report on their own issue")
	}
	if r := c.Post(path+"/support", nil); r.Code != http.StatusForbidden {
		t.Fatalf("the author's own support = %d", r.Code)
	}
	if r := c.Post(path+"/report", url.Values{"reason": {"Reporting my own issue"}}); r.Code != http.StatusForbidden {
		t.Fatalf("the author's own report = %d", r.Code)
	}
	// Support with the plain form: redirect back, count 1.
	sup := h.Client()
	sup.SignIn("fay@example.org")
	if r := sup.Get(path); !strings.Contains(r.Body, `action="`+path+`/support"`) || !strings.Contains(r.Body, `href="`+path+`/report"`) {
		t.Fatal("another person is not offered support and report")
	}
	r = sup.Post(path+"/support", url.Values{"return": {path}})
	if r.Code != http.StatusSeeOther || r.Header.Get("Location") != path {
		t.Fatalf("support = %d → %q", r.Code, r.Header.Get("Location"))
	}
	r = sup.Get(path)
	if !strings.Contains(r.Body, "1 person supports") || !strings.Contains(r.Body, "Withdraw my support") {
		t.Fatalf("after support:\n%s", r.Body)
	}
	// Twice is once; JSON answers for scripts and load tests.
	r = sup.Post(path+"/support", nil, "Accept", "application/json")
	if r.Code != 200 || !strings.Contains(r.Body, `"changed": false`) {
		t.Fatalf("second support = %d %s", r.Code, r.Body)
	}
	// Another person supports: 2.
	d := h.Client()
	d.SignIn("eve@example.org")
	d.Post(path+"/support", nil)
	if r := d.Get(path); !strings.Contains(r.Body, "2 people support") {
		t.Fatal("second supporter not counted")
	}
	// Withdraw.
	sup.Post(path+"/unsupport", nil)
	if r := sup.Get(path); !strings.Contains(r.Body, "1 person supports") {
		t.Fatal("withdrawn support still counted")
	}
	// Follow and stop following.
	if r := d.Post(path+"/follow", nil); r.Code != http.StatusSeeOther {
		t.Fatalf("follow = %d", r.Code)
	}
	if r := d.Get(path); !strings.Contains(r.Body, "Stop following") || !strings.Contains(r.Body, "You are following this issue") {
		t.Fatal("following not shown")
	}
	d.Post(path+"/unfollow", nil)
	if r := d.Get(path); !strings.Contains(r.Body, "Follow this issue") {
		t.Fatal("unfollowing not shown")
	}
	// Comment and reply.
	r = c.Post(path+"/comments", url.Values{"body": {"Same here in Leeds."}})
	if r.Code != http.StatusSeeOther {
		t.Fatalf("comment = %d\n%s", r.Code, r.Body)
	}
	r = c.Get(path)
	m := regexp.MustCompile(`id="comment-(\d+)"`).FindStringSubmatch(r.Body)
	if m == nil || !strings.Contains(r.Body, "Same here in Leeds.") || !strings.Contains(r.Body, "Your comment has been added.") {
		t.Fatalf("comment not shown:\n%s", r.Body)
	}
	r = d.Post(path+"/comments/"+m[1]+"/replies", url.Values{"body": {"And in York."}})
	if r.Code != http.StatusSeeOther {
		t.Fatalf("reply = %d\n%s", r.Code, r.Body)
	}
	if r := c.Get(path); !strings.Contains(r.Body, "And in York.") {
		t.Fatal("reply not shown")
	}
	// An empty reply is explained next to its own box, which stays open.
	r = d.Post(path+"/comments/"+m[1]+"/replies", url.Values{"body": {"  "}})
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `href="#body-`+m[1]+`"`) || !strings.Contains(r.Body, `id="body-`+m[1]+`-error"`) || !strings.Contains(r.Body, "<details class=\"nhsuk-details\" open>") {
		t.Fatalf("empty reply = %d\n%s", r.Code, r.Body)
	}
	// Anonymous readers see it all but get a sign-in link, not a button.
	anon := h.Client()
	r = anon.Get(path)
	if r.Code != 200 || strings.Contains(r.Body, "Support this issue</button>") || !strings.Contains(r.Body, "Sign in to support") {
		t.Fatalf("anonymous issue page = %d", r.Code)
	}
	// Anonymous support is sent to sign in, and back to the form's page.
	r = anon.Post(path+"/support", nil, "Referer", h.URL+path)
	if r.Code != http.StatusSeeOther || r.Header.Get("Location") != "/signin?next="+url.QueryEscape(path) {
		t.Fatalf("anonymous support = %d → %s", r.Code, r.Header.Get("Location"))
	}
}

func TestBadInputIsExplainedAndEscaped(t *testing.T) { webtest.OnEachDatabase(t, testBadInput) }

func testBadInput(t *testing.T, h *webtest.Harness) {
	c := h.Client()
	c.SignIn("fay@example.org")
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
			r := c.Post("/issues/new", url.Values{"title": {tt.title}, "description": {tt.desc}})
			if r.Code != http.StatusUnprocessableEntity {
				t.Fatalf("code = %d", r.Code)
			}
			for _, want := range []string{`href="#` + tt.field + `"`, `id="` + tt.field + `-error"`, tt.msg, "nhsuk-form-group--error", "<title>Error: "} {
				if !strings.Contains(r.Body, want) {
					t.Errorf("page lacks %q", want)
				}
			}
		})
	}
	// Every problem at once: empty title, empty description, bad topics and a
	// bad organisation are all in one summary, each linked to its field, and
	// the summary comes before the form's first field.
	r := c.Post("/issues/new", url.Values{"title": {""}, "description": {""}, "tags": {"a,b;c"}, "org": {"x"}})
	if r.Code != http.StatusUnprocessableEntity {
		t.Fatalf("several bad fields: code = %d", r.Code)
	}
	summary := r.Body[strings.Index(r.Body, "nhsuk-error-summary"):]
	summary = summary[:strings.Index(summary, "</ul>")]
	for _, f := range []string{"title", "description", "tags", "org"} {
		if !strings.Contains(summary, `href="#`+f+`"`) {
			t.Errorf("the error summary lacks the %s error: %s", f, summary)
		}
	}
	if strings.Index(r.Body, "nhsuk-error-summary") > strings.Index(r.Body, `id="title"`) {
		t.Error("the error summary comes after the form's fields")
	}
	// Step 1 explains a bad title too.
	if r := c.Get("/issues/new?title=abc"); r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `href="#title"`) {
		t.Fatalf("step 1 with a short title = %d", r.Code)
	}
	// Script-bearing input is stored and shown escaped.
	evil := `<script>alert("x")</script> & <img src=x onerror=alert(1)>`
	path := c.Submit("Script "+evil, "Body "+evil+"\n\nhttps://example.org/?q=<b>")
	r = c.Get(path)
	if strings.Contains(r.Body, "<script>alert") || strings.Contains(r.Body, "<img src=x") || strings.Contains(r.Body, "<b>") {
		t.Fatalf("markup from input reached the page unescaped:\n%s", r.Body)
	}
	if !strings.Contains(r.Body, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") {
		t.Fatalf("escaped title missing:\n%s", r.Body)
	}
	for _, p := range []string{"/issues", "/issues.json", "/feed.atom", "/issues?q=script", path + "/feed.atom", "/"} {
		if r := c.Get(p); strings.Contains(r.Body, "<script>alert") || strings.Contains(r.Body, "<img src=x") {
			t.Errorf("%s shows input unescaped", p)
		}
	}
	// An over-long search is explained on the search field.
	r = c.Get("/issues?q=" + strings.Repeat("a", 300))
	if r.Code != http.StatusBadRequest || !strings.Contains(r.Body, `href="#q"`) || !strings.Contains(r.Body, `id="q-error"`) {
		t.Fatalf("long search = %d\n%s", r.Code, r.Body)
	}
	// Search input is echoed escaped.
	r = c.Get("/issues?q=" + url.QueryEscape(`"><script>x</script>`))
	if strings.Contains(r.Body, "<script>x") {
		t.Fatal("search text echoed unescaped")
	}
}

func TestEditAndWithdraw(t *testing.T) {
	h := webtest.New(t)
	author, other := h.Client(), h.Client()
	author.SignIn("gil@example.org")
	other.SignIn("hal@example.org")
	path := author.Submit("Bus passes for hospital visits", "Visitors pay full fares to see relatives.")
	if r := other.Get(path + "/edit"); r.Code != http.StatusForbidden {
		t.Fatalf("someone else's edit form = %d", r.Code)
	}
	if r := author.Get(path + "/edit"); r.Code != 200 || !strings.Contains(r.Body, "Change your issue") {
		t.Fatalf("edit form = %d", r.Code)
	}
	r := author.Post(path+"/edit", url.Values{"title": {"Free bus passes for hospital visits"}, "description": {"Visitors pay full fares."}})
	if r.Code != http.StatusSeeOther {
		t.Fatalf("edit = %d\n%s", r.Code, r.Body)
	}
	if r := author.Get(path); !strings.Contains(r.Body, "Free bus passes") || !strings.Contains(r.Body, "Your changes have been saved.") {
		t.Fatal("edit not shown")
	}
	if r := other.Post(path+"/withdraw", nil); r.Code != http.StatusForbidden {
		t.Fatalf("someone else withdraws = %d", r.Code)
	}
	if r := author.Post(path+"/withdraw", nil); r.Code != http.StatusSeeOther {
		t.Fatalf("withdraw = %d", r.Code)
	}
	if r := other.Get(path); !strings.Contains(r.Body, "Withdrawn") || strings.Contains(r.Body, "Support this issue</button>") {
		t.Fatal("withdrawn issue still supportable")
	}
}

// A failed follow shows its error and leaves no "you are following" message
// waiting for the next page.
func TestFollowMissingIssueSetsNoFlash(t *testing.T) {
	h := webtest.New(t)
	c := h.Client()
	c.SignIn("fay@example.org")
	r := c.Post("/issues/999999/follow", nil)
	if r.Code != http.StatusNotFound {
		t.Fatalf("follow of a missing issue = %d, want 404", r.Code)
	}
	for _, sc := range r.Header.Values("Set-Cookie") {
		if strings.HasPrefix(sc, kit.FlashCookie+"=") && !strings.HasPrefix(sc, kit.FlashCookie+"=;") {
			t.Fatalf("failed follow set a flash message: %s", sc)
		}
	}
}

func TestSubmitAndSupportLimits(t *testing.T) {
	h := webtest.New(t, webtest.Options{Config: func(c *config.Config) {
		c.SupportPerMinute, c.SubmitPerMinute, c.Burst = 1, 1, 2
	}})
	c := h.Client()
	c.SignIn("gus@example.org")
	var paths []string
	for i := range 2 {
		paths = append(paths, c.Submit("Issue number "+string(rune('A'+i)), "text"))
	}
	r := c.Post("/issues/new", url.Values{"title": {"Issue number C"}, "description": {"x"}})
	if r.Code != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" || !strings.Contains(r.Body, "Wait a minute") {
		t.Fatalf("third submit = %d", r.Code)
	}
	c.Post(paths[0]+"/support", nil)
	c.Post(paths[1]+"/support", nil)
	if r := c.Post(paths[0]+"/unsupport", nil); r.Code != http.StatusTooManyRequests {
		t.Fatalf("third support action = %d", r.Code)
	}
}
