package e2e

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"

	"github.com/folkmoot/folkmoot/internal/browsertest"
)

// orgView is one tab of TestOrganiserAndModeratorPages: a width, with
// JavaScript on or off.
type orgView struct {
	name          string
	width, height int64
	js            bool
	langs         []string // the languages each page is checked in on this tab
	p             *browsertest.Page
}

// TestOrganiserAndModeratorPages opens the organisers' and moderators'
// pages (themes and shortlist, a theme's tools, suggestions and requests
// to combine, the confirmation before deleting, the moderation queue
// filtered, the moderate page, the public log) at 320 px, 390 px and on a
// desktop, JavaScript on and off, in English and in Welsh (both at 320 px,
// one each in the other modes): axe-core finds
// no serious or critical violation and no page is wider than a phone's
// screen. On the way it works the tools with JavaScript off: a "could
// these be combined?" report reaches the organisers, not the moderators;
// the moderator hides a report's issue with the bulk form; the public log
// names it; the organiser merges two themes after confirming.
func TestOrganiserAndModeratorPages(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test: skipped under -short")
	}
	browsertest.RequireAxe(t)
	demo := startDemo(t)
	b := browsertest.Start(t)
	dir := filepath.Join(shots(t), "organise")
	views := []*orgView{
		// Every page in both languages at 320 px with JavaScript; the other
		// modes take one language each, so each mode meets both across the
		// pairs of tabs and the test stays within minutes on a busy machine.
		{name: "phone-320", width: 320, height: 740, js: true, langs: []string{"en", "cy"}},
		{name: "phone-320-nojs", width: 320, height: 740, langs: []string{"cy"}},
		{name: "phone-390", width: 390, height: 844, js: true, langs: []string{"cy"}},
		{name: "phone-390-nojs", width: 390, height: 844, langs: []string{"en"}},
		{name: "desktop", width: 1280, height: 900, js: true, langs: []string{"cy"}},
		{name: "desktop-nojs", width: 1280, height: 900, langs: []string{"en"}},
	}
	for _, v := range views {
		v.p = b.NewPage(t, v.width, v.height)
		if !v.js {
			v.p.DisableJavaScript()
		}
	}
	desk := views[5].p // JavaScript off: the forms must work without it
	check := func(v *orgView, name, lang string) {
		t.Helper()
		var got struct {
			Lang     string `json:"lang"`
			Overflow int    `json:"overflow"`
		}
		if err := v.p.Eval(`({lang: document.documentElement.lang, overflow: document.documentElement.scrollWidth - window.innerWidth})`, &got); err != nil {
			t.Fatalf("%s %s: %v", v.name, name, err)
		}
		if !strings.HasPrefix(got.Lang, lang) {
			t.Errorf("%s %s: <html lang=%q>, want %s", v.name, name, got.Lang, lang)
		}
		if got.Overflow > 0 {
			t.Errorf("%s %s (%s): the page is %d px wider than the %d px screen: it scrolls sideways", v.name, name, lang, got.Overflow, v.width)
		}
		v.p.CheckPage(v.name+" "+name+" "+lang, filepath.Join(dir, v.name, name+"-"+lang+".png"))
	}
	open := func(path, name string) {
		t.Helper()
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		for _, v := range views {
			for _, lang := range v.langs {
				v.p.Run(page.BringToFront())
				v.p.Navigate(demo.URL + path + sep + "lang=" + lang)
				check(v, name, lang)
			}
		}
	}
	tick := func(selector string) { // a radio or checkbox: no page loads
		t.Helper()
		var ok bool
		if err := desk.Eval(fmt.Sprintf(`(() => { const e = document.querySelector(%q); if (!e) return false; e.checked = true; return true })()`, selector), &ok); err != nil || !ok {
			t.Fatalf("no %s at %s: %v", selector, desk.Location(), err)
		}
	}
	attr := func(selector, name string) string {
		t.Helper()
		var h string
		if err := desk.Eval(fmt.Sprintf(`(document.querySelector(%q) || {getAttribute: () => ''}).getAttribute(%q)`, selector, name), &h); err != nil || h == "" {
			t.Fatalf("no %s on %s at %s: %v", selector, name, desk.Location(), err)
		}
		return h
	}

	// The administrator holds every role; the tabs share the sign-in.
	w := &walker{t: t, p: desk, base: demo.URL, dir: filepath.Join(dir, "signing-in"), seen: map[string]bool{}}
	desk.Run(page.BringToFront())
	w.signIn("grace.adeyemi@example.org")
	desk.Navigate(demo.URL + "/issues?lang=en")
	first := attr(`main ul.fm-issue-list li:nth-child(1) a[href^="/issues/"]`, "href")
	second := attr(`main ul.fm-issue-list li:nth-child(2) a[href^="/issues/"]`, "href")

	// A "could these be combined?" report, and an abuse report.
	desk.Navigate(demo.URL + first + "/report")
	desk.Run(page.BringToFront())
	tick(`#category-combine`)
	desk.Fill("#other", strings.TrimPrefix(second, "/issues/"))
	desk.Fill("#reason", "E2E: both are about the same waits.")
	desk.ClickAndWait(`main form[action$="/report"] button[type=submit]`)
	desk.Navigate(demo.URL + second + "/report")
	tick(`#category-abuse`)
	desk.Fill("#reason", "E2E: abusive words in the title.")
	desk.ClickAndWait(`main form[action$="/report"] button[type=submit]`)

	desk.Navigate(demo.URL + "/moderation?lang=en")
	if q := desk.Text("main"); strings.Contains(q, "E2E: both are about") || !strings.Contains(q, "E2E: abusive words") {
		t.Errorf("the moderators' queue should hold the abuse report and not the request to combine: %q", q)
	}
	desk.Navigate(demo.URL + "/themes/suggestions?lang=en")
	if !strings.Contains(desk.Text("#requests ~ .nhsuk-card"), "E2E: both are about") {
		t.Errorf("the request to combine is not on the organisers' suggestions page: %q", desk.Text("main"))
	}

	// Every page, every view, both languages.
	open("/themes", "themes")
	theme := attr(`main ol.fm-ranked a[href^="/themes/"]`, "href")
	open(theme, "theme-organiser")
	open(theme+"/delete", "theme-delete")
	open("/themes/suggestions", "theme-suggestions")
	open("/moderation", "moderation")
	open(second+"/moderate", "moderate")
	open("/moderation/log", "moderation-log")

	// The shortlist says its rule and where it is cut.
	desk.Run(page.BringToFront())
	desk.Navigate(demo.URL + "/themes?lang=en")
	if !desk.Has("#rule") || !strings.Contains(desk.Text("#rule"), "go forward to the jury") || !desk.Has("ol.fm-ranked .nhsuk-tag--green") {
		t.Errorf("the themes page does not say which themes go to the jury: %q", desk.Text("main"))
	}

	// The moderator hides the reported issue with the bulk form (no JS).
	desk.Navigate(demo.URL + "/moderation?lang=en")
	var id string // the abuse report made above
	if err := desk.Eval(`(() => { for (const li of document.querySelectorAll('main li.fm-report')) {
		if (li.textContent.includes('E2E: abusive words')) { const b = li.querySelector('input[name=report]'); return b ? b.value : '' } } return '' })()`, &id); err != nil || id == "" {
		t.Fatalf("the abuse report is not in the queue to choose: %v %q", err, desk.Text("main"))
	}
	tick(`#report-` + id)
	tick(`#action-hide`)
	desk.Fill("#reason", "E2E: breaks house rule 1.")
	desk.ClickAndWait(`main form[action="/moderation/bulk"] button[type=submit]`)
	if !strings.Contains(desk.Text("body"), "hidden") {
		t.Errorf("no confirmation after the bulk hide: %q", desk.Text("main"))
	}
	desk.Run(page.BringToFront())
	desk.Navigate(demo.URL + "/moderation?status=hidden&category=abuse&lang=cy")
	check(views[5], "moderation-filtered", "cy")
	if !strings.Contains(desk.Text("main"), "E2E: abusive words") {
		t.Errorf("the report hidden in bulk is not under status hidden, reason abuse: %q", desk.Text("main"))
	}
	desk.Navigate(demo.URL + "/moderation/log?lang=en")
	if log := desk.Text("main"); !strings.Contains(log, "E2E: breaks house rule 1.") || !strings.Contains(log, "“") {
		t.Errorf("the public log lacks the decision or the hidden item's title: %q", log)
	}

	// The organiser merges two themes: a confirmation first.
	desk.Navigate(demo.URL + theme + "?lang=en")
	if desk.Has(`main form[action$="/merge"] input[name=from]`) {
		tick(`main form[action$="/merge"] input[name=from]`)
		desk.ClickAndWait(`main form[action$="/merge"] button[type=submit]`)
		if !desk.Has(`main form[action$="/merge"] input[name=confirm]`) {
			t.Fatalf("merging did not ask first: %q", desk.Text("main"))
		}
		check(views[5], "theme-merge-confirm", "en")
		desk.ClickAndWait(`main form[action$="/merge"] button[type=submit]`)
		if !strings.Contains(desk.Text("body"), "merged") {
			t.Errorf("no confirmation after merging: %q", desk.Text("main"))
		}
	}
}
