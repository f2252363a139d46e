package e2e

import (
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/browsertest"
)

// Script-bearing input typed into the browser is stored and shown as text:
// it never becomes markup, on the issue's page, in lists or in comments.
// (The CSP would block an inline script anyway, so the test looks at the
// DOM, not only at whether something ran.)
func TestScriptInputIsShownAsText(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test: skipped under -short")
	}
	demo := startDemo(t)
	b := browsertest.Start(t)
	w := &walker{t: t, p: b.NewPage(t, 1280, 900), base: demo.URL, dir: t.TempDir(), seen: map[string]bool{"signin": true,
		"signin-sent": true, "outbox": true, "outbox-message": true, "signin-confirm": true}}
	w.p.Navigate(demo.URL) // CheckPage is not wanted here: axe runs in the walk-through
	w.signIn("mallory@example.org")

	title := `Hospital <img src=x onerror="window.__pwned=1"> parking <script>window.__pwned=2</script>`
	desc := "Parking costs too much. <b>bold?</b> <a href=\"javascript:window.__pwned=3\">link</a> & more"
	w.p.Navigate(demo.URL + "/issues/new")
	w.p.Fill("#title", title)
	w.p.ClickAndWait(`main form[method=get] button[type=submit]`)
	w.p.Fill("#description", desc)
	w.p.ClickAndWait(`main form[method=post][action="/issues/new"] button[type=submit]`)
	id := issueID(t, w.p.Location())
	comment := `Agreed <script>window.__pwned=4</script><iframe src="/"></iframe>`
	form := `form[action="/issues/` + id + `/comments"]:not(:has(input[name=parent]))`
	w.p.Fill(form+" textarea[name=body]", comment)
	w.p.ClickAndWait(form + " button[type=submit]")

	for _, path := range []string{"/issues/" + id, "/issues?sort=newest", "/", "/issues?q=parking"} {
		w.p.Navigate(demo.URL + path)
		var injected int
		if err := w.p.Eval(`document.querySelectorAll('main img[src="x"], main script, main iframe, main b, main a[href^="javascript:"]').length`, &injected); err != nil {
			t.Fatal(err)
		}
		if injected > 0 {
			t.Errorf("%s: %d elements were made from user input", path, injected)
		}
		var pwned bool
		if err := w.p.Eval(`window.__pwned !== undefined`, &pwned); err != nil {
			t.Fatal(err)
		}
		if pwned {
			t.Errorf("%s: script from user input ran", path)
		}
		text := w.p.Text("main")
		if !strings.Contains(text, `<img src=x onerror="window.__pwned=1">`) {
			t.Errorf("%s: the title is not shown literally: %.300q", path, text)
		}
		if path == "/issues/"+id {
			for _, want := range []string{"<b>bold?</b>", "& more", "<script>window.__pwned=4</script>"} {
				if !strings.Contains(text, want) {
					t.Errorf("%s: %q is not shown literally", path, want)
				}
			}
		}
	}
}
