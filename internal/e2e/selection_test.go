package e2e

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/browsertest"
)

// TestSelectionInTheBrowser: an organiser moves the demo's current round
// to its selection phase (its pool is the demo's generated one: the round
// has no registrations), sets quotas from the census, checks them, runs
// the selection and watches its progress, announces the lottery, draws
// it, invites the people drawn, records a decline and replaces the
// decliner from the reserves; an invitee confirms by the link in the
// email; the public pages show the result. axe-core finds nothing serious
// on any new page, in English and Welsh. Then the CLI repeats both rounds'
// draws from the published files.
func TestSelectionInTheBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test: skipped under -short")
	}
	browsertest.RequireAxe(t)
	demo := startDemo(t)
	b := browsertest.Start(t)
	p := b.NewPage(t, 1280, 900)
	w := &walker{t: t, p: p, base: demo.URL, dir: filepath.Join(shots(t), "selection"), seen: map[string]bool{}}
	w.signIn("priya.shah@example.org")

	// The current round (the newest) moves to its selection phase.
	var rounds []struct {
		ID int64 `json:"id"`
	}
	getJSON(t, demo.URL+"/cycles.json", &rounds)
	id := rounds[0].ID
	for _, r := range rounds {
		id = max(id, r.ID)
	}
	base := "/cycles/" + strconv.FormatInt(id, 10) + "/selection"
	w.p.Navigate(w.base + "/cycles/" + strconv.FormatInt(id, 10))
	if err := w.p.Eval(`document.querySelector('#phase').value = 'selection'`, nil); err != nil {
		t.Fatal(err)
	}
	w.p.ClickAndWait(`form[action$="/phase"] button[type=submit]`)

	// Quotas: suggested from the census for a panel of 20, then saved.
	w.open(base+"/manage", "selection-manage-quotas")
	w.p.Fill("#panel_size", "40")
	w.p.ClickAndWait(`button[name=suggest]`)
	w.p.ClickAndWait(`form[action$="/manage/quotas"] button[type=submit]:not([name])`)
	w.p.ClickAndWait(`form[action$="/manage/feasibility"] button`)
	if !strings.Contains(w.p.Text("main"), "A panel can meet these quotas.") {
		t.Fatalf("feasibility: %q", w.p.Text("main"))
	}
	w.check("selection-manage-feasible")

	// The run, with its progress on the page until it reloads by itself.
	started := time.Now()
	w.p.ClickAndWait(`form[action$="/manage/run"] button`)
	var seen []string
	deadline := time.Now().Add(3 * time.Minute)
	for !w.p.Has(`form[action$="/manage/announce"]`) {
		if time.Now().After(deadline) {
			t.Fatalf("the run did not finish; progress seen: %q", seen)
		}
		var text string
		if err := w.p.Eval(`(() => { const e = document.querySelector('[data-selection-progress]'); return e ? e.textContent : '' })()`, &text); err == nil && text != "" && !slices.Contains(seen, text) {
			seen = append(seen, text)
		}
		time.Sleep(300 * time.Millisecond)
	}
	// Progress comes at least every two seconds: a run of d seconds shows
	// about d/2 distinct messages (a run quicker than that may show one).
	if took := time.Since(started); len(seen) < int(took/(2*time.Second))/2 || len(seen) == 0 {
		t.Errorf("the page showed too little progress in a run of %s: %q", took.Round(time.Second), seen)
	}
	w.check("selection-manage-report")

	// Announce, then draw with the public seed.
	w.p.Fill("#source", "The main numbers of the Lotto draw on Saturday, in the order drawn.")
	w.p.ClickAndWait(`form[action$="/manage/announce"] button`)
	w.open(base, "selection-public-announced")
	w.open(base+"/manage", "selection-manage-announced")
	w.p.Fill("#public_seed", "5 11 19 27 38 44")
	w.p.ClickAndWait(`form[action$="/manage/draw"] button`)
	deadline = time.Now().Add(3 * time.Minute)
	for !w.p.Has(`#members`) {
		if time.Now().After(deadline) {
			t.Fatalf("the draw did not finish: %q", w.p.Text("main"))
		}
		time.Sleep(300 * time.Millisecond)
		if !w.p.Has(`[data-selection-events]`) {
			w.p.Navigate(w.base + base + "/manage")
		}
	}
	w.p.ClickAndWait(`form[action$="/manage/invite"] button`)
	w.check("selection-manage-members")
	// A decline, then its replacement; when no reserve keeps the quotas
	// (the page says so), another member declines.
	for try := 0; ; try++ {
		var member string
		if err := w.p.Eval(`document.querySelector('form[action$="/manage/answer"]:has(input[name=answer][value=no]) input[name=member]').value`, &member); err != nil {
			t.Fatal(err)
		}
		w.p.ClickAndWait(`form[action$="/manage/answer"]:has(input[name=answer][value=no]) button`)
		w.p.ClickAndWait(`form[action$="/manage/replace"]:has(input[value="` + member + `"]) button`)
		if strings.Contains(w.p.Text("main"), "takes the seat of") {
			break
		}
		if try == 4 || !strings.Contains(w.p.Text("main"), "No one on the reserve list can take this seat") {
			t.Fatalf("after the replacement: %q", w.p.Text("main"))
		}
	}

	// An invitee confirms by the link in the email.
	w.open("/outbox", "outbox")
	var href string
	if err := w.p.Eval(`(() => { for (const tr of document.querySelectorAll('main table tbody tr')) {
		if (tr.textContent.includes('chosen for the citizens')) return tr.querySelector('a').getAttribute('href') } return '' })()`, &href); err != nil || href == "" {
		t.Fatalf("no invitation in the outbox: %v", err)
	}
	w.p.Navigate(w.base + href)
	link := regexp.MustCompile(`https?://[^\s"<>]+/selection/reply/[A-Za-z0-9_-]+`).FindString(w.p.HTML())
	if link == "" {
		t.Fatal("the invitation has no reply link")
	}
	w.p.Navigate(link)
	w.check("selection-reply")
	if err := w.p.Eval(`document.querySelector('#answer-yes').checked = true`, nil); err != nil {
		t.Fatal(err)
	}
	w.p.ClickAndWait(`main form button[type=submit]`)
	if !strings.Contains(w.p.Text("main"), "You have confirmed") {
		t.Fatalf("after confirming: %q", w.p.Text("main"))
	}

	// The public pages and the organisers' page, in English and Welsh.
	for _, lang := range []string{"en", "cy"} {
		w.open(base+"?lang="+lang, "selection-public-drawn-"+lang)
		w.open(base+"/manage?lang="+lang, "selection-manage-drawn-"+lang)
		w.p.Navigate(link + "?lang=" + lang)
		w.check("selection-reply-" + lang)
	}
	w.p.Navigate(w.base + base + "?lang=en")
	if text := w.p.Text("main"); !strings.Contains(text, "replaced") || !strings.Contains(text, "folkmoot select --categories") {
		t.Fatalf("public page: %q", text)
	}

	// Anyone repeats both rounds' draws from the published files.
	for _, r := range rounds {
		repeatDraw(t, demo.URL, r.ID)
	}
	repeatDraw(t, demo.URL, id)
}

