package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/assets"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/mail"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web/kit"
	"github.com/folkmoot/folkmoot/internal/web/webtest"
)

// fixture holds one of everything a route may name.
type fixture struct {
	issue, comment, report, theme int64
	message                       string
}

func makeFixture(t *testing.T, h *webtest.Harness) fixture {
	t.Helper()
	ctx := context.Background()
	author := h.User("author@example.org")
	var f fixture
	var issues []int64
	for _, title := range []string{"Night buses to the hospital", "Parking charges at hospitals", "Dentists taking new patients"} {
		iss, err := h.Gather.SubmitIssue(ctx, author, gather.IssueDraft{CycleID: h.Cycle.ID, Title: title, Description: "Details of " + title})
		if err != nil {
			t.Fatal(err)
		}
		issues = append(issues, iss.ID)
	}
	f.issue = issues[0]
	cm, err := h.Gather.AddComment(ctx, author, gather.CommentDraft{IssueID: f.issue, Body: "A comment"})
	if err != nil {
		t.Fatal(err)
	}
	f.comment = cm.ID
	rep, err := h.Gather.Report(ctx, h.User("reporter@example.org"), gather.Target{IssueID: issues[1]}, "A reason to report it")
	if err != nil {
		t.Fatal(err)
	}
	f.report = rep.ID
	for i, id := range issues[1:] {
		th, err := h.Gather.CreateTheme(ctx, people.System, gather.ThemeDraft{CycleID: h.Cycle.ID, Name: "Theme " + strconv.Itoa(i), IssueIDs: []int64{id}})
		if err != nil {
			t.Fatal(err)
		}
		f.theme = th.ID
	}
	if err := h.Outbox.Send(ctx, mail.Message{To: "someone@example.org", Subject: "Hello", Body: "A message"}); err != nil {
		t.Fatal(err)
	}
	msgs, _ := h.Outbox.List()
	f.message = msgs[0].ID
	return f
}

// path fills in a route's pattern with things of the fixture; a pattern
// with a wildcard the test does not know fails the test, so a new route
// cannot escape it.
func (f fixture) path(t *testing.T, h *webtest.Harness, rt kit.Route) string {
	t.Helper()
	p := strings.TrimSuffix(rt.Pattern, "{$}")
	id := f.issue
	switch {
	case p == "/static/":
		return assets.URL("folkmoot.css")
	case strings.HasPrefix(p, "/cycles/{id}"):
		id = h.Cycle.ID
	case strings.HasPrefix(p, "/themes/"):
		id = f.theme
	case strings.HasPrefix(p, "/moderation/reports/"):
		id = f.report
	case strings.HasPrefix(p, "/outbox/"):
		return strings.Replace(p, "{id}", f.message, 1)
	case strings.Contains(p, "/recruitment"):
		id = h.Cycle.ID
	}
	p = strings.Replace(p, "{member}", "p-0000000000", 1) // nobody: the route answers 404 to those it lets in
	p = strings.Replace(p, "{group}", "999999", 1)        // no such discussion group: 404 to those let in
	p = strings.Replace(p, "{id}", strconv.FormatInt(id, 10), 1)
	p = strings.Replace(p, "{session}", "999999", 1) // no such meeting: 404 to those let in
	p = strings.Replace(p, "{parent}", strconv.FormatInt(f.comment, 10), 1)
	p = strings.Replace(p, "{file}", "result.json", 1)                      // the selection's published files
	for _, w := range []string{"{doc}", "{n}", "{wit}", "{req}", "{sub}"} { // evidence: nothing, 404 to those let in
		p = strings.Replace(p, w, "999", 1)
	}
	p = strings.Replace(p, "{rec}", "999999", 1)         // no such recommendation: 404 to those let in
	p = strings.Replace(p, "{cid}", "999999", 1)         // no such commitment: 404 to those let in
	p = strings.Replace(p, "{principle}", "purpose", 1)  // a principle of the quality self-assessment
	p = strings.Replace(p, "{q}", "999999", 1)           // no such consultation question: 404 to those let in
	p = strings.Replace(p, "{key}", "no_such_status", 1) // no such commitment status: 404 to those let in
	if strings.Contains(p, "{token}") {
		token, _, err := h.People.RequestSignIn(context.Background(), "token-holder@example.org")
		if err != nil {
			t.Fatal(err)
		}
		p = strings.Replace(p, "{token}", token, 1)
	}
	if strings.ContainsAny(p, "{}") {
		t.Fatalf("%s: the access test does not know what to put in %s: teach fixture.path", rt, p)
	}
	return p
}

