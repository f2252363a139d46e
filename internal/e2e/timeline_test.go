package e2e

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/folkmoot/folkmoot/internal/browsertest"
)

// timelineView is one browser tab: a screen width, JavaScript on or off.
type timelineView struct {
	name  string
	width int64
	js    bool
	p     *browsertest.Page
	dir   string
}

// TestTimelineAndEmailSettingsPages opens an issue page in a theme (its
// timeline), an issue page in none, the email settings page and the home
// page (the whole cycle in plain words) on phones (320 and 390 px) and a
// desktop screen, JavaScript on and off, in English and in Welsh: axe-core
// finds no serious or critical violation, nothing in the page is wider than
// a phone's screen (no sideways scrolling), and the timeline and settings
// are there in the page's language. Screenshots go to
// FOLKMOOT_SCREENSHOTS/timeline/<view>/<lang>-<page>.png.
func TestTimelineAndEmailSettingsPages(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test: skipped under -short")
	}
	browsertest.RequireAxe(t)
	demo := startDemo(t)
	b := browsertest.Start(t)
	dir := filepath.Join(shots(t), "timeline")
	views := []*timelineView{
		{name: "phone320", width: 320, js: true},
		{name: "phone320-nojs", width: 320},
		{name: "phone390", width: 390, js: true},
		{name: "phone390-nojs", width: 390},
		{name: "desktop", width: 1280, js: true},
		{name: "desktop-nojs", width: 1280},
	}
	for _, v := range views {
		v.p, v.dir = b.NewPage(t, v.width, 900), filepath.Join(dir, v.name)
		if !v.js {
			v.p.DisableJavaScript()
		}
	}
	desk := views[4].p
	href := func(selector string) string {
		t.Helper()
		var h string
		if err := desk.Eval(fmt.Sprintf(`(document.querySelector(%q) || {getAttribute: () => ''}).getAttribute('href')`, selector), &h); err != nil || h == "" {
			t.Fatalf("no link %s on %s: %v", selector, desk.Location(), err)
		}
		return h
	}
	desk.Navigate(demo.URL + "/themes")
	desk.Navigate(demo.URL + href(`main a[href^="/themes/"]`))
	themed := href(`main a[href^="/issues/"]`)

	type want struct{ selector, text string }
	open := func(path, name, lang string, wants ...want) {
		t.Helper()
		for _, v := range views {
			v.p.Run(page.BringToFront()) // a tab behind the others may never finish loading
			// A tab sometimes never reports a load under a busy machine:
			// one more try before failing.
			load := func() error {
				return v.p.TryRun(chromedp.Navigate(demo.URL+path+"?lang="+lang), chromedp.WaitReady("body", chromedp.ByQuery))
			}
			if err := load(); err != nil {
				t.Logf("%s %s (%s): loading again after %v", v.name, name, lang, err)
				if err := load(); err != nil {
					t.Fatalf("%s %s (%s): %v", v.name, name, lang, err)
				}
			}
			var got struct {
				Lang     string `json:"lang"`
				Overflow int    `json:"overflow"`
				Wide     string `json:"wide"`
			}
			err := v.p.Eval(`(() => {
				let wide = '';
				for (const el of document.querySelectorAll('main *')) {
					const r = el.getBoundingClientRect();
					if (r.width > 0 && (r.right > window.innerWidth + 1 || r.left < -1)) { wide = el.tagName + '.' + el.className + ' ' + Math.round(r.right); break; }
				}
				return {lang: document.documentElement.lang, overflow: document.documentElement.scrollWidth - window.innerWidth, wide};
			})()`, &got)
			if err != nil {
				t.Fatalf("%s %s: %v", v.name, name, err)
			}
			if !strings.HasPrefix(got.Lang, lang) {
				t.Errorf("%s %s: <html lang=%q>, want %s", v.name, name, got.Lang, lang)
			}
			if v.width < 600 && (got.Overflow > 0 || got.Wide != "") {
				t.Errorf("%s %s (%s): the page is %d px wider than the %d px screen; in main, %q runs off it", v.name, name, lang, got.Overflow, v.width, got.Wide)
			}
			for _, w := range wants {
				if !v.p.Has(w.selector) {
					t.Errorf("%s %s (%s): no %s at %s", v.name, name, lang, w.selector, v.p.Location())
					continue
				}
				var text string
				if err := v.p.Eval(fmt.Sprintf(`document.querySelector(%q).textContent.replace(/\s+/g, ' ')`, w.selector), &text); err != nil || !strings.Contains(text, w.text) {
					t.Errorf("%s %s (%s): %s lacks %q: %q", v.name, name, lang, w.selector, w.text, text)
				}
			}
			v.p.CheckPage(v.name+" "+lang+" "+name, filepath.Join(v.dir, lang+"-"+name+".png"))
		}
	}

	// Reading, before signing in.
	open(themed, "issue-in-theme", "en", want{"#timeline-heading", "What has happened"},
		want{`.fm-timeline [data-step="theme"]`, "Grouped into a theme"}, want{`.fm-timeline`, "What happens next"})
	open(themed, "issue-in-theme", "cy", want{"#timeline-heading", "Beth sydd wedi digwydd"},
		want{`.fm-timeline [data-step="theme"]`, "Wedi'i grwpio mewn thema"})
	open("/", "home", "en", want{"#your-issue", "What happens to your issue"}, want{"main", "citizens' jury"})
	open("/", "home", "cy", want{"#your-issue", "Beth sy'n digwydd i'ch mater"})

	// A citizen signs in (the tabs share cookies) and raises an issue: its
	// page says what happens next.
	w := &walker{t: t, p: desk, base: demo.URL, dir: filepath.Join(dir, "signing-in"), seen: map[string]bool{}}
	desk.Run(page.BringToFront())
	w.signIn("tomos.timeline@example.org")
	desk.Navigate(demo.URL + "/issues/new?title=" + strings.ReplaceAll("Hearing loops in every GP waiting room", " ", "+"))
	desk.Fill("#description", "People who use hearing aids miss their name being called, and then lose the appointment.")
	desk.ClickAndWait(`main form[method=post][action="/issues/new"] button[type=submit]`)
	mine := issueID(t, desk.Location())
	open("/issues/"+mine, "issue-new", "en", want{`.fm-timeline [data-step="raised"]`, "Raised"},
		want{`.fm-timeline [data-step="theme"]`, "Organisers group similar issues"})
	open("/issues/"+mine, "issue-new", "cy", want{`.fm-timeline [data-step="raised"]`, "Wedi'i godi"})
	open("/account/notifications", "email-settings", "en", want{"main h1", "Emails we send you"},
		want{"main", "A weekly summary"})
	open("/account/notifications", "email-settings", "cy", want{"main h1", "Negeseuon e-bost rydym yn eu hanfon atoch"},
		want{"main", "Crynodeb wythnosol"})

	// Choosing a weekly summary for themes sticks (JavaScript on and off).
	for _, v := range []*timelineView{views[1], views[4]} {
		v.p.Run(page.BringToFront())
		v.p.Navigate(demo.URL + "/account/notifications?lang=en")
		v.p.Run(chromedp.Click("#theme-weekly", chromedp.ByQuery))
		v.p.ClickAndWait(`main form[action="/account/notifications"] button[type=submit]`)
		if !v.p.Has(`#theme-weekly:checked`) || !strings.Contains(v.p.Text("main"), "Your email settings have been saved.") && !strings.Contains(v.p.Text("body"), "Your email settings have been saved.") {
			t.Errorf("%s: the weekly summary was not saved: %q", v.name, v.p.Text("main"))
		}
	}
}
