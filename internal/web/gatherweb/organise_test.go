package gatherweb_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web/webtest"
)

func TestShortlistAndThemeTools(t *testing.T) { webtest.OnEachDatabase(t, testShortlistAndThemeTools) }

// The themes page and /themes.json say which themes go to the jury, by
// what rule, and where the cut-off falls; an organiser adds issues to a
// theme (chosen or typed), takes one out, deletes a theme after a
// confirmation page, and rejects a suggestion; each change is audited.
func testShortlistAndThemeTools(t *testing.T, h *webtest.Harness) {
	h.User("org@example.org", people.RoleOrganiser)
	org, anon, cit := h.Client(), h.Client(), h.Client()
	org.SignIn("org@example.org")
	cit.SignIn("cit@example.org")
	a := cit.Submit("Long waits for knee operations", "Two years on the list for a new knee.")
	b := cit.Submit("Hip replacement waiting lists", "My mother has waited eighteen months for her hip.")
	c := cit.Submit("No dentist taking NHS patients", "Every practice in town has closed its list.")
	id := func(path string) string { return strings.TrimPrefix(path, "/issues/") }
	// Two themes of one issue each; only the first has supporters.
	themes := map[string]string{}
	for _, name := range []string{"Orthopaedics", "Dentistry"} {
		issue := a
		if name == "Dentistry" {
			issue = c
		}
		r := org.Post("/themes", url.Values{"name": {name}, "issue": {id(issue)}})
		if r.Code != http.StatusSeeOther {
			t.Fatalf("make theme %s = %d\n%s", name, r.Code, r.Body)
		}
		themes[name] = r.Header.Get("Location")
	}
	for _, e := range []string{"s1@example.org", "s2@example.org"} {
		s := h.Client()
		s.SignIn(e)
		s.Post(a+"/support", nil)
	}

	// The rule, the green tags above the line, the line itself.
	r := anon.Get("/themes")
	if !strings.Contains(r.Body, `id="rule"`) || !strings.Contains(r.Body, "The 6 themes with the most distinct supporters go forward to the jury") {
		t.Fatalf("themes page lacks the rule:\n%s", r.Body)
	}
	if !strings.Contains(r.Body, `id="cutoff"`) {
		t.Fatal("themes page has no cut-off: Dentistry has no supporters and must be below it")
	}
	above, below, _ := strings.Cut(r.Body, `id="cutoff"`)
	if !strings.Contains(above, "Orthopaedics") || !strings.Contains(above, "Goes to the jury") || !strings.Contains(below, "Dentistry") || strings.Contains(below, "Goes to the jury") {
		t.Fatal("the cut-off is in the wrong place")
	}
	var js []struct {
		Name        string `json:"name"`
		Rank        int    `json:"rank"`
		Shortlisted bool   `json:"shortlisted"`
		Rule        string `json:"shortlist_rule"`
	}
	if err := json.Unmarshal([]byte(anon.Get("/themes.json").Body), &js); err != nil || len(js) != 2 {
		t.Fatalf("themes.json: %v %+v", err, js)
	}
	if js[0].Name != "Orthopaedics" || js[0].Rank != 1 || !js[0].Shortlisted || js[1].Shortlisted || !strings.Contains(js[0].Rule, "most distinct supporters") {
		t.Fatalf("themes.json shortlist: %+v", js)
	}
	if r := anon.Get("/themes?lang=cy"); !strings.Contains(r.Body, "Llinell derfyn") {
		t.Error("the Welsh themes page has no cut-off line")
	}

	// Add: a chosen issue and a typed number; junk is a field error.
	ortho := themes["Orthopaedics"]
	if r := org.Get(ortho); !strings.Contains(r.Body, `name="add" type="checkbox" value="`+id(b)+`"`) {
		t.Fatalf("the theme page does not offer the unthemed issue %s:\n%s", b, r.Body)
	}
	before := h.AuditCount()
	if r := org.Post(ortho+"/add", url.Values{"numbers": {"12x"}}); r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `href="#numbers"`) {
		t.Fatalf("junk numbers = %d", r.Code)
	}
	if r := org.Post(ortho+"/add", url.Values{"add": {id(b)}, "numbers": {id(c)}}); r.Code != http.StatusSeeOther {
		t.Fatalf("add = %d\n%s", r.Code, r.Body)
	}
	if r := anon.Get(ortho); !strings.Contains(r.Body, "Hip replacement waiting lists") || !strings.Contains(r.Body, "No dentist taking NHS patients") {
		t.Fatal("added issues not in the theme")
	}
	// Remove: only issues of this theme.
	if r := org.Post(themes["Dentistry"]+"/remove", url.Values{"remove": {id(b)}}); r.Code != http.StatusUnprocessableEntity {
		t.Fatalf("removing another theme's issue = %d", r.Code)
	}
	if r := org.Post(ortho+"/remove", url.Values{"remove": {id(c)}}); r.Code != http.StatusSeeOther {
		t.Fatalf("remove = %d\n%s", r.Code, r.Body)
	}
	if r := anon.Get(ortho); strings.Contains(r.Body, "No dentist taking NHS patients") {
		t.Fatal("removed issue still in the theme")
	}
	// Delete: a page asks first; the issues stay.
	if r := org.Get(ortho + "/delete"); r.Code != 200 || !strings.Contains(r.Body, `action="`+ortho+`/delete"`) {
		t.Fatalf("delete confirmation = %d", r.Code)
	}
	if r := anon.Get(ortho + "/delete"); r.Code == 200 {
		t.Fatal("the delete page is open to the public")
	}
	if r := org.Post(ortho+"/delete", nil); r.Code != http.StatusSeeOther {
		t.Fatalf("delete = %d", r.Code)
	}
	if r := anon.Get(ortho); r.Code != http.StatusNotFound {
		t.Fatalf("deleted theme = %d", r.Code)
	}
	if r := anon.Get(a); r.Code != 200 {
		t.Fatal("an issue of the deleted theme is gone")
	}
	if got := h.AuditCount() - before; got != 3 { // add, remove, delete; refused requests write nothing
		t.Fatalf("%d audit entries for add, remove and delete; want 3", got)
	}

	// A suggestion rejected is not suggested again.
	d1 := cit.Submit("Dementia diagnosis takes too long", "We waited a year for a memory assessment.")
	d2 := cit.Submit("Dementia diagnosis waits are too long", "A year waiting for a memory clinic assessment.")
	cit.Submit("Waiting too long for a dementia diagnosis", "A year for a memory assessment at the clinic.")
	sugg := org.Get("/themes/suggestions")
	if !strings.Contains(sugg.Body, `action="/themes/suggestions/reject"`) {
		t.Fatalf("three near-identical issues make no suggestion:\n%s", sugg.Body)
	}
	form := regexp.MustCompile(`(?s)<form method="post" action="/themes/suggestions/reject" novalidate>(.*?)</form>`).FindStringSubmatch(sugg.Body)
	ids := regexp.MustCompile(`name="issue" value="(\d+)"`).FindAllStringSubmatch(form[1], -1)
	v := url.Values{}
	for _, m := range ids {
		v.Add("issue", m[1])
	}
	if r := org.Post("/themes/suggestions/reject", v); r.Code != http.StatusSeeOther {
		t.Fatalf("reject = %d\n%s", r.Code, r.Body)
	}
	if r := org.Get("/themes/suggestions"); strings.Contains(r.Body, `name="issue" type="checkbox" value="`+ids[0][1]+`" checked`) {
		t.Fatalf("a rejected suggestion is suggested again (%s, %s)", d1, d2)
	}
}

