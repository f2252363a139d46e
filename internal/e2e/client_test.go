package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// client is one signed-in person talking to the server over HTTP.
type client struct {
	hc      *http.Client
	base    string
	session string // raw session id (cookie fm_session)
	user    int64
}

// transport is shared by all clients: one keep-alive pool, as browsers
// behind one proxy would look, big enough for 200 clients.
func transport() *http.Transport {
	return &http.Transport{MaxIdleConns: 1000, MaxIdleConnsPerHost: 1000, IdleConnTimeout: 30 * time.Second,
		DisableCompression: true}
}

// newClients makes n clients from the fixture's sessions and checks that
// each one is signed in. (Forms need no token: the server refuses
// cross-origin browser requests by their Origin and Sec-Fetch-Site, and a
// client like this one sends neither.)
func newClients(t testing.TB, srv *process, f fixture, n int) []*client {
	base := srv.URL
	t.Helper()
	if n > len(f.Sessions) {
		t.Fatalf("e2e: %d clients but %d sessions", n, len(f.Sessions))
	}
	hc := &http.Client{Transport: transport(), Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	cs := make([]*client, n)
	var wg sync.WaitGroup
	errs := make(chan error, n)
	sem := make(chan struct{}, 16)
	for i := range cs {
		cs[i] = &client{hc: hc, base: base, session: f.Sessions[i], user: f.UserIDs[i]}
		wg.Add(1)
		go func(c *client) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			if err := c.checkSignedIn(f.Issues[0]); err != nil {
				errs <- err
			}
		}(cs[i])
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("e2e: %v\nserver log:\n%s", err, lastLines(srv.Output(), 20))
	}
	return cs
}

func (c *client) request(ctx context.Context, method, path string, body io.Reader) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return nil, err
	}
	req.AddCookie(&http.Cookie{Name: "fm_session", Value: c.session})
	return req, nil
}

// checkSignedIn fetches the issue's page and checks that the client's
// session is signed in there.
func (c *client) checkSignedIn(issue int64) error {
	req, err := c.request(context.Background(), http.MethodGet, fmt.Sprintf("/issues/%d", issue), nil)
	if err != nil {
		return err
	}
	res, err := c.hc.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("GET /issues/%d as user %d: %s", issue, c.user, res.Status)
	}
	if !strings.Contains(string(b), `href="/signout"`) {
		return fmt.Errorf("GET /issues/%d: the session of user %d is not signed in", issue, c.user)
	}
	return nil
}

// supportReply is the server's JSON answer to POST /issues/{id}/support.
type supportReply struct {
	Issue     int64 `json:"issue"`
	Supported bool  `json:"supported"`
	Changed   bool  `json:"changed"`
}

// support asks the server to record that the client supports issue.
// A nil error means the server acknowledged the support.
func (c *client) support(ctx context.Context, issue int64) (supportReply, error) {
	req, err := c.request(ctx, http.MethodPost, fmt.Sprintf("/issues/%d/support", issue), strings.NewReader(""))
	if err != nil {
		return supportReply{}, err
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := c.hc.Do(req)
	if err != nil {
		return supportReply{}, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return supportReply{}, err
	}
	if res.StatusCode != http.StatusOK {
		return supportReply{}, &statusError{code: res.StatusCode, body: string(b[:min(len(b), 300)])}
	}
	var r supportReply
	if err := json.Unmarshal(b, &r); err != nil {
		return supportReply{}, fmt.Errorf("reply %q: %w", b, err)
	}
	if r.Issue != issue || !r.Supported {
		return supportReply{}, fmt.Errorf("reply %+v for issue %d", r, issue)
	}
	return r, nil
}

// statusError is a reply other than 200, with the start of its body.
type statusError struct {
	code int
	body string
}

func (e *statusError) Error() string { return fmt.Sprintf("status %d: %s", e.code, e.body) }
