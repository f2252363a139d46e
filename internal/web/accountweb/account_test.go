package accountweb_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/config"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/mail"
	"github.com/folkmoot/folkmoot/internal/web"
	"github.com/folkmoot/folkmoot/internal/web/kit"
	"github.com/folkmoot/folkmoot/internal/web/webtest"
)

// No English text in the account templates outside t and tn.
func TestTemplatesAreTranslated(t *testing.T) {
	webtest.CheckTranslated(t, os.DirFS("templates"))
}

func TestSignInFlow(t *testing.T) { webtest.OnEachDatabase(t, testSignInFlow) }

func testSignInFlow(t *testing.T, h *webtest.Harness) {
	c := h.Client()
	if r := c.Get("/signin"); !strings.Contains(r.Body, "The link works once, for 20 minutes.") {
		t.Fatalf("sign-in page does not say how long the link works:\n%s", r.Body)
	}
	c.SignIn("Ada@Example.org")
	// A new account is first asked for the name others will see.
	if c.Landing != "/account?next=%2F" {
		t.Fatalf("first sign-in went to %q, want the account page", c.Landing)
	}
	r := c.Get(c.Landing)
	if !strings.Contains(r.Body, "Welcome. Choose the name") || !strings.Contains(r.Body, "Save and continue") || !strings.Contains(r.Body, `name="next" value="/"`) || !strings.Contains(r.Body, "Citizen") {
		t.Fatalf("welcome page:\n%s", r.Body)
	}
	r = c.Post("/account", url.Values{"display_name": {"Ada"}, "next": {"/"}})
	if r.Code != http.StatusSeeOther || r.Header.Get("Location") != "/" {
		t.Fatalf("saving the name = %d → %q", r.Code, r.Header.Get("Location"))
	}
	if r := c.Get("/"); !strings.Contains(r.Body, "Signed in as Ada") || !strings.Contains(r.Body, "Your name has been saved.") {
		t.Fatalf("home after sign-in lacks the signed-in notice:\n%s", r.Body)
	}
	if c.Cookie(kit.SessionCookie) == "" {
		t.Fatal("no session cookie")
	}
	// The link works once.
	link := h.LastLink("ada@example.org")
	other := h.Client()
	r = other.Post(link, nil)
	if r.Code != http.StatusUnauthorized || !strings.Contains(r.Body, "already been used") || !strings.Contains(r.Body, "This link does not work") {
		t.Fatalf("reused link = %d\n%s", r.Code, r.Body)
	}
	// The name others see can be changed; bad names are explained.
	if r := c.Post("/account", url.Values{"display_name": {""}}); r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `href="#display_name"`) {
		t.Fatalf("empty name = %d", r.Code)
	}
	if r := c.Post("/account", url.Values{"display_name": {"Ada L"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("rename = %d", r.Code)
	}
	if r := c.Get("/account"); !strings.Contains(r.Body, "Signed in as Ada L") || !strings.Contains(r.Body, "ada@example.org") {
		t.Fatalf("account after rename:\n%s", r.Body)
	}
	// Sign out ends the session.
	if r := c.Get("/signout"); !strings.Contains(r.Body, "You are signed in as Ada L.") {
		t.Fatalf("sign-out page:\n%s", r.Body)
	}
	if r := c.Post("/signout", nil); r.Code != http.StatusSeeOther {
		t.Fatalf("sign out = %d", r.Code)
	}
	if r := c.Get("/issues/new"); r.Code != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/signin?next=") {
		t.Fatalf("after sign-out /issues/new = %d %s", r.Code, r.Header.Get("Location"))
	}
	if r := c.Get("/account"); r.Code != http.StatusSeeOther {
		t.Fatalf("after sign-out /account = %d", r.Code)
	}
}

func TestSessionCookieFlags(t *testing.T) {
	h := webtest.New(t)
	c := h.Client()
	c.Post("/signin", url.Values{"email": {"bo@example.org"}})
	r := c.Post(h.LastLink("bo@example.org"), nil)
	var found bool
	for _, sc := range r.Header.Values("Set-Cookie") {
		ck, err := http.ParseSetCookie(sc)
		if err != nil || ck.Name != kit.SessionCookie {
			continue
		}
		found = true
		if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || len(ck.Value) < 40 {
			t.Fatalf("session cookie %+v: want HttpOnly, SameSite=Lax, a long random value", ck)
		}
	}
	if !found {
		t.Fatal("no session cookie set")
	}
}

