package gatherweb_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web/webtest"
)

func TestReportHideAndThemes(t *testing.T) { webtest.OnEachDatabase(t, testReportHideAndThemes) }

// A citizen reports; a moderator sees the report, hides the issue with a
// public reason and dismisses another report; an organiser makes, renames,
// splits and merges themes.
func testReportHideAndThemes(t *testing.T, h *webtest.Harness) {
	h.User("mod@example.org", people.RoleModerator)
	h.User("org@example.org", people.RoleOrganiser)
	cit, mod, org, anon := h.Client(), h.Client(), h.Client(), h.Client()
	cit.SignIn("cit@example.org")
	mod.SignIn("mod@example.org")
	org.SignIn("org@example.org")
	path := org.Submit("Dementia support after diagnosis", "There is nothing after the diagnosis.")
	second := cit.Submit("Dementia care after diagnosis is missing", "Families are left alone after diagnosis.")
	third := cit.Submit("Memory clinics are far away", "The nearest memory clinic is two buses away.")

	// Report the issue, and a comment on another.
	if r := cit.Get(path + "/report"); r.Code != 200 || !strings.Contains(r.Body, "Report this issue") {
		t.Fatalf("report form = %d", r.Code)
	}
	if r := cit.Post(path+"/report", url.Values{"reason": {""}}); r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `href="#reason"`) {
		t.Fatalf("empty report = %d", r.Code)
	}
	r := cit.Post(path+"/report", url.Values{"reason": {"Contains a phone number"}})
	if r.Code != http.StatusSeeOther {
		t.Fatalf("report = %d\n%s", r.Code, r.Body)
	}
	org.Post(second+"/comments", url.Values{"body": {"Call me on 0113 000 0000"}})
	cm := regexp.MustCompile(`id="comment-(\d+)"`).FindStringSubmatch(cit.Get(second).Body)
	if r := cit.Get(second + "/report?comment=" + cm[1]); !strings.Contains(r.Body, "Report a comment") || !strings.Contains(r.Body, "0113 000 0000") {
		t.Fatalf("comment report form:\n%s", r.Body)
	}
	if r := org.Post(second+"/report", url.Values{"comment": {cm[1]}, "reason": {"Reporting my own comment"}}); r.Code != http.StatusForbidden {
		t.Fatalf("reporting one's own comment = %d", r.Code)
	}
	cit.Post(second+"/report", url.Values{"comment": {cm[1]}, "reason": {"A phone number"}})

	// The moderator's queue lists both; one is dismissed.
	r = mod.Get("/moderation")
	if !strings.Contains(r.Body, "Contains a phone number") || !strings.Contains(r.Body, "A phone number") {
		t.Fatalf("reports not in the queue:\n%s", r.Body)
	}
	boxes := regexp.MustCompile(`name="report" type="checkbox" value="(\d+)"`).FindAllStringSubmatch(r.Body, -1)
	if len(boxes) != 2 {
		t.Fatalf("%d reports to choose", len(boxes))
	}
	if r := mod.Post("/moderation/bulk", url.Values{"report": {boxes[1][1]}, "action": {"dismiss"}, "reason": {"Not a breach"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("dismiss = %d\n%s", r.Code, r.Body)
	}
	// The moderator hides the issue, then a comment, with public reasons.
	if r := mod.Get(path + "/moderate"); !strings.Contains(r.Body, "Hide this issue") {
		t.Fatalf("moderate form:\n%s", r.Body)
	}
	r = mod.Post(path+"/moderate", url.Values{"reason": {"Personal details"}, "action": {"hide"}})
	if r.Code != http.StatusSeeOther {
		t.Fatalf("hide = %d\n%s", r.Code, r.Body)
	}
	mod.Post(second+"/moderate", url.Values{"comment": {cm[1]}, "reason": {"A phone number in public"}, "action": {"hide"}})
	if r := anon.Get("/moderation/log"); !strings.Contains(r.Body, "Personal details") || !strings.Contains(r.Body, "A phone number in public") {
		t.Fatal("moderation log lacks the reasons")
	}
	if r := anon.Get(path); !strings.Contains(r.Body, "Hidden by a moderator") || strings.Contains(r.Body, "nothing after the diagnosis") {
		t.Fatal("hidden issue shown to the public")
	}
	if r := anon.Get(second); strings.Contains(r.Body, "0113 000 0000") {
		t.Fatal("hidden comment shown to the public")
	}
	if r := mod.Get(path + "/moderate"); !strings.Contains(r.Body, "Show this issue again") {
		t.Fatal("no way to show the issue again")
	}

	// An organiser makes a theme of the two open ones, renames it, splits
	// one off, and merges the split theme back.
	ids := []string{strings.TrimPrefix(second, "/issues/"), strings.TrimPrefix(third, "/issues/")}
	r = org.Post("/themes", url.Values{"name": {"Dementia after diagnosis"}, "issue": ids})
	if r.Code != http.StatusSeeOther {
		t.Fatalf("make theme = %d\n%s", r.Code, r.Body)
	}
	theme := r.Header.Get("Location")
	if r := anon.Get("/themes"); !strings.Contains(r.Body, "Dementia after diagnosis") || !strings.Contains(r.Body, "2 issues") {
		t.Fatalf("theme not listed:\n%s", r.Body)
	}
	if r := org.Post(theme+"/rename", url.Values{"name": {"Support after a dementia diagnosis"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("rename = %d", r.Code)
	}
	r = org.Post(theme+"/split", url.Values{"issue": {ids[1]}, "split-name": {"Memory clinics"}})
	if r.Code != http.StatusSeeOther || r.Header.Get("Location") == theme {
		t.Fatalf("split = %d → %s\n%s", r.Code, r.Header.Get("Location"), r.Body)
	}
	split := r.Header.Get("Location")
	if r := org.Post(theme+"/split", url.Values{"split-name": {""}}); r.Code != http.StatusUnprocessableEntity {
		t.Fatalf("split without a name = %d", r.Code)
	}
	if r := org.Post(theme+"/merge", url.Values{"from": {strings.TrimPrefix(split, "/themes/")}}); r.Code != http.StatusOK || !strings.Contains(r.Body, `name="confirm" value="yes"`) {
		t.Fatalf("merge without confirming = %d: want a page that asks first", r.Code)
	}
	if r := anon.Get(split); r.Code != 200 {
		t.Fatalf("the split theme is gone before the merge was confirmed: %d", r.Code)
	}
	if r := org.Post(theme+"/merge", url.Values{"from": {strings.TrimPrefix(split, "/themes/")}, "confirm": {"yes"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("merge = %d", r.Code)
	}
	if r := anon.Get(theme); r.Code != 200 || !strings.Contains(r.Body, "Memory clinics are far away") || !strings.Contains(r.Body, "Support after a dementia diagnosis") {
		t.Fatalf("theme after merge = %d\n%s", r.Code, r.Body)
	}
}
