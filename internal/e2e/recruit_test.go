package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/folkmoot/folkmoot/internal/browsertest"
)

// recruitView checks a page of the recruitment walk-through: axe-core with
// no serious or critical violation, no request to another host, the
// language asked for, and no sideways scrolling on a phone.
func recruitView(t *testing.T, p *browsertest.Page, width int64, lang, name, dir string) {
	t.Helper()
	t.Logf("checking %s", name)
	var got struct {
		Lang     string `json:"lang"`
		Overflow int    `json:"overflow"`
	}
	if err := p.Eval(`({lang: document.documentElement.lang, overflow: document.documentElement.scrollWidth - window.innerWidth})`, &got); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	want := map[string]string{"en": "en-GB", "cy": "cy"}[lang]
	if got.Lang != want {
		t.Errorf("%s: <html lang=%q>, want %q", name, got.Lang, want)
	}
	if width <= 400 && got.Overflow > 0 {
		t.Errorf("%s: %d px wider than the %d px screen", name, got.Overflow, width)
	}
	shot := "" // screenshots only when asked for (make screenshots): they are slow on a busy machine
	if os.Getenv("FOLKMOOT_SCREENSHOTS") != "" {
		shot = filepath.Join(dir, name+".png")
	}
	p.CheckPage(name, shot)
}

