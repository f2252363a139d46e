package qualityweb_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/quality"
	"github.com/folkmoot/folkmoot/internal/web/kit"
	"github.com/folkmoot/folkmoot/internal/web/webtest"
)

func TestQualityPages(t *testing.T) { webtest.OnEachDatabase(t, testQualityPages) }

// The organisers rate every principle through the no-JS form (errors
// shown in a summary, linked to their fields), name an assessor (refused
// for an organiser), and the assessor signs off through their form; the
// page and quality.json then show the sign-off, in English and Welsh.
func testQualityPages(t *testing.T, h *webtest.Harness) {
	ctx := context.Background()
	org := h.User("org@example.org", people.RoleOrganiser)
	h.User("org2@example.org", people.RoleOrganiser)
	as := func(u people.User) *webtest.Client {
		c := h.Client()
		u2, _ := url.Parse(h.URL)
		c.HC.Jar.SetCookies(u2, []*http.Cookie{{Name: kit.SessionCookie, Value: h.Session(u)}})
		return c
	}
	oc, anon := as(org), h.Client()
	base := "/cycles/" + strconv.FormatInt(h.Cycle.ID, 10) + "/quality"

	// Before Learning the page shows a draft with nothing rated, and the
	// form refuses.
	if r := anon.Get(base); r.Code != 200 || !strings.Contains(r.Body, "Not rated yet.") {
		t.Fatalf("GET %s = %d", base, r.Code)
	}
	if r := oc.Get(base + "/principles/purpose"); r.Code != http.StatusConflict {
		t.Fatalf("the form in Gather = %d", r.Code)
	}
	for _, p := range []cycle.Phase{cycle.Agenda, cycle.Selection, cycle.Learning} {
		if _, err := h.Cycles.MovePhase(ctx, org, h.Cycle.ID, p, ""); err != nil {
			t.Fatal(err)
		}
	}
	if r := oc.Get(base + "/principles/nonsense"); r.Code != http.StatusNotFound {
		t.Fatalf("an unknown principle = %d", r.Code)
	}
	r := oc.Get(base + "/principles/time")
	if r.Code != 200 || !strings.Contains(r.Body, `name="rating"`) || !strings.Contains(r.Body, "time.learning_to_vote") && !strings.Contains(r.Body, "Not yet applicable") {
		t.Fatalf("the form = %d", r.Code)
	}
	r = oc.Post(base+"/principles/time", url.Values{"links": {"ftp://example.org"}})
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "There is a problem") || !strings.Contains(r.Body, `href="#rating"`) ||
		!strings.Contains(r.Body, `href="#narrative"`) || !strings.Contains(r.Body, `href="#links"`) {
		t.Fatalf("an empty form = %d\n%s", r.Code, r.Body)
	}
	for _, p := range quality.Principles {
		r := oc.Post(base+"/principles/"+p.Key, url.Values{"rating": {"partly_met"}, "narrative": {"What we did for " + p.Key},
			"narrative_cy": {"Beth wnaethon ni"}, "links": {"/cycles/1/evidence\nhttps://example.org/report"}})
		if r.Code != http.StatusSeeOther {
			t.Fatalf("POST %s = %d\n%s", p.Key, r.Code, r.Body)
		}
	}
	// An organiser is no independent assessor.
	if r := oc.Post(base+"/assessor", url.Values{"email": {"org2@example.org"}}); r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "must be independent") {
		t.Fatalf("an organiser named = %d", r.Code)
	}
	if r := oc.Post(base+"/assessor", url.Values{"email": {"assessor@uni.example.ac.uk"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("naming = %d\n%s", r.Code, r.Body)
	}
	assessor, err := h.Store.UserByEmail(ctx, "assessor@uni.example.ac.uk")
	if err != nil {
		t.Fatal(err)
	}
	ac, other := as(assessor), as(h.User("someone@example.org"))
	if r := other.Get(base + "/review"); r.Code != http.StatusForbidden {
		t.Fatalf("someone else's review form = %d", r.Code)
	}
	if r := ac.Get(base); !strings.Contains(r.Body, base+"/review") {
		t.Fatal("the assessor is not offered the review")
	}
	if r := ac.Get(base + "/review"); r.Code != 200 || !strings.Contains(r.Body, `name="decision"`) {
		t.Fatalf("the review form = %d", r.Code)
	}
	if r := ac.Post(base+"/review", url.Values{"decision": {"signoff"}}); r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `href="#statement"`) {
		t.Fatalf("an empty sign-off = %d", r.Code)
	}
	if r := ac.Post(base+"/review", url.Values{"decision": {"signoff"}, "name": {"Dr Ann Assessor, Democracy Centre"}, "statement": {"A fair account."}}); r.Code != http.StatusSeeOther {
		t.Fatalf("sign-off = %d\n%s", r.Code, r.Body)
	}
	r = anon.Get(base)
	if !strings.Contains(r.Body, "Signed off by an independent assessor") || !strings.Contains(r.Body, "Dr Ann Assessor") || strings.Contains(r.Body, "/quality/principles/") {
		t.Fatal("the signed page")
	}
	if r := oc.Post(base+"/principles/time", url.Values{"rating": {"met"}, "narrative": {"x"}}); r.Code != http.StatusConflict {
		t.Fatalf("a change after sign-off = %d", r.Code)
	}
	if r := anon.Get(base, "Accept-Language", "cy"); !strings.Contains(r.Body, "Beth wnaethon ni") || !strings.Contains(r.Body, "Hunanasesiad ansawdd") {
		t.Fatal("the Welsh page lacks the Welsh narrative")
	}
	r = anon.Get(base + ".json")
	var q quality.PublishedAssessment
	if err := json.Unmarshal([]byte(r.Body), &q); err != nil || r.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Fatal(err)
	}
	if q.Cycle != h.Cycle.ID || len(q.Principles) != 11 || q.Assessor == nil || q.Assessor.Statement != "A fair account." || q.Principles[0].Rating != "partly_met" ||
		len(q.Principles[0].Links) != 2 || len(q.Principles[5].Proofs) == 0 {
		t.Fatalf("quality.json %+v", q)
	}
	// /cycles.json links the assessment.
	if r := anon.Get("/cycles.json"); !strings.Contains(r.Body, base+".json") {
		t.Fatal("/cycles.json does not link quality.json")
	}
}
