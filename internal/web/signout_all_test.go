package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/web"
	"github.com/folkmoot/folkmoot/internal/web/kit"
	"github.com/folkmoot/folkmoot/internal/web/webtest"
)

// "Sign out everywhere" on one server ends, at once, every session of the
// person that another server holds in its cache; other people's stay.
func TestSignOutEverywhereReachesOtherServers(t *testing.T) {
	h := webtest.New(t)
	second, err := web.New(h.Deps) // the same Live broker
	if err != nil {
		t.Fatal(err)
	}
	ts2 := httptest.NewServer(second)
	defer ts2.Close()
	defer second.Close()
	u, other := h.User("sam@example.org"), h.User("kim@example.org")
	phone, laptop, kims := h.Session(u), h.Session(u), h.Session(other)
	status := func(base, session string) int {
		req, _ := http.NewRequest("GET", base+"/account", nil)
		req.AddCookie(&http.Cookie{Name: kit.SessionCookie, Value: session})
		res, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	for _, s := range []string{phone, laptop, kims} {
		if c := status(ts2.URL, s); c != 200 {
			t.Fatalf("/account on the second server = %d before signing out", c)
		}
	}
	c := h.Client()
	base, _ := url.Parse(h.URL)
	c.HC.Jar.SetCookies(base, []*http.Cookie{{Name: kit.SessionCookie, Value: phone}})
	if r := c.Post("/account/signout-everywhere", nil); r.Code != http.StatusSeeOther {
		t.Fatalf("sign out everywhere = %d", r.Code)
	}
	deadline := time.Now().Add(time.Second)
	for status(ts2.URL, laptop) != http.StatusSeeOther || status(ts2.URL, phone) != http.StatusSeeOther {
		if time.Now().After(deadline) {
			t.Fatal("the other server still accepts a session ended everywhere after 1 s")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if c := status(ts2.URL, kims); c != 200 {
		t.Fatalf("another person's session ended too: %d", c)
	}
}
