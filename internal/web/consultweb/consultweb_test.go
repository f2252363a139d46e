package consultweb_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/consult"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/recommend"
	"github.com/folkmoot/folkmoot/internal/web"
	"github.com/folkmoot/folkmoot/internal/web/consultweb"
	"github.com/folkmoot/folkmoot/internal/web/kit"
	"github.com/folkmoot/folkmoot/internal/web/webtest"
)

// board is a fake of the Board's answers.
type board map[int64]consultweb.BoardAnswer

func (b board) Answers(context.Context, int64) (map[int64]consultweb.BoardAnswer, error) {
	return b, nil
}

// counted puts two recommendations in the harness's round, counts a vote
// that passes the first and not the second, and moves the round to its
// Response phase. It returns the items.
func counted(t *testing.T, h *webtest.Harness, org people.User) []recommend.Item {
	t.Helper()
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Microsecond)
	ev := func(action string) audit.Event {
		return audit.Event{Time: now, Actor: "system", Action: action, Details: map[string]string{}}
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	var its []recommend.Item
	for _, text := range []string{"Every GP practice should offer same-day appointments for urgent needs.", "Close the walk-in centre at night."} {
		it := recommend.Item{CycleID: h.Cycle.ID, ThemeID: 1, ThemeTitle: "Access to GP appointments", Kind: recommend.Agreement, Versions: []recommend.Version{{Number: 1, Text: text, At: now}}, Updated: now}
		id, err := h.Store.AddRecItem(ctx, it, ev("recommend.draft"))
		must(err)
		it.ID = id
		its = append(its, it)
	}
	must(h.Store.SaveRecRound(ctx, recommend.Round{CycleID: h.Cycle.ID, Threshold: 0.8, Status: recommend.Voting, Opened: now, Updated: now}, "", ev("recommend.open")))
	for i := range 5 {
		v := h.User(fmt.Sprintf("member%d@example.org", i))
		no := recommend.Agree
		if i < 3 {
			no = recommend.Disagree
		}
		must(h.Store.CastRecBallots(ctx, h.Cycle.ID, v.ID, []recommend.Ballot{
			{ID: fmt.Sprintf("%032d", i*2), Receipt: "R" + strconv.Itoa(i), ItemID: its[0].ID, Choice: recommend.StronglyAgree},
			{ID: fmt.Sprintf("%032d", i*2+1), Receipt: "R" + strconv.Itoa(i), ItemID: its[1].ID, Choice: no},
		}, ev("recommend.vote")))
	}
	must(h.Store.SaveRecRound(ctx, recommend.Round{CycleID: h.Cycle.ID, Threshold: 0.8, Status: recommend.Closed, Opened: now, Closed: now, Updated: now}, recommend.Voting, ev("recommend.close")))
	_, err := h.Cycles.MovePhase(ctx, org, h.Cycle.ID, cycle.Response, "")
	must(err)
	return its
}

func as(h *webtest.Harness, u people.User) *webtest.Client {
	c := h.Client()
	base, _ := url.Parse(h.URL)
	c.HC.Jar.SetCookies(base, []*http.Cookie{{Name: kit.SessionCookie, Value: h.Session(u)}})
	return c
}

var updatedRE = regexp.MustCompile(`name="response" value="(\d+)"><input type="hidden" name="updated" value="(\d+)"`)

func TestConsultationPages(t *testing.T) {
	answers := board{}
	webtest.OnEachDatabase(t, func(t *testing.T, h *webtest.Harness) { testPages(t, h, answers) },
		webtest.Options{Deps: func(d *web.Deps) { d.Consult.Answers = answers }})
}

