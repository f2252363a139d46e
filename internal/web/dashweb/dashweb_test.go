package dashweb_test

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web/webtest"
)

func TestDashboard(t *testing.T) { webtest.OnEachDatabase(t, testDashboard) }

// An organiser sees the round's activity as charts and as a table, who
// takes part by organisation and subject, and the phases; others are
// refused; the page works in Welsh.
func testDashboard(t *testing.T, h *webtest.Harness) {
	ctx := context.Background()
	a, b := h.User("a@example.org"), h.User("b@example.org")
	org, err := h.People.CreateOrganisation(ctx, people.System, people.Organisation{Name: "Carers Together"})
	if err != nil {
		t.Fatal(err)
	}
	if err := h.People.AddRepresentative(ctx, people.System, org.ID, b.ID); err != nil {
		t.Fatal(err)
	}
	if err := h.People.VerifyRepresentative(ctx, people.System, org.ID, b.ID); err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for i, title := range []string{"Night buses to the hospital", "Respite for carers", "Dentists taking new patients"} {
		iss, err := h.Gather.SubmitIssue(ctx, []people.User{a, b, a}[i], gather.IssueDraft{CycleID: h.Cycle.ID, Title: title,
			Description: "Details of " + title, Tags: []string{[]string{"transport", "carers", "dentistry"}[i]}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, iss.ID)
	}
	for _, s := range []struct {
		u     people.User
		issue int64
	}{{a, ids[1]}, {b, ids[0]}} {
		if _, err := h.Gather.Support(ctx, s.u, s.issue); err != nil {
			t.Fatal(err)
		}
	}

	h.User("organiser@example.org", people.RoleOrganiser)
	o := h.Client()
	o.SignIn("organiser@example.org")
	r := o.Get("/dashboard")
	if r.Code != http.StatusOK {
		t.Fatalf("/dashboard = %d\n%s", r.Code, r.Body)
	}
	for _, want := range []string{`<svg class="fm-chart"`, `role="img"`, "Issues raised each day", "Supports given each day",
		"People taking part each day", "The figures for each day, as a table", "Carers Together", "dentistry", "Gather"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("/dashboard lacks %q", want)
		}
	}
	// Today: 3 issues raised, 2 supports, 2 people, in the summary and the table.
	for _, re := range []string{`Issues raised</dt><dd class="nhsuk-summary-list__value">3<`, `Supports given</dt><dd class="nhsuk-summary-list__value">2<`,
		`Issues raised on [^:]+: 3`} {
		if !regexp.MustCompile(re).MatchString(r.Body) {
			t.Errorf("/dashboard does not match %s", re)
		}
	}
	if r := o.Get("/dashboard?lang=cy"); r.Code != http.StatusOK || !strings.Contains(r.Body, "Gweithgarwch o ddydd i ddydd") {
		t.Errorf("/dashboard in Welsh = %d", r.Code)
	}
	if r := o.Get("/dashboard?cycle=" + strconv.FormatInt(h.Cycle.ID+999, 10)); r.Code != http.StatusNotFound {
		t.Errorf("/dashboard of a missing round = %d, want 404", r.Code)
	}
	cit := h.Client()
	cit.SignIn("a@example.org")
	for _, p := range []string{"/dashboard", "/dashboard/audit"} {
		if r := cit.Get(p); r.Code != http.StatusForbidden {
			t.Errorf("%s for a citizen = %d, want 403", p, r.Code)
		}
		if r := h.Client().Get(p); r.Code == http.StatusOK {
			t.Errorf("%s answered 200 to someone not signed in", p)
		}
	}
}

func TestAuditLogPage(t *testing.T) { webtest.OnEachDatabase(t, testAuditLogPage) }

// The audit log pages newest first, 50 at a time, and filters by action.
func testAuditLogPage(t *testing.T, h *webtest.Harness) {
	ctx := context.Background()
	a := h.User("writer@example.org")
	for i := range 60 {
		if _, err := h.Gather.SubmitIssue(ctx, a, gather.IssueDraft{CycleID: h.Cycle.ID, Title: "Issue number " + strconv.Itoa(i),
			Description: "Details of issue " + strconv.Itoa(i)}); err != nil {
			t.Fatal(err)
		}
	}
	h.User("organiser@example.org", people.RoleOrganiser)
	o := h.Client()
	o.SignIn("organiser@example.org")
	r := o.Get("/dashboard/audit?action=issue.submit")
	if r.Code != http.StatusOK {
		t.Fatalf("/dashboard/audit = %d", r.Code)
	}
	rows := strings.Count(r.Body, `<tr role="row" class="nhsuk-table__row">`)
	if rows != 50 || strings.Count(r.Body, "</span>issue.submit</td>") != 50 || !strings.Contains(r.Body, "title: Issue number 59") {
		t.Fatalf("first page: %d rows, want the 50 newest submissions", rows)
	}
	older := regexp.MustCompile(`href="(/dashboard/audit\?[^"]*before=\d+)"`).FindStringSubmatch(r.Body)
	if older == nil {
		t.Fatal("no link to older entries")
	}
	r = o.Get(strings.ReplaceAll(older[1], "&amp;", "&"))
	if n := strings.Count(r.Body, "</span>issue.submit</td>"); n != 10 || !strings.Contains(r.Body, "title: Issue number 0") || strings.Contains(r.Body, "title: Issue number 59") {
		t.Fatalf("second page: %d submissions", n)
	}
	if r := o.Get("/dashboard/audit"); !strings.Contains(r.Body, "</span>user.create</td>") || !strings.Contains(r.Body, `<option value="issue.submit">`) {
		t.Fatalf("unfiltered log lacks other actions or the filter\n%.2000s", r.Body)
	}
}
