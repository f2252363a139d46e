package e2e

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/browsertest"
)

// TestHeaderOnAPhone opens the demo on a phone-sized screen with
// JavaScript on: the NHS.UK header script must move the navigation that
// does not fit into its "More" menu, so nothing runs off the bar and the
// page does not pan sideways; the language link stays in the header, and
// both languages pass axe-core.
func TestHeaderOnAPhone(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test: skipped under -short")
	}
	browsertest.RequireAxe(t)
	demo := startDemo(t)
	b := browsertest.Start(t)
	p := b.NewPage(t, 390, 844)
	w := &walker{t: t, p: p, base: demo.URL, dir: filepath.Join(shots(t), "phone"), seen: map[string]bool{}}
	w.signIn("priya.shah@example.org") // an organiser: the longest menu
	for _, lang := range []string{"en", "cy"} {
		w.open("/issues?lang="+lang, "issues-"+lang)
		var got struct {
			JS       bool   `json:"js"`
			Lang     string `json:"lang"`
			Overflow int    `json:"overflow"`
			Menu     bool   `json:"menu"`
			InMenu   int    `json:"inMenu"`
			LangLink string `json:"langLink"`
		}
		err := p.Eval(`(() => {
			const menu = document.querySelector('.nhsuk-header__menu')
			const link = document.querySelector('.nhsuk-header__account a[hreflang]')
			return {
				js: document.body.classList.contains('nhsuk-frontend-supported'),
				lang: document.documentElement.lang,
				overflow: document.documentElement.scrollWidth - window.innerWidth,
				menu: !!menu && !menu.hidden && menu.offsetWidth > 0,
				inMenu: document.querySelectorAll('.nhsuk-header__menu-list .nhsuk-header__navigation-item').length,
				langLink: link ? link.textContent.trim() + ' ' + link.getAttribute('lang') : '',
			}
		})()`, &got)
		if err != nil {
			t.Fatal(err)
		}
		wantLang, wantLink := map[string]string{"en": "en-GB", "cy": "cy"}[lang], map[string]string{"en": "Cymraeg cy", "cy": "English en-GB"}[lang]
		if !got.JS || got.Lang != wantLang || got.LangLink != wantLink {
			t.Fatalf("%s: %+v: want the header script on, <html lang=%q> and the link %q", lang, got, wantLang, wantLink)
		}
		if got.Overflow > 0 {
			t.Errorf("%s: the page is %d px wider than the screen: it pans sideways", lang, got.Overflow)
		}
		if !got.Menu || got.InMenu == 0 {
			t.Errorf("%s: the navigation did not collapse into the More menu: %+v", lang, got)
		}
	}
	// The More menu opens in place (in Welsh, the last language chosen), and
	// passes axe-core open.
	var menu struct {
		Expanded string `json:"expanded"`
		Visible  bool   `json:"visible"`
		Links    string `json:"links"`
	}
	err := p.Eval(`(() => {
		const toggle = document.querySelector('.nhsuk-header__menu-toggle')
		toggle.click()
		const list = document.querySelector('.nhsuk-header__menu-list')
		return {
			expanded: toggle.getAttribute('aria-expanded'),
			visible: !!list && !list.hidden && list.offsetHeight > 0,
			links: list ? list.textContent : '',
		}
	})()`, &menu)
	if err != nil {
		t.Fatal(err)
	}
	if menu.Expanded != "true" || !menu.Visible || !strings.Contains(menu.Links, "Themâu a awgrymir") {
		t.Fatalf("the More menu did not open with the rest of the navigation: %+v", menu)
	}
	w.check("menu-open")
}
