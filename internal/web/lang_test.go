package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web"
	"github.com/folkmoot/folkmoot/internal/web/kit"
	"github.com/folkmoot/folkmoot/internal/web/webtest"
)

// savedLangs records the languages people chose.
type savedLangs struct {
	mu sync.Mutex
	m  map[int64]i18n.Lang
}

func (s *savedLangs) SetLanguage(_ context.Context, u people.User, l i18n.Lang) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[u.ID] = l
	return nil
}

func TestLanguageChoice(t *testing.T) {
	saved := &savedLangs{m: map[int64]i18n.Lang{}}
	h := webtest.New(t, webtest.Options{Deps: func(d *web.Deps) { d.Languages = saved }})
	c := h.Client()
	// The browser's language, when nothing was chosen.
	if r := c.Get("/", "Accept-Language", "cy-GB,cy;q=0.9,en;q=0.5"); !strings.Contains(r.Body, `<html lang="cy">`) {
		t.Fatal("Accept-Language: cy did not give Welsh")
	}
	if r := c.Get("/", "Accept-Language", "fr, en-US;q=0.8"); !strings.Contains(r.Body, `<html lang="en-GB">`) {
		t.Fatal("Accept-Language without Welsh did not give English")
	}
	// ?lang=cy chooses Welsh, remembers it, and links back to English on the
	// same page with the other parameters kept.
	r := c.Get("/issues?sort=newest&lang=cy")
	if !strings.Contains(r.Body, `<html lang="cy">`) || !strings.Contains(r.Body, `href="/issues?lang=en&amp;sort=newest" lang="en-GB" hreflang="en-GB">English</a>`) {
		t.Fatalf("?lang=cy:\n%s", r.Body)
	}
	var ck *http.Cookie
	for _, sc := range r.Header.Values("Set-Cookie") {
		if c, err := http.ParseSetCookie(sc); err == nil && c.Name == kit.LangCookie {
			ck = c
		}
	}
	if ck == nil || ck.Value != "cy" || ck.MaxAge < 360*24*3600 || ck.SameSite != http.SameSiteLaxMode {
		t.Fatalf("language cookie %+v: want cy for a year, SameSite=Lax", ck)
	}
	if v := strings.Join(r.Header.Values("Vary"), ", "); !strings.Contains(v, "Cookie") || !strings.Contains(v, "Accept-Language") {
		t.Fatalf("Vary = %q", v)
	}
	// The cookie wins over the browser's language afterwards.
	if r := c.Get("/themes", "Accept-Language", "en"); !strings.Contains(r.Body, `<html lang="cy">`) || !strings.Contains(r.Body, `hreflang="en-GB">English</a>`) {
		t.Fatal("the chosen language was not remembered")
	}
	if r := c.Get("/themes?lang=en"); !strings.Contains(r.Body, `<html lang="en-GB">`) || !strings.Contains(r.Body, `lang="cy" hreflang="cy">Cymraeg</a>`) {
		t.Fatal("?lang=en did not switch back")
	}
	// An unknown language changes nothing.
	if r := c.Get("/themes?lang=xx"); !strings.Contains(r.Body, `<html lang="en-GB">`) {
		t.Fatal("?lang=xx changed the language")
	}
	// A signed-in person's choice is stored for them.
	c.SignIn("dai@example.org")
	c.Get("/?lang=cy")
	u, err := h.People.Store().UserByEmail(context.Background(), "dai@example.org")
	if err != nil {
		t.Fatal(err)
	}
	saved.mu.Lock()
	defer saved.mu.Unlock()
	if saved.m[u.ID] != i18n.Welsh {
		t.Fatalf("saved languages %v: want Welsh for user %d", saved.m, u.ID)
	}
}

// A signed-in person's stored language is served where they have chosen
// none on this browser (no cookie), before the browser's language; a
// language chosen with ?lang= is stored once, and only when it changes.
func TestStoredLanguage(t *testing.T) {
	h := webtest.New(t)
	ctx := context.Background()
	u := h.User("wyn@example.org")
	if err := h.People.SetLanguage(ctx, u, i18n.Welsh); err != nil {
		t.Fatal(err)
	}
	c := h.Client()
	u0, _ := url.Parse(h.URL)
	c.HC.Jar.SetCookies(u0, []*http.Cookie{{Name: kit.SessionCookie, Value: h.Session(u)}})
	if r := c.Get("/themes", "Accept-Language", "en-GB,en;q=0.9"); !strings.Contains(r.Body, `<html lang="cy">`) {
		t.Fatal("the stored language did not win over the browser's")
	}
	if c.Cookie(kit.LangCookie) != "" {
		t.Fatal("serving the stored language set a language cookie")
	}
	// A choice on this browser wins, and is stored for the person.
	before := h.AuditCount()
	if r := c.Get("/themes?lang=en", "Accept-Language", "cy"); !strings.Contains(r.Body, `<html lang="en-GB">`) {
		t.Fatal("?lang=en did not win")
	}
	if got, _ := h.People.Store().UserByID(ctx, u.ID); got.Lang != i18n.English {
		t.Fatalf("stored language %q after ?lang=en", got.Lang)
	}
	if r := c.Get("/themes?lang=en"); !strings.Contains(r.Body, `<html lang="en-GB">`) || h.AuditCount() != before+1 {
		t.Fatalf("choosing the stored language again wrote to the audit log: %d entries, were %d", h.AuditCount(), before)
	}
	// Anonymous readers follow the browser.
	if r := h.Client().Get("/themes", "Accept-Language", "cy"); !strings.Contains(r.Body, `<html lang="cy">`) {
		t.Fatal("Accept-Language: cy did not give Welsh to an anonymous reader")
	}
}
