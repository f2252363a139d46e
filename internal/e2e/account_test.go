package e2e

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/browsertest"
)

// TestAccountPages walks the account pages (the account, my activity,
// delete, the organisation pages) as a representative of an organisation,
// at phone and desktop width, with JavaScript on and off, in English and
// Welsh: axe-core finds no serious or critical violation, no page pans
// sideways, roles read as plain words, and the person's own activity is
// listed.
func TestAccountPages(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test: skipped under -short")
	}
	browsertest.RequireAxe(t)
	demo := startDemo(t)
	b := browsertest.Start(t)
	for _, mode := range []struct {
		name   string
		width  int64
		script bool
	}{{"phone-js", 390, true}, {"phone-nojs", 320, false}, {"desktop-js", 1280, true}, {"desktop-nojs", 1280, false}} {
		t.Run(mode.name, func(t *testing.T) {
			p := b.NewPage(t, mode.width, 900)
			if !mode.script {
				p.DisableJavaScript()
			}
			w := &walker{t: t, p: p, base: demo.URL, dir: filepath.Join(shots(t), "account-"+mode.name), seen: map[string]bool{}}
			w.signIn("margaret.hughes@example.org")
			var orgPage string
			for _, lang := range []string{"en", "cy"} {
				for _, path := range []string{"/account", "/account/activity", "/account/delete", "/organisations"} {
					w.open(path+"?lang="+lang, strings.ReplaceAll(strings.Trim(path, "/"), "/", "-")+"-"+lang)
					var overflow int
					if err := p.Eval(`document.documentElement.scrollWidth - window.innerWidth`, &overflow); err != nil {
						t.Fatal(err)
					}
					if overflow > 0 {
						t.Errorf("%s?lang=%s at %d px pans sideways by %d px", path, lang, mode.width, overflow)
					}
					main := p.Text("main")
					if strings.Contains(main, "orgrep") {
						t.Errorf("%s?lang=%s shows the role code name", path, lang)
					}
					switch path {
					case "/account":
						want := map[string]string{"en": "Representative of an organisation", "cy": "Cynrychiolydd sefydliad"}[lang]
						if orgPage == "" {
							orgPage = regexp.MustCompile(`/organisations/\d+`).FindString(p.HTML())
						}
						if !strings.Contains(main, want) || !p.Has(`a[href="/account/activity"]`) || !p.Has(`a[href="/account/notifications"]`) || !p.Has(`form[action="/account/signout-everywhere"]`) {
							t.Errorf("/account?lang=%s lacks %q or its links:\n%s", lang, want, main)
						}
					case "/account/delete":
						if !strings.Contains(main, "Former participant") {
							t.Errorf("the delete page does not say what stays:\n%s", main)
						}
					case "/organisations":
						if !strings.Contains(p.HTML(), orgPage) {
							t.Errorf("the organisations list lacks %s", orgPage)
						}
					}
				}
				if orgPage == "" {
					t.Fatal("the account page links to no organisation the person represents")
				}
				w.open(orgPage+"?lang="+lang, fmt.Sprintf("organisation-%s", lang))
				if !strings.Contains(p.Text("main"), "Margaret Hughes") {
					t.Errorf("the organisation page does not name its representative:\n%s", p.Text("main"))
				}
			}
		})
	}
}
