package gatherweb_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web"
	"github.com/folkmoot/folkmoot/internal/web/webtest"
)

// counts is the data of a "counts" event.
type counts struct {
	Supports     int    `json:"supports"`
	SupportsText string `json:"supports_text"`
	Comments     int    `json:"comments"`
}

// comment is the data of a "comment" event.
type comment struct {
	ID     int64  `json:"id"`
	Parent int64  `json:"parent"`
	HTML   string `json:"html"`
}

// next returns the next event named name within a second, skipping others.
func next(t *testing.T, s *webtest.Stream, name string) webtest.Event {
	t.Helper()
	deadline := time.Now().Add(time.Second)
	for {
		ev, ok := s.Next(time.Until(deadline))
		if !ok {
			t.Fatalf("no %q event within a second", name)
		}
		if ev.Name == name {
			return ev
		}
	}
}

func nextCounts(t *testing.T, s *webtest.Stream) counts {
	t.Helper()
	var c counts
	if err := json.Unmarshal([]byte(next(t, s, "counts").Data), &c); err != nil {
		t.Fatal(err)
	}
	return c
}

func nextComment(t *testing.T, s *webtest.Stream) comment {
	t.Helper()
	var c comment
	if err := json.Unmarshal([]byte(next(t, s, "comment").Data), &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// countsUntil reads counts events until one has the supports wanted.
func countsUntil(t *testing.T, s *webtest.Stream, supports int) (counts, int) {
	t.Helper()
	for n := 1; ; n++ {
		c := nextCounts(t, s)
		if c.Supports == supports {
			return c, n
		}
	}
}

func TestIssueEvents(t *testing.T) { webtest.OnEachDatabase(t, testIssueEvents) }

// An issue's event stream starts with its counts; supports, comments,
// replies and moderation reach it, each comment rendered for the viewer.
func testIssueEvents(t *testing.T, h *webtest.Harness) {
	ctx := context.Background()
	author := h.User("ann@example.org")
	iss, err := h.Gather.SubmitIssue(ctx, author, gather.IssueDraft{CycleID: h.Cycle.ID, Title: "Live updates of an issue", Description: "Counts and comments as they happen."})
	if err != nil {
		t.Fatal(err)
	}
	path := "/issues/" + strconv.FormatInt(iss.ID, 10)
	anon := h.Client().Stream(path + "/events")
	if anon.Code != 200 || !strings.HasPrefix(anon.Header.Get("Content-Type"), "text/event-stream") || anon.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("GET %s/events = %d %q %q", path, anon.Code, anon.Header.Get("Content-Type"), anon.Header.Get("Cache-Control"))
	}
	if c := nextCounts(t, anon); c.Supports != 0 || c.SupportsText != "0 people support this issue." || c.Comments != 0 {
		t.Fatalf("initial state: %+v", c)
	}
	mod := h.Client()
	mod.SignIn("mo@example.org")
	if err := h.People.SetRole(ctx, people.System, userID(t, h, "mo@example.org"), people.RoleModerator, true); err != nil {
		t.Fatal(err)
	}
	modStream := mod.Stream(path + "/events")
	nextCounts(t, modStream)

	// A support through the form.
	c := h.Client()
	c.SignIn("cai@example.org")
	start := time.Now()
	if r := c.Post(path+"/support", url.Values{"return": {path}}); r.Code != http.StatusSeeOther {
		t.Fatalf("support = %d", r.Code)
	}
	if got := nextCounts(t, anon); got.Supports != 1 || got.SupportsText != "1 person supports this issue." {
		t.Fatalf("after a support: %+v", got)
	}
	t.Logf("a support reached the stream in %v", time.Since(start))

	// A comment: rendered by the page's partial, for an anonymous reader
	// (no report or hide link, no reply form) and for a moderator.
	if r := c.Post(path+"/comments", url.Values{"body": {"Seen live on <b>the page</b>."}}); r.Code != http.StatusSeeOther {
		t.Fatalf("comment = %d", r.Code)
	}
	cm := nextComment(t, anon)
	if cm.ID == 0 || cm.Parent != 0 || !strings.Contains(cm.HTML, `id="comment-`+strconv.FormatInt(cm.ID, 10)+`"`) ||
		!strings.Contains(cm.HTML, "Seen live on &lt;b&gt;the page&lt;/b&gt;.") || strings.Contains(cm.HTML, "/report?comment=") || strings.Contains(cm.HTML, "<form") {
		t.Fatalf("comment event for an anonymous reader: %+v", cm)
	}
	if got := nextCounts(t, anon); got.Comments != 1 || got.Supports != 1 {
		t.Fatalf("counts after a comment: %+v", got)
	}
	mc := nextComment(t, modStream)
	if mc.ID != cm.ID || !strings.Contains(mc.HTML, "/moderate?comment=") || !strings.Contains(mc.HTML, "/replies") {
		t.Fatalf("comment event for a moderator: %+v", mc)
	}
	// The same HTML as the page shows after a refresh.
	page := h.Client().Get(path).Body
	if !strings.Contains(page, strings.TrimSpace(cm.HTML)) {
		t.Fatalf("the event's comment is not the page's:\n%s\n---\n%s", cm.HTML, page)
	}

	// A reply names its parent.
	if r := c.Post(path+"/comments/"+strconv.FormatInt(cm.ID, 10)+"/replies", url.Values{"body": {"A reply, live."}}); r.Code != http.StatusSeeOther {
		t.Fatalf("reply = %d", r.Code)
	}
	if rp := nextComment(t, anon); rp.Parent != cm.ID || !strings.Contains(rp.HTML, "A reply, live.") {
		t.Fatalf("reply event: %+v", rp)
	}

	// A moderator hides the comment: readers get it again, hidden (its
	// text gone for them, kept for moderators).
	if r := mod.Post(path+"/moderate", url.Values{"comment": {strconv.FormatInt(cm.ID, 10)}, "action": {"hide"}, "reason": {"Off topic for this issue"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("hide = %d %s", r.Code, r.Body)
	}
	for {
		hc := nextComment(t, anon)
		if hc.ID != cm.ID {
			continue
		}
		if !strings.Contains(hc.HTML, "fm-comment--hidden") || !strings.Contains(hc.HTML, "Off topic for this issue") || strings.Contains(hc.HTML, "Seen live on") || !strings.Contains(hc.HTML, "A reply, live.") {
			t.Fatalf("hidden comment for an anonymous reader: %s", hc.HTML)
		}
		break
	}
	for {
		hc := nextComment(t, modStream)
		if hc.ID == cm.ID && strings.Contains(hc.HTML, "fm-comment--hidden") {
			if !strings.Contains(hc.HTML, "Seen live on") {
				t.Fatalf("a moderator lost the hidden comment's text: %s", hc.HTML)
			}
			break
		}
	}

	// An unknown issue has no stream.
	if s := h.Client().Stream("/issues/999999/events"); s.Code != http.StatusNotFound {
		t.Fatalf("events of an unknown issue = %d", s.Code)
	}
}

func userID(t *testing.T, h *webtest.Harness, email string) int64 {
	t.Helper()
	u, err := h.Store.UserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

// Supports in a burst make a few counts events, not one each, and the last
// one has the final count.
func TestSupportEventsAreCoalesced(t *testing.T) {
	h := webtest.New(t)
	ctx := context.Background()
	iss, err := h.Gather.SubmitIssue(ctx, h.User("ann@example.org"), gather.IssueDraft{CycleID: h.Cycle.ID, Title: "Many supports at once", Description: "A burst."})
	if err != nil {
		t.Fatal(err)
	}
	path := "/issues/" + strconv.FormatInt(iss.ID, 10)
	s := h.Client().Stream(path + "/events")
	nextCounts(t, s)
	const n = 30
	for i := range n {
		c := h.Client()
		u, _ := url.Parse(h.URL)
		c.HC.Jar.SetCookies(u, []*http.Cookie{{Name: "fm_session", Value: h.Session(h.User("s" + strconv.Itoa(i) + "@example.org"))}})
		if r := c.Post(path+"/support", nil, "Accept", "application/json"); r.Code != 200 {
			t.Fatalf("support %d = %d", i, r.Code)
		}
	}
	c, events := countsUntil(t, s, n)
	if events >= n {
		t.Fatalf("%d supports made %d events", n, events)
	}
	t.Logf("%d supports made %d counts events; last: %+v", n, events, c)
}

// A Welsh reader's stream is in Welsh: the counts sentence and the
// comment, rendered with the Welsh templates (dates with Welsh months).
func TestIssueEventsInWelsh(t *testing.T) {
	h := webtest.New(t)
	ctx := context.Background()
	author := h.User("ann@example.org")
	iss, err := h.Gather.SubmitIssue(ctx, author, gather.IssueDraft{CycleID: h.Cycle.ID, Title: "Gwasanaethau yn Gymraeg", Description: "Live in Welsh."})
	if err != nil {
		t.Fatal(err)
	}
	path := "/issues/" + strconv.FormatInt(iss.ID, 10)
	cy := h.Client()
	cy.SignIn("bryn@example.org")
	cy.Get("/?lang=cy") // Bryn chooses Welsh: stored, and remembered in a cookie
	en := h.Client().Stream(path + "/events")
	ws := cy.Stream(path+"/events", "Accept-Language", "cy")
	welsh := i18n.For(i18n.Welsh)
	if c := nextCounts(t, ws); c.SupportsText != welsh.N(0, "%d person supports this issue.", "%d people support this issue.") {
		t.Fatalf("Welsh counts: %+v", c)
	}
	nextCounts(t, en)
	if r := cy.Post(path+"/comments", url.Values{"body": {"Rwy'n cytuno."}}); r.Code != http.StatusSeeOther {
		t.Fatalf("comment = %d", r.Code)
	}
	wc, ec := nextComment(t, ws), nextComment(t, en)
	today := time.Now()
	if !strings.Contains(wc.HTML, welsh.Date(today)) || strings.Contains(wc.HTML, i18n.For(i18n.English).Date(today)) || !strings.Contains(wc.HTML, "Rwy&#39;n cytuno.") {
		t.Fatalf("the Welsh reader's comment is not in Welsh (want %q):\n%s", welsh.Date(today), wc.HTML)
	}
	if !strings.Contains(ec.HTML, i18n.For(i18n.English).Date(today)) {
		t.Fatalf("the English reader's comment:\n%s", ec.HTML)
	}
}

// At most MaxStreams streams at once: beyond, 503 with Retry-After (the
// page's script tries again later); a closed stream frees its slot.
func TestEventStreamLimit(t *testing.T) {
	h := webtest.New(t, webtest.Options{Deps: func(d *web.Deps) { d.MaxStreams = 2 }})
	iss, err := h.Gather.SubmitIssue(context.Background(), h.User("ann@example.org"), gather.IssueDraft{CycleID: h.Cycle.ID, Title: "A popular issue", Description: "Many readers."})
	if err != nil {
		t.Fatal(err)
	}
	path := "/issues/" + strconv.FormatInt(iss.ID, 10) + "/events"
	a, b := h.Client().Stream(path), h.Client().Stream(path)
	nextCounts(t, a)
	nextCounts(t, b)
	over := h.Client().Stream(path)
	if over.Code != http.StatusServiceUnavailable || over.Header.Get("Retry-After") == "" {
		t.Fatalf("a third stream = %d, Retry-After %q", over.Code, over.Header.Get("Retry-After"))
	}
	a.Close()
	deadline := time.Now().Add(2 * time.Second)
	for {
		s := h.Client().Stream(path)
		if s.Code == 200 {
			nextCounts(t, s)
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("a closed stream did not free its slot: %d", s.Code)
		}
		time.Sleep(20 * time.Millisecond)
	}
	// The server's shutdown ends the streams still open.
	h.Server.StopStreams()
	if !b.Ended(2 * time.Second) {
		t.Fatal("a stream outlived the server's shutdown")
	}
}