func testPages(t *testing.T, h *webtest.Harness, answers board) {
	org := h.User("org@example.org", people.RoleOrganiser)
	cit := h.User("cit@example.org")
	for k := range answers {
		delete(answers, k)
	}
	base := "/cycles/" + strconv.FormatInt(h.Cycle.ID, 10) + "/consultation"
	anon := h.Client()
	if r := anon.Get(base); r.Code != 200 || !strings.Contains(r.Body, "There is no public consultation") {
		t.Fatalf("page before: %d", r.Code)
	}
	if r := anon.Get(base + ".json"); r.Code != 404 {
		t.Fatalf("json before: %d", r.Code)
	}
	its := counted(t, h, org)
	oc := as(h, org)
	if r := oc.Get(base + "/manage"); r.Code != 200 || !strings.Contains(r.Body, "Open the consultation") {
		t.Fatalf("manage: %d\n%s", r.Code, r.Body)
	}
	// Before it opens, a question can be changed (a mistake first) and removed.
	if r := oc.Post(base+"/questions", url.Values{"rec": {strconv.FormatInt(its[0].ID, 10)}, "kind": {"scale"}, "text": {"How much would it help?"}, "text_cy": {"Faint fyddai'n helpu?"}}); r.Code != 303 {
		t.Fatalf("a draft question: %d\n%s", r.Code, r.Body)
	}
	qm := regexp.MustCompile(`href="(` + regexp.QuoteMeta(base) + `/questions/\d+)/edit"`).FindStringSubmatch(oc.Get(base + "/manage").Body)
	if qm == nil {
		t.Fatal("the manage page has no link to change the question")
	}
	qpage := qm[1]
	if r := as(h, cit).Get(qpage + "/edit"); r.Code != 403 {
		t.Fatalf("a citizen opens the question's page: %d", r.Code)
	}
	if r := oc.Get(qpage + "/edit"); r.Code != 200 || !strings.Contains(r.Body, `value="How much would it help?"`) || !strings.Contains(r.Body, `id="kind-scale" name="kind" type="radio" value="scale" checked`) {
		t.Fatalf("the question's page: %d\n%s", r.Code, r.Body)
	}
	if r := oc.Post(qpage+"/edit", url.Values{"kind": {"choice"}, "text": {"When would you come?"}, "text_cy": {"Pryd fyddech chi'n dod?"}, "options": {"Evenings"}}); r.Code != 422 || !strings.Contains(r.Body, `href="#options"`) {
		t.Fatalf("a bad change: %d\n%s", r.Code, r.Body)
	}
	if r := oc.Post(qpage+"/edit", url.Values{"kind": {"choice"}, "text": {"When would you come?"}, "text_cy": {"Pryd fyddech chi'n dod?"},
		"options": {"Evenings\nWeekends"}, "options_cy": {"Gyda'r nos\nPenwythnosau"}}); r.Code != 303 {
		t.Fatalf("change the question: %d\n%s", r.Code, r.Body)
	}
	if r := oc.Get(base + "/manage"); !strings.Contains(r.Body, "When would you come?") || !strings.Contains(r.Body, "The question has been changed.") {
		t.Fatalf("the changed question is not listed:\n%s", r.Body)
	}
	if r := oc.Post(qpage+"/remove", nil); r.Code != 303 {
		t.Fatalf("remove the question: %d", r.Code)
	}
	if r := oc.Get(base + "/manage"); strings.Contains(r.Body, "When would you come?") {
		t.Fatal("the removed question is still listed")
	}
	if r := oc.Get(qpage + "/edit"); r.Code != 404 {
		t.Fatalf("the removed question's page: %d", r.Code)
	}
	if r := oc.Post(base+"/open", nil); r.Code != 303 {
		t.Fatalf("open: %d\n%s", r.Code, r.Body)
	}
	// A question with problems shows the form again with an error summary.
	r := oc.Post(base+"/questions", url.Values{"rec": {strconv.FormatInt(its[0].ID, 10)}, "kind": {"choice"}, "text": {"How would you book?"}, "options": {"By phone\nOnline"}})
	if r.Code != 422 || !strings.Contains(r.Body, "nhsuk-error-summary") || !strings.Contains(r.Body, `href="#text_cy"`) || !strings.Contains(r.Body, `href="#options_cy"`) {
		t.Fatalf("bad question: %d\n%s", r.Code, r.Body)
	}
	r = oc.Post(base+"/questions", url.Values{"rec": {strconv.FormatInt(its[0].ID, 10)}, "kind": {"choice"}, "text": {"How would you book?"}, "text_cy": {"Sut fyddech chi'n trefnu?"},
		"options": {"By phone\r\nOnline"}, "options_cy": {"Dros y ffôn\r\nAr-lein"}})
	if r.Code != 303 {
		t.Fatalf("question: %d\n%s", r.Code, r.Body)
	}
	// Once open, it is not offered for change, and a change is refused.
	if r := oc.Get(base + "/manage"); strings.Contains(r.Body, "Change or remove") {
		t.Fatal("an open consultation offers to change its questions")
	}
	if qs, err := h.Store.ConsultQuestions(context.Background(), h.Cycle.ID); err != nil || len(qs) != 1 {
		t.Fatalf("questions: %+v %v", qs, err)
	} else if r := oc.Post(base+"/questions/"+strconv.FormatInt(qs[0].ID, 10)+"/remove", nil); r.Code != 409 {
		t.Fatalf("removing a question once open: %d", r.Code)
	}

	// Anyone signed in responds; only the passed recommendation is there.
	cc := as(h, cit)
	respond := base + "/" + strconv.FormatInt(its[0].ID, 10) + "/respond"
	if r := anon.Get(respond); r.Code != 303 || !strings.HasPrefix(r.Header.Get("Location"), "/signin") {
		t.Fatalf("anonymous respond form: %d", r.Code)
	}
	if r := cc.Get(base + "/" + strconv.FormatInt(its[1].ID, 10) + "/respond"); r.Code != 404 {
		t.Fatalf("respond on a recommendation that did not pass: %d", r.Code)
	}
	if r := cc.Get(respond); r.Code != 200 || !strings.Contains(r.Body, "How would you book?") || !strings.Contains(r.Body, `name="agree"`) {
		t.Fatalf("respond form: %d\n%s", r.Code, r.Body)
	}
	if r := cc.Get(respond + "?lang=cy"); r.Code != 200 || !strings.Contains(r.Body, "Sut fyddech chi&#39;n trefnu?") || !strings.Contains(r.Body, "Dros y ffôn") || !strings.Contains(r.Body, "Unrhyw beth arall?") {
		t.Fatalf("Welsh respond form: %d\n%s", r.Code, r.Body)
	}
	cc.Get(respond + "?lang=en")
	r = cc.Post(respond, url.Values{"comment": {"x"}})
	if r.Code != 422 || !strings.Contains(r.Body, `href="#agree-agree"`) {
		t.Fatalf("a response without the agreement: %d\n%s", r.Code, r.Body)
	}
	comment := "Please keep the phone line for people who are not online."
	q := consultQ(t, h)
	if r := cc.Post(respond, url.Values{"agree": {"agree"}, "q-" + q: {"1"}, "comment": {comment}}); r.Code != 303 {
		t.Fatalf("respond: %d\n%s", r.Code, r.Body)
	}
	if r := cc.Get(base); !strings.Contains(r.Body, "Change your response") || strings.Contains(r.Body, comment) {
		t.Fatalf("page after responding: a pending comment is shown, or no change link\n%s", r.Body)
	}
	if r := cc.Get(respond); !strings.Contains(r.Body, comment) || !strings.Contains(r.Body, `value="agree" checked`) {
		t.Fatal("the form does not show my earlier answers")
	}
	// The organiser publishes the comment.
	r = oc.Get(base + "/manage")
	m := updatedRE.FindStringSubmatch(r.Body)
	if m == nil || !strings.Contains(r.Body, comment) {
		t.Fatalf("the moderation queue:\n%s", r.Body)
	}
	if r := cc.Post(base+"/moderate", url.Values{"response": {m[1]}, "updated": {m[2]}, "decision": {"approve"}}); r.Code != 403 {
		t.Fatalf("a citizen moderated: %d", r.Code)
	}
	if r := oc.Post(base+"/moderate", url.Values{"response": {m[1]}, "updated": {m[2]}, "decision": {"approve"}}); r.Code != 303 {
		t.Fatalf("approve: %d\n%s", r.Code, r.Body)
	}
	answers[its[0].ID] = consultweb.BoardAnswer{Decision: "accepted", Reasons: "We will keep a share of slots for phone booking."}
	r = anon.Get(base)
	for _, want := range []string{comment, "We will keep a share of slots", "How would you book?", "<svg", "Opinion map of 1 person who answered", "1 (100%)"} {
		if !strings.Contains(r.Body, want) {
			t.Fatalf("the public page lacks %q\n%s", want, r.Body)
		}
	}
	if strings.Contains(r.Body, "cit@example.org") || strings.Contains(r.Body, "Close the walk-in centre") {
		t.Fatal("the page shows an email or a recommendation that did not pass")
	}
	if r := anon.Get(base + "?lang=cy"); !strings.Contains(r.Body, "Ymgynghoriad cyhoeddus") || !strings.Contains(r.Body, "Map barn o 1 person a atebodd") {
		t.Fatalf("Welsh page:\n%s", r.Body)
	}
	// Open data.
	r = anon.Get(base + ".json")
	var p consult.Published
	if err := json.Unmarshal([]byte(r.Body), &p); err != nil || r.Code != 200 {
		t.Fatalf("json: %d %v", r.Code, err)
	}
	if p.Status != "open" || p.Respondents != 1 || len(p.Recommendations) != 1 || p.Recommendations[0].Agree != 1 || len(p.Questions) != 2 ||
		p.Questions[1].Answers[1].TextCy != "Ar-lein" || p.Recommendations[0].Questions[0].Counts["1"] != 1 || len(p.Recommendations[0].Comments) != 1 {
		t.Fatalf("json %s", r.Body)
	}
	r = anon.Get(base + ".csv")
	rows, err := csv.NewReader(bytes.NewReader([]byte(r.Body))).ReadAll()
	if err != nil || len(rows) != 3 || rows[1][3] != "agree" || rows[2][4] != "By phone" || len(rows[1][0]) != 16 || rows[1][0] == strconv.FormatInt(cit.ID, 10) || strings.Contains(r.Body, "cit@") {
		t.Fatalf("csv %v %v\n%s", rows, err, r.Body)
	}
	// Closing stops responses.
	if r := oc.Post(base+"/close", nil); r.Code != 303 {
		t.Fatalf("close: %d", r.Code)
	}
	if r := cc.Post(respond, url.Values{"agree": {"disagree"}}); r.Code != 409 {
		t.Fatalf("responded after close: %d", r.Code)
	}
	if r := anon.Get(base + "?lang=en"); !strings.Contains(r.Body, "The consultation is closed") {
		t.Fatalf("the page does not say it is closed\n%s", r.Body)
	}
}

// consultQ returns the id of the round's one added question.
func consultQ(t *testing.T, h *webtest.Harness) string {
	t.Helper()
	var id int64
	rows, err := h.Store.ConsultQuestions(context.Background(), h.Cycle.ID)
	if err != nil || len(rows) != 1 {
		t.Fatalf("questions %v %v", rows, err)
	}
	id = rows[0].ID
	return strconv.FormatInt(id, 10)
}
