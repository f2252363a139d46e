package notifyweb_test

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/jobs"
	"github.com/folkmoot/folkmoot/internal/mail"
	"github.com/folkmoot/folkmoot/internal/notify"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/sealed"
	"github.com/folkmoot/folkmoot/internal/web/webtest"
)

// background is the notifier and job queue cmd/folkmoot runs beside the
// web server, over the harness's database, mailing into its outbox.
func background(h *webtest.Harness, withDigest bool) (*jobs.Queue, *notify.Notifier) {
	st := h.Store
	q := jobs.New(st, jobs.Options{Poll: 20 * time.Millisecond, Sealer: sealed.MustTest()})
	notify.HandleMail(q, h.Outbox, jobs.HandlerOptions{Backoff: jobs.Backoff{Base: 40 * time.Millisecond, Cap: 160 * time.Millisecond}})
	n := notify.New(q, notify.Deps{Users: st, Issues: st, Rounds: st, Audit: st, Cursors: st, Audience: st, Prefs: st, Digests: st},
		notify.Config{BaseURL: webtest.BaseURL, OrgName: "NHS Example", ServiceName: "Gather", UserLang: func(u people.User) i18n.Lang { return u.Lang }})
	if withDigest {
		n.DigestEvery(q, notify.DefaultDigestEvery)
	}
	return q, n
}

// run runs q until the test ends.
func run(t *testing.T, q *jobs.Queue) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { q.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
}

// notices returns the outbox's emails other than sign-in links, by
// recipient.
func notices(t *testing.T, h *webtest.Harness) map[string][]mail.Message {
	t.Helper()
	list, err := h.Outbox.List()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]mail.Message{}
	for _, m := range list {
		if !strings.HasPrefix(m.Subject, "Sign in (") {
			out[m.To] = append(out[m.To], m)
		}
	}
	return out
}

// waitFor polls until cond holds, or fails after 15 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited 15 s for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// person signs a client in as email, in a language, and returns it.
func person(t *testing.T, h *webtest.Harness, email string, lang i18n.Lang) *webtest.Client {
	t.Helper()
	c := h.Client()
	c.SignIn(email)
	if r := c.Post("/account/language", url.Values{"lang": {string(lang)}}); r.Code != http.StatusSeeOther {
		t.Fatalf("%s: setting the language = %d\n%s", email, r.Code, r.Body)
	}
	return c
}

// choose saves a person's setting for a kind through the settings page.
func choose(t *testing.T, c *webtest.Client, kind notify.Kind, mode notify.Mode) {
	t.Helper()
	if r := c.Post("/account/notifications", url.Values{string(kind): {string(mode)}}); r.Code != http.StatusSeeOther {
		t.Fatalf("saving the settings = %d\n%s", r.Code, r.Body)
	}
	page := c.Get("/account/notifications").Body
	if !regexp.MustCompile(`id="` + string(kind) + `-` + string(mode) + `"[^>]*checked`).MatchString(page) {
		t.Fatalf("the settings page does not show %s: %s chosen", kind, mode)
	}
}

// section returns the text of the issue page's timeline list headed by
// heading (up to the next heading or the section's end), tags removed.
func section(page, heading string) string {
	i := strings.Index(page, heading)
	if i < 0 {
		return ""
	}
	rest := page[i+len(heading):]
	if j := strings.Index(rest, "</ol>"); j >= 0 {
		rest = rest[:j]
	}
	return strings.Join(strings.Fields(html.UnescapeString(regexp.MustCompile(`<[^>]+>`).ReplaceAllString(rest, " "))), " ")
}