// form is what every POST sends: enough for each form to do something if
// it were let through.
func (f fixture) form() url.Values {
	id := strconv.FormatInt(f.issue, 10)
	return url.Values{
		"title": {"A title long enough"}, "description": {"A description"}, "body": {"A comment"},
		"reason": {"A reason"}, "name": {"A theme name"}, "issue": {id}, "from": {strconv.FormatInt(f.theme, 10)},
		"split-name": {"A split theme"}, "display_name": {"Someone Else"}, "email": {"new@example.org"}, "action": {"hide"},
	}
}

type role struct {
	name string
	user people.User
}

// Every route of the table, for every role: a role the route's Access
// refuses is sent to sign in (anonymous) or refused with 403 (signed in)
// and nothing changes; a public route answers everyone; an allowed route
// is never turned away at the door.
func TestEveryRouteEnforcesItsAccess(t *testing.T) { webtest.OnEachDatabase(t, testEveryRoute) }

func testEveryRoute(t *testing.T, h *webtest.Harness) {
	f := makeFixture(t, h)
	roles := []role{
		{"anonymous", people.Anonymous},
		{"citizen", h.User("cit@example.org")},
		{"moderator", h.User("mod@example.org", people.RoleModerator)},
		{"organiser", h.User("org@example.org", people.RoleOrganiser)},
		{"admin", h.User("admin@example.org", people.RoleAdmin)},
	}
	routes := h.Server.Routes()
	if len(routes) < 40 {
		t.Fatalf("only %d routes: the table is not what the test expects", len(routes))
	}
	checked := 0
	for _, rt := range routes {
		if !rt.Access.Valid() {
			t.Fatalf("%s has no Access", rt)
		}
		for _, ro := range roles {
			t.Run(rt.String()+" as "+ro.name, func(t *testing.T) {
				c := h.Client()
				if ro.user.SignedIn() {
					u, _ := url.Parse(h.URL)
					c.HC.Jar.SetCookies(u, []*http.Cookie{{Name: kit.SessionCookie, Value: h.Session(ro.user)}})
				}
				path := f.path(t, h, rt)
				before := h.AuditCount()
				var r webtest.Resp
				if rt.Method == "GET" {
					r = c.Get(path)
				} else {
					r = c.Post(path, f.form(), "Referer", h.URL+"/issues")
				}
				toSignIn := r.Code == http.StatusSeeOther && strings.HasPrefix(r.Header.Get("Location"), "/signin?next=")
				switch {
				case !rt.Access.Allows(ro.user) && !ro.user.SignedIn():
					if !toSignIn && r.Code != http.StatusUnauthorized {
						t.Fatalf("%d → %q: want the sign-in redirect", r.Code, r.Header.Get("Location"))
					}
				case !rt.Access.Allows(ro.user):
					if r.Code != http.StatusForbidden {
						t.Fatalf("%d: want 403", r.Code)
					}
				case toSignIn || r.Code == http.StatusUnauthorized:
					t.Fatalf("%d → %q: an allowed person was turned away", r.Code, r.Header.Get("Location"))
				case rt.Access.IsPublic() && (r.Code == http.StatusForbidden || r.Code >= 500):
					t.Fatalf("public route answered %d\n%s", r.Code, r.Body)
				}
				if !rt.Access.Allows(ro.user) {
					if after := h.AuditCount(); after != before {
						t.Fatalf("a refused request changed something: %d audit entries, were %d", after, before)
					}
				}
			})
			checked++
		}
	}
	if checked != len(routes)*len(roles) {
		t.Fatalf("checked %d route×role pairs of %d", checked, len(routes)*len(roles))
	}
}
