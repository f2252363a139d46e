package roomweb_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/live"
	"github.com/folkmoot/folkmoot/internal/live/pglive"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/room"
	"github.com/folkmoot/folkmoot/internal/storage/pgtest"
	"github.com/folkmoot/folkmoot/internal/web"
	"github.com/folkmoot/folkmoot/internal/web/roomweb"
	"github.com/folkmoot/folkmoot/internal/web/webtest"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// meet moves h's round to its Meetings phase and adds a discussion group
// facilitated by fac.
func meet(t *testing.T, h *webtest.Harness, groupID int64, fac people.User) string {
	t.Helper()
	org := h.User(fmt.Sprintf("org%d@example.org", groupID), people.RoleOrganiser)
	if h.Cycle.Phase != cycle.Meetings {
		if _, err := h.Cycles.MovePhase(context.Background(), org, h.Cycle.ID, cycle.Meetings, ""); err != nil {
			t.Fatal(err)
		}
		h.Cycle.Phase = cycle.Meetings
	}
	h.Groups.Add(room.Group{ID: groupID, CycleID: h.Cycle.ID, Name: "Table " + itoa(groupID), ThemeTitle: "Getting a GP appointment", Moderators: []int64{fac.ID}})
	return "/cycles/" + itoa(h.Cycle.ID) + "/groups/" + itoa(groupID)
}

// frameWith waits for a "frame" event whose data contains want.
func frameWith(t *testing.T, s *webtest.Stream, want string, wait time.Duration) (roomweb.Frame, bool) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for {
		left := time.Until(deadline)
		if left <= 0 {
			return roomweb.Frame{}, false
		}
		ev, ok := s.Next(left)
		if !ok {
			return roomweb.Frame{}, false
		}
		if ev.Name == "frame" && strings.Contains(ev.Data, want) {
			var f roomweb.Frame
			if err := json.Unmarshal([]byte(ev.Data), &f); err != nil {
				t.Fatal(err)
			}
			return f, true
		}
	}
}

func TestRoomInTheWebApp(t *testing.T) { webtest.OnEachDatabase(t, testRoom) }