// TestIssueJourneyToATheme follows an issue from submission to a theme
// over the web server, on SQLite and PostgreSQL: its timeline before and
// after, and the emails its author (English), a supporter (Welsh) and its
// followers received by their settings — Cara chose "never" for themes and
// gets nothing; Dewi (Welsh, supports and follows) chose a weekly summary
// and gets one digest in Welsh when the periodic digest task runs, and no
// second one when the task runs again within the week.
func TestIssueJourneyToATheme(t *testing.T) {
	webtest.OnEachDatabase(t, func(t *testing.T, h *webtest.Harness) {
		ctx := context.Background()
		_, n := background(h, false)
		if _, err := n.Scan(ctx); err != nil { // the first scan starts at the log's end
			t.Fatal(err)
		}
		h.User("olu@example.org", people.RoleOrganiser)
		ann := person(t, h, "ann@example.org", i18n.English)
		bryn := person(t, h, "bryn@example.org", i18n.Welsh)
		cara := person(t, h, "cara@example.org", i18n.English)
		dewi := person(t, h, "dewi@example.org", i18n.Welsh)
		olu := person(t, h, "olu@example.org", i18n.English)
		choose(t, cara, notify.KindTheme, notify.Never)
		choose(t, dewi, notify.KindTheme, notify.Weekly)

		path := ann.Submit("Evening appointments at the surgery", "I work days and cannot get an appointment before six in the evening.")
		page := ann.Get(path).Body
		done, next := section(page, "What has happened"), section(page, "What happens next")
		if !strings.Contains(done, "Raised") || !strings.Contains(done, "Raised in the round “Spring”") || strings.Contains(done, "Grouped into a theme") {
			t.Errorf("the new issue's timeline, done part: %q", done)
		}
		for _, want := range []string{"Gathering support", "Now", "Grouped into a theme", "Before the citizens' jury", "The jury chooses, and says why", "The assembly", "The decision-makers answer"} {
			if !strings.Contains(next, want) {
				t.Errorf("the new issue's timeline lacks %q in what happens next: %q", want, next)
			}
		}
		for _, c := range []*webtest.Client{bryn, dewi} {
			if r := c.Post(path+"/support", nil); r.Code != http.StatusSeeOther {
				t.Fatalf("support = %d", r.Code)
			}
		}
		for _, c := range []*webtest.Client{cara, dewi} {
			if r := c.Post(path+"/follow", nil); r.Code != http.StatusSeeOther {
				t.Fatalf("follow = %d", r.Code)
			}
		}
		id := strings.TrimPrefix(path, "/issues/")
		if r := olu.Post("/themes", url.Values{"name": {"Getting an appointment"}, "issue": {id}}); r.Code != http.StatusSeeOther {
			t.Fatalf("making the theme = %d\n%s", r.Code, r.Body)
		}

		// The timeline now shows the theme, dated today, in both languages.
		page = cara.Get(path).Body
		done, next = section(page, "What has happened"), section(page, "What happens next")
		today := i18n.For(i18n.English).Date(time.Now())
		if !strings.Contains(done, "Grouped into a theme · "+today) || !strings.Contains(done, "into the theme “Getting an appointment”") {
			t.Errorf("the timeline after the theme, done part: %q", done)
		}
		if strings.Contains(next, "Grouped into a theme") {
			t.Errorf("the theme step is still in what happens next: %q", next)
		}
		var tl struct {
			Issue int64 `json:"issue"`
			Steps []struct{ Key, State, Title, Text, At string }
		}
		if r := h.Client().Get(path + "/timeline.json?lang=cy"); r.Code != http.StatusOK || json.Unmarshal([]byte(r.Body), &tl) != nil {
			t.Fatalf("timeline.json = %d\n%s", r.Code, r.Body)
		}
		if len(tl.Steps) < 3 || tl.Steps[2].Key != "theme" || tl.Steps[2].State != "done" || tl.Steps[2].At == "" || !strings.Contains(tl.Steps[2].Text, "Getting an appointment") || tl.Steps[2].Title != "Wedi'i grwpio mewn thema" {
			t.Errorf("timeline.json: %+v", tl)
		}
		if cy := html.UnescapeString(bryn.Get(path).Body); !strings.Contains(cy, "Wedi'i grwpio mewn thema") || !strings.Contains(cy, "Beth sy'n digwydd nesaf") {
			t.Error("the timeline is not in Welsh for a Welsh reader")
		}

		// The scan queues the emails once the store has sealed the audit
		// entries; the queue (with the periodic digest task) sends them.
		queued := 0
		waitFor(t, "the scan to queue two emails (Ann and Bryn)", func() bool {
			k, err := n.Scan(ctx)
			if err != nil {
				t.Fatal(err)
			}
			queued += k
			return queued >= 2
		})
		if queued != 2 {
			t.Fatalf("the scan queued %d emails, want 2: Ann and Bryn", queued)
		}
		q, _ := background(h, true)
		run(t, q)
		waitFor(t, "three emails", func() bool {
			m := notices(t, h)
			return len(m["ann@example.org"]) == 1 && len(m["bryn@example.org"]) == 1 && len(m["dewi@example.org"]) == 1
		})
		time.Sleep(300 * time.Millisecond) // anything more would arrive now
		got := notices(t, h)
		if len(got) != 3 || len(got["cara@example.org"]) != 0 {
			t.Fatalf("emails to %d people (Cara %d); want Ann, Bryn and Dewi only", len(got), len(got["cara@example.org"]))
		}
		a := got["ann@example.org"][0]
		if a.Lang != "en-GB" || a.Subject != "Grouped into the theme “Getting an appointment”: Evening appointments at the surgery" ||
			!strings.Contains(a.Body, webtest.BaseURL+path) || !strings.Contains(a.Body, "citizens' jury") || !strings.Contains(a.Body, webtest.BaseURL+"/account/notifications") {
			t.Errorf("Ann's email (%s): %q\n%s", a.Lang, a.Subject, a.Body)
		}
		b := got["bryn@example.org"][0]
		if b.Lang != "cy" || b.Subject != "Wedi'i grwpio yn y thema “Getting an appointment”: Evening appointments at the surgery" ||
			!strings.Contains(b.Body, "Helo ") || !strings.Contains(b.Body, "reithgor dinasyddion") {
			t.Errorf("Bryn's email (%s): %q\n%s", b.Lang, b.Subject, b.Body)
		}
		d := got["dewi@example.org"][0]
		if d.Lang != "cy" || d.Subject != "Eich crynodeb wythnosol: 1 diweddariad" || !strings.Contains(d.Body, "Getting an appointment") || !strings.Contains(d.Body, webtest.BaseURL+path) {
			t.Errorf("Dewi's digest (%s): %q\n%s", d.Lang, d.Subject, d.Body)
		}

		// Another process runs the digest task again within the week:
		// nothing more goes out.
		q2, _ := background(h, true)
		run(t, q2)
		time.Sleep(1500 * time.Millisecond)
		if m := notices(t, h); len(m["dewi@example.org"]) != 1 {
			t.Errorf("Dewi got %d digests, want 1", len(m["dewi@example.org"]))
		}
	})
}

