package e2e

import (
	"fmt"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/folkmoot/folkmoot/internal/browsertest"
)

// phoneRole is one kind of person the phone test browses as: the demo
// account it signs in with ("" for signed out) and the pages to start from
// (the rest are found by following the links on them).
type phoneRole struct {
	name  string
	email string
	seeds []string
}

// phoneRoles: signed out, a member, a moderator and an organiser.
var phoneRoles = []phoneRole{
	{"signed-out", "", []string{"/", "/issues", "/themes", "/cycles", "/signin", "/moderation/log", "/no-such-page"}},
	{"member", "anne.marsh@example.org", []string{"/", "/account", "/issues/new",
		"/issues/new?title=" + url.QueryEscape("No support for carers after a dementia diagnosis")}},
	{"moderator", "helen.murray@example.org", []string{"/", "/moderation", "/moderation/log", "/themes"}},
	{"organiser", "priya.shah@example.org", []string{"/", "/themes", "/themes/suggestions", "/cycles", "/cycles/new"}},
}

// numberRE finds the ids in a path (any segment with a digit), so
// /issues/12 and /issues/7 are one page type, checked once.
var numberRE = regexp.MustCompile(`/[^/]*[0-9][^/]*`)

// pageType names the kind of page a path shows: its path with ids as {n},
// and the names of its query parameters.
func pageType(path string) string {
	u, err := url.Parse(path)
	if err != nil {
		return path
	}
	t := numberRE.ReplaceAllString(u.Path, "/{n}")
	var keys []string
	for k := range u.Query() {
		if k != "lang" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	if len(keys) > 0 {
		t += "?" + strings.Join(keys, "&")
	}
	return t
}

// crawlable reports whether a same-site link leads to a page to check (not
// a file, an export, a feed, a download such as "my data", or a one-time
// sign-in link: a browser aborts a navigation that ends in a download).
func crawlable(path string) bool {
	u, err := url.Parse(path)
	if err != nil || u.Host != "" || !strings.HasPrefix(u.Path, "/") {
		return false
	}
	for _, suffix := range []string{".json", ".csv", ".atom", ".svg", ".png", ".css", ".js", ".blt", ".txt"} {
		if strings.HasSuffix(u.Path, suffix) {
			return false
		}
	}
	return !strings.HasPrefix(u.Path, "/static/") && !strings.HasPrefix(u.Path, "/signin/") && u.Path != "/theme.css" &&
		u.Path != "/account/data"
}

// phoneMode is how a page is looked at: a screen width, JavaScript on or
// off, and a language.
type phoneMode struct {
	width int64
	js    bool
	lang  string
}

func (m phoneMode) String() string {
	js := "js"
	if !m.js {
		js = "nojs"
	}
	return fmt.Sprintf("%dpx-%s-%s", m.width, js, m.lang)
}

// settle waits until the page has loaded and, with JavaScript on, until
// NHS.UK frontend's header script has laid the menu out (two frames).
const settle = `new Promise(done => {
	const frames = () => requestAnimationFrame(() => requestAnimationFrame(() => done(true)))
	if (document.readyState === 'complete') frames(); else addEventListener('load', frames)
})`

// layout is what the phone test measures on each page.
type layout struct {
	Lang        string   `json:"lang"`
	JS          bool     `json:"js"`
	ScrollWidth int      `json:"scrollWidth"`
	Wide        []string `json:"wide"` // elements reaching past the screen's right edge
	Links       []string `json:"links"`
}

const measure = `(() => {
	const w = window.innerWidth, wide = []
	for (const e of document.querySelectorAll('body *')) {
		const r = e.getBoundingClientRect()
		if (r.width > 0 && r.right > w + 0.5 && wide.length < 5) wide.push(e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : '') + ' ' + Math.round(r.right) + 'px')
	}
	return {
		lang: document.documentElement.lang,
		js: document.body.classList.contains('nhsuk-frontend-supported'),
		scrollWidth: document.documentElement.scrollWidth,
		wide,
		links: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href')),
	}
})()`

// TestEveryPageOnAPhone opens every page each kind of person can reach —
// signed out, a member, a moderator and an organiser, starting from a few
// pages and following every link to a page of a type not yet seen — at
// phone widths of 320 and 390 px, with JavaScript on and off, in English
// and Welsh. On each it fails if the page is wider than the screen (it
// would scroll sideways), if <html lang> or the script's state is wrong,
// and on any serious or critical axe-core violation.
// FOLKMOOT_PHONE_QUICK=1 checks only 320 px, =390 only 390 px (quicker
// local runs).
func TestEveryPageOnAPhone(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test: skipped under -short")
	}
	browsertest.RequireAxe(t)
	demo := startDemo(t)
	b := browsertest.Start(t)
	start := time.Now()
	tabs := map[bool]*browsertest.Page{true: b.NewPage(t, 390, 844), false: b.NewPage(t, 390, 844)}
	tabs[false].DisableJavaScript()
	widths := []int64{320, 390}
	switch quick := strings.TrimSpace(os.Getenv("FOLKMOOT_PHONE_QUICK")); quick {
	case "", "0":
	case "390":
		widths = widths[1:]
	default:
		widths = widths[:1]
	}
	views := 0
	for _, role := range phoneRoles {
		// The tabs share cookies: one sign-in serves both.
		js := tabs[true]
		js.Run(page.BringToFront(), network.ClearBrowserCookies())
		if role.email != "" {
			w := &walker{t: t, p: js, base: demo.URL, dir: t.TempDir(), seen: map[string]bool{"signin": true, "signin-sent": true, "signin-confirm": true, "account-first-sign-in": true}}
			w.signIn(role.email)
		}
		pages := crawl(t, js, demo.URL, role.seeds)
		t.Logf("%s: %d page types: %s", role.name, len(pages), strings.Join(sortedKeys(pages), " "))
		for _, lang := range []string{"en", "cy"} {
			for _, width := range widths {
				for _, on := range []bool{true, false} {
					m := phoneMode{width: width, js: on, lang: lang}
					p := tabs[on]
					p.Run(page.BringToFront(), chromedp.EmulateViewport(width, 800))
					for _, typ := range sortedKeys(pages) {
						checkOnPhone(t, p, m, role.name+" "+typ, withLang(demo.URL+pages[typ], lang))
						views++
					}
				}
			}
		}
	}
	t.Logf("%d page views checked in %v", views, time.Since(start).Round(time.Second))
}