func TestSignInInvalidEmail(t *testing.T) {
	h := webtest.New(t)
	c := h.Client()
	r := c.Post("/signin", url.Values{"email": {"not an address"}})
	if r.Code != http.StatusUnprocessableEntity {
		t.Fatalf("code = %d", r.Code)
	}
	for _, want := range []string{`nhsuk-error-summary`, `href="#email"`, `id="email-error"`, `aria-describedby="email-hint email-error"`, `<title>Error: `} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if msgs, _ := h.Outbox.List(); len(msgs) != 0 {
		t.Fatalf("mail sent for an invalid address: %+v", msgs)
	}
}

// failingMailer fails as a mail server that is down, or that refuses the
// address.
type failingMailer struct{ err error }

func (f failingMailer) SignInLink(context.Context, string, i18n.Lang, string, time.Duration) error {
	return f.err
}

// A mail server that is down gives a plain "try again" page (503), never
// the connection error; an address it refuses is asked for again.
func TestSignInMailFailure(t *testing.T) {
	down := fmt.Errorf("smtp: %w", errors.New("dial tcp 10.0.0.25:587: connect: connection refused"))
	h := webtest.New(t, webtest.Options{Deps: func(d *web.Deps) { d.Account.Mailer = failingMailer{down} }})
	r := h.Client().Post("/signin", url.Values{"email": {"cy@example.org"}})
	if r.Code != http.StatusServiceUnavailable || r.Header.Get("Retry-After") == "" || !strings.Contains(r.Body, "We could not send the email just now") {
		t.Fatalf("mail down = %d\n%s", r.Code, r.Body)
	}
	if strings.Contains(r.Body, "dial tcp") || strings.Contains(r.Body, "10.0.0.25") {
		t.Fatalf("the page shows the mail error:\n%s", r.Body)
	}
	h = webtest.New(t, webtest.Options{Deps: func(d *web.Deps) {
		d.Account.Mailer = failingMailer{fmt.Errorf("smtp: 550 no such user: %w", mail.ErrInvalid)}
	}})
	r = h.Client().Post("/signin", url.Values{"email": {"nobody@example.org"}})
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `href="#email"`) || strings.Contains(r.Body, "550") {
		t.Fatalf("refused address = %d\n%s", r.Code, r.Body)
	}
}

// The sign-in email is asked for in the language of the page it was asked
// from.
func TestSignInMailIsInThePagesLanguage(t *testing.T) {
	h := webtest.New(t)
	c := h.Client()
	c.Get("/signin?lang=cy")
	c.Post("/signin", url.Values{"email": {"dai@example.org"}})
	msgs, _ := h.Outbox.List()
	if len(msgs) != 1 || msgs[0].Subject != "Sign in (cy)" {
		t.Fatalf("messages %+v: want one asked for in Welsh", msgs)
	}
}

func TestSignInLimits(t *testing.T) {
	h := webtest.New(t, webtest.Options{Config: func(c *config.Config) { c.SignInPerMinute, c.Burst = 1, 2 }})
	c := h.Client()
	c.Post("/signin", url.Values{"email": {"gus1@example.org"}})
	c.Post("/signin", url.Values{"email": {"gus2@example.org"}})
	r := c.Post("/signin", url.Values{"email": {"gus3@example.org"}})
	if r.Code != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" || !strings.Contains(r.Body, "Too many") {
		t.Fatalf("third sign-in = %d (Retry-After %q)", r.Code, r.Header.Get("Retry-After"))
	}
}

func TestOutbox(t *testing.T) {
	h := webtest.New(t)
	c := h.Client()
	if r := c.Get("/outbox"); r.Code != 200 || !strings.Contains(r.Body, "No messages yet.") {
		t.Fatalf("empty outbox = %d", r.Code)
	}
	c.Post("/signin", url.Values{"email": {"eli@example.org"}})
	msgs, _ := h.Outbox.List()
	if r := c.Get("/outbox"); !strings.Contains(r.Body, "/outbox/"+msgs[0].ID) {
		t.Fatal("message not listed")
	}
	if r := c.Get("/outbox/" + msgs[0].ID); r.Code != 200 || !strings.Contains(r.Body, "/signin/") {
		t.Fatalf("message page = %d", r.Code)
	}
	if r := c.Get("/outbox/nope"); r.Code != http.StatusNotFound {
		t.Fatalf("missing message = %d", r.Code)
	}
	// Outside demos there is no outbox at all.
	h = webtest.New(t, webtest.Options{Deps: func(d *web.Deps) { d.Account.Outbox = nil }})
	if r := h.Client().Get("/outbox"); r.Code != http.StatusNotFound || strings.Contains(r.Body, "Outbox (demo)") {
		t.Fatalf("outbox outside a demo = %d", r.Code)
	}
}

