package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/people"
)

func TestSimilarStepAndSuggestions(t *testing.T) {
	h := newHarness(t, nil)
	h.user("org@example.org", people.RoleOrganiser)
	c, org := h.client(), h.client()
	h.signIn(c, "ivy@example.org")
	h.signIn(org, "org@example.org")
	h.submit(c, "Support for carers of people with dementia", "Carers of people with dementia get no support or respite after the diagnosis.")
	h.submit(c, "Dementia carers need respite and support", "After a dementia diagnosis the carers are left without respite or support.")
	h.submit(c, "Respite care for dementia carers", "Dementia carers need respite care and support from the NHS after diagnosis.")
	for _, other := range [][2]string{
		{"Parking charges at hospitals", "Hospital car parks charge too much for patients and visitors."},
		{"NHS dentists are impossible to find", "No practice in our town takes new NHS patients for dental treatment."},
		{"GP appointments by phone at 8am", "You ring at eight in the morning and all the appointments are gone."},
		{"Ambulance waits in rural areas", "Ambulances take over an hour to reach villages."},
		{"Translate leaflets for patients", "Many patients cannot read English leaflets about their medicines."},
		{"Cancer scans are delayed", "People wait weeks for scan results after an urgent referral."},
	} {
		h.submit(c, other[0], other[1])
	}

	// Step 2 of raising an issue shows the similar ones, with support buttons.
	r := h.get(c, "/issues/new?title="+url.QueryEscape("No respite for dementia carers"))
	if r.code != 200 || !strings.Contains(r.body, "Issues like yours already raised") {
		t.Fatalf("check step = %d, no suggestions:\n%s", r.code, r.body)
	}
	if !strings.Contains(r.body, "Dementia carers need respite and support") || strings.Contains(r.body, "Parking charges at hospitals") {
		t.Fatal("wrong similar issues suggested")
	}
	if !strings.Contains(r.body, "Support this one") {
		t.Fatal("no support button on suggestions")
	}
	// The JSON endpoint for scripts agrees.
	if r := h.get(c, "/issues/similar?text="+url.QueryEscape("dementia carers respite")); !strings.Contains(r.body, "Dementia carers need respite") {
		t.Fatalf("similar JSON: %s", r.body)
	}

	// Once built, the index follows this process's changes at once.
	hearing := h.submit(c, "Hearing aid batteries by post", "Send hearing aid batteries by post instead of making people queue at the audiology clinic.")
	if r := h.get(c, "/issues/similar?text="+url.QueryEscape("hearing aid batteries audiology")); !strings.Contains(r.body, "Hearing aid batteries by post") {
		t.Fatalf("new issue not found at once: %s", r.body)
	}
	h.post(c, hearing, hearing+"/withdraw", nil)
	if r := h.get(c, "/issues/similar?text="+url.QueryEscape("hearing aid batteries audiology")); strings.Contains(r.body, "Hearing aid batteries by post") {
		t.Fatalf("withdrawn issue still suggested: %s", r.body)
	}

	// An organiser sees the grouping and confirms it into a theme.
	r = h.get(org, "/themes/suggestions")
	if !strings.Contains(r.body, "Make this a theme") {
		t.Fatalf("no suggestion:\n%s", r.body)
	}
	form := regexp.MustCompile(`(?s)<form method="post" action="/themes".*?</form>`).FindString(r.body)
	v := url.Values{"name": {"Dementia carers"}}
	for _, m := range regexp.MustCompile(`name="issue" type="checkbox" value="(\d+)"`).FindAllStringSubmatch(form, -1) {
		v.Add("issue", m[1])
	}
	if len(v["issue"]) != 3 {
		t.Fatalf("suggestion has %d issues, want the three dementia ones", len(v["issue"]))
	}
	r = h.post(org, "/themes/suggestions", "/themes", v)
	if r.code != http.StatusSeeOther {
		t.Fatalf("confirm = %d\n%s", r.code, r.body)
	}
	theme := r.hdr.Get("Location")
	if r := h.get(org, "/themes/suggestions"); strings.Contains(r.body, "Dementia carers need respite") {
		t.Fatal("themed issues still suggested")
	}
	// Rename, with a validation error first.
	if r := h.post(org, theme, theme+"/rename", url.Values{"name": {""}}); r.code != http.StatusUnprocessableEntity || !strings.Contains(r.body, `href="#name"`) {
		t.Fatalf("empty rename = %d", r.code)
	}
	h.post(org, theme, theme+"/rename", url.Values{"name": {"Respite for dementia carers"}})
	if r := h.get(c, "/themes"); !strings.Contains(r.body, "Respite for dementia carers") || !strings.Contains(r.body, "1 supporter") && !strings.Contains(r.body, "0 supporters") {
		t.Fatalf("renamed theme not listed:\n%s", r.body)
	}
}
