package e2e

import (
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/browsertest"
)

// TestEvidenceInTheBrowser is issue 14's evidence walk-through: anyone
// reads the demo's past round's evidence (the packs, a document, an
// earlier version, an easy-read version) in English and in Welsh, and on a
// 320 px phone with JavaScript off; every link of evidence.json answers
// signed out; an organiser opens the page where the committee runs the
// evidence, and a citizen the nomination form of the current round, which
// is closed while it gathers. axe-core checks every new page. Writing
// (documents, versions, witnesses, requests, submissions) is tested in
// internal/web/evidenceweb, since the demo has no round in Learning.
func TestEvidenceInTheBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser walk-through: skipped under -short")
	}
	browsertest.RequireAxe(t)
	demo := startDemo(t)
	b := browsertest.Start(t)
	w := &walker{t: t, p: b.NewPage(t, 1280, 900), base: demo.URL, dir: filepath.Join(shots(t), "evidence"), seen: map[string]bool{}}
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
	var packs []struct {
		Theme     string `json:"theme"`
		Documents []struct {
			Title       string `json:"title"`
			URL         string `json:"url"`
			EasyReadURL string `json:"easy_read_url"`
			Version     int    `json:"version"`
		} `json:"documents"`
	}
	if err := json.Unmarshal(fetch(t, demo.URL, "/cycles/"+past+"/evidence.json"), &packs); err != nil {
		t.Fatal(err)
	}
	if len(packs) != 3 {
		t.Fatalf("%d packs", len(packs))
	}
	for _, p := range packs {
		for _, d := range p.Documents {
			fetch(t, demo.URL, d.URL)
			fetch(t, demo.URL, d.EasyReadURL)
		}
	}

	// The packs, for everyone, in both languages.
	w.open("/cycles/"+past+"/evidence", "evidence")
	main := w.p.Text("main")
	for _, want := range []string{"How GP appointments are booked today", "Declared interests", "NHS provider", "Healthwatch Northshire", "Easy read"} {
		if !strings.Contains(main, want) {
			t.Errorf("the evidence page lacks %q", want)
		}
	}
	if strings.Contains(main, "No easy-read version yet") {
		t.Error("a demo document has no easy-read version")
	}
	w.open("/cycles/"+past+"/evidence?lang=cy", "cy-evidence")
	if !strings.Contains(w.p.Text("main"), "Hawdd ei Ddeall") {
		t.Errorf("the Welsh evidence page is not in Welsh: %q", w.p.Text("h1"))
	}
	d := packs[0].Documents[0]
	w.open(d.URL+"?lang=en", "evidence-document")
	if !strings.Contains(w.p.Text("main"), "Versions") {
		t.Errorf("the document page lists no versions: %q", w.p.Text("main"))
	}
	w.open(d.EasyReadURL, "evidence-easy-read")
	if !strings.Contains(w.p.Text("h1"), "easy read") {
		t.Errorf("the easy-read page's heading: %q", w.p.Text("h1"))
	}
	w.open(d.EasyReadURL+"?lang=cy", "cy-evidence-easy-read")
	if d.Version > 1 {
		old := strings.Replace(d.URL, "/versions/"+strconv.Itoa(d.Version), "/versions/1", 1)
		w.open(old+"?lang=en", "evidence-old-version")
		if !strings.Contains(w.p.Text("main"), "A newer version exists") {
			t.Errorf("an earlier version is not flagged: %q", w.p.Text("main"))
		}
	}

	// On a phone, without JavaScript.
	phone := b.NewPage(t, 320, 700)
	phone.DisableJavaScript()
	pw := &walker{t: t, p: phone, base: demo.URL, dir: w.dir, seen: map[string]bool{}}
	pw.open("/cycles/"+past+"/evidence", "phone-evidence")
	var wide bool
	if err := pw.p.Eval(`document.documentElement.scrollWidth > window.innerWidth + 1`, &wide); err != nil || wide {
		t.Errorf("the evidence page is wider than a 320 px phone (%v)", err)
	}

	// The organiser's page, and a citizen's closed nomination form.
	w.signIn("priya.shah@example.org")
	w.open("/cycles/"+past+"/evidence/manage", "evidence-manage")
	if !strings.Contains(w.p.Text("main"), "Witnesses waiting for a decision") {
		t.Errorf("the manage page: %q", w.p.Text("main"))
	}
	w.open("/cycles/"+past+"/evidence/manage?lang=cy", "cy-evidence-manage")
	w.signOut()
	w.signIn("anne.marsh@example.org")
	w.open("/cycles/"+cur+"/evidence/nominate?lang=en", "evidence-nominate")
	if !strings.Contains(w.p.Text("main"), "only while the assembly is learning and meeting") {
		t.Errorf("the nomination form of a gathering round: %q", w.p.Text("main"))
	}
	w.open("/cycles/"+cur+"/evidence/nominate?lang=cy", "cy-evidence-nominate")
}