// Signing in stores the page's language for a person who has none yet, so
// that their emails follow it; a stored language is kept, and serves the
// pages of a browser that has chosen none.
func TestSignInStoresTheLanguage(t *testing.T) {
	h := webtest.New(t)
	ctx := context.Background()
	c := h.Client()
	c.Get("/signin?lang=cy")
	c.Post("/signin", url.Values{"email": {"wyn@example.org"}})
	if r := c.Post(h.LastLink("wyn@example.org"), nil); r.Code != http.StatusSeeOther {
		t.Fatalf("signing in on a Welsh page = %d", r.Code)
	}
	u, err := h.People.Store().UserByEmail(ctx, "wyn@example.org")
	if err != nil || u.Lang != i18n.Welsh {
		t.Fatalf("language after signing in on a Welsh page: %q, %v", u.Lang, err)
	}
	// Later, on a browser that chose nothing and prefers English, the
	// stored language is kept and shown, the welcome included.
	other := h.Client()
	r := other.Post("/signin", url.Values{"email": {"wyn@example.org"}}, "Accept-Language", "en")
	if r.Code != http.StatusOK {
		t.Fatalf("asking for a link = %d", r.Code)
	}
	r = other.Post(h.LastLink("wyn@example.org"), nil, "Accept-Language", "en")
	if r.Code != http.StatusSeeOther {
		t.Fatalf("signing in = %d", r.Code)
	}
	r = other.Get(r.Header.Get("Location"), "Accept-Language", "en")
	if !strings.Contains(r.Body, `<html lang="cy">`) || !strings.Contains(r.Body, "Rydych chi wedi mewngofnodi fel") && !strings.Contains(r.Body, "Croeso.") {
		t.Fatalf("after signing in on an English browser, the stored Welsh is not shown:\n%s", r.Body)
	}
	if u, _ = h.People.Store().UserByEmail(ctx, "wyn@example.org"); u.Lang != i18n.Welsh {
		t.Fatalf("the stored language changed to %q", u.Lang)
	}
}

// The account page shows the stored language and changes it: for emails,
// and at once for this browser.
func TestAccountLanguage(t *testing.T) {
	h := webtest.New(t)
	ctx := context.Background()
	c := h.Client()
	c.SignIn("dai@example.org")
	r := c.Get("/account")
	for _, want := range []string{`<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m"><h2 class="nhsuk-fieldset__heading">Language</h2>`,
		`id="lang-en" name="lang" type="radio" value="en" checked`, `id="lang-cy" name="lang" type="radio" value="cy">`,
		`for="lang-cy" lang="cy">Cymraeg</label>`, `for="lang-en" lang="en-GB">English</label>`} {
		if !strings.Contains(r.Body, want) {
			t.Fatalf("the account page lacks %q:\n%s", want, r.Body)
		}
	}
	r = c.Post("/account/language", url.Values{"lang": {"cy"}})
	if r.Code != http.StatusSeeOther || r.Header.Get("Location") != "/account" || c.Cookie(kit.LangCookie) != "cy" {
		t.Fatalf("saving Welsh = %d → %q, cookie %q", r.Code, r.Header.Get("Location"), c.Cookie(kit.LangCookie))
	}
	if u, _ := h.People.Store().UserByEmail(ctx, "dai@example.org"); u.Lang != i18n.Welsh {
		t.Fatalf("stored language %q, want Welsh", u.Lang)
	}
	r = c.Get("/account")
	if !strings.Contains(r.Body, `<html lang="cy">`) || !strings.Contains(r.Body, "Mae eich iaith wedi&#39;i chadw.") || !strings.Contains(r.Body, `value="cy" checked`) {
		t.Fatalf("after saving Welsh:\n%s", r.Body)
	}
	// Anything else is asked again.
	r = c.Post("/account/language", url.Values{"lang": {"fr"}})
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `href="#lang"`) || !strings.Contains(r.Body, `id="lang-error"`) {
		t.Fatalf("an unknown language = %d:\n%s", r.Code, r.Body)
	}
}
