package cycleweb_test

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web/webtest"
)

func TestRoundLifecycle(t *testing.T) { webtest.OnEachDatabase(t, testRoundLifecycle) }

// An organiser starts a round in a new programme with planned dates, a
// citizen follows it, the organiser moves it on with a note: the page, the
// timeline, the JSON, the feed and the gate all follow; citizens cannot
// organise.
func testRoundLifecycle(t *testing.T, h *webtest.Harness) {
	h.User("org@example.org", people.RoleOrganiser)
	org, cit, anon := h.Client(), h.Client(), h.Client()
	org.SignIn("org@example.org")
	cit.SignIn("cit@example.org")

	if r := org.Get("/cycles/new"); r.Code != 200 || !strings.Contains(r.Body, `name="programme"`) || !strings.Contains(r.Body, `name="plan-agenda-starts"`) {
		t.Fatalf("new round form = %d", r.Code)
	}
	// Bad input is explained next to its field.
	r := org.Post("/cycles", url.Values{"programme": {"Citizens' Voice"}, "title": {""}})
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `href="#title"`) || !strings.Contains(r.Body, "Enter a title for the round") {
		t.Fatalf("no title = %d", r.Code)
	}
	// Every problem at once: no programme, no title and a date that is not one.
	r = org.Post("/cycles", url.Values{"programme": {""}, "title": {""}, "plan-gather-starts": {"someday"}})
	for _, f := range []string{"programme", "title", "plan-gather-starts"} {
		if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `href="#`+f+`"`) {
			t.Errorf("a form with three problems = %d, its summary lacks %s", r.Code, f)
		}
	}
	r = org.Post("/cycles", url.Values{"programme": {"Citizens' Voice"}, "title": {"Autumn 2027"},
		"plan-gather-starts": {"2027-09-01"}, "plan-gather-ends": {"2027-08-01"}})
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `href="#plan-gather-ends"`) || !strings.Contains(r.Body, `value="2027-09-01"`) {
		t.Fatalf("a phase ending before it starts = %d\n%s", r.Code, r.Body)
	}
	r = org.Post("/cycles", url.Values{"programme": {"Citizens' Voice"}, "title": {"Autumn 2027"}, "description": {"Our second round."},
		"plan-gather-starts": {"2027-09-01"}, "plan-gather-ends": {"2027-10-15"}, "plan-agenda-starts": {"2027-10-16"}})
	if r.Code != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/cycles/") {
		t.Fatalf("create = %d %s\n%s", r.Code, r.Header.Get("Location"), r.Body)
	}
	path := r.Header.Get("Location")
	page := anon.Get(path)
	for _, want := range []string{"Autumn 2027", "Citizens&#39; Voice", "Our second round.", "Now: Gather", "15 October 2027", "Next: Agenda, planned to start on 16 October 2027", "The round opened in its Gather phase."} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the round's page lacks %q", want)
		}
	}
	if strings.Contains(page.Body, `action="`+path+`/phase"`) {
		t.Error("the public sees the organisers' move form")
	}

	// A citizen follows it; a citizen cannot move it.
	if r := cit.Post(path+"/follow", nil); r.Code != http.StatusSeeOther {
		t.Fatalf("follow = %d", r.Code)
	}
	if r := cit.Get(path); !strings.Contains(r.Body, "Stop following") {
		t.Fatal("the follower is not shown as following")
	}
	before := h.AuditCount()
	if r := cit.Post(path+"/phase", url.Values{"phase": {"agenda"}}); r.Code != http.StatusForbidden {
		t.Fatalf("a citizen moving the round = %d", r.Code)
	}
	if h.AuditCount() != before {
		t.Fatal("a refused move changed something")
	}

	// The organiser moves it on with a note.
	if r := org.Get(path); !strings.Contains(r.Body, `<option value="agenda" selected>`) {
		t.Fatalf("the move form does not offer the next phase first:\n%s", r.Body)
	}
	r = org.Post(path+"/phase", url.Values{"phase": {"agenda"}, "note": {"The jury meets on 20 October."}})
	if r.Code != http.StatusSeeOther {
		t.Fatalf("move = %d\n%s", r.Code, r.Body)
	}
	page = anon.Get(path)
	for _, want := range []string{"Now: Agenda", "Moved from Gather to Agenda.", "The jury meets on 20 October.", " By "} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("after the move the page lacks %q", want)
		}
	}
	if r := org.Post(path+"/phase", url.Values{"phase": {"agenda"}}); r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "already in this phase") {
		t.Fatalf("a move to the current phase = %d", r.Code)
	}

	// Open data: the JSON and the feed.
	var rounds []struct {
		ID       int64  `json:"id"`
		Title    string `json:"title"`
		Phase    string `json:"phase"`
		Prog     string `json:"programme"`
		Timeline []struct{ From, To, Note string }
		Phases   []struct {
			Phase        string  `json:"phase"`
			Status       string  `json:"status"`
			PlannedStart *string `json:"planned_start"`
		}
	}
	j := anon.Get("/cycles.json")
	if err := json.Unmarshal([]byte(j.Body), &rounds); err != nil || j.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Fatalf("/cycles.json: %v\n%s", err, j.Body)
	}
	var mine *int
	for i := range rounds {
		if rounds[i].Title == "Autumn 2027" {
			mine = &i
		}
	}
	if mine == nil {
		t.Fatalf("/cycles.json lacks the round: %s", j.Body)
	}
	got := rounds[*mine]
	if got.Phase != "agenda" || got.Prog != "Citizens' Voice" || len(got.Timeline) != 2 || got.Timeline[1].Note != "The jury meets on 20 October." ||
		len(got.Phases) != 8 || got.Phases[0].Status != "past" || got.Phases[1].Status != "current" || got.Phases[1].PlannedStart == nil {
		t.Fatalf("the round in /cycles.json: %+v", got)
	}
	var feed struct {
		Entries []struct {
			Title   string `xml:"title"`
			Content string `xml:"content"`
		} `xml:"entry"`
	}
	f := anon.Get(path + "/feed.atom")
	if err := xml.Unmarshal([]byte(f.Body), &feed); err != nil || len(feed.Entries) != 2 ||
		feed.Entries[0].Title != "The round is now in its Agenda phase" || !strings.Contains(feed.Entries[0].Content, "The jury meets on 20 October.") {
		t.Fatalf("the round's feed: %v %+v", err, feed)
	}

	// The list and the edit form.
	if r := anon.Get("/cycles"); !strings.Contains(r.Body, "Autumn 2027") || !strings.Contains(r.Body, "Citizens&#39; Voice") {
		t.Fatal("/cycles lacks the round")
	}
	edit := org.Get(path + "/edit")
	if edit.Code != 200 || !strings.Contains(edit.Body, `value="2027-10-16"`) {
		t.Fatalf("edit form = %d", edit.Code)
	}
	r = org.Post(path+"/edit", url.Values{"title": {"Autumn 2027 round"}, "plan-agenda-starts": {"2027-10-20"}})
	if r.Code != http.StatusSeeOther {
		t.Fatalf("edit = %d\n%s", r.Code, r.Body)
	}
	if r := anon.Get(path); !strings.Contains(r.Body, "Autumn 2027 round") {
		t.Fatal("the new title does not show")
	}
	if r := org.Get(path + "/edit"); !strings.Contains(r.Body, `value="2027-10-20"`) || strings.Contains(r.Body, `value="2027-10-16"`) {
		t.Fatal("the new plan does not show")
	}
}

