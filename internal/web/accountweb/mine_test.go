package accountweb_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web/webtest"
)

func TestMyAccount(t *testing.T) { webtest.OnEachDatabase(t, testMyAccount) }

func testMyAccount(t *testing.T, h *webtest.Harness) {
	h.User("helen@example.org", people.RoleModerator)
	if err := h.People.SetDisplayName(t.Context(), h.User("staffname@example.org"), "Someone"); err != nil {
		t.Fatal(err)
	}
	mod, _ := h.People.Store().UserByEmail(t.Context(), "helen@example.org")
	if err := h.People.SetDisplayName(t.Context(), mod, "Helen Murray"); err != nil {
		t.Fatal(err)
	}
	c := h.Client()
	c.SignIn("gwen@example.org")
	// The invented name is shown but not put in the field: Save alone
	// cannot make it permanent.
	r := c.Get(c.Landing)
	given := regexp.MustCompile(`Participant [0-9A-F]{6}`).FindString(r.Body)
	if given == "" || strings.Contains(r.Body, `value="`+given+`"`) || !strings.Contains(r.Body, "Not now: carry on as "+given) {
		t.Fatalf("the welcome page offers its invented name as the person's own:\n%s", r.Body)
	}
	if r := c.Post("/account", url.Values{"display_name": {""}, "next": {"/"}}); r.Code != http.StatusUnprocessableEntity {
		t.Fatalf("saving an empty name = %d", r.Code)
	}
	// A staff member's name, respelt, and a role word are refused.
	for _, name := range []string{"helen  MURRAY", "Gwen the Organiser"} {
		if r := c.Post("/account", url.Values{"display_name": {name}}); r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `href="#display_name"`) {
			t.Fatalf("name %q = %d", name, r.Code)
		}
	}
	if r := c.Post("/account", url.Values{"display_name": {"Gwen"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("saving a name = %d", r.Code)
	}
	// My activity: my issue is listed on a page /account links to; plain
	// role names; a link to notification settings.
	path := c.Submit("Bus to the eye clinic", "There is no bus to the eye clinic on Sundays.")
	acct := c.Get("/account").Body
	for _, want := range []string{`href="/account/activity"`, `href="/account/notifications"`, `href="/account/data"`, `action="/account/signout-everywhere"`, `href="/account/delete"`, "Citizen", "Bus to the eye clinic"} {
		if !strings.Contains(acct, want) {
			t.Fatalf("/account lacks %s", want)
		}
	}
	if strings.Contains(acct, "orgrep") {
		t.Fatal("/account shows a role's code name")
	}
	other := h.Client()
	other.SignIn("other@example.org")
	other.Post(path+"/comments", url.Values{"body": {"Same on Saturdays."}})
	other.Post(path+"/support", nil)
	other.Post(path+"/follow", nil)
	act := other.Get("/account/activity")
	if act.Code != 200 || strings.Count(act.Body, `href="`+path+`"`) != 2 || !strings.Contains(act.Body, "Same on Saturdays.") {
		t.Fatalf("activity of a supporter, follower and commenter:\n%s", act.Body)
	}
	if !strings.Contains(c.Get("/account/activity").Body, "Bus to the eye clinic") {
		t.Fatal("my own issue is not on my activity page")
	}
	if r := other.Get("/account/activity?lang=cy"); !strings.Contains(r.Body, "Materion a godwyd gennych") {
		t.Fatal("the activity page is not in Welsh")
	}
	// Download my data: everything, the address opened.
	dl := c.Get("/account/data")
	var data struct {
		Account struct {
			Email       string `json:"email"`
			DisplayName string `json:"display_name"`
		} `json:"account"`
		Issues []struct{ Title string } `json:"issues_raised"`
	}
	if err := json.Unmarshal([]byte(dl.Body), &data); err != nil || !strings.HasPrefix(dl.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("my data: %v %q\n%s", err, dl.Header.Get("Content-Disposition"), dl.Body)
	}
	if data.Account.Email != "gwen@example.org" || data.Account.DisplayName != "Gwen" || len(data.Issues) != 1 {
		t.Fatalf("my data lacks things:\n%s", dl.Body)
	}
	// Sign out everywhere ends another device's session too.
	second := h.Client()
	second.SignIn("gwen@example.org")
	before := h.AuditCount()
	if r := c.Post("/account/signout-everywhere", nil); r.Code != http.StatusSeeOther {
		t.Fatalf("sign out everywhere = %d", r.Code)
	}
	if h.AuditCount() <= before {
		t.Fatal("sign out everywhere not audited")
	}
	for _, cl := range []*webtest.Client{c, second} {
		if r := cl.Get("/account"); r.Code != http.StatusSeeOther {
			t.Fatalf("a session survived sign-out everywhere: %d", r.Code)
		}
	}
	// Delete: the page says what happens; an unticked box deletes nothing.
	c.SignIn("gwen@example.org")
	if r := c.Get("/account/delete"); !strings.Contains(r.Body, "Former participant") || !strings.Contains(r.Body, "privacy notice") {
		t.Fatalf("delete page:\n%s", r.Body)
	}
	if r := c.Post("/account/delete", nil); r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `href="#confirm"`) {
		t.Fatalf("unconfirmed deletion = %d", r.Code)
	}
	if r := c.Post("/account/delete", url.Values{"confirm": {"yes"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("deletion = %d", r.Code)
	}
	if r := c.Get("/account"); r.Code != http.StatusSeeOther {
		t.Fatal("still signed in after deletion")
	}
	if r := other.Get(path); !strings.Contains(r.Body, "Former participant") || strings.Contains(r.Body, "Gwen") {
		t.Fatal("the deleted person's issue is not anonymised")
	}
}

func TestOrganisations(t *testing.T) { webtest.OnEachDatabase(t, testOrganisations) }

func testOrganisations(t *testing.T, h *webtest.Harness) {
	orgUser := h.User("org@example.org", people.RoleOrganiser)
	o, err := h.People.CreateOrganisation(t.Context(), orgUser, people.Organisation{Name: "Carers Together", Description: "A carers' charity."})
	if err != nil {
		t.Fatal(err)
	}
	page := "/organisations/" + strconv.FormatInt(o.ID, 10)
	author, rep, org, anon := h.Client(), h.Client(), h.Client(), h.Client()
	author.SignIn("author@example.org")
	rep.SignIn("rep@example.org")
	rep.Post("/account", url.Values{"display_name": {"Ruth Rep"}})
	org.SignIn("org@example.org")
	issue := author.Submit("Respite care for carers", "Carers get no break at all.")

	if r := anon.Get("/organisations"); !strings.Contains(r.Body, `href="`+page+`"`) {
		t.Fatal("the organisations list lacks the organisation")
	}
	if r := rep.Post(page+"/represent", nil); r.Code != http.StatusSeeOther {
		t.Fatalf("asking to represent = %d", r.Code)
	}
	if r := rep.Get(page); !strings.Contains(r.Body, "You have asked to represent") {
		t.Fatal("the request is not acknowledged")
	}
	r := org.Get(page)
	if !strings.Contains(r.Body, "Requests to represent") || !strings.Contains(r.Body, "rep@example.org") || !strings.Contains(r.Body, `action="`+page+`/approve"`) {
		t.Fatalf("the organiser does not see the request:\n%s", r.Body)
	}
	if r := anon.Get(page); strings.Contains(r.Body, "rep@example.org") || strings.Contains(r.Body, "Ruth Rep") {
		t.Fatal("a pending request, or an address, is public")
	}
	repUser, _ := h.People.Store().UserByEmail(t.Context(), "rep@example.org")
	if r := rep.Post(page+"/approve", url.Values{"user": {strconv.FormatInt(repUser.ID, 10)}}); r.Code != http.StatusForbidden {
		t.Fatalf("a citizen approved their own request: %d", r.Code)
	}
	if r := org.Post(page+"/approve", url.Values{"user": {strconv.FormatInt(repUser.ID, 10)}}); r.Code != http.StatusSeeOther {
		t.Fatalf("approving = %d", r.Code)
	}
	// The representative supports for the organisation, shown apart. The
	// approval reaches the session cache through the live broker, which
	// delivers asynchronously even to this server: allow it a moment.
	var seen webtest.Resp
	for deadline := time.Now().Add(3 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if seen = rep.Get(issue); strings.Contains(seen.Body, "Support for Carers Together") || time.Now().After(deadline) {
			break
		}
	}
	if !strings.Contains(seen.Body, "Support for Carers Together") {
		t.Fatalf("the representative is not offered to support for the organisation:\n%s", seen.Body)
	}
	if r := rep.Post(issue+"/org-support", url.Values{"org": {strconv.FormatInt(o.ID, 10)}}); r.Code != http.StatusSeeOther {
		t.Fatalf("org support = %d", r.Code)
	}
	if r := author.Post(issue+"/org-support", url.Values{"org": {strconv.FormatInt(o.ID, 10)}}); r.Code != http.StatusForbidden {
		t.Fatalf("a non-representative's org support = %d", r.Code)
	}
	r = anon.Get(issue)
	if !strings.Contains(r.Body, "Organisations that support it") || !strings.Contains(r.Body, `href="`+page+`">Carers Together</a>`) || !strings.Contains(r.Body, "0 people support") {
		t.Fatalf("the issue page does not show the organisation's support apart:\n%s", r.Body)
	}
	// Staff show as staff by a badge the server sets, not by their name.
	org.Post(issue+"/comments", url.Values{"body": {"We will look into respite care."}})
	rep.Post(issue+"/comments", url.Values{"body": {"Thank you."}})
	if tags := regexp.MustCompile(`<strong class="nhsuk-tag nhsuk-tag--blue">Organiser</strong>`).FindAllString(anon.Get(issue).Body, -1); len(tags) != 1 {
		t.Fatalf("%d organiser badges on the issue page; want 1 (the organiser's comment only)", len(tags))
	}
	r = anon.Get(page)
	if !strings.Contains(r.Body, "Ruth Rep") || !strings.Contains(r.Body, "Respite care for carers") || strings.Contains(r.Body, "rep@example.org") {
		t.Fatalf("public organisation page:\n%s", r.Body)
	}
}