func TestQueueBulkAndCombine(t *testing.T) { webtest.OnEachDatabase(t, testQueueBulkAndCombine) }

// The queue counts and filters reports; one no-JS form hides several with
// one reason (one audit entry each); a hidden issue's reason is corrected
// with one log entry; a "could these be combined?" report goes to the
// organisers, who make a theme of both.
func testQueueBulkAndCombine(t *testing.T, h *webtest.Harness) {
	h.User("mod@example.org", people.RoleModerator)
	h.User("org@example.org", people.RoleOrganiser)
	cit, mod, org, anon, rpt := h.Client(), h.Client(), h.Client(), h.Client(), h.Client()
	cit.SignIn("cit@example.org")
	rpt.SignIn("rpt@example.org") // reports what cit raised: nobody reports their own
	mod.SignIn("mod@example.org")
	org.SignIn("org@example.org")
	a := cit.Submit("Buy cheap pills online now", "Visit my shop for the best prices on pills.")
	b := cit.Submit("Parking charges at the hospital", "Visitors pay eight pounds a day to park.")
	c := cit.Submit("Hospital car park costs too much", "It costs a fortune to visit my dad.")
	id := func(p string) string { return strings.TrimPrefix(p, "/issues/") }

	for _, rep := range []url.Values{
		{"category": {"spam"}, "reason": {"An advert"}},
		{"category": {"abuse"}, "reason": {"Selling things"}},
	} {
		if r := rpt.Post(a+"/report", rep); r.Code != http.StatusSeeOther {
			t.Fatalf("report = %d\n%s", r.Code, r.Body)
		}
	}
	rpt.Post(b+"/report", url.Values{"category": {"offtopic"}, "reason": {"Not about care"}})
	if r := rpt.Post(b+"/report", url.Values{"category": {"combine"}, "other": {"nonsense"}}); r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `href="#other"`) {
		t.Fatalf("combine without a valid other issue = %d", r.Code)
	}
	if r := rpt.Post(b+"/report", url.Values{"category": {"combine"}, "other": {webtest.BaseURL + c}}); r.Code != http.StatusSeeOther {
		t.Fatalf("combine report = %d\n%s", r.Code, r.Body)
	}

	q := mod.Get("/moderation")
	if !strings.Contains(q.Body, "Open (3)") || strings.Contains(q.Body, "Hospital car park costs too much") {
		t.Fatalf("queue counts, or the combine request is in the moderators' queue:\n%s", q.Body)
	}
	if f := mod.Get("/moderation?category=spam"); strings.Contains(f.Body, "Not about care") || !strings.Contains(f.Body, "An advert") {
		t.Fatal("the reason filter does not filter")
	}
	boxes := regexp.MustCompile(`name="report" type="checkbox" value="(\d+)"`).FindAllStringSubmatch(mod.Get("/moderation?kind=issue&status=open").Body, -1)
	if len(boxes) != 3 {
		t.Fatalf("%d reports to choose", len(boxes))
	}
	if r := mod.Post("/moderation/bulk", url.Values{"report": {boxes[0][1], boxes[1][1]}, "reason": {"Advertising"}}); r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `href="#action-hide"`) {
		t.Fatalf("bulk without an action = %d", r.Code)
	}
	before := h.AuditCount()
	r := mod.Post("/moderation/bulk", url.Values{"report": {boxes[0][1], boxes[1][1]}, "action": {"hide"}, "reason": {"Advertising breaks house rule 4"}, "status": {"open"}})
	if r.Code != http.StatusSeeOther {
		t.Fatalf("bulk hide = %d\n%s", r.Code, r.Body)
	}
	if got := h.AuditCount() - before; got != 1 { // two reports, one issue: hidden once
		t.Fatalf("bulk hide of two reports on one issue wrote %d audit entries, want 1", got)
	}
	if r := mod.Post("/moderation/bulk", url.Values{"report": {boxes[2][1]}, "action": {"dismiss"}, "reason": {""}}); r.Code != http.StatusUnprocessableEntity {
		t.Fatalf("dismiss without a reason = %d", r.Code)
	}
	mod.Post("/moderation/bulk", url.Values{"report": {boxes[2][1]}, "action": {"dismiss"}, "reason": {"Parking is about care"}})
	if r := mod.Get("/moderation?status=dismissed"); !strings.Contains(r.Body, "Parking is about care") || !strings.Contains(r.Body, "Dismissed (1)") {
		t.Fatalf("dismissal not shown with its reason:\n%s", r.Body)
	}
	if log := anon.Get("/moderation/log"); !strings.Contains(log.Body, "Buy cheap pills online now") {
		t.Fatal("the public log does not name the hidden issue")
	}

	// Correct the reason: still hidden, one log entry.
	entries := strings.Count(anon.Get("/moderation/log").Body, `class="fm-log__entry"`)
	if r := mod.Post(a+"/moderate", url.Values{"action": {"correct"}, "reason": {""}}); r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `href="#correct-reason"`) {
		t.Fatalf("correct without a reason = %d", r.Code)
	}
	if r := mod.Post(a+"/moderate", url.Values{"action": {"correct"}, "reason": {"Advertising (house rule 4)"}, "withhold": {"yes"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("correct = %d\n%s", r.Code, r.Body)
	}
	log := anon.Get("/moderation/log").Body
	if n := strings.Count(log, `class="fm-log__entry"`); n != entries+1 || !strings.Contains(log, "Reason corrected") {
		t.Fatalf("correcting wrote %d log entries, want 1", n-entries)
	}
	if r := anon.Get(a); !strings.Contains(r.Body, "Advertising (house rule 4)") || strings.Contains(r.Body, "best prices on pills") {
		t.Fatal("after correcting, the issue shows the wrong reason or is shown again")
	}

	// The organisers see the request and make a theme of both.
	s := org.Get("/themes/suggestions")
	if !strings.Contains(s.Body, "Hospital car park costs too much") || !strings.Contains(s.Body, `name="request"`) {
		t.Fatalf("the request is not on the organisers' page:\n%s", s.Body)
	}
	rid := regexp.MustCompile(`name="request" value="(\d+)"`).FindStringSubmatch(s.Body)[1]
	if r := mod.Post("/themes/requests/"+rid+"/decline", nil); r.Code != http.StatusForbidden {
		t.Fatalf("a moderator answered an organisers' request: %d", r.Code)
	}
	r = org.Post("/themes", url.Values{"name": {"Hospital parking"}, "issue": {id(b), id(c)}, "request": {rid}, "index": {"r" + rid}})
	if r.Code != http.StatusSeeOther {
		t.Fatalf("theme from request = %d\n%s", r.Code, r.Body)
	}
	if s := org.Get("/themes/suggestions"); strings.Contains(s.Body, `name="request" value="`+rid+`"`) {
		t.Fatal("the answered request is still waiting")
	}
}
