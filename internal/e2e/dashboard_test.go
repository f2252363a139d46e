package e2e

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/folkmoot/folkmoot/internal/browsertest"
)

// TestDashboardInTheBrowser opens the organisers' dashboard and audit log
// of the demo on a phone and a desktop, with JavaScript on and off, in
// English and Welsh: axe-core finds nothing serious, no page pans
// sideways, the charts are drawn with their figures as a table, and the
// audit log filters by action without a script.
func TestDashboardInTheBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test: skipped under -short")
	}
	browsertest.RequireAxe(t)
	demo := startDemo(t)
	b := browsertest.Start(t)
	first := b.NewPage(t, 1280, 900)
	w := &walker{t: t, p: first, base: demo.URL, dir: filepath.Join(shots(t), "dashboard"), seen: map[string]bool{}}
	w.signIn("priya.shah@example.org") // an organiser; the browser's tabs share the session
	for _, mode := range []struct {
		name          string
		width, height int64
		js            bool
	}{{"desktop", 1280, 900, true}, {"desktop-nojs", 1280, 900, false}, {"phone", 390, 844, true}, {"phone-nojs", 320, 700, false}} {
		p := b.NewPage(t, mode.width, mode.height)
		if !mode.js {
			p.DisableJavaScript()
		}
		mw := &walker{t: t, p: p, base: demo.URL, dir: filepath.Join(shots(t), "dashboard", mode.name), seen: map[string]bool{}}
		for _, lang := range []string{"en", "cy"} {
			mw.open("/dashboard?lang="+lang, "dashboard-"+lang)
			var got struct {
				Overflow int `json:"overflow"`
				Charts   int `json:"charts"`
				Bars     int `json:"bars"`
				Rows     int `json:"rows"`
				Phases   int `json:"phases"`
				Orgs     int `json:"orgs"`
				Width    int `json:"width"`
			}
			err := p.Eval(`(() => {
				const charts = document.querySelectorAll('svg.fm-chart[role=img]')
				const tables = document.querySelectorAll('main table')
				return {
					overflow: document.documentElement.scrollWidth - window.innerWidth,
					charts: charts.length,
					bars: charts.length ? charts[0].querySelectorAll('rect').length : 0,
					rows: tables.length ? tables[0].querySelectorAll('tbody tr').length : 0,
					phases: tables.length ? tables[tables.length-1].querySelectorAll('tbody tr').length : 0,
					orgs: tables.length > 1 ? tables[1].querySelectorAll('tbody tr').length : 0,
					width: charts.length ? Math.round(charts[0].getBoundingClientRect().width) : 0,
				}
			})()`, &got)
			if err != nil {
				t.Fatal(err)
			}
			where := fmt.Sprintf("%s, %s", mode.name, lang)
			if got.Overflow > 0 {
				t.Errorf("%s: /dashboard is %d px wider than the screen", where, got.Overflow)
			}
			if got.Charts != 3 || got.Bars < 50 || got.Rows != got.Bars || got.Phases != 8 || got.Orgs < 5 {
				t.Errorf("%s: /dashboard drew %+v: want 3 charts of a bar a day, the same days in the table, 8 phases, the demo's 5 organisations", where, got)
			}
			if got.Width == 0 || got.Width > int(mode.width) {
				t.Errorf("%s: a chart is %d px wide on a %d px screen", where, got.Width, mode.width)
			}
			mw.open("/dashboard/audit?lang="+lang, "audit-"+lang)
		}
		// Filtering the log is a plain GET form: it works without JavaScript.
		p.Fill("#action", "theme.create")
		p.ClickAndWait(`form[action="/dashboard/audit"] button[type=submit]`)
		var actions []string
		if err := p.Eval(`[...document.querySelectorAll('main tbody tr td:nth-child(3)')].map(td => td.lastChild.textContent.trim())`, &actions); err != nil {
			t.Fatal(err)
		}
		if len(actions) == 0 {
			t.Errorf("%s: filtering the audit log by theme.create shows nothing", mode.name)
		}
		for _, a := range actions {
			if a != "theme.create" {
				t.Errorf("%s: the log filtered by theme.create shows %q", mode.name, a)
				break
			}
		}
		if overflow := 0; p.Eval(`document.documentElement.scrollWidth - window.innerWidth`, &overflow) == nil && overflow > 0 {
			t.Errorf("%s: the audit log is %d px wider than the screen", mode.name, overflow)
		}
	}
}
