package juryweb_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/jury"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/voting"
	"github.com/folkmoot/folkmoot/internal/voting/ballotfile"
	"github.com/folkmoot/folkmoot/internal/web/webtest"
)

func TestJuryInTheWebApp(t *testing.T) { webtest.OnEachDatabase(t, testJury) }

// An organiser forms a jury of people they choose, sets the shortlist and
// opens the vote; jurors vote on the no-JavaScript ballot (a mistake is
// explained in the error summary; a second vote and a non-juror are
// refused); the organiser closes, writes the reasons and publishes: the
// agenda page, the files and /cycles.json follow, and the published
// ballots recount to the published winners.
func testJury(t *testing.T, h *webtest.Harness) {
	ctx := context.Background()
	id := h.Cycle.ID
	base := "/cycles/" + itoa(id)
	h.User("org@example.org", people.RoleOrganiser)
	org, anon := h.Client(), h.Client()
	org.SignIn("org@example.org")
	author := h.User("author@example.org")
	fans := []people.User{h.User("f1@example.org"), h.User("f2@example.org"), h.User("f3@example.org")}
	for i, name := range []string{"Night buses to the hospital", "Parking charges at hospitals", "Dentists taking new patients"} {
		iss, err := h.Gather.SubmitIssue(ctx, author, gather.IssueDraft{CycleID: id, Title: name, Description: "Details of " + name})
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range fans[:3-i] {
			if _, err := h.Gather.Support(ctx, u, iss.ID); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := h.Gather.CreateTheme(ctx, people.System, gather.ThemeDraft{CycleID: id, Name: "Theme " + name, IssueIDs: []int64{iss.ID}}); err != nil {
			t.Fatal(err)
		}
	}
	if r := anon.Get(base + "/agenda"); r.Code != 200 || !strings.Contains(r.Body, "has not been given its shortlist yet") {
		t.Fatalf("agenda before the shortlist = %d", r.Code)
	}
	if r := anon.Get(base + "/agenda/result.json"); r.Code != http.StatusNotFound {
		t.Fatalf("result before the count = %d", r.Code)
	}
	if _, err := h.Cycles.MovePhase(ctx, people.System, id, cycle.Agenda, ""); err != nil {
		t.Fatal(err)
	}
	r := org.Post(base+"/jury/settings", url.Values{"size": {"6"}, "method": {"chosen"}, "statement": {""}, "seats": {"1"}})
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `href="#statement"`) {
		t.Fatalf("chosen without a statement = %d", r.Code)
	}
	if r = org.Post(base+"/jury/settings", url.Values{"size": {"6"}, "method": {"chosen"}, "statement": {"The patient groups each named two members."}, "seats": {"1"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("settings = %d\n%s", r.Code, r.Body)
	}
	if r = org.Post(base+"/jury/jurors", url.Values{"emails": {"j1@example.org\nj2@example.org, j3@example.org j4@example.org"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("enter jurors = %d\n%s", r.Code, r.Body)
	}
	j4, err := h.Store.UserByEmail(ctx, "j4@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if r = org.Post(base+"/jury/remove", url.Values{"user": {itoa(j4.ID)}}); r.Code != http.StatusSeeOther {
		t.Fatalf("remove a juror = %d\n%s", r.Code, r.Body)
	}
	if r = org.Post(base+"/jury/shortlist", url.Values{"seats": {"1"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("shortlist = %d\n%s", r.Code, r.Body)
	}
	if r = org.Post(base+"/jury/open", nil); r.Code != http.StatusSeeOther {
		t.Fatalf("open = %d\n%s", r.Code, r.Body)
	}
	if r = org.Get(base + "/jury/manage"); r.Code != 200 || !strings.Contains(r.Body, "Close the vote") || !strings.Contains(r.Body, "j3@example.org") || strings.Contains(r.Body, "j4@example.org") {
		t.Fatalf("manage = %d", r.Code)
	}
	jurors := make([]*webtest.Client, 3)
	for i := range jurors {
		jurors[i] = h.Client()
		jurors[i].SignIn("j" + itoa(int64(i+1)) + "@example.org")
	}
	if r = jurors[0].Get(base + "/agenda/ballot"); r.Code != 200 || !strings.Contains(r.Body, `name="rank-2"`) || !strings.Contains(r.Body, "Theme Night buses") {
		t.Fatalf("ballot = %d", r.Code)
	}
	if r = jurors[2].Get(base + "/agenda/ballot?lang=cy"); r.Code != 200 || !strings.Contains(r.Body, `name="rank-2"`) || !strings.Contains(r.Body, "Dewis 1") {
		t.Fatalf("Welsh ballot = %d\n%s", r.Code, r.Body)
	}
	r = jurors[0].Post(base+"/agenda/ballot", url.Values{"rank-0": {"1"}, "rank-1": {"1"}, "rank-2": {""}})
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `href="#rank-1"`) || !strings.Contains(r.Body, "the same rank") {
		t.Fatalf("duplicate ranks = %d", r.Code)
	}
	votes := []url.Values{{"rank-0": {"1"}, "rank-1": {"2"}}, {"rank-1": {"1"}, "rank-0": {"2"}, "rank-2": {"3"}}, {"rank-0": {"1"}}}
	for i, v := range votes {
		if r = jurors[i].Post(base+"/agenda/ballot", v); r.Code != http.StatusSeeOther {
			t.Fatalf("vote %d = %d\n%s", i, r.Code, r.Body)
		}
	}
	if r = jurors[0].Post(base+"/agenda/ballot", votes[0]); r.Code != http.StatusConflict {
		t.Fatalf("second vote = %d", r.Code)
	}
	outsider := h.Client()
	outsider.SignIn("f1@example.org")
	if r = outsider.Post(base+"/agenda/ballot", votes[0]); r.Code != http.StatusForbidden {
		t.Fatalf("a non-juror votes = %d", r.Code)
	}
	if r = org.Post(base+"/jury/close", nil); r.Code != http.StatusSeeOther {
		t.Fatalf("close = %d\n%s", r.Code, r.Body)
	}
	r = org.Post(base+"/jury/reasons", url.Values{"reason-0": {""}, "why": {""}, "publish": {"1"}})
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `href="#reason-0"`) || !strings.Contains(r.Body, `href="#why"`) {
		t.Fatalf("publish without reasons = %d", r.Code)
	}
	r = org.Post(base+"/jury/reasons", url.Values{"reason-0": {"Everyone relies on the night buses."}, "why": {"Fewer people raised the others."}, "publish": {"1"}})
	if r.Code != http.StatusSeeOther {
		t.Fatalf("publish = %d\n%s", r.Code, r.Body)
	}
	// The public pages and files.
	if r = anon.Get(base + "/agenda"); r.Code != 200 || !strings.Contains(r.Body, "Everyone relies on the night buses.") || !strings.Contains(r.Body, "ballots.blt") {
		t.Fatalf("agenda = %d", r.Code)
	}
	if r = anon.Get(base + "/agenda?lang=cy"); r.Code != 200 || !strings.Contains(r.Body, "Yr agenda") {
		t.Fatalf("Welsh agenda = %d", r.Code)
	}
	if r = anon.Get(base + "/jury"); r.Code != 200 || !strings.Contains(r.Body, "The patient groups each named two members.") || strings.Contains(r.Body, "j1@example.org") {
		t.Fatalf("jury page = %d", r.Code)
	}
	var res jury.PublishedResult
	r = anon.Get(base + "/agenda/result.json")
	if err := json.Unmarshal([]byte(r.Body), &res); err != nil || r.Code != 200 {
		t.Fatalf("result.json = %d %v", r.Code, err)
	}
	blt := anon.Get(base + "/agenda/ballots.blt")
	e, err := ballotfile.ReadBLT(strings.NewReader(blt.Body))
	if err != nil {
		t.Fatal(err)
	}
	counted, err := voting.Count(res.Method, e, voting.Options{Seats: res.Seats})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(counted.WinnerNames(), res.Winners) || len(res.Winners) != 1 || res.Winners[0] != "Theme Night buses to the hospital" {
		t.Fatalf("recount %v, published %v", counted.WinnerNames(), res.Winners)
	}
	if strings.Contains(blt.Body, "@") || !bytes.HasPrefix([]byte(blt.Body), []byte("3 1\n")) {
		t.Fatalf("ballots.blt:\n%s", blt.Body)
	}
	if r = anon.Get(base + "/agenda/count.json"); r.Code != 200 || !strings.Contains(r.Body, "Theme Night buses") {
		t.Fatalf("count.json = %d", r.Code)
	}
	var cycles []struct {
		ID    int64             `json:"id"`
		Links map[string]string `json:"links"`
	}
	if err := json.Unmarshal([]byte(anon.Get("/cycles.json").Body), &cycles); err != nil {
		t.Fatal(err)
	}
	if len(cycles) != 1 || !strings.HasSuffix(cycles[0].Links["agenda/result.json"], base+"/agenda/result.json") {
		t.Fatalf("/cycles.json links %+v", cycles)
	}
	if r = h.Client().Get(base + "/feed.atom"); !strings.Contains(r.Body, "The jury has chosen the agenda") {
		t.Fatalf("feed lacks the agenda:\n%s", r.Body)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
