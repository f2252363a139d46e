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

// fetch gets a path of the demo and returns its body (200 only).
func fetch(t *testing.T, base, path string) []byte {
	t.Helper()
	code, body := get(t, base+path)
	if code != 200 {
		t.Fatalf("GET %s: %d", path, code)
	}
	return []byte(body)
}

// TestJuryChoosesTheAgenda is issue 13's jury walk-through in the browser:
// the organiser moves the demo's current round to its Agenda phase, forms a
// jury by entering jurors, sets the shortlist and opens the vote; jurors
// sign in from the outbox and vote (one on a phone with JavaScript off, one
// in Welsh); the organiser closes the vote, writes the reasons and
// publishes; the agenda appears with its count, and the published ballots
// recount with the command line to the published winners. axe-core checks
// every new page, in English and in Welsh.
func TestJuryChoosesTheAgenda(t *testing.T) {
	if testing.Short() {
		t.Skip("browser walk-through: skipped under -short")
	}
	browsertest.RequireAxe(t)
	demo := startDemo(t)
	b := browsertest.Start(t)
	w := &walker{t: t, p: b.NewPage(t, 1280, 900), base: demo.URL, dir: filepath.Join(shots(t), "jury"), seen: map[string]bool{}}
	var cycles []struct {
		ID    int64  `json:"id"`
		Phase string `json:"phase"`
	}
	if err := json.Unmarshal(fetch(t, demo.URL, "/cycles.json"), &cycles); err != nil {
		t.Fatal(err)
	}
	var cur, past string
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

	// The past round's jury and agenda, for everyone, in both languages.
	w.open("/cycles/"+past+"/agenda", "agenda-published")
	for _, want := range []string{"Access to GP appointments", "Mental health crisis care", "Getting home from hospital", "ballots.blt"} {
		if !strings.Contains(w.p.Text("main"), want) {
			t.Errorf("the past round's agenda lacks %q", want)
		}
	}
	w.open("/cycles/"+past+"/jury", "jury-drawn")
	w.open("/cycles/"+cur+"/jury", "jury-gather")
	w.open("/cycles/"+past+"/agenda?lang=cy", "cy-agenda-published")
	if !strings.Contains(w.p.Text("main"), "Y cyfrif") {
		t.Errorf("the Welsh agenda page is not in Welsh: %q", w.p.Text("h1"))
	}
	w.open("/cycles/"+past+"/jury?lang=cy", "cy-jury-drawn")
	w.open("/cycles/"+cur+"/jury?lang=en", "jury-gather-en")

	// The organiser moves the round to Agenda and forms the jury.
	w.signIn("priya.shah@example.org")
	w.open("/cycles/"+cur, "round")
	w.p.ClickAndWait(`form[action="/cycles/` + cur + `/phase"] button[type=submit]`)
	w.open("/cycles/"+cur+"/jury/manage", "jury-manage")
	w.p.Fill("#size", "6")
	if err := w.p.Eval(`document.querySelector('#method-chosen').checked = true`, nil); err != nil {
		t.Fatal(err)
	}
	w.p.Fill("#statement", "Each of the five patient groups named one member, and the organisers added one.")
	w.p.Fill("#seats", "2")
	w.p.ClickAndWait(`form[action$="/jury/settings"] button[type=submit]`)
	if w.p.Has(".nhsuk-error-summary") {
		t.Fatalf("settings refused: %q", w.p.Text(".nhsuk-error-summary"))
	}
	jurors := []string{"juror.one@example.org", "juror.two@example.org", "juror.three@example.org"}
	w.p.Fill("#emails", strings.Join(jurors, "\n"))
	w.p.ClickAndWait(`form[action$="/jury/jurors"] button[type=submit]`)
	w.p.ClickAndWait(`form[action$="/jury/shortlist"] button[type=submit]`)
	w.p.ClickAndWait(`form[action$="/jury/open"] button[type=submit]`)
	if !strings.Contains(w.p.Text("main"), "0 of 3 jurors have voted") {
		t.Fatalf("the vote did not open: %q", w.p.Text("main"))
	}
	w.check("jury-manage-voting")
	w.open("/cycles/"+cur+"/jury/manage?lang=cy", "cy-jury-manage")
	w.open("/cycles/"+cur+"/agenda?lang=en", "agenda-voting")
	w.signOut()

	// Juror one votes in the browser, after a mistake the form explains.
	w.signIn(jurors[0])
	w.open("/cycles/"+cur+"/agenda/ballot", "ballot")
	w.p.Fill("#rank-0", "1")
	w.p.Fill("#rank-1", "1")
	w.p.ClickAndWait(`form[action$="/agenda/ballot"] button[type=submit]`)
	if !w.p.Has(".nhsuk-error-summary a[href='#rank-1']") || !w.p.Has("#rank-1-error") {
		t.Fatalf("duplicate ranks gave no error summary: %q", w.p.Text("main"))
	}
	w.check("ballot-errors")
	w.p.Fill("#rank-0", "1")
	w.p.Fill("#rank-1", "2")
	w.p.Fill("#rank-2", "3")
	w.p.ClickAndWait(`form[action$="/agenda/ballot"] button[type=submit]`)
	if !strings.Contains(w.p.Text("main"), "1 of 3 jurors have voted") {
		t.Fatalf("after voting: %q", w.p.Text("main"))
	}
	w.signOut()

	// Juror two votes on a phone with JavaScript off.
	phone := b.NewPage(t, 320, 700)
	phone.DisableJavaScript()
	pw := &walker{t: t, p: phone, base: demo.URL, dir: w.dir, seen: map[string]bool{}}
	pw.signIn(jurors[1])
	pw.open("/cycles/"+cur+"/agenda/ballot", "phone-ballot")
	pw.p.Fill("#rank-1", "1")
	pw.p.Fill("#rank-0", "2")
	pw.p.ClickAndWait(`form[action$="/agenda/ballot"] button[type=submit]`)
	if !strings.Contains(pw.p.Text("main"), "2 of 3 jurors have voted") {
		t.Fatalf("voting without JavaScript: %q", pw.p.Text("main"))
	}
	var classes string
	if err := pw.p.Eval(`document.body.className`, &classes); err != nil || strings.Contains(classes, "js-enabled") {
		t.Fatalf("JavaScript ran on the phone (%q, %v)", classes, err)
	}

	// Juror three votes in Welsh.
	w.signIn(jurors[2])
	w.open("/cycles/"+cur+"/agenda/ballot?lang=cy", "cy-ballot")
	if !w.p.Has("#rank-0") {
		t.Fatalf("no Welsh ballot at %s: %q", w.p.Location(), w.p.Text("main"))
	}
	w.p.Fill("#rank-0", "1")
	w.p.ClickAndWait(`form[action$="/agenda/ballot"] button[type=submit]`)
	w.open("/cycles/"+cur+"/agenda/ballot", "cy-ballot-voted")
	w.open("/cycles/"+cur+"/jury/volunteer", "cy-volunteer")
	w.open("/cycles/"+cur+"/jury/volunteer?lang=en", "volunteer")
	w.signOut()

	// The organiser closes the vote, writes the reasons and publishes.
	w.signIn("priya.shah@example.org")
	w.open("/cycles/"+cur+"/jury/manage", "jury-manage-open")
	w.p.ClickAndWait(`form[action$="/jury/close"] button[type=submit]`)
	w.check("jury-manage-reasons")
	var reasons []string
	if err := w.p.Eval(`Array.from(document.querySelectorAll('textarea[name^="reason-"]')).map(e => e.id)`, &reasons); err != nil || len(reasons) < 3 {
		t.Fatalf("reason fields %v %v", reasons, err)
	}
	for _, id := range reasons {
		w.p.Fill("#"+id, "The jury's reason, written in the walk-through.")
	}
	if !w.p.Has("#why") {
		t.Fatalf("no field for why the other themes were not chosen, at %s: %q", w.p.Location(), w.p.Text("main"))
	}
	w.p.Fill("#why", "The others had less support among the jurors.")
	w.p.ClickAndWait(`form[action$="/jury/reasons"] button[name=publish]`)
	if !strings.Contains(w.p.Location(), "/cycles/"+cur+"/agenda") || !strings.Contains(w.p.Text("main"), "The count") {
		t.Fatalf("after publishing, at %s: %q", w.p.Location(), w.p.Text("main"))
	}
	w.check("agenda-new")
	w.open("/cycles/"+cur+"/agenda?lang=cy", "cy-agenda-new")
	w.open("/cycles/"+cur+"?lang=en", "round-after")

	// Anyone recounts the published ballots with the command line.
	var res struct {
		Method  string   `json:"method"`
		Seats   int      `json:"seats"`
		Winners []string `json:"winners"`
	}
	if err := json.Unmarshal(fetch(t, demo.URL, "/cycles/"+cur+"/agenda/result.json"), &res); err != nil {
		t.Fatal(err)
	}
	blt := filepath.Join(t.TempDir(), "ballots.blt")
	if err := os.WriteFile(blt, fetch(t, demo.URL, "/cycles/"+cur+"/agenda/ballots.blt"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(binary(t), "count", "--json", "--method", res.Method, "--seats", strconv.Itoa(res.Seats), blt).Output()
	if err != nil {
		t.Fatalf("folkmoot count: %v", err)
	}
	var sheet struct {
		Winners []string `json:"winners"`
	}
	if err := json.Unmarshal(out, &sheet); err != nil {
		t.Fatal(err)
	}
	if len(res.Winners) != 2 || !slices.Equal(sheet.Winners, res.Winners) {
		t.Fatalf("the recount elects %v, the published agenda is %v", sheet.Winners, res.Winners)
	}
}
