package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/browsertest"
)

// TestMembersVoteOnRecommendations is issue 14's secret ballot in the
// browser: the organiser takes the demo's current round through its
// agenda (one juror), names three assembly members, and moves it to
// Meetings; a member drafts a recommendation and adds a minority view, the
// organiser a ranked question; in Recommendations the organiser opens the
// vote; the members vote (one after a mistake the form explains, one on a
// 320 px phone with JavaScript off, one in Welsh) and each gets a receipt
// code; the organiser closes; the results are published, a voter checks
// their receipt, and the ranked question recounts with the command line.
// The past round's published results are seen too. axe-core checks every
// new page, in English and in Welsh.
func TestMembersVoteOnRecommendations(t *testing.T) {
	if testing.Short() {
		t.Skip("browser walk-through: skipped under -short")
	}
	browsertest.RequireAxe(t)
	demo := startDemo(t)
	b := browsertest.Start(t)
	w := &walker{t: t, p: b.NewPage(t, 1280, 900), base: demo.URL, dir: filepath.Join(shots(t), "recommend"), seen: map[string]bool{}}
	cur, past := demoRounds(t, demo.URL)

	// The past round's published results, for everyone.
	w.open("/cycles/"+past+"/recommendations", "recs-published")
	for _, want := range []string{"Passed", "Did not pass", "Minority views", "A crisis café open every night in each town"} {
		if !strings.Contains(w.p.Text("main"), want) {
			t.Errorf("the past round's recommendations lack %q", want)
		}
	}
	w.open("/cycles/"+past+"/recommendations?lang=cy", "cy-recs-published")
	if !strings.Contains(w.p.Text("main"), "Pasiwyd") {
		t.Errorf("the Welsh results page is not in Welsh: %q", w.p.Text("h1"))
	}
	w.open("/recommendations/1?lang=en", "rec-item-published")
	w.open("/cycles/"+past+"/recommendations/receipt", "receipt-form")
	w.open("/cycles/"+past+"/recommendations/receipt?lang=cy", "cy-receipt-form")

	// The organiser sets the current round's agenda with a one-person jury.
	w.signIn("priya.shah@example.org")
	move := func(phase string) {
		t.Helper()
		w.movePhase(cur, phase)
	}
	agendaWithOneJuror(w, cur, "priya.shah@example.org", "juror.rec@example.org")

	// Three members are named, and the round moves to Meetings.
	move("selection")
	members := []string{"member.one@example.org", "member.two@example.org", "member.three@example.org"}
	w.p.Navigate(w.base + "/cycles/" + cur + "/assembly/manage")
	w.p.Fill("#emails", strings.Join(members, "\n"))
	w.p.ClickAndWait(`form[action$="/assembly/add"] button[type=submit]`)
	if w.p.Has(".nhsuk-error-summary") {
		t.Fatalf("naming members: %q", w.p.Text(".nhsuk-error-summary"))
	}
	move("meetings")
	w.open("/cycles/"+cur+"/recommendations/new", "rec-new")
	if err := w.p.Eval(`document.querySelector('#kind-choice').checked = true`, nil); err != nil {
		t.Fatal(err)
	}
	w.p.Fill("#text", "Which should the Board do first?")
	w.p.Fill("#options", "Longer opening hours\nMore home visits\nA text message service")
	w.p.ClickAndWait(`form[action$="/recommendations/new"] button[type=submit]`)
	if !strings.Contains(w.p.Location(), "/recommendations/") || w.p.Has(".nhsuk-error-summary") {
		t.Fatalf("drafting a question: %q", w.p.Text("main"))
	}
	question := w.p.Location()[strings.LastIndex(w.p.Location(), "/")+1:]
	w.check("rec-item-drafting-organiser")
	w.signOut()

	// A member drafts a recommendation and adds a minority view.
	w.signIn(members[0])
	w.open("/cycles/"+cur+"/recommendations/new?lang=cy", "cy-rec-new")
	w.p.Fill("#text", "Every surgery should answer the phone within ten minutes.")
	w.p.ClickAndWait(`form[action$="/recommendations/new"] button[type=submit]`)
	if w.p.Has(".nhsuk-error-summary") {
		t.Fatalf("drafting: %q", w.p.Text(".nhsuk-error-summary"))
	}
	w.check("cy-rec-item-drafting")
	w.p.Navigate(w.p.Location() + "?lang=en")
	w.check("rec-item-drafting")
	w.p.Fill("#view", "Ten minutes is still too long for someone in pain.")
	w.p.ClickAndWait(`form[action$="/minority"] button[type=submit]`)
	if !strings.Contains(w.p.Text("main"), "Ten minutes is still too long") {
		t.Fatalf("the minority view is not shown: %q", w.p.Text("main"))
	}
	w.open("/cycles/"+cur+"/recommendations", "recs-drafting")
	w.signOut()

	// The organiser opens the vote.
	w.signIn("priya.shah@example.org")
	move("recommendations")
	w.open("/cycles/"+cur+"/recommendations", "recs-organiser")
	w.p.ClickAndWait(`form[action$="/recommendations/open"] button[type=submit]`)
	if !strings.Contains(w.p.Text("main"), "0 have voted") {
		t.Fatalf("the vote did not open: %q", w.p.Text("main"))
	}
	w.signOut()

	receipt := func(p *browsertest.Page) string {
		t.Helper()
		code := strings.TrimSpace(p.Text("#receipt-code"))
		if len(code) != 12 {
			t.Fatalf("no receipt code after voting: %q", p.Text("main"))
		}
		return code
	}
	// Member one votes, after a mistake the form explains.
	w.signIn(members[0])
	w.open("/cycles/"+cur+"/recommendations/ballot", "rec-ballot")
	var fields []string
	if err := w.p.Eval(`Array.from(document.querySelectorAll('input[type=radio][name^="item-"]')).map(e => e.name).filter((v, i, a) => a.indexOf(v) === i)`, &fields); err != nil || len(fields) != 1 {
		t.Fatalf("agreement items on the ballot: %v %v", fields, err)
	}
	rec := fields[0]
	w.p.ClickAndWait(`form[action$="/recommendations/ballot"] button[type=submit]`)
	if !w.p.Has(".nhsuk-error-summary a[href='#" + rec + "']") {
		t.Fatalf("an empty ballot gave no error summary: %q", w.p.Text("main"))
	}
	w.check("rec-ballot-errors")
	if err := w.p.Eval(`document.querySelector('#`+rec+`').checked = true`, nil); err != nil { // strongly agree
		t.Fatal(err)
	}
	w.p.Fill("#item-"+question+"-2", "1")
	w.p.Fill("#item-"+question+"-1", "2")
	w.p.ClickAndWait(`form[action$="/recommendations/ballot"] button[type=submit]`)
	code1 := receipt(w.p)
	w.check("rec-receipt-shown")
	w.signOut()

	// Member two votes on a phone with JavaScript off.
	phone := b.NewPage(t, 320, 700)
	phone.DisableJavaScript()
	pw := &walker{t: t, p: phone, base: demo.URL, dir: w.dir, seen: map[string]bool{}}
	pw.signIn(members[1])
	pw.open("/cycles/"+cur+"/recommendations/ballot", "phone-rec-ballot")
	if err := pw.p.Eval(`document.querySelector('#`+rec+`-agree').checked = true`, nil); err != nil {
		t.Fatal(err)
	}
	pw.p.Fill("#item-"+question+"-2", "1")
	pw.p.ClickAndWait(`form[action$="/recommendations/ballot"] button[type=submit]`)
	receipt(pw.p)
	pw.check("phone-rec-receipt")
	var classes string
	if err := pw.p.Eval(`document.body.className`, &classes); err != nil || strings.Contains(classes, "js-enabled") {
		t.Fatalf("JavaScript ran on the phone (%q, %v)", classes, err)
	}

	// Member three votes in Welsh.
	w.signIn(members[2])
	w.open("/cycles/"+cur+"/recommendations/ballot?lang=cy", "cy-rec-ballot")
	if err := w.p.Eval(`document.querySelector('#`+rec+`-disagree').checked = true`, nil); err != nil {
		t.Fatal(err)
	}
	w.p.Fill("#item-"+question+"-1", "1")
	w.p.ClickAndWait(`form[action$="/recommendations/ballot"] button[type=submit]`)
	receipt(w.p)
	w.check("cy-rec-receipt-shown")
	w.open("/cycles/"+cur+"/recommendations/ballot", "cy-rec-ballot-voted")
	w.signOut()

	// The organiser closes the vote; the results are published.
	w.signIn("priya.shah@example.org")
	w.p.Navigate(w.base + "/cycles/" + cur + "/recommendations?lang=en")
	w.p.ClickAndWait(`form[action$="/recommendations/close"] button[type=submit]`)
	if !strings.Contains(w.p.Text("main"), "3 members voted") || !strings.Contains(w.p.Text("main"), "Did not pass") {
		t.Fatalf("after closing: %q", w.p.Text("main"))
	}
	w.check("recs-closed")
	w.signOut()

	// A voter checks their receipt.
	w.p.Navigate(w.base + "/cycles/" + cur + "/recommendations/receipt?lang=en")
	w.p.Fill("#code", strings.ToLower(code1))
	w.p.ClickAndWait(`form[action$="/recommendations/receipt"] button[type=submit]`)
	got := w.p.Text("main table")
	if !strings.Contains(got, code1+"-") || !strings.Contains(got, "Strongly agree") || !strings.Contains(got, "1. More home visits > 2. Longer opening hours") {
		t.Fatalf("the receipt shows %q", got)
	}
	w.check("receipt-shown")
	w.open("/cycles/"+cur+"/recommendations/receipt?lang=cy&code="+code1, "cy-receipt-shown")

	// Anyone recounts the ranked question with the command line.
	var pub []struct {
		ID      int64    `json:"id"`
		Method  string   `json:"method"`
		Winners []string `json:"winners"`
	}
	if err := json.Unmarshal(fetch(t, demo.URL, "/cycles/"+cur+"/recommendations.json"), &pub); err != nil || len(pub) != 2 {
		t.Fatalf("recommendations.json: %v %+v", err, pub)
	}
	q := pub[slices.IndexFunc(pub, func(p struct {
		ID      int64    `json:"id"`
		Method  string   `json:"method"`
		Winners []string `json:"winners"`
	}) bool {
		return strconv.FormatInt(p.ID, 10) == question
	})]
	blt := filepath.Join(t.TempDir(), "ballots.blt")
	if err := os.WriteFile(blt, fetch(t, demo.URL, "/cycles/"+cur+"/recommendations/"+question+"/ballots.blt"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(binary(t), "count", "--json", "--method", q.Method, blt).Output()
	if err != nil {
		t.Fatalf("folkmoot count: %v", err)
	}
	var sheet struct {
		Winners []string `json:"winners"`
	}
	if err := json.Unmarshal(out, &sheet); err != nil {
		t.Fatal(err)
	}
	if len(q.Winners) != 1 || !slices.Equal(sheet.Winners, q.Winners) {
		t.Fatalf("the recount chooses %v, the published result is %v", sheet.Winners, q.Winners)
	}
}

// demoRounds returns the ids of the demo's current round (gathering) and
// its finished past round, from /cycles.json.
func demoRounds(t *testing.T, base string) (cur, past string) {
	t.Helper()
	var cycles []struct {
		ID    int64  `json:"id"`
		Phase string `json:"phase"`
	}
	if err := json.Unmarshal(fetch(t, base, "/cycles.json"), &cycles); err != nil {
		t.Fatal(err)
	}
	for _, c := range cycles {
		if c.Phase == "gather" {
			cur = strconv.FormatInt(c.ID, 10)
		} else {
			past = strconv.FormatInt(c.ID, 10)
		}
	}
	if cur == "" || past == "" {
		t.Fatalf("rounds %+v", cycles)
	}
	return cur, past
}

// movePhase moves round cur to phase on its page, as the signed-in
// organiser.
func (w *walker) movePhase(cur, phase string) {
	w.t.Helper()
	w.p.Navigate(w.base + "/cycles/" + cur + "?lang=en")
	w.p.Fill("#phase", phase)
	w.p.ClickAndWait(`form[action="/cycles/` + cur + `/phase"] button[type=submit]`)
	if w.p.Has(".nhsuk-error-summary") {
		w.t.Fatalf("moving to %s: %q", phase, w.p.Text(".nhsuk-error-summary"))
	}
}

// agendaWithOneJuror takes round cur from Gather to a published agenda
// of two themes chosen by a one-person jury: w, signed in as organiser,
// moves the round to Agenda and forms the jury; juror signs in on the same
// tab and votes; the organiser signs in again, closes the vote and
// publishes the agenda. w ends signed in as organiser.
func agendaWithOneJuror(w *walker, cur, organiser, juror string) {
	t := w.t
	t.Helper()
	w.movePhase(cur, "agenda")
	w.p.Navigate(w.base + "/cycles/" + cur + "/jury/manage")
	w.p.Fill("#size", "6")
	if err := w.p.Eval(`document.querySelector('#method-chosen').checked = true`, nil); err != nil {
		t.Fatal(err)
	}
	w.p.Fill("#statement", "The organisers named one juror for this walk-through.")
	w.p.Fill("#seats", "2")
	w.p.ClickAndWait(`form[action$="/jury/settings"] button[type=submit]`)
	w.p.Fill("#emails", juror)
	w.p.ClickAndWait(`form[action$="/jury/jurors"] button[type=submit]`)
	w.p.ClickAndWait(`form[action$="/jury/shortlist"] button[type=submit]`)
	w.p.ClickAndWait(`form[action$="/jury/open"] button[type=submit]`)
	w.signOut()
	w.signIn(juror)
	w.p.Navigate(w.base + "/cycles/" + cur + "/agenda/ballot")
	w.p.Fill("#rank-0", "1")
	w.p.Fill("#rank-1", "2")
	w.p.ClickAndWait(`form[action$="/agenda/ballot"] button[type=submit]`)
	w.signOut()
	w.signIn(organiser)
	w.p.Navigate(w.base + "/cycles/" + cur + "/jury/manage")
	w.p.ClickAndWait(`form[action$="/jury/close"] button[type=submit]`)
	var reasons []string
	if err := w.p.Eval(`Array.from(document.querySelectorAll('textarea[name^="reason-"]')).map(e => e.id)`, &reasons); err != nil {
		t.Fatal(err)
	}
	for _, id := range reasons {
		w.p.Fill("#"+id, "The juror's reason.")
	}
	w.p.Fill("#why", "The others had less support.")
	w.p.ClickAndWait(`form[action$="/jury/reasons"] button[name=publish]`)
	if !strings.Contains(w.p.Location(), "/agenda") {
		t.Fatalf("the agenda was not published: %q", w.p.Text("main"))
	}
}
