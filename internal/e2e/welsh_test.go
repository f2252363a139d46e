package e2e

import (
	"fmt"
	"net/url"
	"path/filepath"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"

	"github.com/folkmoot/folkmoot/internal/browsertest"
)

// welshView is one browser tab: a screen width, with JavaScript on or off.
type welshView struct {
	name          string
	width, height int64
	js            bool
	p             *browsertest.Page
	dir           string // screenshots
}

// check runs the checks of TestWelshPages on the page the tab shows, and
// saves its screenshot as page.png.
func (v *welshView) check(t *testing.T, page string) {
	t.Helper()
	var got struct {
		Lang     string `json:"lang"`
		Overflow int    `json:"overflow"`
		JS       bool   `json:"js"`
	}
	err := v.p.Eval(`({
		lang: document.documentElement.lang,
		overflow: document.documentElement.scrollWidth - window.innerWidth,
		js: document.body.classList.contains('nhsuk-frontend-supported'),
	})`, &got)
	if err != nil {
		t.Fatalf("%s %s: %v", v.name, page, err)
	}
	if got.Lang != "cy" {
		t.Errorf("%s %s: <html lang=%q>, want cy", v.name, page, got.Lang)
	}
	if got.JS != v.js {
		t.Errorf("%s %s: the page's script ran: %v, want %v", v.name, page, got.JS, v.js)
	}
	if v.width < 600 && got.Overflow > 0 {
		t.Errorf("%s %s: the page is %d px wider than the %d px screen: it scrolls sideways", v.name, page, got.Overflow, v.width)
	}
	v.p.CheckPage(v.name+" "+page, filepath.Join(v.dir, page+".png"))
}

// TestWelshPages opens every Gather page type in Welsh (?lang=cy) on a
// phone (390 px) and a desktop screen, each with JavaScript on and off:
// every page must be <html lang="cy">, pass axe-core with no serious or
// critical violation, and not scroll sideways on the phone; each is saved
// as a screenshot (FOLKMOOT_SCREENSHOTS/welsh/<view>/<page>.png). One
// browser with four tabs that share one sign-in: the demo's administrator,
// who holds every role, so the moderator's and organiser's pages are
// there too. Signing in on Welsh pages stores Welsh as their language,
// which pages then follow without the language cookie.
func TestWelshPages(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test: skipped under -short")
	}
	browsertest.RequireAxe(t)
	demo := startDemo(t)
	b := browsertest.Start(t)
	dir := filepath.Join(shots(t), "welsh")
	views := []*welshView{
		{name: "phone", width: 390, height: 844, js: true},
		{name: "phone-nojs", width: 390, height: 844},
		{name: "desktop", width: 1280, height: 900, js: true},
		{name: "desktop-nojs", width: 1280, height: 900},
	}
	for _, v := range views {
		v.p, v.dir = b.NewPage(t, v.width, v.height), filepath.Join(dir, v.name)
		if !v.js {
			v.p.DisableJavaScript()
		}
	}
	desk := views[2].p
	open := func(path, name string) {
		t.Helper()
		for _, v := range views {
			v.p.Run(page.BringToFront()) // a tab behind the others may never finish loading
			v.p.Navigate(demo.URL + path)
			v.check(t, name)
		}
	}
	href := func(selector string) string {
		t.Helper()
		var h string
		if err := desk.Eval(fmt.Sprintf(`(document.querySelector(%q) || {getAttribute: () => ''}).getAttribute('href')`, selector), &h); err != nil || h == "" {
			t.Fatalf("no link %s on %s: %v", selector, desk.Location(), err)
		}
		return h
	}

	// Reading, before signing in.
	open("/?lang=cy", "home")
	open("/issues?lang=cy", "issues")
	issue := href(`main ul.fm-issue-list a[href^="/issues/"]`)
	open(issue+"?lang=cy", "issue")
	open("/themes?lang=cy", "themes")
	open(href(`main a[href^="/themes/"]`)+"?lang=cy", "theme")
	open("/moderation/log?lang=cy", "moderation-log")
	open("/cycles?lang=cy", "cycles")
	round := href(`main ul.fm-issue-list a[href^="/cycles/"]`)
	open(round+"?lang=cy", "cycle")
	open("/signin?lang=cy", "signin")
	open("/no-such-page?lang=cy", "not-found")

	// The administrator signs in on Welsh pages (the tabs share cookies).
	w := &walker{t: t, p: desk, base: demo.URL, dir: filepath.Join(dir, "signing-in"), seen: map[string]bool{}}
	desk.Run(page.BringToFront())
	w.signIn("grace.adeyemi@example.org")
	// Welsh is now their stored language: without the language cookie,
	// and with a browser that asks for English, pages are in Welsh.
	desk.Run(network.DeleteCookies("fm_lang").WithURL(demo.URL))
	desk.Navigate(demo.URL + "/account")
	var lang string
	if err := desk.Eval(`document.documentElement.lang`, &lang); err != nil || lang != "cy" || !desk.Has(`#lang-cy:checked`) {
		t.Errorf("signing in on Welsh pages did not store Welsh: without the cookie the account page is %q (%v), its radios %q", lang, err, desk.Text("#lang"))
	}
	open("/account?lang=cy", "account")
	open(issue+"?lang=cy", "issue-signed-in")
	open("/issues/new?lang=cy", "issue-new")
	open("/issues/new?lang=cy&title="+url.QueryEscape("No support for carers after a dementia diagnosis"), "issue-new-step-2")
	for _, v := range views { // sent without a description: the form comes back with its errors
		v.p.Run(page.BringToFront())
		v.p.ClickAndWait(`main form[method=post][action="/issues/new"] button[type=submit]`)
		if !v.p.Has(".nhsuk-error-summary") || !v.p.Has("#description-error") {
			t.Errorf("%s: an issue without a description gave no error summary: %q", v.name, v.p.Text("main"))
		}
		v.check(t, "issue-new-errors")
	}
	open("/moderation?lang=cy", "moderation")
	open(issue+"/moderate?lang=cy", "moderate")
	open("/themes/suggestions?lang=cy", "theme-suggestions")
	open(round+"?lang=cy", "cycle-organiser")
	open(round+"/edit?lang=cy", "cycle-edit")
	open("/cycles/new?lang=cy", "cycle-new")
}