// An online participant posts a question and a comment without
// JavaScript; only the group's moderators see them waiting; approved, the
// question reaches the room screen's event stream and page, the comment
// becomes a statement people react to, and a rejected post is never shown.
func testRoom(t *testing.T, h *webtest.Harness) {
	fac := h.User("fac@example.org")
	base := meet(t, h, 3, fac)
	ann, bob, facC, modC, anon := h.Client(), h.Client(), h.Client(), h.Client(), h.Client()
	ann.SignIn("ann@example.org")
	bob.SignIn("bob@example.org")
	facC.SignIn("fac@example.org")
	h.User("mod@example.org", people.RoleModerator)
	modC.SignIn("mod@example.org")

	if r := anon.Get(base + "/live"); r.Code != http.StatusOK || !strings.Contains(r.Body, "Sign in to take part") || !strings.Contains(r.Body, "Getting a GP appointment") {
		t.Fatalf("live page for someone not signed in = %d\n%s", r.Code, r.Body)
	}
	if r := anon.Get("/cycles/" + itoa(h.Cycle.ID) + "/groups/404/live"); r.Code != http.StatusNotFound {
		t.Fatalf("unknown group = %d", r.Code)
	}
	screen := anon.Stream(base + "/events")
	if screen.Code != http.StatusOK {
		t.Fatalf("events = %d", screen.Code)
	}
	if _, ok := frameWith(t, screen, `"questions":[]`, 5*time.Second); !ok {
		t.Fatal("no first frame")
	}
	post := func(c *webtest.Client, kind, text string) webtest.Resp {
		return c.Post(base+"/live", url.Values{"kind": {kind}, "text": {text}}, "Referer", h.URL+base+"/live")
	}
	if r := post(ann, "question", "Why do GP receptions ask what is wrong?"); r.Code != http.StatusSeeOther {
		t.Fatalf("post question = %d\n%s", r.Code, r.Body)
	}
	if r := post(bob, "comment", "Online booking should open at 8am like the phones."); r.Code != http.StatusSeeOther {
		t.Fatalf("post comment = %d", r.Code)
	}
	if r := post(bob, "comment", "Something rude about a named receptionist"); r.Code != http.StatusSeeOther {
		t.Fatalf("post comment = %d", r.Code)
	}
	if r := post(ann, "question", "no"); r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Write at least 3 characters") {
		t.Fatalf("short post = %d\n%s", r.Code, r.Body)
	}
	if r := post(ann, "statement", "Citizens cannot add statements"); r.Code != http.StatusForbidden {
		t.Fatalf("a citizen's statement = %d", r.Code)
	}
	if r := anon.Get(base + "/screen"); strings.Contains(r.Body, "GP receptions") {
		t.Fatal("a pending question is on the screen")
	}
	if r := ann.Get(base + "/moderate"); r.Code != http.StatusForbidden {
		t.Fatalf("a citizen's moderate page = %d", r.Code)
	}
	r := facC.Get(base + "/moderate")
	if r.Code != http.StatusOK || !strings.Contains(r.Body, "Why do GP receptions ask what is wrong?") || !strings.Contains(r.Body, "named receptionist") {
		t.Fatalf("facilitator's moderate page = %d\n%s", r.Code, r.Body)
	}
	pending, err := h.Deps.Room.Room.Pending(context.Background(), fac, room.Group{ID: 3, CycleID: h.Cycle.ID, Moderators: []int64{fac.ID}})
	if err != nil || len(pending) != 3 {
		t.Fatalf("pending %v %v", pending, err)
	}
	q, cm, bad := pending[0], pending[1], pending[2]
	decide := func(c *webtest.Client, id int64, d string) webtest.Resp {
		return c.Post(base+"/moderate", url.Values{"post": {itoa(id)}, "decision": {d}}, "Referer", h.URL+base+"/moderate")
	}
	if r := decide(ann, q.ID, "approve"); r.Code != http.StatusForbidden {
		t.Fatalf("a citizen approves = %d", r.Code)
	}
	if r := decide(facC, q.ID, "approve"); r.Code != http.StatusSeeOther {
		t.Fatalf("approve = %d\n%s", r.Code, r.Body)
	}
	f, ok := frameWith(t, screen, "GP receptions", 5*time.Second)
	if !ok || len(f.Questions) != 1 || f.Questions[0].ID != q.ID {
		t.Fatalf("the approved question did not reach the screen's stream: %+v", f)
	}
	if r := decide(modC, cm.ID, "approve"); r.Code != http.StatusSeeOther {
		t.Fatalf("approve = %d", r.Code)
	}
	if r := decide(facC, bad.ID, "reject"); r.Code != http.StatusSeeOther {
		t.Fatalf("reject = %d", r.Code)
	}
	if r := decide(facC, bad.ID, "approve"); r.Code != http.StatusConflict {
		t.Fatalf("approve after reject = %d", r.Code)
	}
	// Reactions: the counts follow on the stream.
	react := func(c *webtest.Client, v string) {
		t.Helper()
		if r := c.Post(base+"/react", url.Values{"post": {itoa(cm.ID)}, "vote": {v}}, "Referer", h.URL+base+"/live"); r.Code != http.StatusSeeOther {
			t.Fatalf("react %s = %d\n%s", v, r.Code, r.Body)
		}
	}
	react(ann, "agree")
	react(bob, "disagree")
	react(facC, "agree")
	if f, ok := frameWith(t, screen, `"n":3`, 5*time.Second); !ok || f.Statements[0].Agree != 67 || f.Statements[0].Disagree != 33 || f.Votes != 3 {
		t.Fatalf("frame after three reactions %+v", f)
	}
	for _, pg := range []string{"/screen", "/live"} {
		r := anon.Get(base + pg)
		if r.Code != http.StatusOK || !strings.Contains(r.Body, "Why do GP receptions ask what is wrong?") || !strings.Contains(r.Body, "Online booking should open at 8am") || strings.Contains(r.Body, "named receptionist") {
			t.Fatalf("%s = %d: want the approved posts only\n%s", pg, r.Code, r.Body)
		}
		if !strings.Contains(r.Body, "Agree 67%") {
			t.Fatalf("%s shows no shares", pg)
		}
	}
	if r := anon.Get(base + "/screen"); strings.Contains(r.Body, `http-equiv="refresh"`) || !strings.Contains(r.Body, base+"/screen?refresh=1") || !strings.Contains(r.Body, webtest.BaseURL+base+"/live") {
		t.Fatal("the screen refreshes itself unasked, or offers no self-refresh without JavaScript, or does not show the live page's address")
	}
	if r := anon.Get(base + "/screen?refresh=1"); !strings.Contains(r.Body, `<noscript><meta http-equiv="refresh" content="20"></noscript>`) {
		t.Fatal("the screen asked to refresh itself does not")
	}
	if r := ann.Get(base + "/live"); !strings.Contains(r.Body, "You agreed.") {
		t.Fatal("the live page does not show the reader's reaction")
	}
	if r := anon.Get(base + "/screen?lang=cy"); r.Code != http.StatusOK || !strings.Contains(r.Body, `lang="cy"`) {
		t.Fatalf("Welsh screen = %d", r.Code)
	}
	// The moderators' statement is shown at once.
	if r := post(facC, "statement", "The practice should publish its booking times."); r.Code != http.StatusSeeOther {
		t.Fatalf("statement = %d", r.Code)
	}
	if r := anon.Get(base + "/live"); !strings.Contains(r.Body, "publish its booking times") {
		t.Fatal("a moderator's statement is not shown")
	}
	screen.Close()
}