// TestRoundScopesLists: issues and themes lists show the current round by
// default and another one with ?cycle=; an issue of a round past its Gather
// phase offers no support button.
func TestRoundScopesLists(t *testing.T) {
	h := webtest.New(t)
	h.User("org@example.org", people.RoleOrganiser)
	org, cit := h.Client(), h.Client()
	org.SignIn("org@example.org")
	cit.SignIn("cit@example.org")
	first := org.Submit("Evening GP appointments please", "Working people cannot get to the surgery by day.")
	// Gathering of the first round ends; a second round starts.
	if r := org.Post("/cycles/"+idOf(h.Cycle.ID)+"/phase", url.Values{"phase": {"agenda"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("move = %d", r.Code)
	}
	r := org.Post("/cycles", url.Values{"programme": {"Test programme"}, "title": {"Second round"}})
	if r.Code != http.StatusSeeOther {
		t.Fatalf("create = %d\n%s", r.Code, r.Body)
	}
	second := org.Submit("Dentists taking NHS patients", "There is none near us.")
	list := cit.Get("/issues")
	if !strings.Contains(list.Body, "Round: Second round") || !strings.Contains(list.Body, "Dentists taking NHS patients") || strings.Contains(list.Body, "Evening GP appointments please") {
		t.Fatalf("/issues does not show the current round only:\n%s", list.Body)
	}
	old := cit.Get("/issues?cycle=" + idOf(h.Cycle.ID))
	if !strings.Contains(old.Body, "Evening GP appointments please") || strings.Contains(old.Body, "Dentists taking NHS patients") {
		t.Fatal("/issues?cycle= does not show that round")
	}
	if r := cit.Get("/issues?cycle=999999"); r.Code != http.StatusNotFound {
		t.Fatalf("an unknown round = %d", r.Code)
	}
	page := cit.Get(first)
	if strings.Contains(page.Body, `action="`+first+`/support"`) || !strings.Contains(page.Body, "no longer gathering issues") {
		t.Fatal("an issue of a round past Gather still offers support")
	}
	if r := cit.Post(first+"/support", nil); r.Code != http.StatusConflict {
		t.Fatalf("support after Gather = %d", r.Code)
	}
	if r := cit.Get(second); !strings.Contains(r.Body, `action="`+second+`/support"`) {
		t.Fatal("an issue of the gathering round offers no support")
	}
}

func idOf(n int64) string { return strconv.FormatInt(n, 10) }
