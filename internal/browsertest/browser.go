package browsertest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	cdpage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Timeout bounds each browser action; a page that takes longer fails the test.
const Timeout = 30 * time.Second

// Browser is one headless Chromium process. Close it (Start registers
// t.Cleanup to do so).
type Browser struct {
	ctx         context.Context // browser context: the first tab
	cancel      context.CancelFunc
	allocCancel context.CancelFunc
	dir         string // --user-data-dir
}

// unavailable skips the test, or fails it when CI=true.
func unavailable(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// ChromiumPath returns the browser executable to use, or "" if none is found.
func ChromiumPath() string {
	if p := os.Getenv("FOLKMOOT_CHROMIUM"); p != "" {
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Start launches headless Chromium for the test and closes it when the test
// ends. It skips the test when no browser is installed (fails with CI=true).
func Start(t testing.TB) *Browser {
	t.Helper()
	path := ChromiumPath()
	if path == "" {
		unavailable(t, "browsertest: no Chromium found; install it: apt-get install chromium (or set FOLKMOOT_CHROMIUM)")
	}
	// Not t.TempDir: Chromium may still be writing there when its cleanup
	// runs; Close removes the folder after the browser has gone.
	dir, err := os.MkdirTemp("", "folkmoot-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.UserDataDir(dir),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		chromedp.Flag("metrics-recording-only", true),
		chromedp.Flag("safebrowsing-disable-auto-update", true),
		chromedp.Flag("password-store", "basic"),
		// A test may open several tabs (a phone beside a desktop); the one
		// not in front must not have its timers and frames throttled, or
		// a screenshot can wait for a frame that never comes.
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-backgrounding-occluded-windows", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
		// No name resolves but localhost: a page cannot reach outside hosts.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"),
		chromedp.WindowSize(1280, 900),
	}
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	// The first Run starts the browser, whose life is then tied to the
	// context it was given: so no timeout here.
	if err := chromedp.Run(ctx); err != nil {
		cancel()
		acancel()
		t.Fatalf("browsertest: starting %s: %v", path, err)
	}
	b := &Browser{ctx: ctx, cancel: cancel, allocCancel: acancel, dir: dir}
	t.Cleanup(b.Close)
	return b
}

// Close stops the browser. It is safe to call more than once.
func (b *Browser) Close() {
	_ = chromedp.Cancel(b.ctx) // closes the browser and waits for it
	b.cancel()
	b.allocCancel()
	os.RemoveAll(b.dir)
}

// Page is one browser tab. Its methods fail the test on error.
type Page struct {
	t      testing.TB
	ctx    context.Context
	mu     sync.Mutex
	reqs   []string // every URL requested, in order
	failed []string // requests that failed, with the reason
	noJS   bool     // DisableJavaScript was called
}

// NewPage opens a new tab that records the requests it makes, with the given
// viewport size (0, 0 for 1280×900). Its context ends with the test.
func (b *Browser) NewPage(t testing.TB, width, height int64) *Page {
	t.Helper()
	if width == 0 || height == 0 {
		width, height = 1280, 900
	}
	ctx, cancel := chromedp.NewContext(b.ctx)
	t.Cleanup(cancel)
	p := &Page{t: t, ctx: ctx}
	chromedp.ListenTarget(ctx, func(ev any) {
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			p.mu.Lock()
			p.reqs = append(p.reqs, e.Request.URL)
			p.mu.Unlock()
		case *network.EventLoadingFailed:
			p.mu.Lock()
			p.failed = append(p.failed, fmt.Sprintf("%s: %s", e.RequestID, e.ErrorText))
			p.mu.Unlock()
		}
	})
	// As for the browser, the tab lives as long as its first Run's context.
	if err := chromedp.Run(ctx, network.Enable(), chromedp.EmulateViewport(width, height)); err != nil {
		t.Fatalf("browsertest: opening a tab: %v", err)
	}
	return p
}

// Run runs chromedp actions in the tab, failing the test on error.
func (p *Page) Run(actions ...chromedp.Action) {
	p.t.Helper()
	if err := p.TryRun(actions...); err != nil {
		p.t.Fatalf("browsertest: %v", err)
	}
}

// TryRun runs chromedp actions in the tab and returns any error.
func (p *Page) TryRun(actions ...chromedp.Action) error {
	ctx, cancel := context.WithTimeout(p.ctx, Timeout)
	defer cancel()
	return chromedp.Run(ctx, actions...)
}

// Navigate loads url and waits for the page's body.
func (p *Page) Navigate(url string) {
	p.t.Helper()
	p.Run(chromedp.Navigate(url), chromedp.WaitReady("body", chromedp.ByQuery))
}

// Location returns the tab's current URL.
func (p *Page) Location() string {
	p.t.Helper()
	var loc string
	p.Run(chromedp.Location(&loc))
	return loc
}

// Text returns the visible text of the first element matching a CSS selector.
func (p *Page) Text(selector string) string {
	p.t.Helper()
	var s string
	p.Run(chromedp.Text(selector, &s, chromedp.ByQuery))
	return s
}

// HTML returns the current document's HTML.
func (p *Page) HTML() string {
	p.t.Helper()
	var s string
	p.Run(chromedp.OuterHTML("html", &s, chromedp.ByQuery))
	return s
}

// Requests returns every URL the tab has requested so far.
func (p *Page) Requests() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.reqs...)
}