// TestRecruitWalkThrough is issue 13's recruitment in the browser: an
// organiser moves the current round to its agenda phase, imports a list of
// addresses (a bad one first, with its problems listed by line and
// column), draws invitations with a seed and opens the letters; then one
// person registers with the code of a letter on a 320 px phone without
// JavaScript, typed in small letters without the dash, and another in
// Welsh with JavaScript; the public recruitment page shows the counts and
// the seed, never a name. axe-core checks each new page in English and
// Welsh.
func TestRecruitWalkThrough(t *testing.T) {
	if testing.Short() {
		t.Skip("browser walk-through: skipped under -short")
	}
	browsertest.RequireAxe(t)
	demo := startDemo(t)
	b := browsertest.Start(t)
	dir := filepath.Join(shots(t), "recruit")
	os.MkdirAll(dir, 0o755)
	w := &walker{t: t, p: b.NewPage(t, 1280, 900), base: demo.URL, dir: dir, seen: map[string]bool{}}
	desk := func(name string) { recruitView(t, w.p, 1280, "en", name, dir) }

	// The organiser moves the current round (the demo's second) to its agenda phase.
	w.signIn("priya.shah@example.org")
	const round = "/cycles/2"
	w.p.Navigate(demo.URL + round)
	if !strings.Contains(w.p.Text("main"), "Now: Gather") || !w.p.Has(`a[href="`+round+`/recruitment"]`) {
		t.Fatalf("the current round's page: %q", w.p.Text("main"))
	}
	w.p.Fill("#phase", "agenda")
	w.p.ClickAndWait(`form[action="` + round + `/phase"] button[type=submit]`)
	if !strings.Contains(w.p.Text("main"), "Now: Agenda") {
		t.Fatalf("the round did not move: %q", w.p.Text("main"))
	}
	w.p.ClickAndWait(`a[href="` + round + `/recruitment"]`)
	desk("recruitment-organiser")
	w.p.ClickAndWait(`main a[href="` + round + `/recruitment/questions"]`)
	if !strings.Contains(w.p.HTML(), "[age]") {
		t.Errorf("the questions page does not show the default questions")
	}
	desk("recruitment-questions")

	// A bad list: every problem with its line and column, nothing imported.
	files := t.TempDir()
	bad := filepath.Join(files, "bad.csv")
	os.WriteFile(bad, []byte("address_line_1,town,postcode\n1 Tern Road,Leeds,LS6 2AB\n2 Tern Road,Leeds,not a postcode\n,Leeds,LS6 2AB\n"), 0o644)
	w.p.Navigate(demo.URL + round + "/recruitment/addresses")
	desk("recruitment-addresses")
	w.p.Run(chromedp.SetUploadFiles("#file", []string{bad}, chromedp.ByQuery))
	w.p.ClickAndWait(`form[enctype="multipart/form-data"] button[type=submit]`)
	main := w.p.Text("main")
	if !w.p.Has(".nhsuk-error-summary") || !strings.Contains(main, "is not a postcode") || !strings.Contains(main, "The row has no address lines") {
		t.Fatalf("a bad file: %q", main)
	}
	desk("recruitment-addresses-errors")
	var csv strings.Builder
	csv.WriteString("UPRN,Address line 1,Town,Postcode\n")
	for i := 1; i <= 60; i++ {
		fmt.Fprintf(&csv, "%d,%d Tern Road,Leeds,LS6 %dAB\n", 1000+i, i, i%9+1)
	}
	good := filepath.Join(files, "good.csv")
	os.WriteFile(good, []byte(csv.String()), 0o644)
	w.p.Run(chromedp.SetUploadFiles("#file", []string{good}, chromedp.ByQuery))
	w.p.ClickAndWait(`form[enctype="multipart/form-data"] button[type=submit]`)
	if !strings.Contains(w.p.Text("main"), "60 addresses were added.") {
		t.Fatalf("a good file: %q", w.p.Text("main"))
	}
	desk("recruitment-addresses-imported")

	// The draw, with its seed, and the letters.
	w.p.Navigate(demo.URL + round + "/recruitment/invitations")
	desk("recruitment-invitations")
	w.p.Fill("#count", "20")
	w.p.Fill("#seed", "e2e-walkthrough-seed")
	w.p.ClickAndWait(`form[action="` + round + `/recruitment/invitations"] button[type=submit]`)
	if !strings.Contains(w.p.Text("main"), "20 invitations were drawn with the seed e2e-walkthrough-seed.") {
		t.Fatalf("after the draw: %q", w.p.Text("main"))
	}
	w.p.ClickAndWait(`main a[href*="/recruitment/letters?draw="]`)
	desk("recruitment-letters")
	var codes []string
	if err := w.p.Eval(`[...document.querySelectorAll('.fm-letter__code')].map(e => e.textContent.trim())`, &codes); err != nil || len(codes) != 20 {
		t.Fatalf("%d codes on the letters page, %v", len(codes), err)
	}
	w.p.Navigate(demo.URL + round + "/recruitment/registrations")
	desk("recruitment-registrations")

	// The organiser's pages in Welsh, with a bad list's problems told in Welsh.
	for _, pg := range []string{"", "/questions", "/addresses", "/invitations", "/letters", "/registrations"} {
		w.p.Navigate(demo.URL + round + "/recruitment" + pg + "?lang=cy")
		recruitView(t, w.p, 1280, "cy", "recruitment"+strings.ReplaceAll(pg, "/", "-")+"-cy", dir)
	}
	w.p.Navigate(demo.URL + round + "/recruitment/addresses?lang=cy")
	w.p.Run(chromedp.SetUploadFiles("#file", []string{bad}, chromedp.ByQuery))
	w.p.ClickAndWait(`form[enctype="multipart/form-data"] button[type=submit]`)
	if main := w.p.Text("main"); !strings.Contains(main, "Nid oes llinellau cyfeiriad yn y rhes") || !strings.Contains(main, "yn god post") {
		t.Errorf("a bad file in Welsh: %q", main)
	}
	recruitView(t, w.p, 1280, "cy", "recruitment-addresses-errors-cy", dir)

	// Person one: a 320 px phone without JavaScript, signed out.
	w.p.Run(network.ClearBrowserCookies())
	ph := b.NewPage(t, 320, 800)
	ph.DisableJavaScript()
	phone := func(lang, name string) { recruitView(t, ph, 320, lang, name, dir) }
	ph.Navigate(demo.URL + "/register")
	phone("en", "register-code")
	ph.Fill("#code", strings.ToLower(strings.ReplaceAll(codes[0], "-", "")))
	ph.ClickAndWait(`form[action="/register"] button[type=submit]`)
	if !ph.Has(`#dob-day`) || !strings.Contains(ph.Text("main"), codes[0]) {
		t.Fatalf("no registration form for %s: %q", codes[0], ph.Text("main"))
	}
	phone("en", "register-form")
	ph.ClickAndWait(`form[method=post][action="/register"] button[type=submit]`)
	if !ph.Has(".nhsuk-error-summary") || !ph.Has("#name-error") || !ph.Has("#consent-error") {
		t.Fatalf("an empty registration gave no error summary: %q", ph.Text("main"))
	}
	phone("en", "register-form-errors")
	fill := func(p *browsertest.Page, name, email, day, month, year string, answers map[string]string) {
		p.Fill("#name", name)
		p.Fill("#email", email)
		p.Fill("#dob-day", day)
		p.Fill("#dob-month", month)
		p.Fill("#dob-year", year)
		js := `document.getElementById('consent').checked = true;`
		for q, v := range answers {
			js += fmt.Sprintf(`document.querySelector('input[name="q-%s"][value="%s"]').checked = true;`, q, v)
		}
		if err := p.Eval(js+"true", nil); err != nil {
			t.Fatal(err)
		}
	}
	fill(ph, "Olwen Pryce", "olwen.pryce@example.org", "4", "11", "1958",
		map[string]string{"gender": "woman", "region": "yorkshire", "ethnicity": "white", "disability": "yes-a-little"})
	ph.Fill("#access", "A hearing loop, please.")
	ph.ClickAndWait(`form[method=post][action="/register"] button[type=submit]`)
	if !strings.HasSuffix(ph.Location(), "/register/done") || !strings.Contains(ph.Text("main"), "Your reference is p-") {
		t.Fatalf("after registering: %s %q", ph.Location(), ph.Text("main"))
	}
	phone("en", "register-done")

	// Person two: Welsh, JavaScript on.
	cy := b.NewPage(t, 390, 844)
	cy.Run(network.ClearBrowserCookies())
	welsh := func(name string) { recruitView(t, cy, 390, "cy", name, dir) }
	cy.Navigate(demo.URL + "/register?lang=cy")
	welsh("register-code-cy")
	cy.Fill("#code", codes[1])
	cy.ClickAndWait(`form[action="/register"] button[type=submit]`)
	if !strings.Contains(cy.Text("main"), "Beth yw eich dyddiad geni?") {
		t.Fatalf("the Welsh form: %q", cy.Text("main"))
	}
	welsh("register-form-cy")
	cy.ClickAndWait(`form[method=post][action="/register"] button[type=submit]`)
	if !cy.Has(".nhsuk-error-summary") {
		t.Fatalf("no Welsh error summary")
	}
	welsh("register-form-errors-cy")
	fill(cy, "Dafydd ap Gwilym", "dafydd@example.org", "12", "6", "1990",
		map[string]string{"gender": "man", "region": "london", "ethnicity": "mixed", "disability": "no"})
	cy.ClickAndWait(`form[method=post][action="/register"] button[type=submit]`)
	if !strings.Contains(cy.Text("main"), "Diolch: rydych wedi cofrestru") {
		t.Fatalf("after registering in Welsh: %s %q", cy.Location(), cy.Text("main"))
	}
	welsh("register-done-cy")
	// The same code again is refused.
	cy.Navigate(demo.URL + "/register?code=" + codes[1])
	if !strings.Contains(cy.Text("main"), "eisoes wedi'i ddefnyddio") {
		t.Errorf("a used code: %q", cy.Text("main"))
	}
	cy.Navigate(demo.URL + "/register/withdraw")
	welsh("register-withdraw-cy")
	ph.Navigate(demo.URL + "/register/withdraw?lang=en") // the tabs share the language cookie
	phone("en", "register-withdraw")

	// Person one changes their mind: the link in their confirmation email.
	link := withdrawLink(t, ph, demo.URL, "olwen.pryce@example.org")
	ph.Navigate(link + "?lang=en")
	phone("en", "register-withdraw-link")
	ph.ClickAndWait(`main form button[type=submit]`)
	if !strings.Contains(ph.Text("main"), "Your details have been erased") {
		t.Fatalf("after withdrawing: %q", ph.Text("main"))
	}
	phone("en", "register-withdrawn")

	// The public page: counts and the seed, no names, in both languages.
	for _, lang := range []string{"en", "cy"} {
		ph.Navigate(demo.URL + round + "/recruitment?lang=" + lang)
		main := ph.Text("main")
		if !strings.Contains(main, "e2e-walkthrough-seed") || strings.Contains(main, "Olwen") || strings.Contains(main, "Dafydd") {
			t.Errorf("public recruitment page (%s): %q", lang, main)
		}
		phone(lang, "recruitment-public-"+lang)
	}
	if !strings.Contains(ph.Text("main"), "People who withdrew\n1") && !strings.Contains(ph.Text("main"), "Pobl a dynnodd yn ôl\n1") {
		t.Logf("public page after a withdrawal: %q", ph.Text("main"))
	}
	ph.Navigate(demo.URL + "/cycles/1/recruitment?lang=en")
	if !strings.Contains(ph.Text("main"), "640") {
		t.Errorf("the past round's recruitment page lacks its 640 registrations: %q", ph.Text("main"))
	}
	phone("en", "recruitment-public-past")
}

var withdrawLinkRE = regexp.MustCompile(`https?://[^\s"<>]+/register/withdraw/[0-9a-f]+`)

// withdrawLink finds the withdraw link of the confirmation email to email
// in the demo's outbox (mail goes through the job queue: it waits 15 s at
// most).
func withdrawLink(t *testing.T, p *browsertest.Page, base, email string) string {
	t.Helper()
	find := fmt.Sprintf(`(() => { const out = [];
		for (const tr of document.querySelectorAll('main table tbody tr')) {
			if (tr.cells[0] && tr.cells[0].textContent.trim() === %q) { out.push(tr.querySelector('a').getAttribute('href')); }
		}
		return out; })()`, email)
	for deadline := time.Now().Add(15 * time.Second); ; {
		p.Navigate(base + "/outbox")
		var hrefs []string
		if err := p.Eval(find, &hrefs); err != nil {
			t.Fatal(err)
		}
		for _, h := range hrefs {
			p.Navigate(base + h)
			if link := withdrawLinkRE.FindString(p.HTML()); link != "" {
				return link
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no confirmation email to %s in the outbox after 15 s", email)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
