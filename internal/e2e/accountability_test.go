package e2e

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/browsertest"
)

// TestAccountabilityPagesInTheBrowser: the demo's finished round's public
// consultation, the Board's response, a commitment, the stocktake report,
// the quality self-assessment and the open-data page, read signed out in
// English and in Welsh, and on a 320 px phone with JavaScript off; then
// the organiser's pages for the consultation, the statuses and the
// quality self-assessment. axe-core checks every page type. (Writing is
// walked through in TestIssueToCommitment and tested in the web areas.)
func TestAccountabilityPagesInTheBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser walk-through: skipped under -short")
	}
	browsertest.RequireAxe(t)
	demo := startDemo(t)
	b := browsertest.Start(t)
	w := &walker{t: t, p: b.NewPage(t, 1280, 900), base: demo.URL, dir: filepath.Join(shots(t), "accountability"), seen: map[string]bool{}}
	_, past := demoRounds(t, demo.URL)
	base := "/cycles/" + past
	var resp struct {
		Recommendations []struct {
			Commitments []struct {
				URL string `json:"url"`
			} `json:"commitments"`
		} `json:"recommendations"`
	}
	if err := json.Unmarshal(fetch(t, demo.URL, base+"/responses.json"), &resp); err != nil {
		t.Fatal(err)
	}
	commitment := ""
	for _, r := range resp.Recommendations {
		for _, c := range r.Commitments {
			if commitment == "" {
				commitment = c.URL
			}
		}
	}
	if commitment == "" {
		t.Fatal("the finished round has no commitment")
	}
	pages := []struct{ path, pageType, en, cy string }{
		{base + "/consultation", "consultation", "Public consultation", "Ymgynghoriad cyhoeddus"},
		{base + "/response", "response", "In the public consultation", "Yn yr ymgynghoriad cyhoeddus atebodd"},
		{commitment, "commitment", "Updates", "Diweddariadau"},
		{base + "/stocktake", "stocktake", "Stocktake report", "Adroddiad"},
		{base + "/quality", "quality", "Signed off by an independent assessor", "aseswr annibynnol"},
		{"/api", "api", "OpenAPI", "OpenAPI"},
	}
	for _, pg := range pages {
		for _, lang := range []string{"en", "cy"} {
			want, pageType := pg.en, pg.pageType
			if lang == "cy" {
				want, pageType = pg.cy, "cy-"+pg.pageType
			}
			w.open(pg.path+"?lang="+lang, pageType)
			if main := w.p.Text("main"); !strings.Contains(main, want) {
				t.Errorf("%s in %s lacks %q: %.300q", pg.path, lang, want, main)
			}
		}
	}

	// On a phone, without JavaScript: nothing wider than the screen.
	phone := b.NewPage(t, 320, 700)
	phone.DisableJavaScript()
	pw := &walker{t: t, p: phone, base: demo.URL, dir: w.dir, seen: map[string]bool{}}
	for _, pg := range pages {
		pw.open(pg.path+"?lang=en", "phone-"+pg.pageType)
		var wide bool
		if err := pw.p.Eval(`document.documentElement.scrollWidth > window.innerWidth + 1`, &wide); err != nil || wide {
			var who string
			pw.p.Eval(`Array.from(document.querySelectorAll('main *')).filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 8).map(e => e.tagName + '.' + e.className + ' w=' + Math.round(e.getBoundingClientRect().width) + ' ' + (e.textContent||'').slice(0, 40)).join(' | ')`, &who)
			t.Errorf("%s is wider than a 320 px phone (%v): %s", pg.path, err, who)
		}
	}

	// The organiser's pages.
	w.signIn("priya.shah@example.org")
	for _, pg := range []struct{ path, pageType, want string }{
		{base + "/consultation/manage?lang=en", "consult-manage", "The consultation is closed"},
		{base + "/response/settings?lang=en", "resp-settings-organiser", "Add a status"},
		{base + "/response/settings?lang=cy", "cy-resp-settings-organiser", "Ychwanegu statws"},
		{base + "/quality?lang=en", "quality-organiser", "Representativeness"},
	} {
		w.open(pg.path, pg.pageType)
		if main := w.p.Text("main"); !strings.Contains(main, pg.want) {
			t.Errorf("%s lacks %q: %.300q", pg.path, pg.want, main)
		}
	}
}