// OutsideRequests returns the requested URLs whose host is not a loopback
// address or localhost (data: and blob: URLs are not requests to a host).
func (p *Page) OutsideRequests() []string {
	var out []string
	for _, r := range p.Requests() {
		u, err := url.Parse(r)
		if err != nil {
			out = append(out, r)
			continue
		}
		switch u.Scheme {
		case "data", "blob", "about", "chrome", "devtools":
			continue
		}
		h := u.Hostname()
		if h == "localhost" || h == "::1" || strings.HasPrefix(h, "127.") {
			continue
		}
		out = append(out, r)
	}
	return out
}

// Screenshot saves a full-page PNG of the tab to path, creating its folder.
func (p *Page) Screenshot(path string) {
	p.t.Helper()
	var png []byte
	// A tab behind another may produce no frame to capture: bring it to
	// the front first.
	p.Run(cdpage.BringToFront(), chromedp.FullScreenshot(&png, 100))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		p.t.Fatal(err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		p.t.Fatal(err)
	}
}

// Eval evaluates a JavaScript expression in the page (awaiting a promise)
// and decodes its JSON value into out.
func (p *Page) Eval(expr string, out any) error {
	var raw json.RawMessage
	err := p.TryRun(chromedp.Evaluate(expr, &raw, func(e *runtime.EvaluateParams) *runtime.EvaluateParams {
		return e.WithAwaitPromise(true)
	}))
	if err != nil {
		return err
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(raw, out)
}

// errNoAxe reports that axe-core is not installed.
var errNoAxe = errors.New("browsertest: node_modules/axe-core/axe.min.js not found; run npm ci at the module root")

// DisableJavaScript stops the page's own scripts from running (from the
// next navigation on), to show that pages work without JavaScript. The
// test's Eval calls still work.
func (p *Page) DisableJavaScript() {
	p.t.Helper()
	p.Run(emulation.SetScriptExecutionDisabled(true))
	p.noJS = true
}

// Fill sets the value of the form field matching a CSS selector.
//
// It sets the value from the page's own script, waiting (Timeout at most)
// for the element, rather than through chromedp's node tracking, which can
// miss the document a form submission loaded and then wait for ever.
func (p *Page) Fill(selector, value string) {
	p.t.Helper()
	sel, _ := json.Marshal(selector)
	val, _ := json.Marshal(value)
	js := fmt.Sprintf(`(() => { const e = document.querySelector(%s); if (!e) return false; e.value = %s; return true })()`, sel, val)
	deadline := time.Now().Add(Timeout)
	for {
		var done bool
		err := p.Eval(js, &done)
		if err == nil && done {
			return
		}
		if time.Now().After(deadline) {
			var at string
			p.Eval(`location.href`, &at)
			p.t.Fatalf("browsertest: no %s to fill at %s (%v)", selector, at, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Type types text into the element matching a CSS selector, key by key, as
// a person would (so the page sees input events).
func (p *Page) Type(selector, text string) {
	p.t.Helper()
	p.Run(chromedp.SendKeys(selector, text, chromedp.ByQuery))
}

// WaitFor waits until an element matches the CSS selector (Timeout at most).
func (p *Page) WaitFor(selector string) {
	p.t.Helper()
	p.Run(chromedp.WaitReady(selector, chromedp.ByQuery))
}

// ClickAndWait clicks the element matching a CSS selector (a link or a
// submit button) and waits until the next page has loaded.
func (p *Page) ClickAndWait(selector string) {
	p.t.Helper()
	if err := p.Eval(`window.__folkmootOld = true`, nil); err != nil {
		p.t.Fatalf("browsertest: %v", err)
	}
	p.Run(chromedp.WaitVisible(selector, chromedp.ByQuery))
	// A DOM click rather than a mouse event at the element's coordinates:
	// NHS.UK components may move focus (and scroll) just after load, so
	// coordinates computed a moment earlier can miss.
	var clicked bool
	if err := p.Eval(fmt.Sprintf(`(() => { const e = document.querySelector(%q); if (!e) return false; e.click(); return true })()`, selector), &clicked); err != nil || !clicked {
		p.t.Fatalf("browsertest: clicking %s: found %v, %v", selector, clicked, err)
	}
	deadline := time.Now().Add(Timeout)
	for time.Now().Before(deadline) {
		var loaded bool
		// Errors are expected while the old document goes away.
		if err := p.Eval(`typeof window.__folkmootOld === 'undefined' && document.readyState === 'complete'`, &loaded); err == nil && loaded {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	var state string
	p.Eval(`location.href + " " + document.readyState + " " + (document.activeElement ? document.activeElement.outerHTML.slice(0, 200) : "")`, &state)
	p.t.Fatalf("browsertest: no new page loaded after clicking %s (now at %s)", selector, state)
}

// Has reports whether an element matches the CSS selector now.
func (p *Page) Has(selector string) bool {
	p.t.Helper()
	var n int
	if err := p.Eval(fmt.Sprintf(`document.querySelectorAll(%q).length`, selector), &n); err != nil {
		p.t.Fatalf("browsertest: %v", err)
	}
	return n > 0
}