// pgServers starts n servers on one PostgreSQL database, each with its
// own PostgreSQL broker (as separate processes would be), sharing the
// discussion groups. The first server's round is the one used.
func pgServers(t testing.TB, n, maxStreams int) []*webtest.Harness {
	dsn := pgtest.Schema(t, "roomweb")
	channel := fmt.Sprintf("room_test_%d", time.Now().UnixNano())
	groups := room.NewStaticGroups()
	var hs []*webtest.Harness
	for range n {
		b, err := pglive.New(context.Background(), dsn, pglive.Options{Channel: channel})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { b.Close() })
		h := webtest.New(t, webtest.Options{DB: dsn, Deps: func(d *web.Deps) {
			d.Live = b
			d.MaxStreams = maxStreams
			d.Room.Room = room.NewService(d.Room.Room.(*room.Service).Store(), groups, d.Room.Rounds.(*cycle.Service), room.Config{Live: b})
		}})
		h.Groups = groups
		hs = append(hs, h)
	}
	for _, h := range hs[1:] {
		h.Cycle = hs[0].Cycle
	}
	return hs
}

var _ live.Broker = (*pglive.Broker)(nil)

// A question approved on server A reaches a room screen following server
// B, through PostgreSQL's broker; so does a reaction made on B to A's
// screen.
func TestRoomAcrossTwoServers(t *testing.T) {
	hs := pgServers(t, 2, 0)
	a, b := hs[0], hs[1]
	fac := a.User("fac@example.org")
	base := meet(t, a, 9, fac)
	ann := a.Client()
	ann.SignIn("ann@example.org")
	facC := a.Client()
	facC.SignIn("fac@example.org")
	onB := b.Client().Stream(base + "/events")
	onA := a.Client().Stream(base + "/events")
	if _, ok := frameWith(t, onB, `"questions"`, 5*time.Second); !ok {
		t.Fatal("no first frame on B")
	}
	if r := ann.Post(base+"/live", url.Values{"kind": {"question"}, "text": {"Who decides what happens next?"}}, "Referer", a.URL+base+"/live"); r.Code != http.StatusSeeOther {
		t.Fatalf("post = %d", r.Code)
	}
	if r := ann.Post(base+"/live", url.Values{"kind": {"comment"}, "text": {"Pharmacies could do more."}}, "Referer", a.URL+base+"/live"); r.Code != http.StatusSeeOther {
		t.Fatalf("post = %d", r.Code)
	}
	ps, _ := a.Store.RoomPosts(context.Background(), 9, room.Pending, 0)
	for _, p := range ps {
		start := time.Now()
		if r := facC.Post(base+"/moderate", url.Values{"post": {itoa(p.ID)}, "decision": {"approve"}}, "Referer", a.URL+base+"/moderate"); r.Code != http.StatusSeeOther {
			t.Fatalf("approve on A = %d", r.Code)
		}
		if _, ok := frameWith(t, onB, p.Text, 5*time.Second); !ok {
			t.Fatalf("%q approved on A never reached B's screen", p.Text)
		}
		t.Logf("approved on A → frame on B after %v", time.Since(start))
	}
	// A reaction on B reaches A's screen.
	bob := b.Client()
	bob.SignIn("bob@example.org")
	stmt := ps[0].ID // the comment (newest first)
	if r := bob.Post(base+"/react", url.Values{"post": {itoa(stmt)}, "vote": {"agree"}}, "Referer", b.URL+base+"/live"); r.Code != http.StatusSeeOther {
		t.Fatalf("react on B = %d\n%s", r.Code, r.Body)
	}
	if f, ok := frameWith(t, onA, `"a":100`, 5*time.Second); !ok || f.Votes != 1 {
		t.Fatalf("B's reaction did not reach A's screen: %+v", f)
	}
	onA.Close()
	onB.Close()
}