// TestSettingsPage: the page lists every kind with its three choices,
// "each step" chosen by default; a forged mode is refused and changes
// nothing; saving is audited.
func TestSettingsPage(t *testing.T) {
	h := webtest.New(t)
	c := h.Client()
	if r := c.Get("/account/notifications"); r.Code != http.StatusSeeOther {
		t.Fatalf("signed out: %d, want a redirect to sign in", r.Code)
	}
	c.SignIn("ann@example.org")
	page := c.Get("/account/notifications").Body
	for _, k := range notify.Kinds {
		if !regexp.MustCompile(`id="` + string(k) + `-each"[^>]*checked`).MatchString(page) {
			t.Errorf("%s: each step is not the default", k)
		}
		for _, m := range notify.Modes {
			if !strings.Contains(page, `id="`+string(k)+`-`+string(m)+`"`) {
				t.Errorf("no choice %s for %s", m, k)
			}
		}
	}
	before := h.AuditCount()
	if r := c.Post("/account/notifications", url.Values{"theme": {"daily"}}); r.Code != http.StatusBadRequest && r.Code != http.StatusUnprocessableEntity {
		t.Errorf("a forged mode: %d", r.Code)
	}
	if h.AuditCount() != before {
		t.Error("a refused change was audited")
	}
	choose(t, c, notify.KindRounds, notify.Weekly)
	if h.AuditCount() != before+1 {
		t.Errorf("saving wrote %d audit entries, want 1", h.AuditCount()-before)
	}
	if cy := html.UnescapeString(c.Get("/account/notifications?lang=cy").Body); !strings.Contains(cy, "Crynodeb wythnosol") || !strings.Contains(cy, "Cadw'r gosodiadau") {
		t.Error("the settings page is not in Welsh")
	}
}

