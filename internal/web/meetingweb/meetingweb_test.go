package meetingweb_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/assembly"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/jury"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/solver"
	"github.com/folkmoot/folkmoot/internal/web/webtest"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestMeetingsInTheWebApp(t *testing.T) { webtest.OnEachDatabase(t, testMeetings) }

// publishAgenda runs a jury of three over two themes to a published
// agenda choosing both, and returns the themes' ids.
func publishAgenda(t *testing.T, h *webtest.Harness) []int64 {
	t.Helper()
	ctx := context.Background()
	id := h.Cycle.ID
	org := h.User("jury-org@example.org", people.RoleOrganiser)
	author := h.User("author@example.org")
	fans := []people.User{h.User("f1@example.org"), h.User("f2@example.org"), h.User("f3@example.org")}
	for k, name := range []string{"Night buses to the hospital", "Dentists taking new patients", "Parking charges at hospitals"} {
		iss, err := h.Gather.SubmitIssue(ctx, author, gather.IssueDraft{CycleID: id, Title: name, Description: "Details of " + name})
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range fans[:3-k] {
			if _, err := h.Gather.Support(ctx, u, iss.ID); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := h.Gather.CreateTheme(ctx, people.System, gather.ThemeDraft{CycleID: id, Name: "Theme " + name, IssueIDs: []int64{iss.ID}}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := h.Cycles.MovePhase(ctx, people.System, id, cycle.Agenda, ""); err != nil {
		t.Fatal(err)
	}
	js := jury.NewService(h.Store, h.Cycles, h.Gather, h.People, h.Store, jury.Config{})
	steps := []func() error{
		func() error {
			_, err := js.Configure(ctx, org, id, 6, jury.Chosen, "Named by the patient groups.", 2)
			return err
		},
		func() error {
			_, err := js.EnterJurors(ctx, org, id, []string{"j1@example.org", "j2@example.org", "j3@example.org"})
			return err
		},
		func() error { _, err := js.SetShortlist(ctx, org, id, 2); return err },
		func() error { return js.OpenVote(ctx, org, id) },
	}
	for _, f := range steps {
		if err := f(); err != nil {
			t.Fatal(err)
		}
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
	a, err := js.Publish(ctx, org, id)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, it := range a.Chosen {
		ids = append(ids, it.Theme.ThemeID)
	}
	if len(ids) != 2 {
		t.Fatalf("agenda %+v", a)
	}
	return ids
}

// An organiser adds sessions; members register (access needs seen only
// by organisers), claim expenses, rank themes on the no-JS form; the
// organiser allocates groups, checks people in, marks a claim paid and
// seats a facilitator, who writes and publishes notes on the group's
// public page.
func testMeetings(t *testing.T, h *webtest.Harness) {
	ctx := context.Background()
	id := h.Cycle.ID
	base := "/cycles/" + itoa(id)
	themes := publishAgenda(t, h)
	if _, err := h.Cycles.MovePhase(ctx, people.System, id, cycle.Selection, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := h.Cycles.MovePhase(ctx, people.System, id, cycle.Learning, ""); err != nil {
		t.Fatal(err)
	}
	h.User("org@example.org", people.RoleOrganiser)
	org, anon := h.Client(), h.Client()
	org.SignIn("org@example.org")
	asm := assembly.NewService(h.Store, h.Cycles, h.People, h.Store, nil, nil)
	orgUser, _ := h.Store.UserByEmail(ctx, "org@example.org")
	var emails []string
	for i := 1; i <= 6; i++ {
		emails = append(emails, "m"+itoa(int64(i))+"@example.org")
	}
	if _, err := asm.Add(ctx, orgUser, id, assembly.Member, strings.Join(emails, "\n")); err != nil {
		t.Fatal(err)
	}
	if _, err := asm.Add(ctx, orgUser, id, assembly.Facilitator, "fac@example.org"); err != nil {
		t.Fatal(err)
	}

	if r := anon.Get(base + "/meetings"); r.Code != 200 || !strings.Contains(r.Body, "No sessions have been arranged yet.") {
		t.Fatalf("meetings before sessions = %d", r.Code)
	}
	// A session without a place is refused with the field named.
	r := org.Post(base+"/meetings/sessions", url.Values{"title": {"First meeting"}, "mode": {"in_person"}, "date": {"2020-05-14"}, "time": {"10:00"}})
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `href="#place"`) {
		t.Fatalf("session without a place = %d\n%s", r.Code, r.Body)
	}
	if r = org.Post(base+"/meetings/sessions", url.Values{"title": {"First meeting"}, "mode": {"hybrid"}, "date": {"2020-05-14"}, "time": {"10:00"},
		"place": {"Leeds Civic Hall"}, "webcast": {"https://example.org/live"}, "agenda": {"Welcome.\n\nGroups meet."}}); r.Code != http.StatusSeeOther {
		t.Fatalf("add a session = %d\n%s", r.Code, r.Body)
	}
	r = anon.Get(base + "/meetings")
	if r.Code != 200 || !strings.Contains(r.Body, "First meeting") || !strings.Contains(r.Body, "Leeds Civic Hall") {
		t.Fatalf("meetings = %d\n%s", r.Code, r.Body)
	}
	i := strings.Index(r.Body, base+"/meetings/")
	sessionPath := r.Body[i : i+strings.IndexByte(r.Body[i:], '"')]

	members := make([]*webtest.Client, 6)
	for k := range members {
		members[k] = h.Client()
		members[k].SignIn(emails[k])
	}
	if r = members[0].Get(sessionPath); r.Code != 200 || !strings.Contains(r.Body, `name="attendance"`) {
		t.Fatalf("member's session page = %d", r.Code)
	}
	if r = anon.Get(sessionPath); r.Code != 200 || strings.Contains(r.Body, `name="attendance"`) {
		t.Fatalf("public session page = %d", r.Code)
	}
	if r = members[0].Post(sessionPath+"/register", url.Values{"attendance": {"in_person"}, "access": {"A hearing loop, please"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("register = %d\n%s", r.Code, r.Body)
	}
	if r = members[1].Post(sessionPath+"/register", url.Values{"attendance": {"maybe"}}); r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `href="#attendance"`) {
		t.Fatalf("bad attendance = %d", r.Code)
	}
	cit := h.Client()
	h.User("cit@example.org")
	cit.SignIn("cit@example.org")
	if r = cit.Post(sessionPath+"/register", url.Values{"attendance": {"online"}}); r.Code != http.StatusForbidden {
		t.Fatalf("a non-member registered = %d", r.Code)
	}
	if r = members[0].Post(sessionPath+"/expenses", url.Values{"amount": {"12.50"}, "what": {"Bus fare from Headingley"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("claim = %d\n%s", r.Code, r.Body)
	}
	if r = members[0].Post(sessionPath+"/expenses", url.Values{"amount": {"lots"}, "what": {"Taxi"}}); r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `href="#amount"`) {
		t.Fatalf("bad amount = %d", r.Code)
	}
	if r = members[0].Get(sessionPath); !strings.Contains(r.Body, "£12.50") || !strings.Contains(r.Body, "Bus fare from Headingley") {
		t.Fatalf("own claim not shown")
	}
	// The check-in list: organisers only, with access needs.
	if r = members[0].Get(sessionPath + "/checkin"); r.Code != http.StatusForbidden {
		t.Fatalf("member's check-in list = %d", r.Code)
	}
	r = org.Get(sessionPath + "/checkin")
	if r.Code != 200 || !strings.Contains(r.Body, "A hearing loop, please") || !strings.Contains(r.Body, ">Check in<") || !strings.Contains(r.Body, "Mark paid") {
		t.Fatalf("check-in list = %d\n%s", r.Code, r.Body)
	}
	m1, _ := h.Store.UserByEmail(ctx, emails[0])
	if r = org.Post(sessionPath+"/checkin", url.Values{"user": {itoa(m1.ID)}}); r.Code != http.StatusSeeOther {
		t.Fatalf("check in = %d\n%s", r.Code, r.Body)
	}
	if r = org.Get(sessionPath + "/checkin"); !strings.Contains(r.Body, ">Here<") {
		t.Fatalf("checked-in member not marked")
	}

	// Rankings: half want each theme; a duplicate place is explained.
	tn := func(k int) string { return "theme-" + itoa(themes[k]) }
	if r = members[0].Post(base+"/meetings/rank", url.Values{tn(0): {"1"}, tn(1): {"1"}}); r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "different place") {
		t.Fatalf("duplicate places = %d", r.Code)
	}
	for k, m := range members {
		v := url.Values{tn(0): {"1"}, tn(1): {"2"}}
		if k >= 3 {
			v = url.Values{tn(0): {"2"}, tn(1): {"1"}}
		}
		if r = m.Post(base+"/meetings/rank", v); r.Code != http.StatusSeeOther {
			t.Fatalf("rank = %d\n%s", r.Code, r.Body)
		}
	}
	if r = members[0].Get(base + "/meetings/rank"); !strings.Contains(r.Body, `value="1" selected`) {
		t.Fatalf("the ranking is not shown back")
	}
	r = org.Post(base+"/meetings/allocate", url.Values{"per_theme": {"1"}, "min": {"2"}, "max": {"4"}, "slack": {"0"}})
	if !solver.Available {
		if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "COIN-OR") {
			t.Fatalf("allocation without the solver = %d", r.Code)
		}
		return
	}
	if r.Code != http.StatusSeeOther {
		t.Fatalf("allocate = %d\n%s", r.Code, r.Body)
	}
	r = anon.Get(base + "/meetings")
	if !strings.Contains(r.Body, "6 members were allocated to groups.") || !strings.Contains(r.Body, "proved this allocation") || strings.Contains(r.Body, "m1@example.org") {
		t.Fatalf("allocation summary\n%s", r.Body)
	}
	if r = members[4].Get(base + "/meetings"); !strings.Contains(r.Body, "Your discussion group:") || !strings.Contains(r.Body, "Theme Dentists taking new patients — group 1") {
		t.Fatalf("member's own group\n%s", r.Body)
	}
	k := strings.Index(r.Body, base+"/groups/")
	groupPath := r.Body[k : k+strings.IndexByte(r.Body[k:], '"')]

	// Seat the facilitator, who writes and publishes the notes.
	fac, _ := h.Store.UserByEmail(ctx, "fac@example.org")
	if r = org.Post(groupPath+"/seat", url.Values{"who": {"facilitator:" + itoa(fac.ID)}}); r.Code != http.StatusSeeOther {
		t.Fatalf("seat = %d\n%s", r.Code, r.Body)
	}
	if r = org.Post(groupPath+"/seat", url.Values{"who": {"board:" + itoa(m1.ID)}}); r.Code != http.StatusUnprocessableEntity && r.Code != http.StatusBadRequest {
		t.Fatalf("a member seated as Board = %d", r.Code)
	}
	fc := h.Client()
	fc.SignIn("fac@example.org")
	sid := sessionPath[strings.LastIndexByte(sessionPath, '/')+1:]
	if r = members[4].Post(groupPath+"/notes", url.Values{"session": {sid}, "text": {"Not mine to write"}}); r.Code != http.StatusForbidden {
		t.Fatalf("a member wrote notes = %d", r.Code)
	}
	if r = fc.Post(groupPath+"/notes", url.Values{"session": {sid}, "text": {"Evening appointments came up again and again."}}); r.Code != http.StatusSeeOther {
		t.Fatalf("notes = %d\n%s", r.Code, r.Body)
	}
	if r = anon.Get(groupPath); strings.Contains(r.Body, "Evening appointments") {
		t.Fatalf("draft notes are public")
	}
	if r = fc.Post(groupPath+"/publish", url.Values{"session": {sid}}); r.Code != http.StatusSeeOther {
		t.Fatalf("publish = %d\n%s", r.Code, r.Body)
	}
	r = anon.Get(groupPath + "?lang=cy")
	if r.Code != 200 || !strings.Contains(r.Body, "Evening appointments came up again and again.") || !strings.Contains(r.Body, "Prif bwyntiau") || !strings.Contains(r.Body, "grŵp 1") {
		t.Fatalf("public group page = %d\n%s", r.Code, r.Body)
	}
}
