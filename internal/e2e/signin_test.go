package e2e

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// internalText is text a public page must never show: the causes of a
// failed send (apperr.Message keeps them for the logs).
var internalText = []string{"dial tcp", "connection refused", "mail:", "smtp", "SMTP", "could not send"}

// askSignIn fills in the sign-in form of the server at base with email,
// as a browser would (the form's page first, then a same-origin POST),
// and returns the page the server answers. lang, if set, is sent as
// Accept-Language.
func askSignIn(base, email, lang string) (string, error) {
	hc := &http.Client{Timeout: 30 * time.Second}
	get := func(path string) (string, error) {
		req, _ := http.NewRequest(http.MethodGet, base+path, nil)
		if lang != "" {
			req.Header.Set("Accept-Language", lang)
		}
		res, err := hc.Do(req)
		if err != nil {
			return "", err
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusOK {
			return string(b), fmt.Errorf("GET %s: %s", path, res.Status)
		}
		return string(b), err
	}
	form, err := get("/signin")
	if err != nil {
		return "", err
	}
	if !strings.Contains(form, `action="/signin"`) || !strings.Contains(form, `name="email"`) {
		return "", fmt.Errorf("GET /signin: no sign-in form")
	}
	req, _ := http.NewRequest(http.MethodPost, base+"/signin", strings.NewReader(url.Values{"email": {email}, "next": {"/"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", base)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	if lang != "" {
		req.Header.Set("Accept-Language", lang)
	}
	res, err := hc.Do(req)
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return "", err
	}
	if res.StatusCode != http.StatusOK {
		return string(b), fmt.Errorf("POST /signin for %s: %s", email, res.Status)
	}
	return string(b), nil
}

// mustAskSignIn is askSignIn for an English page that must say "Check
// your email" and show no internal error, nor the mail server's address.
func mustAskSignIn(t testing.TB, p *process, email, smtpAddr string) {
	t.Helper()
	page, err := askSignIn(p.URL, email, "")
	if err != nil {
		t.Fatalf("%v\n%.500s\nserver log:\n%s", err, page, lastLines(p.Output(), 20))
	}
	if !strings.Contains(page, "Check your email") || !strings.Contains(page, email) {
		t.Fatalf("the page after asking for a link does not say to check %s's email:\n%s", email, page)
	}
	checkNoInternalText(t, page, smtpAddr)
}

// checkNoInternalText fails when page shows a send's cause or one of also.
func checkNoInternalText(t testing.TB, page string, also ...string) {
	t.Helper()
	for _, bad := range append(also, internalText...) {
		if strings.Contains(page, bad) {
			t.Fatalf("the page shows %q:\n%s", bad, page)
		}
	}
}

// signInLinkRE finds the one-time link in a sign-in email.
var signInLinkRE = regexp.MustCompile(`https?://[^\s"<>]+/signin/[A-Za-z0-9_-]+(\?[^\s"<>]*)?`)

// followSignInLink opens the link from a sign-in email in a new browser
// (a cookie jar), presses its button, and checks that the person is
// signed in on the site's home page.
func followSignInLink(t testing.TB, link string) {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	base := u.Scheme + "://" + u.Host
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, Timeout: 30 * time.Second}
	res, err := hc.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	action := regexp.MustCompile(`<form method="post" action="(/signin/[A-Za-z0-9_-]+)"`).FindStringSubmatch(string(b))
	if res.StatusCode != http.StatusOK || action == nil {
		t.Fatalf("GET %s: %s, no sign-in button:\n%s", link, res.Status, b)
	}
	req, _ := http.NewRequest(http.MethodPost, base+action[1], strings.NewReader(url.Values{"next": {"/"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", base)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res, err = hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("pressing the sign-in button: %s\n%s", res.Status, b)
	}
	res, err = hc.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(b), `href="/signout"`) {
		t.Fatalf("not signed in after following the link: the home page has no sign-out link")
	}
}

// jobRow is a job as the jobs table holds it.
type jobRow struct {
	ID         int64
	Status     string
	Attempts   int
	LastError  string
	LeaseOwner string
	LeaseUntil time.Time
}

// mailJobs returns every "mail.send" job, by id.
func mailJobs(t testing.TB, conn *sql.DB) []jobRow {
	t.Helper()
	rows, err := conn.QueryContext(context.Background(),
		`SELECT id, status, attempts, last_error, lease_owner, lease_until FROM jobs WHERE kind = 'mail.send' ORDER BY id`)
	if err != nil {
		t.Fatalf("reading jobs: %v", err)
	}
	defer rows.Close()
	var out []jobRow
	for rows.Next() {
		var j jobRow
		var until int64
		if err := rows.Scan(&j.ID, &j.Status, &j.Attempts, &j.LastError, &j.LeaseOwner, &until); err != nil {
			t.Fatal(err)
		}
		if until > 0 {
			j.LeaseUntil = time.UnixMicro(until)
		}
		out = append(out, j)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// oneMailJob waits until there is exactly one mail job and cond holds for
// it, and returns it.
func oneMailJob(t testing.TB, conn *sql.DB, what string, limit time.Duration, cond func(jobRow) bool) jobRow {
	t.Helper()
	var last []jobRow
	deadline := time.Now().Add(limit)
	for {
		last = mailJobs(t, conn)
		if len(last) == 1 && cond(last[0]) {
			return last[0]
		}
		if len(last) > 1 {
			t.Fatalf("%d mail jobs, want 1: %+v", len(last), last)
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %s: mail jobs %+v", limit, what, last)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// ownerPID returns the process id in a lease owner ("host:pid:random#n").
func ownerPID(owner string) int {
	parts := strings.Split(owner, ":")
	if len(parts) < 3 {
		return 0
	}
	pid, _ := strconv.Atoi(parts[1])
	return pid
}

// pid returns the running process's id, or 0.
func (p *process) pid() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cmd == nil || p.cmd.Process == nil {
		return 0
	}
	return p.cmd.Process.Pid
}
