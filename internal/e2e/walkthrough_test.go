package e2e

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/browsertest"
)

// shots returns where screenshots go: $FOLKMOOT_SCREENSHOTS (relative to
// the module root; make screenshots uses docs/screenshots) or a temporary
// folder.
func shots(t *testing.T) string {
	if d := os.Getenv("FOLKMOOT_SCREENSHOTS"); d != "" {
		if !filepath.IsAbs(d) {
			d = filepath.Join(moduleRoot(t), d)
		}
		return d
	}
	return t.TempDir()
}

// startDemo runs `folkmoot demo` on a free port in a fresh data folder.
func startDemo(t *testing.T) *process {
	addr := freeAddr(t)
	p := newProcess(t, addr, nil)
	p.args = []string{"demo", "--addr", addr, "--data", filepath.Join(p.dir, "data"), "--log-level", "warn"}
	p.Start()
	checkDemoSealed(t, filepath.Join(p.dir, "data"))
	return p
}

// checkDemoSealed checks that the demo made its own data key, readable by
// its owner only, and stores no email address in clear.
func checkDemoSealed(t *testing.T, data string) {
	t.Helper()
	fi, err := os.Stat(filepath.Join(data, "data.key"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("demo data key: %v %v, want a file with mode 0600", fi, err)
	}
	db, err := sql.Open("sqlite", "file:"+filepath.Join(data, "demo.db")+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var users, plain int
	err = db.QueryRow(`SELECT COUNT(*), COUNT(*) FILTER (WHERE email_lookup LIKE '%@%' OR email_sealed LIKE '%@%') FROM users`).Scan(&users, &plain)
	if err != nil || users == 0 || plain != 0 {
		t.Fatalf("demo users: %d, %d with a plain address, %v", users, plain, err)
	}
}

var signinLinkRE = regexp.MustCompile(`https?://[^\s"<>]+/signin/[A-Za-z0-9_-]+`)

// walker is one person using the demo in the browser.
type walker struct {
	t    *testing.T
	p    *browsertest.Page
	base string
	dir  string
	seen map[string]bool // page types already checked with axe
}

// check runs axe-core and the outside-request check on the current page
// once per page type, and saves a screenshot named after it.
func (w *walker) check(pageType string) {
	w.t.Helper()
	if w.seen[pageType] {
		return
	}
	w.seen[pageType] = true
	w.p.CheckPage(pageType, filepath.Join(w.dir, pageType+".png"))
}

func (w *walker) open(path, pageType string) {
	w.t.Helper()
	w.p.Navigate(w.base + path)
	w.check(pageType)
}

// signIn asks for a link, reads it in the demo outbox and signs in.
func (w *walker) signIn(email string) {
	w.t.Helper()
	w.open("/signin", "signin")
	w.p.Fill("#email", email)
	w.p.ClickAndWait(`form[action="/signin"] button[type=submit]`)
	if !strings.Contains(w.p.Text("main"), email) {
		w.t.Fatalf("after asking for a link: %q", w.p.Text("main"))
	}
	w.check("signin-sent")
	link := w.signInLink(email)
	w.p.Navigate(link)
	w.check("signin-confirm")
	w.p.ClickAndWait(`main form button[type=submit]`)
	if !w.p.Has(`a[href="/signout"]`) {
		w.t.Fatalf("not signed in as %s after following the link; at %s", email, w.p.Location())
	}
	// A new account is asked for the name others will see, then carries on.
	if strings.Contains(w.p.Location(), "/account") && w.p.Has(`form[action="/account"] input[name=next]`) {
		w.check("account-first-sign-in")
		name := strings.Split(email, "@")[0]
		w.p.Fill("#display_name", name)
		w.p.ClickAndWait(`form[action="/account"] button[type=submit]`)
		if strings.Contains(w.p.Location(), "/account") {
			w.t.Fatalf("choosing a display name did not carry on: %q", w.p.Text("main"))
		}
	}
}

// signInLink finds, in the demo's outbox, the newest message to email
// that holds a sign-in link, and returns the link. Mail goes out through
// the job queue, and other people's notifications may arrive meanwhile:
// it waits (15 s at most) and looks only at messages to email.
func (w *walker) signInLink(email string) string {
	w.t.Helper()
	find := fmt.Sprintf(`(() => { const out = [];
		for (const tr of document.querySelectorAll('main table tbody tr')) {
			if (tr.cells[0] && tr.cells[0].textContent.trim() === %q) { out.push(tr.querySelector('a').getAttribute('href')); }
		}
		return out; })()`, strings.ToLower(email))
	deadline := time.Now().Add(15 * time.Second)
	for first := true; ; first = false {
		if first {
			w.open("/outbox", "outbox")
		} else {
			w.p.Navigate(w.base + "/outbox")
		}
		var hrefs []string
		if err := w.p.Eval(find, &hrefs); err != nil {
			w.t.Fatal(err)
		}
		for _, h := range hrefs { // newest first
			w.p.Navigate(w.base + h)
			if link := signinLinkRE.FindString(w.p.HTML()); link != "" {
				w.check("outbox-message")
				return link
			}
		}
		if time.Now().After(deadline) {
			w.t.Fatalf("no sign-in link to %s in the outbox after 15 s (%d messages to them)", email, len(hrefs))
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func (w *walker) signOut() {
	w.t.Helper()
	w.open("/signout", "signout")
	w.p.ClickAndWait(`main form button[type=submit]`)
	if w.p.Has(`a[href="/signout"]`) {
		w.t.Fatal("still signed in after signing out")
	}
}

// issueID returns the number in a /issues/{id} URL.
func issueID(t *testing.T, loc string) string {
	m := regexp.MustCompile(`/issues/(\d+)`).FindStringSubmatch(loc)
	if m == nil {
		t.Fatalf("not on an issue page: %s", loc)
	}
	return m[1]
}

// TestGatherWalkThrough is issue 2's browser walk-through: a citizen signs
// in from the outbox link, raises an issue and sees similar issues, supports
// one, comments and reports; a moderator hides the reported issue; an
// organiser makes a theme from a suggestion. axe-core checks every page
// type; no page may ask for anything from another host.
func TestGatherWalkThrough(t *testing.T) {
	if testing.Short() {
		t.Skip("browser walk-through: skipped under -short")
	}
	browsertest.RequireAxe(t)
	demo := startDemo(t)
	b := browsertest.Start(t)
	w := &walker{t: t, p: b.NewPage(t, 1280, 900), base: demo.URL, dir: shots(t), seen: map[string]bool{}}

	// Reading needs no account.
	w.open("/", "home")
	w.open("/issues", "issues")
	w.open("/themes", "themes")
	for _, want := range []string{"dementia", "mental health", "premature death", "looked-after", "transparen"} {
		if !strings.Contains(strings.ToLower(w.p.Text("main")), want) {
			t.Errorf("/themes lacks %q", want)
		}
	}
	w.p.ClickAndWait(`main a[href^="/themes/"]`)
	w.check("theme")
	w.open("/moderation/log", "moderation-log")
	w.open("/no-such-page", "not-found")

	// A citizen raises an issue and is shown similar ones first.
	w.signIn("ada.walker@example.org")
	w.open("/account", "account")
	w.open("/issues/new", "issue-new")
	// With JavaScript, similar issues appear while the title is typed.
	w.p.Type("#title", "My dad got no support after his dementia diagnosis")
	w.p.WaitFor(".fm-similar-live li a")
	if live := w.p.Text(".fm-similar-live"); !strings.Contains(strings.ToLower(live), "dementia") {
		t.Errorf("similar issues shown while typing are not about dementia: %q", live)
	}
	w.check("issue-new-typing")
	w.p.ClickAndWait(`main form[method=get] button[type=submit]`)
	if !w.p.Has("#similar") {
		t.Fatalf("no similar issues suggested for a dementia draft: %q", w.p.Text("main"))
	}
	similar := w.p.Text("ul.fm-issue-list")
	if !strings.Contains(strings.ToLower(similar), "dementia") {
		t.Errorf("similar issues are not about dementia: %q", similar)
	}
	w.check("issue-new-similar")
	// Sent without a description, the form comes back with an error summary.
	w.p.ClickAndWait(`main form[method=post][action="/issues/new"] button[type=submit]`)
	if !w.p.Has(".nhsuk-error-summary") || !w.p.Has("#description-error") {
		t.Errorf("an issue without a description gave no error summary: %q", w.p.Text("main"))
	}
	w.check("issue-new-errors")
	w.p.Fill("#title", "My dad got no support after his dementia diagnosis")
	w.p.Fill("#description", "He was diagnosed in March. Nobody has been in touch since, and my mum is struggling to cope.")
	w.p.Fill("#tags", "dementia, carers")
	w.p.ClickAndWait(`main form[method=post][action="/issues/new"] button[type=submit]`)
	mine := issueID(t, w.p.Location())
	if !strings.Contains(w.p.Text("main"), "My dad got no support") {
		t.Fatalf("new issue page does not show it: %q", w.p.Text("main"))
	}
	w.check("issue")
	// The author may still edit it for a while.
	w.open("/issues/"+mine+"/edit", "issue-edit")
	w.p.Fill("#title", "My dad got no support at all after his dementia diagnosis")
	w.p.ClickAndWait(`main form[action="/issues/` + mine + `/edit"] button[type=submit]`)
	if !strings.Contains(w.p.Text("main"), "no support at all") {
		t.Errorf("edited title not shown: %q", w.p.Text("main"))
	}

	// ...supports an existing dementia issue and comments on it.
	w.open("/issues?q=dementia+diagnosis", "issues-search")
	w.p.ClickAndWait(`main ul a[href^="/issues/"]:not([href="/issues/` + mine + `"])`)
	other := issueID(t, w.p.Location())
	w.p.ClickAndWait(`form[action="/issues/` + other + `/support"] button`)
	if !w.p.Has(`form[action="/issues/` + other + `/unsupport"]`) {
		t.Errorf("after supporting issue %s there is no way to withdraw support", other)
	}
	comment := "Same for my family. A named contact would have helped."
	commentForm := `form[action="/issues/` + other + `/comments"]:not(:has(input[name=parent]))`
	w.p.Fill(commentForm+" textarea[name=body]", comment)
	w.p.ClickAndWait(commentForm + " button[type=submit]")
	if !strings.Contains(w.p.Text("main"), comment) {
		t.Errorf("comment not shown on issue %s: at %s: %q", other, w.p.Location(), w.p.Text("main"))
	}

	// ...and reports an advert raised by someone else.
	w.open("/issues/"+other+"/report", "report")
	w.p.Fill("#reason", "Walk-through report: please check this issue.")
	w.p.ClickAndWait(`form[action="/issues/` + other + `/report"] button[type=submit]`)
	w.signOut()

	// A moderator sees the report and hides the issue with a public reason.
	w.signIn("helen.murray@example.org")
	w.open("/moderation", "moderation")
	if !strings.Contains(w.p.Text("main"), "Walk-through report") {
		t.Fatalf("the report is not in the moderation queue: %q", w.p.Text("main"))
	}
	w.open("/issues/"+other+"/moderate", "moderate")
	reason := "Hidden in the walk-through test."
	w.p.Fill("#reason", reason)
	w.p.ClickAndWait(`form[action="/issues/` + other + `/moderate"] button[type=submit]`)
	w.p.Navigate(w.base + "/moderation/log")
	if !strings.Contains(w.p.Text("main"), reason) {
		t.Errorf("the public moderation log lacks the reason %q", reason)
	}
	w.p.Navigate(w.base + "/issues/" + other)
	if !strings.Contains(w.p.Text("main"), "Hidden") {
		t.Errorf("issue %s does not say it is hidden", other)
	}
	w.signOut()

	// An organiser confirms a suggested grouping into a theme.
	w.signIn("priya.shah@example.org")
	w.open("/themes/suggestions", "theme-suggestions")
	if !w.p.Has(`form[action="/themes"]`) {
		t.Fatalf("no theme suggestions: %q", w.p.Text("main"))
	}
	name := "Walk-through theme"
	w.p.Fill(`form[action="/themes"] input[name=name]`, name)
	w.p.ClickAndWait(`form[action="/themes"] button[type=submit]`)
	if !strings.Contains(w.p.Text("main"), name) {
		t.Errorf("after making a theme the page does not show it: %s %q", w.p.Location(), w.p.Text("main"))
	}
	w.check("theme-organiser") // with the rename, merge and split forms
	w.open("/themes", "themes-after")
	if !strings.Contains(w.p.Text("main"), name) {
		t.Errorf("/themes lacks the new theme %q", name)
	}
}

// TestGatherWithoutJavaScriptOnAPhone repeats the core of the walk-through
// on a phone-sized screen with JavaScript switched off: sign in from the
// outbox link, check for similar issues, support one of them. axe-core
// checks the pages at that size.
func TestGatherWithoutJavaScriptOnAPhone(t *testing.T) {
	if testing.Short() {
		t.Skip("browser walk-through: skipped under -short")
	}
	browsertest.RequireAxe(t)
	demo := startDemo(t)
	b := browsertest.Start(t)
	p := b.NewPage(t, 390, 844)
	p.DisableJavaScript()
	w := &walker{t: t, p: p, base: demo.URL, dir: filepath.Join(shots(t), "phone-nojs"), seen: map[string]bool{}}

	w.open("/", "home")
	w.open("/issues", "issues")
	w.open("/themes", "themes")
	w.signIn("bea.nojs@example.org")
	w.open("/issues/new", "issue-new")
	w.p.Fill("#title", "No help for my mum after her dementia diagnosis")
	w.p.ClickAndWait(`main form[method=get] button[type=submit]`)
	if !w.p.Has("#similar") {
		t.Fatalf("no similar issues without JavaScript: %q", w.p.Text("main"))
	}
	w.check("issue-new-similar")
	w.p.ClickAndWait(`ul.fm-issue-list form[action$="/support"] button[type=submit]`)
	id := issueID(t, w.p.Location())
	if !w.p.Has(`form[action="/issues/` + id + `/unsupport"]`) {
		t.Errorf("supporting issue %s from the similar list without JavaScript did not record it: at %s", id, w.p.Location())
	}
	w.check("issue")
	var classes string
	if err := w.p.Eval(`document.body.className`, &classes); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(classes, "js-enabled") {
		t.Fatalf("JavaScript ran (body classes %q): the test proves nothing", classes)
	}
}