func getJSON(t *testing.T, url string, v any) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == 200 {
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			t.Fatalf("%s: %v", url, err)
		}
	}
	return resp.StatusCode
}

// repeatDraw downloads a round's published selection, if any, and checks
// that `folkmoot select` repeats its draw.
func repeatDraw(t *testing.T, site string, id int64) {
	t.Helper()
	base := site + "/cycles/" + strconv.FormatInt(id, 10) + "/selection/"
	var res struct {
		PanelSize  int      `json:"panel_size"`
		Algorithm  string   `json:"algorithm"`
		Seed       string   `json:"seed"`
		Tickets    int      `json:"tickets"`
		PublicSeed string   `json:"public_seed"`
		Selected   []string `json:"selected"`
	}
	if getJSON(t, base+"result.json", &res) != 200 {
		return
	}
	dir := t.TempDir()
	for _, f := range []string{"features.csv", "people.csv"} {
		resp, err := http.Get(base + f)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("%s: %v", f, err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		os.WriteFile(filepath.Join(dir, f), b, 0o644)
	}
	cmd := exec.Command(binary(t), "select", "--json", "--quiet", "--reserves", strconv.Itoa(3*res.PanelSize), "--categories", "features.csv", "--respondents", "people.csv",
		"--panel-size", strconv.Itoa(res.PanelSize), "--algorithm", res.Algorithm, "--lottery", strconv.Itoa(res.Tickets),
		"--seed", res.Seed, "--public-seed", res.PublicSeed)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("round %d: repeating the draw: %v", id, err)
	}
	var got struct {
		Selected []string `json:"selected"`
	}
	json.Unmarshal(out, &got)
	slices.Sort(got.Selected)
	want := slices.Clone(res.Selected)
	slices.Sort(want)
	if !slices.Equal(got.Selected, want) {
		t.Fatalf("round %d: the CLI selects %v, the site published %v", id, got.Selected, want)
	}
}