// TestHidingOverTheWeb: on both databases, a moderator hides an issue a
// Welsh reader reported; its English author hears why and how to ask for
// a second look, the reporter (in Welsh) that the report was upheld, a
// follower that an issue they follow was hidden, and the timeline says
// the issue goes no further.
func TestHidingOverTheWeb(t *testing.T) {
	webtest.OnEachDatabase(t, func(t *testing.T, h *webtest.Harness) {
		ctx := context.Background()
		q, n := background(h, false)
		if _, err := n.Scan(ctx); err != nil {
			t.Fatal(err)
		}
		h.User("mo@example.org", people.RoleModerator)
		ann := person(t, h, "ann@example.org", i18n.English)
		bryn := person(t, h, "bryn@example.org", i18n.Welsh)
		cara := person(t, h, "cara@example.org", i18n.English)
		mo := person(t, h, "mo@example.org", i18n.English)
		path := ann.Submit("Parking at the hospital", "The car park is full by nine and the buses do not run early enough.")
		if r := cara.Post(path+"/follow", nil); r.Code != http.StatusSeeOther {
			t.Fatalf("follow = %d", r.Code)
		}
		if r := bryn.Post(path+"/report", url.Values{"reason": {"It names a member of staff."}}); r.Code != http.StatusSeeOther {
			t.Fatalf("report = %d\n%s", r.Code, r.Body)
		}
		if r := mo.Post(path+"/moderate", url.Values{"action": {"hide"}, "reason": {"It named a member of staff."}}); r.Code != http.StatusSeeOther {
			t.Fatalf("hide = %d\n%s", r.Code, r.Body)
		}
		queued := 0
		waitFor(t, "the scan to queue three emails", func() bool {
			k, err := n.Scan(ctx)
			if err != nil {
				t.Fatal(err)
			}
			queued += k
			return queued >= 3
		})
		run(t, q)
		waitFor(t, "three emails", func() bool { return len(notices(t, h)) == 3 })
		got := notices(t, h)
		a := got["ann@example.org"]
		if len(a) != 1 || a[0].Lang != "en-GB" || !strings.Contains(a[0].Body, "Reason: It named a member of staff.") ||
			!strings.Contains(a[0].Body, "second look") || !strings.Contains(a[0].Body, webtest.BaseURL+path+"/report") {
			t.Errorf("the author's email: %+v", a)
		}
		if b := got["bryn@example.org"]; len(b) != 1 || b[0].Lang != "cy" || !strings.Contains(b[0].Subject, "Mae penderfyniad ar eich adroddiad") {
			t.Errorf("the reporter's email: %+v", b)
		}
		if c := got["cara@example.org"]; len(c) != 1 || !strings.HasPrefix(c[0].Subject, "Hidden by a moderator") {
			t.Errorf("the follower's email: %+v", c)
		}
		if len(got["mo@example.org"]) != 0 {
			t.Error("the moderator was told of their own action")
		}
		page := ann.Get(path).Body
		if done := section(page, "What has happened"); !strings.Contains(done, "Hidden by a moderator") || !strings.Contains(done, "It named a member of staff.") {
			t.Errorf("the hidden issue's timeline: %q", done)
		}
		if strings.Contains(page, "What happens next") {
			t.Error("a hidden issue still shows what happens next")
		}
	})
}
