package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web"
	"github.com/folkmoot/folkmoot/internal/web/kit"
	"github.com/folkmoot/folkmoot/internal/web/webtest"
)

// within polls f every 5 ms until it is true, for up to wait, and returns
// how long it took (or fails).
func within(t *testing.T, wait time.Duration, what string, f func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for !f() {
		if time.Since(start) > wait {
			t.Fatalf("%s: not within %v", what, wait)
		}
		time.Sleep(5 * time.Millisecond)
	}
	return time.Since(start)
}

// Two servers share a broker (as two processes share one through the
// database): a sign-out on one is refused by the other at once, not after
// its session cache's 5 s; a new role given to someone applies on the
// other server at once; after a lost event (Lagged) the cache is dropped.
func TestSessionCachesFollowOtherServers(t *testing.T) {
	h := webtest.New(t)
	second, err := web.New(h.Deps) // the same Live broker
	if err != nil {
		t.Fatal(err)
	}
	ts2 := httptest.NewServer(second)
	defer ts2.Close()
	defer second.Close()
	u := h.User("sam@example.org")
	raw := h.Session(u)
	status := func(base, path, session string) int {
		req, _ := http.NewRequest("GET", base+path, nil)
		req.AddCookie(&http.Cookie{Name: kit.SessionCookie, Value: session})
		res, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	// Both servers cache the session.
	for _, base := range []string{h.URL, ts2.URL} {
		if c := status(base, "/account", raw); c != 200 {
			t.Fatalf("%s/account = %d before signing out", base, c)
		}
	}
	// A role granted elsewhere applies on the second server at once.
	if c := status(ts2.URL, "/moderation", raw); c != http.StatusForbidden {
		t.Fatalf("/moderation before the grant = %d", c)
	}
	if err := h.People.SetRole(context.Background(), people.System, u.ID, people.RoleModerator, true); err != nil {
		t.Fatal(err)
	}
	took := within(t, time.Second, "a new role on the other server", func() bool { return status(ts2.URL, "/moderation", raw) == 200 })
	t.Logf("a new role applied on the other server after %v", took)

	// Sign out on the first server (through the page).
	c := h.Client()
	base, _ := url.Parse(h.URL)
	c.HC.Jar.SetCookies(base, []*http.Cookie{{Name: kit.SessionCookie, Value: raw}})
	if r := c.Post("/signout", nil); r.Code != http.StatusSeeOther {
		t.Fatalf("sign-out = %d", r.Code)
	}
	took = within(t, time.Second, "the sign-out on the other server", func() bool {
		return status(ts2.URL, "/account", raw) == http.StatusSeeOther
	})
	t.Logf("the other server refused the ended session after %v", took)

	// A session ended without an announcement (its event lost) is
	// refused once the broker says events were lost.
	raw2 := h.Session(u)
	if c := status(ts2.URL, "/account", raw2); c != 200 {
		t.Fatalf("/account with a new session = %d", c)
	}
	quiet := people.NewService(h.Store, people.Config{}) // no hooks: announces nothing
	if err := quiet.SignOut(context.Background(), u, raw2); err != nil {
		t.Fatal(err)
	}
	if c := status(ts2.URL, "/account", raw2); c != 200 {
		t.Fatalf("the cache did not hold the session (%d): the test proves nothing", c)
	}
	h.Live.MarkLagged()
	within(t, time.Second, "dropping the cache after Lagged", func() bool { return status(ts2.URL, "/account", raw2) == http.StatusSeeOther })
}

// The session hash, never the raw id, goes on the broker.
func TestSignOutAnnouncesTheHash(t *testing.T) {
	h := webtest.New(t)
	sub := h.Live.Subscribe(web.TopicSession)
	defer sub.Close()
	c := h.Client()
	c.SignIn("pat@example.org")
	raw := c.Cookie(kit.SessionCookie)
	if r := c.Post("/signout", nil); r.Code != http.StatusSeeOther {
		t.Fatalf("sign-out = %d", r.Code)
	}
	select {
	case ev := <-sub.C:
		if string(ev.Data) != people.HashToken(raw) || strings.Contains(string(ev.Data), raw) {
			t.Fatalf("announced %q", ev.Data)
		}
	case <-time.After(time.Second):
		t.Fatal("no announcement of the sign-out")
	}
}