// checkOnPhone opens url in p and checks it in mode m.
func checkOnPhone(t *testing.T, p *browsertest.Page, m phoneMode, name, url string) {
	t.Helper()
	p.Navigate(url)
	if m.js {
		if err := p.Eval(settle, nil); err != nil {
			t.Fatalf("%s %s: %v", m, name, err)
		}
	}
	var got layout
	if err := p.Eval(measure, &got); err != nil {
		t.Fatalf("%s %s: %v", m, name, err)
	}
	wantLang := map[string]string{"en": "en-GB", "cy": "cy"}[m.lang]
	if got.Lang != wantLang {
		t.Errorf("%s %s: <html lang=%q>, want %q", m, name, got.Lang, wantLang)
	}
	if got.JS != m.js {
		t.Errorf("%s %s: the page's script ran: %v, want %v", m, name, got.JS, m.js)
	}
	if got.ScrollWidth > int(m.width) {
		t.Errorf("%s %s: the page is %d px wide on a %d px screen: it scrolls sideways (too wide: %s)", m, name, got.ScrollWidth, m.width, strings.Join(got.Wide, ", "))
	}
	for _, v := range p.Axe() {
		t.Errorf("%s %s: accessibility: %v", m, name, v)
	}
}

// crawl visits the seeds and follows links from them, breadth first, and
// returns one address for each page type found (at most 80).
func crawl(t *testing.T, p *browsertest.Page, base string, seeds []string) map[string]string {
	t.Helper()
	pages := map[string]string{}
	queue := append([]string(nil), seeds...)
	for len(queue) > 0 && len(pages) < 80 {
		path := queue[0]
		queue = queue[1:]
		typ := pageType(path)
		if _, seen := pages[typ]; seen || !crawlable(path) {
			continue
		}
		pages[typ] = path
		p.Navigate(base + path)
		var got layout
		if err := p.Eval(measure, &got); err != nil {
			t.Fatalf("crawling %s: %v", path, err)
		}
		for _, h := range got.Links {
			h, _, _ = strings.Cut(h, "#")
			if u, err := url.Parse(h); err == nil && crawlable(h) {
				// Lists take many parameters (paging, sorting, filters): only
				// those that change what kind of page it is are kept.
				q := url.Values{}
				for _, k := range pageParams {
					if v, ok := u.Query()[k]; ok {
						q[k] = v
					}
				}
				u.RawQuery = q.Encode()
				if _, seen := pages[pageType(u.String())]; !seen {
					queue = append(queue, u.String())
				}
			}
		}
	}
	return pages
}

// pageParams are the query parameters that make a different page type: a
// reply or report about a comment, and the second step of raising an issue.
var pageParams = []string{"comment", "title"}

// withLang adds lang=<lang> to url's query.
func withLang(u, lang string) string {
	if strings.Contains(u, "?") {
		return u + "&lang=" + lang
	}
	return u + "?lang=" + lang
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// TestPageType: ids fold into one page type; query names count, values
// and the language do not.
func TestPageType(t *testing.T) {
	for in, want := range map[string]string{
		"/issues/12":                "/issues/{n}",
		"/issues/7/moderate?c=3":    "/issues/{n}/moderate?c",
		"/issues?lang=cy":           "/issues",
		"/issues?tag=a&sort=new":    "/issues?sort&tag",
		"/cycles/2/feed.atom":       "/cycles/{n}/feed.atom",
		"/outbox/20261205T03.8Z-8e": "/outbox/{n}",
		"/themes/suggestions?p=2x":  "/themes/suggestions?p",
	} {
		if got := pageType(in); got != want {
			t.Errorf("pageType(%q) = %q; want %q", in, got, want)
		}
	}
	for in, want := range map[string]bool{"/issues": true, "/issues.csv": false, "/static/x.css": false,
		"/signin/abc": false, "/account/data": false, "https://example.org/": false, "mailto:a@b.c": false, "/help": true} {
		if got := crawlable(in); got != want {
			t.Errorf("crawlable(%q) = %v; want %v", in, got, want)
		}
	}
}
