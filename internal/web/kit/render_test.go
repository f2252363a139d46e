package kit

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/people"
)

func newTestRenderer(t *testing.T) *Renderer {
	t.Helper()
	rd, err := NewRenderer(RendererConfig{Site: Site{OrgName: "Org", ServiceName: "Gather"},
		Nav: []NavItem{{URL: "/issues", Label: "Issues", Access: Public}, {URL: "/moderation", Label: "Reports", Access: Role(people.RoleModerator)}}})
	if err != nil {
		t.Fatal(err)
	}
	return rd
}

// fail runs Fail for err on a request in lang with headers hdr.
func fail(rd *Renderer, method, lang string, err error, hdr ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, "/issues?sort=newest", nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Set(hdr[i], hdr[i+1])
	}
	r = With(r, &Request{Lang: i18n.Lang(lang)})
	w := httptest.NewRecorder()
	rd.Fail(w, r, err)
	return w
}

func TestFailShowsOnlyTheSafeMessage(t *testing.T) {
	rd := newTestRenderer(t)
	cause := errors.New("dial tcp 127.0.0.1:25: connect: connection refused; database is locked (SQLITE_BUSY) /var/lib/folkmoot/db")
	tests := []struct {
		name       string
		err        error
		code       int
		want       string
		retryAfter string
	}{
		{"unavailable", apperr.Wrap(apperr.Unavailable, cause, "The database is busy. Try again in a minute."), 503, "The database is busy", RetryAfterUnavailable},
		{"unavailable without a message", apperr.Wrap(apperr.Unavailable, cause, ""), 503, "Something went wrong on our side", RetryAfterUnavailable},
		{"internal", fmt.Errorf("saving: %w", cause), 500, "Something went wrong on our side", ""},
		{"not found", apperr.New(apperr.NotFound, "There is no such issue."), 404, "There is no such issue.", ""},
		{"forbidden", apperr.New(apperr.Forbidden, "Only moderators can do this."), 403, "Only moderators can do this.", ""},
		{"rate limited", apperr.New(apperr.RateLimited, "Wait a minute."), 429, "Wait a minute.", "60"},
		{"too long", fmt.Errorf("form: %w", &http.MaxBytesError{Limit: 10}), 413, "What you sent is too long.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, json := range []bool{false, true} {
				var w *httptest.ResponseRecorder
				if json {
					w = fail(rd, "GET", "en", tt.err, "Accept", "application/json")
				} else {
					w = fail(rd, "GET", "en", tt.err)
				}
				body := w.Body.String()
				if w.Code != tt.code || !strings.Contains(body, tt.want) || w.Header().Get("Retry-After") != tt.retryAfter {
					t.Fatalf("json %v: %d, Retry-After %q, want %d, %q; body:\n%s", json, w.Code, w.Header().Get("Retry-After"), tt.code, tt.retryAfter, body)
				}
				for _, leak := range []string{"dial tcp", "SQLITE", "/var/lib", "127.0.0.1"} {
					if strings.Contains(body, leak) {
						t.Fatalf("json %v: the page shows the cause (%q):\n%s", json, leak, body)
					}
				}
				if json && !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
					t.Fatalf("an API caller got %q", w.Header().Get("Content-Type"))
				}
			}
		})
	}
}

func TestFailSendsToSignIn(t *testing.T) {
	rd := newTestRenderer(t)
	w := fail(rd, "GET", "en", apperr.New(apperr.Unauthenticated, "Sign in to do this."))
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/signin?next=%2Fissues%3Fsort%3Dnewest" {
		t.Fatalf("GET: %d → %q", w.Code, w.Header().Get("Location"))
	}
	w = fail(rd, "POST", "en", apperr.New(apperr.Unauthenticated, "Sign in to do this."), "Referer", "http://x.test/issues/3")
	if w.Header().Get("Location") != "/signin?next=%2Fissues%2F3" {
		t.Fatalf("POST: → %q, want back to the form's page", w.Header().Get("Location"))
	}
	w = fail(rd, "POST", "en", apperr.New(apperr.Unauthenticated, "Sign in to do this."), "Accept", "application/json")
	if w.Code != http.StatusUnauthorized {
		t.Fatalf("JSON caller: %d, want 401", w.Code)
	}
}

func TestPagesFollowTheLanguage(t *testing.T) {
	rd := newTestRenderer(t)
	for _, tt := range []struct{ lang, html, other, otherTag string }{
		{"en", `<html lang="en-GB">`, "Cymraeg", "cy"},
		{"cy", `<html lang="cy">`, "English", "en-GB"},
	} {
		w := fail(rd, "GET", tt.lang, apperr.New(apperr.NotFound, "There is no page at this address."))
		body := w.Body.String()
		link := `href="/issues?lang=` + map[string]string{"en": "cy", "cy": "en"}[tt.lang] + `&amp;sort=newest" lang="` + tt.otherTag + `" hreflang="` + tt.otherTag + `">` + tt.other + `</a>`
		if !strings.Contains(body, tt.html) || !strings.Contains(body, link) {
			t.Fatalf("%s: lacks %s or the language link %s:\n%s", tt.lang, tt.html, link, body)
		}
		if v := w.Header().Values("Vary"); !strings.Contains(strings.Join(v, ","), "Accept-Language") || !strings.Contains(strings.Join(v, ","), "Cookie") {
			t.Fatalf("Vary = %q", v)
		}
	}
}

func TestNavShowsWhatTheUserMaySee(t *testing.T) {
	items := []NavItem{
		{URL: "/issues", Label: "Issues", Access: Public},
		{URL: "/issues/new", Label: "Raise", Access: Public},
		{URL: "/moderation", Label: "Reports", Access: Role(people.RoleModerator)},
		{URL: "/outbox", Label: "Outbox", Access: Demo},
	}
	nav := navFor(items, people.Anonymous, false, "/issues/new")
	if len(nav) != 2 || nav[0].Current || !nav[1].Current {
		t.Fatalf("anonymous on /issues/new: %+v (want Issues, Raise current)", nav)
	}
	mod := people.User{ID: 1, Roles: []people.Role{people.RoleModerator}}
	nav = navFor(items, mod, true, "/issues/12")
	if len(nav) != 4 || !nav[0].Current {
		t.Fatalf("moderator in a demo on an issue: %+v", nav)
	}
}
