package infoweb_test

import (
	"html"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/config"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/web/infoweb"
	"github.com/folkmoot/folkmoot/internal/web/webtest"
)

var (
	mainRE = regexp.MustCompile(`(?s)<main\b.*?</main>`)
	tagRE  = regexp.MustCompile(`<[^>]+>`)
	wordRE = regexp.MustCompile(`[\p{L}]{3,}`)
)

// words counts the words of a page's main content (not the header and
// footer every page shares).
func words(page string) int {
	m := mainRE.FindString(page)
	return len(wordRE.FindAllString(html.UnescapeString(tagRE.ReplaceAllString(m, " ")), -1))
}

// TestPublicPages: every public-service page answers everyone, in English
// and Welsh, with real content; the privacy notice names the controller,
// address, contact and retention periods from the configuration; every
// page's footer links them all, and the sign-in page links the privacy
// notice.
func TestPublicPages(t *testing.T) {
	h := webtest.New(t, webtest.Options{Config: func(c *config.Config) {
		c.ControllerName = "Anytown Health Board"
		c.ControllerAddress = "1 High Street, Anytown AN1 1AA"
		c.ControllerContact = "privacy@anytown.example"
		c.RetainAccounts = 3 * 365 * 24 * time.Hour
		c.RetainRecords = 6 * 30 * 24 * time.Hour
	}})
	anon := h.Client()
	for _, p := range infoweb.Pages {
		for _, lang := range []string{"en", "cy"} {
			r := anon.Get(p.Path + "?lang=" + lang)
			if r.Code != 200 {
				t.Fatalf("%s in %s = %d", p.Path, lang, r.Code)
			}
			if n := words(r.Body); n < 150 {
				t.Errorf("%s in %s has %d words of content; want at least 150", p.Path, lang, n)
			}
			if lang == "cy" && !strings.Contains(r.Body, html.EscapeString(i18n.For(i18n.Welsh).T(p.Title))) {
				t.Errorf("%s in Welsh lacks its Welsh title", p.Path)
			}
			for _, q := range infoweb.Pages {
				if !strings.Contains(r.Body, `href="`+q.Path+`"`) {
					t.Errorf("%s does not link %s in its footer", p.Path, q.Path)
				}
			}
		}
	}
	priv := anon.Get("/privacy?lang=en").Body
	for _, want := range []string{"Anytown Health Board", "1 High Street, Anytown AN1 1AA", "mailto:privacy@anytown.example", "3 years", "6 months", "1 month", "20 minutes"} {
		if !strings.Contains(priv, want) {
			t.Errorf("the privacy notice lacks %q", want)
		}
	}
	if !strings.Contains(anon.Get("/signin").Body, `href="/privacy"`) {
		t.Error("the sign-in page does not link the privacy notice")
	}
	if !strings.Contains(anon.Get("/help").Body, `id="feeds"`) {
		t.Error("the help page does not explain feeds")
	}
}

// TestDefaults: without a controller configured, the notice names the
// organisation and the mail-from address.
func TestDefaults(t *testing.T) {
	h := webtest.New(t)
	priv := h.Client().Get("/privacy").Body
	cfg := config.Default()
	if !strings.Contains(priv, html.EscapeString(cfg.OrgName)) || !strings.Contains(priv, "mailto:"+cfg.MailFrom) || !strings.Contains(priv, "2 years") {
		t.Errorf("the privacy notice lacks the default controller %q, contact %q or 2 years", cfg.OrgName, cfg.MailFrom)
	}
}

func TestPeriod(t *testing.T) {
	p := i18n.For(i18n.English)
	day := 24 * time.Hour
	for d, want := range map[time.Duration]string{730 * day: "2 years", 365 * day: "1 year", 90 * day: "3 months",
		30 * day: "1 month", 45 * day: "45 days", 2 * time.Hour: "2 hours", 20 * time.Minute: "20 minutes"} {
		if got := infoweb.Period(p, d); got != want {
			t.Errorf("Period(%v) = %q; want %q", d, got, want)
		}
	}
}
