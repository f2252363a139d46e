package assemblyweb_test

import (
	"context"
	"html"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web/webtest"
)

func TestAssemblyPeopleInTheWebApp(t *testing.T) { webtest.OnEachDatabase(t, testPeople) }

// An organiser names facilitators and members by email (a bad address is
// explained and nothing changes; the form is refused while the round
// gathers); the public page names the facilitators, counts the members
// without naming them, and shows nobody's email; in Welsh too.
func testPeople(t *testing.T, h *webtest.Harness) {
	ctx := context.Background()
	base := "/cycles/" + strconv.FormatInt(h.Cycle.ID, 10)
	h.User("org@example.org", people.RoleOrganiser)
	org, anon := h.Client(), h.Client()
	org.SignIn("org@example.org")
	if _, err := h.People.AddUser(ctx, people.System, "grace@example.org", "Grace Facilitator"); err != nil {
		t.Fatal(err)
	}
	ref := h.URL + base + "/assembly/manage"

	if r := org.Post(base+"/assembly/add", url.Values{"role": {"facilitator"}, "emails": {"grace@example.org"}}, "Referer", ref); r.Code != 409 && r.Code != 422 {
		t.Fatalf("naming people while the round gathers: %d", r.Code)
	}
	for _, p := range []cycle.Phase{cycle.Agenda, cycle.Selection} {
		if _, err := h.Cycles.MovePhase(ctx, people.System, h.Cycle.ID, p, ""); err != nil {
			t.Fatal(err)
		}
	}
	before := h.AuditCount()
	r := org.Post(base+"/assembly/add", url.Values{"role": {"member"}, "emails": {"m1@example.org\nnot-an-email"}}, "Referer", ref)
	if r.Code != 422 || !strings.Contains(r.Body, "not-an-email is not an email address") || !strings.Contains(r.Body, `href="#emails"`) {
		t.Fatalf("a bad address: %d\n%s", r.Code, r.Body)
	}
	if h.AuditCount() != before {
		t.Fatal("a refused form changed something")
	}
	if r := org.Post(base+"/assembly/add", url.Values{"role": {"facilitator"}, "emails": {"grace@example.org"}}, "Referer", ref); r.Code != 303 {
		t.Fatalf("naming a facilitator: %d\n%s", r.Code, r.Body)
	}
	if r := org.Post(base+"/assembly/add", url.Values{"role": {"member"}, "emails": {"m1@example.org, m2@example.org"}}, "Referer", ref); r.Code != 303 {
		t.Fatalf("naming members: %d\n%s", r.Code, r.Body)
	}
	page := org.Get(base + "/assembly/manage")
	if page.Code != 200 || !strings.Contains(page.Body, "m2@example.org") || !strings.Contains(page.Body, "Grace Facilitator") {
		t.Fatalf("the organisers' page: %d\n%s", page.Code, page.Body)
	}
	pub := anon.Get(base + "/assembly")
	if pub.Code != 200 || !strings.Contains(pub.Body, "Grace Facilitator") || !strings.Contains(pub.Body, "2 members have been named") {
		t.Fatalf("the public page: %d\n%s", pub.Code, pub.Body)
	}
	if strings.Contains(pub.Body, "@example.org") {
		t.Fatal("the public page shows an email address")
	}
	if cy := html.UnescapeString(anon.Get(base + "/assembly?lang=cy").Body); !strings.Contains(cy, "Pwy sy'n cymryd rhan yn y cynulliad") || !strings.Contains(cy, "Mae 2 aelod wedi'u henwi") {
		t.Fatalf("the Welsh page:\n%s", cy)
	}
	if r := anon.Get(base + "/assembly/manage"); r.Code != 303 {
		t.Fatalf("the organisers' page to a stranger: %d", r.Code)
	}
}
