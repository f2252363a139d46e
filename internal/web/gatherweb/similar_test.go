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

func TestSimilarStepAndSuggestions(t *testing.T) {
	h := webtest.New(t)
	h.User("org@example.org", people.RoleOrganiser)
	c, org := h.Client(), h.Client()
	c.SignIn("ivy@example.org")
	org.SignIn("org@example.org")
	c.Submit("Support for carers of people with dementia", "Carers of people with dementia get no support or respite after the diagnosis.")
	c.Submit("Dementia carers need respite and support", "After a dementia diagnosis the carers are left without respite or support.")
	c.Submit("Respite care for dementia carers", "Dementia carers need respite care and support from the NHS after diagnosis.")
	for _, other := range [][2]string{
		{"Parking charges at hospitals", "Hospital car parks charge too much for patients and visitors."},
		{"NHS dentists are impossible to find", "No practice in our town takes new NHS patients for dental treatment."},
		{"GP appointments by phone at 8am", "You ring at eight in the morning and all the appointments are gone."},
		{"Ambulance waits in rural areas", "Ambulances take over an hour to reach villages."},
		{"Translate leaflets for patients", "Many patients cannot read English leaflets about their medicines."},
		{"Cancer scans are delayed", "People wait weeks for scan results after an urgent referral."},
	} {
		c.Submit(other[0], other[1])
	}

	// Step 2 of raising an issue shows the similar ones, with support buttons.
	r := c.Get("/issues/new?title=" + url.QueryEscape("No respite for dementia carers"))
	if r.Code != 200 || !strings.Contains(r.Body, "Issues like yours already raised") {
		t.Fatalf("check step = %d, no suggestions:\n%s", r.Code, r.Body)
	}
	if !strings.Contains(r.Body, "Dementia carers need respite and support") || strings.Contains(r.Body, "Parking charges at hospitals") {
		t.Fatal("wrong similar issues suggested")
	}
	// Their author is not offered to support their own issues; others are.
	if strings.Contains(r.Body, "Support this one") || !strings.Contains(r.Body, "You raised this issue.") {
		t.Fatal("the author is offered support for their own issue among suggestions")
	}
	other := h.Client()
	other.SignIn("jo@example.org")
	if r := other.Get("/issues/new?title=" + url.QueryEscape("No respite for dementia carers")); !strings.Contains(r.Body, "Support this one") {
		t.Fatal("no support button on suggestions")
	}
	// The JSON endpoint for scripts agrees.
	if r := c.Get("/issues/similar?text=" + url.QueryEscape("dementia carers respite")); !strings.Contains(r.Body, "Dementia carers need respite") {
		t.Fatalf("similar JSON: %s", r.Body)
	}

	// Once built, the index follows this process's changes at once.
	hearing := c.Submit("Hearing aid batteries by post", "Send hearing aid batteries by post instead of making people queue at the audiology clinic.")
	if r := c.Get("/issues/similar?text=" + url.QueryEscape("hearing aid batteries audiology")); !strings.Contains(r.Body, "Hearing aid batteries by post") {
		t.Fatalf("new issue not found at once: %s", r.Body)
	}
	c.Post(hearing+"/withdraw", nil)
	if r := c.Get("/issues/similar?text=" + url.QueryEscape("hearing aid batteries audiology")); strings.Contains(r.Body, "Hearing aid batteries by post") {
		t.Fatalf("withdrawn issue still suggested: %s", r.Body)
	}

	// An organiser sees the grouping and confirms it into a theme.
	r = org.Get("/themes/suggestions")
	if !strings.Contains(r.Body, "Make this a theme") {
		t.Fatalf("no suggestion:\n%s", r.Body)
	}
	form := regexp.MustCompile(`(?s)<form method="post" action="/themes".*?</form>`).FindString(r.Body)
	v := url.Values{"name": {"Dementia carers"}}
	for _, m := range regexp.MustCompile(`name="issue" type="checkbox" value="(\d+)"`).FindAllStringSubmatch(form, -1) {
		v.Add("issue", m[1])
	}
	if len(v["issue"]) != 3 {
		t.Fatalf("suggestion has %d issues, want the three dementia ones", len(v["issue"]))
	}
	r = org.Post("/themes", v)
	if r.Code != http.StatusSeeOther {
		t.Fatalf("confirm = %d\n%s", r.Code, r.Body)
	}
	theme := r.Header.Get("Location")
	if r := org.Get("/themes/suggestions"); strings.Contains(r.Body, "Dementia carers need respite") {
		t.Fatal("themed issues still suggested")
	}
	// Rename, with a validation error first.
	if r := org.Post(theme+"/rename", url.Values{"name": {""}}); r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `href="#name"`) {
		t.Fatalf("empty rename = %d", r.Code)
	}
	org.Post(theme+"/rename", url.Values{"name": {"Respite for dementia carers"}})
	if r := c.Get("/themes"); !strings.Contains(r.Body, "Respite for dementia carers") || !strings.Contains(r.Body, "1 supporter") && !strings.Contains(r.Body, "0 supporters") {
		t.Fatalf("renamed theme not listed:\n%s", r.Body)
	}
}

// The similar-issue answer for scripts says the count as people read it,
// in the page's language, so the script shows no English of its own.
func TestSimilarJSONIsForPeople(t *testing.T) {
	h := webtest.New(t)
	c := h.Client()
	c.SignIn("ivy@example.org")
	c.Submit("Respite care for dementia carers", "Dementia carers need respite care and support from the NHS after diagnosis.")
	c.Submit("Parking charges at hospitals", "Hospital car parks charge too much for patients and visitors.")
	c.Submit("NHS dentists are impossible to find", "No practice in our town takes new NHS patients for dental treatment.")
	r := c.Get("/issues/similar?text="+url.QueryEscape("dementia carers respite"), "Accept-Language", "cy")
	if !strings.Contains(r.Body, `"supporters_text": "0 supporters"`) || !strings.Contains(strings.Join(r.Header.Values("Vary"), ","), "Accept-Language") {
		t.Fatalf("similar JSON: %s %v", r.Body, r.Header)
	}
	// The first step carries the script's heading and hint, translated.
	r = c.Get("/issues/new")
	if !strings.Contains(r.Body, `data-similar-heading="Issues like yours already raised"`) || !strings.Contains(r.Body, `data-similar-hint="`) {
		t.Fatalf("step 1 lacks the script's texts:\n%s", r.Body)
	}
}
