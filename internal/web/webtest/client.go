package webtest

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
)

// Resp is a response, read whole.
type Resp struct {
	Code   int
	Body   string
	Header http.Header
}

// Client is a browser-like client of a Harness: it keeps its cookies,
// does not follow redirects, and posts forms with the headers a browser
// sends for a form on the same site (Origin and Sec-Fetch-Site).
type Client struct {
	h  *Harness
	HC *http.Client
	// Landing is where the last SignIn sent the browser.
	Landing string
}

// Client returns a new client with no cookies.
func (h *Harness) Client() *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{h: h, HC: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// Do sends a request as is: form (if not nil) as the body, then the
// header pairs hdr ("Accept", "application/json", ...). No header is added
// for it, so a bare Do POST looks like a script's, not a browser's. An
// event stream's body is not read (Body is empty; see Stream).
func (c *Client) Do(method, path string, form url.Values, hdr ...string) Resp {
	c.h.T.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, c.h.URL+path, body)
	if err != nil {
		c.h.T.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		if strings.EqualFold(hdr[i], "Host") {
			req.Host = hdr[i+1]
			continue
		}
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := c.HC.Do(req)
	if err != nil {
		c.h.T.Fatal(err)
	}
	defer res.Body.Close()
	if strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") {
		return Resp{res.StatusCode, "", res.Header} // it would never end: read one with Stream
	}
	b, _ := io.ReadAll(res.Body)
	return Resp{res.StatusCode, string(b), res.Header}
}

// Get fetches path.
func (c *Client) Get(path string, hdr ...string) Resp { return c.Do("GET", path, nil, hdr...) }

// Post submits form to path as a browser submits a form of this site: with
// Origin and Sec-Fetch-Site: same-origin (hdr may add or override).
func (c *Client) Post(path string, form url.Values, hdr ...string) Resp {
	c.h.T.Helper()
	if form == nil {
		form = url.Values{}
	}
	return c.Do("POST", path, form, append([]string{"Origin", c.h.URL, "Sec-Fetch-Site", "same-origin"}, hdr...)...)
}

// Cookie returns the value of the client's cookie name, or "".
func (c *Client) Cookie(name string) string {
	u, _ := url.Parse(c.h.URL)
	for _, ck := range c.HC.Jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

// LinkRE finds a sign-in link in a message.
var LinkRE = regexp.MustCompile(regexp.QuoteMeta(BaseURL) + `(/signin/[A-Za-z0-9_-]+)`)

// SignIn signs c in as email through the real flow: ask for a link, read
// it from the outbox, open it, press the button. Landing is then where the
// browser was sent.
func (c *Client) SignIn(email string) {
	c.h.T.Helper()
	r := c.Post("/signin", url.Values{"email": {email}})
	if r.Code != 200 || !strings.Contains(r.Body, "Check your email") {
		c.h.T.Fatalf("POST /signin = %d\n%s", r.Code, r.Body)
	}
	link := c.h.LastLink(email)
	if r := c.Get(link); r.Code != 200 {
		c.h.T.Fatalf("GET %s = %d", link, r.Code)
	}
	r = c.Post(link, nil)
	if r.Code != http.StatusSeeOther {
		c.h.T.Fatalf("POST %s = %d\n%s", link, r.Code, r.Body)
	}
	c.Landing = r.Header.Get("Location")
}

// LastLink returns the path of the newest sign-in link mailed to email.
func (h *Harness) LastLink(email string) string {
	h.T.Helper()
	msgs, _ := h.Outbox.List()
	if len(msgs) == 0 || msgs[0].To != strings.ToLower(email) {
		h.T.Fatalf("no sign-in mail to %s in the outbox: %+v", email, msgs)
	}
	m := LinkRE.FindStringSubmatch(msgs[0].Body)
	if m == nil {
		h.T.Fatalf("no link in the mail: %q", msgs[0].Body)
	}
	return m[1]
}

// Submit raises an issue through the form and returns its path.
func (c *Client) Submit(title, desc string) string {
	c.h.T.Helper()
	r := c.Post("/issues/new", url.Values{"title": {title}, "description": {desc}, "tags": {"testing"}})
	if r.Code != http.StatusSeeOther {
		c.h.T.Fatalf("submit = %d\n%s", r.Code, r.Body)
	}
	return r.Header.Get("Location")
}
