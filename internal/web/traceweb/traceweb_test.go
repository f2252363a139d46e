package traceweb_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/cycle/cycletest"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/jury"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web/webtest"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestTemplatesAreTranslated(t *testing.T) {
	webtest.CheckTranslated(t, os.DirFS("templates"))
}

// round has issues: buses (chosen), parking (shortlisted, not chosen)
// and alone (never grouped into a theme), after a jury of three chose two
// of three themes.
type round struct{ buses, parking, alone int64 }

func publishAgenda(t *testing.T, h *webtest.Harness) round {
	t.Helper()
	ctx := context.Background()
	id := h.Cycle.ID
	org := h.User("jury-org@example.org", people.RoleOrganiser)
	author := h.User("author@example.org")
	fans := []people.User{h.User("f1@example.org"), h.User("f2@example.org"), h.User("f3@example.org")}
	var ids []int64
	for k, name := range []string{"Night buses to the hospital", "Dentists taking new patients", "Parking charges at hospitals"} {
		iss, err := h.Gather.SubmitIssue(ctx, author, gather.IssueDraft{CycleID: id, Title: name, Description: "Details of " + name})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, iss.ID)
		for _, u := range fans[:3-k] {
			if _, err := h.Gather.Support(ctx, u, iss.ID); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := h.Gather.CreateTheme(ctx, people.System, gather.ThemeDraft{CycleID: id, Name: "Theme " + name, IssueIDs: []int64{iss.ID}}); err != nil {
			t.Fatal(err)
		}
	}
	alone, err := h.Gather.SubmitIssue(ctx, author, gather.IssueDraft{CycleID: id, Title: "A lone issue nobody grouped", Description: "Alone"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Cycles.MovePhase(ctx, people.System, id, cycle.Agenda, ""); err != nil {
		t.Fatal(err)
	}
	js := jury.NewService(h.Store, h.Cycles, h.Gather, h.People, h.Store, jury.Config{})
	if _, err := js.Configure(ctx, org, id, 6, jury.Chosen, "Named by the patient groups.", 2); err != nil {
		t.Fatal(err)
	}
	if _, err := js.EnterJurors(ctx, org, id, []string{"j1@example.org", "j2@example.org", "j3@example.org"}); err != nil {
		t.Fatal(err)
	}
	if _, err := js.SetShortlist(ctx, org, id, 2); err != nil {
		t.Fatal(err)
	}
	// Before the jury chooses, the trace says so and "chosen" is null.
	r := h.Client().Get("/issues/" + itoa(ids[0]) + "/trace.json")
	if r.Code != http.StatusOK || !strings.Contains(r.Body, `"chosen": null`) || !strings.Contains(r.Body, "has not chosen the agenda yet") {
		t.Fatalf("before the agenda: %d %s", r.Code, r.Body)
	}
	if err := js.OpenVote(ctx, org, id); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 3; i++ {
		u, err := h.Store.UserByEmail(ctx, "j"+itoa(int64(i))+"@example.org")
		if err != nil {
			t.Fatal(err)
		}
		if err := js.Vote(ctx, u, id, []int{1, 2, 3}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := js.CloseVote(ctx, org, id); err != nil {
		t.Fatal(err)
	}
	if _, err := js.SetReasons(ctx, org, id, []string{"Many people raised it.", "It matters to families.", "Fewer people raised it."}, "The jury chose the two most raised."); err != nil {
		t.Fatal(err)
	}
	if _, err := js.Publish(ctx, org, id); err != nil {
		t.Fatal(err)
	}
	return round{buses: ids[0], parking: ids[2], alone: alone.ID}
}

type traceJSON struct {
	Issue struct {
		ID    int64  `json:"id"`
		Title string `json:"title"`
	} `json:"issue"`
	Theme *struct {
		ID    int64  `json:"id"`
		Title string `json:"title"`
	} `json:"theme"`
	Agenda struct {
		Chosen *bool  `json:"chosen"`
		Reason string `json:"reason"`
	} `json:"agenda"`
	Recommendations []any `json:"recommendations"`
	Steps           []struct {
		Key     string `json:"key"`
		Current bool   `json:"current"`
	} `json:"steps"`
}

func getTrace(t *testing.T, c *webtest.Client, id int64, hdr ...string) traceJSON {
	t.Helper()
	r := c.Get("/issues/"+itoa(id)+"/trace.json", hdr...)
	if r.Code != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("trace.json of %d: %d %s", id, r.Code, r.Body)
	}
	var tr traceJSON
	if err := json.Unmarshal([]byte(r.Body), &tr); err != nil {
		t.Fatal(err)
	}
	return tr
}

func TestTraceOfIssues(t *testing.T) { webtest.OnEachDatabase(t, testTrace) }

func testTrace(t *testing.T, h *webtest.Harness) {
	rd := publishAgenda(t, h)
	c := h.Client()

	chosen := getTrace(t, c, rd.buses)
	if chosen.Agenda.Chosen == nil || !*chosen.Agenda.Chosen || chosen.Agenda.Reason != "Many people raised it." || chosen.Theme == nil || chosen.Issue.Title != "Night buses to the hospital" {
		t.Errorf("chosen: %+v", chosen)
	}
	if chosen.Recommendations == nil {
		t.Error("recommendations is null, want a list")
	}
	parking := getTrace(t, c, rd.parking)
	if parking.Agenda.Chosen == nil || *parking.Agenda.Chosen || parking.Agenda.Reason != "Fewer people raised it." {
		t.Errorf("shortlisted, not chosen: %+v", parking.Agenda)
	}
	if n := len(parking.Steps); n == 0 || !parking.Steps[n-1].Current || parking.Steps[n-1].Key != "agenda" {
		t.Errorf("parking's last step: %+v", parking.Steps)
	}
	alone := getTrace(t, c, rd.alone)
	if alone.Agenda.Chosen == nil || *alone.Agenda.Chosen || !strings.Contains(alone.Agenda.Reason, "never grouped into a theme") || alone.Theme != nil {
		t.Errorf("never themed: %+v", alone)
	}
	cy := getTrace(t, c, rd.alone, "Accept-Language", "cy")
	if !strings.Contains(cy.Agenda.Reason, "Ni chafodd y mater ei grwpio") {
		t.Errorf("Welsh reason: %q", cy.Agenda.Reason)
	}
	if r := c.Get("/issues/999999/trace.json"); r.Code != http.StatusNotFound {
		t.Errorf("no such issue: %d", r.Code)
	}

	// The page: English and Welsh, the current step marked, no script needed.
	r := c.Get("/issues/" + itoa(rd.buses) + "/trace")
	if r.Code != http.StatusOK {
		t.Fatalf("page: %d", r.Code)
	}
	for _, x := range []string{"What happened to this issue", `data-chosen="yes"`, "Many people raised it.", `aria-current="step"`, "Chosen by the citizens&#39; jury", "/issues/" + itoa(rd.buses) + "/trace.json"} {
		if !strings.Contains(r.Body, x) {
			t.Errorf("the page lacks %q", x)
		}
	}
	r = c.Get("/issues/"+itoa(rd.parking)+"/trace", "Accept-Language", "cy")
	for _, x := range []string{"Beth ddigwyddodd i&#39;r mater hwn", `data-chosen="no"`, "Fewer people raised it."} {
		if !strings.Contains(r.Body, x) {
			t.Errorf("the Welsh page lacks %q", x)
		}
	}
	// The issue's page links to its trace.
	if r := c.Get("/issues/" + itoa(rd.alone)); !strings.Contains(r.Body, `href="/issues/`+itoa(rd.alone)+`/trace"`) {
		t.Error("the issue page does not link to the trace")
	}
	// The issue's feed carries the jury's decision, linking to the trace.
	r = c.Get("/issues/" + itoa(rd.parking) + "/feed.atom")
	if !strings.Contains(r.Body, "<title>Not chosen by the citizens&#39; jury</title>") || !strings.Contains(r.Body, webtest.BaseURL+"/issues/"+itoa(rd.parking)+"/trace") {
		t.Errorf("feed:\n%s", r.Body)
	}

	// The round's issues, as JSON and CSV: not another round's.
	other := cycletest.OpenRound(t, h.Store, "Autumn")
	if _, err := h.Gather.SubmitIssue(context.Background(), h.User("later@example.org"), gather.IssueDraft{CycleID: other.ID, Title: "An issue of the next round", Description: "Later"}); err != nil {
		t.Fatal(err)
	}
	if r := c.Get("/cycles/" + itoa(other.ID) + "/issues.json"); !strings.Contains(r.Body, "An issue of the next round") || strings.Contains(r.Body, "Night buses") {
		t.Errorf("the other round's issues: %s", r.Body)
	}
	r = c.Get("/cycles/" + itoa(h.Cycle.ID) + "/issues.json")
	var list []struct {
		ID      int64 `json:"id"`
		CycleID int64 `json:"cycle_id"`
	}
	if err := json.Unmarshal([]byte(r.Body), &list); err != nil || r.Code != http.StatusOK || len(list) != 4 {
		t.Fatalf("round issues: %d %v %s", r.Code, err, r.Body)
	}
	r = c.Get("/cycles/" + itoa(h.Cycle.ID) + "/issues.csv")
	if lines := strings.Split(strings.TrimSpace(r.Body), "\n"); r.Code != http.StatusOK || len(lines) != 5 || !strings.HasPrefix(lines[0], "\ufeffid,url,title") {
		t.Errorf("round CSV: %d\n%s", r.Code, r.Body)
	}
	if r := c.Get("/cycles/999999/issues.json"); r.Code != http.StatusNotFound {
		t.Errorf("no such round: %d", r.Code)
	}
}
