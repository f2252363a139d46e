package browsertest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/assets"
)

// page is a minimal NHS.UK frontend page using the embedded assets.
func page(body string) string {
	return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Test page</title><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="` + assets.URL(assets.Favicon) + `" type="image/svg+xml">
<link rel="stylesheet" href="` + assets.URL(assets.NHSUKCSS) + `">
<link rel="stylesheet" href="` + assets.URL(assets.FolkmootCSS) + `"></head>
<body><a class="nhsuk-skip-link" href="#maincontent">Skip to main content</a>
<header class="nhsuk-header fm-brand-header" role="banner"><div class="nhsuk-header__container nhsuk-width-container">
<a class="fm-header-name" href="/">Folkmoot</a></div></header>
<div class="nhsuk-width-container"><main class="nhsuk-main-wrapper" id="maincontent">` + body + `</main></div>
<script type="module" src="` + assets.URL(assets.FolkmootJS) + `"></script></body></html>`
}

func server(t *testing.T) *httptest.Server {
	mux := http.NewServeMux()
	mux.Handle("GET /static/", assets.Handler())
	serve := func(html string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Security-Policy", "default-src 'self'")
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, html)
		}
	}
	mux.HandleFunc("GET /good", serve(page(`<h1>Issues</h1><form method="post" action="/x">
<div class="nhsuk-form-group"><label class="nhsuk-label" for="title">Title</label>
<input class="nhsuk-input" id="title" name="title" type="text"></div>
<button class="nhsuk-button" type="submit">Submit</button></form>`)))
	mux.HandleFunc("GET /bad", serve(page(`<h1>Bad</h1><img src="/static/favicon.svg">
<input type="text" name="unlabelled"><a href="/x"></a>`)))
	mux.HandleFunc("GET /outside", serve(page(`<h1>Outside</h1><img alt="x" src="http://outside.invalid/pixel.png">`)))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestAxeFindsViolationsOnlyOnBadPage(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser")
	}
	RequireAxe(t)
	srv := server(t)
	b := Start(t)
	p := b.NewPage(t, 0, 0)

	p.Navigate(srv.URL + "/good")
	if vs := p.Axe(); len(vs) != 0 {
		t.Errorf("good page: %v", vs)
	}
	if got := p.OutsideRequests(); len(got) != 0 {
		t.Errorf("good page requested outside hosts: %v", got)
	}
	// folkmoot.js (an ES module importing NHS.UK frontend) ran under the CSP.
	var classes string
	if err := p.Eval(`document.body.className`, &classes); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(classes, "nhsuk-frontend-supported") {
		t.Errorf("body classes %q: folkmoot.js did not run", classes)
	}
	// The stylesheet applied: the header has NHS.UK blue.
	var bg string
	if err := p.Eval(`getComputedStyle(document.querySelector('header')).backgroundColor`, &bg); err != nil {
		t.Fatal(err)
	}
	if bg != "rgb(0, 94, 184)" {
		t.Errorf("header background %q: CSS not applied", bg)
	}
	var fg string
	if err := p.Eval(`getComputedStyle(document.querySelector('.fm-header-name')).color`, &fg); err != nil {
		t.Fatal(err)
	}
	if fg != "rgb(255, 255, 255)" {
		t.Errorf("organisation name in the header is %q, want white on the blue header", fg)
	}

	p.Navigate(srv.URL + "/bad")
	var ids []string
	for _, v := range p.Axe() {
		ids = append(ids, v.ID)
	}
	for _, want := range []string{"image-alt", "label", "link-name"} {
		if !slices.Contains(ids, want) {
			t.Errorf("bad page: axe found %v, want %s among them", ids, want)
		}
	}
}

func TestOutsideRequestsAreRecordedNotMade(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser")
	}
	srv := server(t)
	b := Start(t)
	p := b.NewPage(t, 0, 0)
	p.Navigate(srv.URL + "/outside")
	var complete bool
	// Wait until the image has settled (it fails: no name resolves).
	if err := p.Eval(`new Promise(r => { const i = document.querySelector('img'); if (i.complete) r(true); else { i.onerror = () => r(true); i.onload = () => r(true); } })`, &complete); err != nil {
		t.Fatal(err)
	}
	got := p.OutsideRequests()
	if len(got) != 1 || got[0] != "http://outside.invalid/pixel.png" {
		t.Errorf("outside requests %v, want the one image", got)
	}
	if len(p.Requests()) < 4 { // page, CSS ×2, JS, …
		t.Errorf("requests %v: recording incomplete", p.Requests())
	}
}

func TestScreenshot(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser")
	}
	srv := server(t)
	b := Start(t)
	p := b.NewPage(t, 390, 844) // a phone
	p.Navigate(srv.URL + "/good")
	path := filepath.Join(t.TempDir(), "shots", "good.png")
	p.Screenshot(path)
	png, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(png) < 1000 || string(png[1:4]) != "PNG" {
		t.Errorf("screenshot is %d bytes, not a PNG", len(png))
	}
}

func TestDisableJavaScript(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser")
	}
	srv := server(t)
	b := Start(t)
	p := b.NewPage(t, 0, 0)
	p.DisableJavaScript()
	p.Navigate(srv.URL + "/good")
	var classes string
	if err := p.Eval(`document.body.className`, &classes); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(classes, "js-enabled") {
		t.Errorf("body classes %q: the page's script ran", classes)
	}
}
