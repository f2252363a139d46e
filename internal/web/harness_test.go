package web

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/config"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/cycle/cycletest"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/mail"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/sealed"
	"github.com/folkmoot/folkmoot/internal/storage"
	"github.com/folkmoot/folkmoot/internal/storage/pgtest"
)

// harness is a Server over a real SQLite database in a temporary folder,
// with a programme whose gather window is open.
type harness struct {
	t      testing.TB
	st     storage.Store
	ps     *people.Service
	gs     *gather.Service
	outbox *mail.Outbox
	srv    *Server
	ts     *httptest.Server
	cycles *cycle.Service
	cycle  cycle.Cycle

	landing string // where the last sign-in sent the browser
}

func newHarness(t testing.TB, edit func(*config.Config)) *harness {
	t.Helper()
	return newHarnessOn(t, filepath.Join(t.TempDir(), "test.db"), edit)
}

// onEachDatabase runs f on SQLite, then on PostgreSQL when it is reachable
// (FOLKMOOT_TEST_POSTGRES; required when CI=true), each in a fresh database.
func onEachDatabase(t *testing.T, f func(t *testing.T, h *harness)) {
	t.Run("sqlite", func(t *testing.T) { f(t, newHarness(t, nil)) })
	t.Run("postgres", func(t *testing.T) { f(t, newHarnessOn(t, postgresSchema(t), nil)) })
}

// postgresSchema returns a DSN for a fresh schema, dropped after the test
// (skipped, or failed when CI=true, without a server; see pgtest).
func postgresSchema(t testing.TB) string {
	t.Helper()
	return pgtest.Schema(t, "folkmoot_webtest")
}

func newHarnessOn(t testing.TB, db string, edit func(*config.Config)) *harness {
	t.Helper()
	ctx := context.Background()
	if _, _, err := storage.Migrate(ctx, db, nil); err != nil {
		if apperr.Is(err, apperr.Unavailable) && os.Getenv("CI") != "true" {
			t.Skipf("storage adapter not available: %v", err)
		}
		t.Fatal(err)
	}
	st, err := storage.Open(ctx, db, storage.Options{Keys: sealed.MustTest()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	h := &harness{t: t, st: st}
	h.ps = people.NewService(st, people.Config{})
	h.cycles = cycle.NewService(st, cycle.Config{})
	h.gs = gather.NewService(st, st, h.cycles, gather.Config{})
	h.cycle = cycletest.OpenRound(t, st, "Spring")
	h.outbox, _ = mail.NewOutbox("")
	cfg := config.Default()
	cfg.BaseURL = "http://folkmoot.test"
	cfg.SecretKey = strings.Repeat("k", 32)
	cfg.SubmitPerMinute, cfg.SupportPerMinute, cfg.SignInPerMinute = 0, 0, 0
	if edit != nil {
		edit(&cfg)
	}
	h.srv, err = New(Deps{Config: cfg, People: h.ps, Gather: h.gs, Rounds: h.cycles, Lookups: st, Similar: NewSimilar(h.gs, time.Minute, nil), Mail: h.outbox, Outbox: h.outbox})
	if err != nil {
		t.Fatal(err)
	}
	h.ts = httptest.NewServer(h.srv)
	t.Cleanup(h.ts.Close)
	return h
}

// client returns a browser-like client with its own cookies that does not
// follow redirects.
func (h *harness) client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// user adds a user with roles.
func (h *harness) user(email string, roles ...people.Role) people.User {
	h.t.Helper()
	u, err := h.ps.AddUser(context.Background(), people.System, email, "", roles...)
	if err != nil {
		h.t.Fatal(err)
	}
	return u
}

type resp struct {
	code int
	body string
	hdr  http.Header
}

func (h *harness) do(c *http.Client, method, path string, form url.Values, hdr ...string) resp {
	h.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, h.ts.URL+path, body)
	if err != nil {
		h.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := c.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return resp{res.StatusCode, string(b), res.Header}
}

func (h *harness) get(c *http.Client, path string) resp { return h.do(c, "GET", path, nil) }

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// token fetches path and returns the CSRF token of its first form.
func (h *harness) token(c *http.Client, path string) string {
	h.t.Helper()
	r := h.get(c, path)
	m := csrfRE.FindStringSubmatch(r.body)
	if m == nil {
		h.t.Fatalf("GET %s (%d): no CSRF token in page", path, r.code)
	}
	return m[1]
}

// post fetches the token from page, then posts form to path.
func (h *harness) post(c *http.Client, page, path string, form url.Values, hdr ...string) resp {
	h.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	form.Set("csrf", h.token(c, page))
	return h.do(c, "POST", path, form, hdr...)
}

var linkRE = regexp.MustCompile(`http://folkmoot\.test(/signin/[A-Za-z0-9_-]+)`)

// signIn signs c in as email through the real flow: ask for a link, read
// it from the outbox, open it, press the button.
func (h *harness) signIn(c *http.Client, email string) {
	h.t.Helper()
	r := h.post(c, "/signin", "/signin", url.Values{"email": {email}})
	if r.code != 200 || !strings.Contains(r.body, "Check your email") {
		h.t.Fatalf("POST /signin = %d\n%s", r.code, r.body)
	}
	msgs, _ := h.outbox.List()
	if len(msgs) == 0 || msgs[0].To != strings.ToLower(email) {
		h.t.Fatalf("no sign-in mail to %s in outbox: %+v", email, msgs)
	}
	m := linkRE.FindStringSubmatch(msgs[0].Body)
	if m == nil {
		h.t.Fatalf("no link in mail: %q", msgs[0].Body)
	}
	r = h.post(c, m[1], m[1], nil)
	if r.code != http.StatusSeeOther {
		h.t.Fatalf("POST %s = %d\n%s", m[1], r.code, r.body)
	}
	h.landing = r.hdr.Get("Location")
}

// submit raises an issue through the form and returns its path.
func (h *harness) submit(c *http.Client, title, desc string) string {
	h.t.Helper()
	r := h.post(c, "/issues/new?title="+url.QueryEscape(title), "/issues/new", url.Values{"title": {title}, "description": {desc}, "tags": {"testing"}})
	if r.code != http.StatusSeeOther {
		h.t.Fatalf("submit = %d\n%s", r.code, r.body)
	}
	return r.hdr.Get("Location")
}
