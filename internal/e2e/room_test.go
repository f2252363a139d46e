package e2e

import (
	"context"
	"fmt"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/folkmoot/folkmoot/internal/browsertest"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/room"
	"github.com/folkmoot/folkmoot/internal/web/kit"
	"github.com/folkmoot/folkmoot/internal/web/webtest"
)

// TestRoomQuestionOnScreenWithinOneSecond is issue 14's "an online
// participant's question approved and shown on the room screen within one
// second", in the browser. The demo has no discussion groups yet (the
// meetings package makes them), so the test runs the web app in-process
// (webtest, SQLite) with one group given through room.StaticGroups: the
// pages, the event stream and the broker are the real ones. In one tab a
// participant posts a question on the live page; the group's facilitator
// approves it on the moderators' page; a second tab shows the room screen
// with JavaScript on, and the time from the approve click to the question
// appearing there must be under a second. axe-core checks the live,
// moderators' and screen pages in English and Welsh, and the screen and
// live page at 320 px with JavaScript off.
func TestRoomQuestionOnScreenWithinOneSecond(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test: skipped under -short")
	}
	browsertest.RequireAxe(t)
	h := webtest.New(t)
	ctx := context.Background()
	org := h.User("org@example.org", people.RoleOrganiser)
	if _, err := h.Cycles.MovePhase(ctx, org, h.Cycle.ID, cycle.Meetings, ""); err != nil {
		t.Fatal(err)
	}
	fac := h.User("fac@example.org")
	ann, err := h.People.AddUser(ctx, people.System, "ann@example.org", "Ann Online")
	if err != nil {
		t.Fatal(err)
	}
	h.Groups.Add(room.Group{ID: 4, CycleID: h.Cycle.ID, Name: "Table 4", ThemeTitle: "Access to GP appointments", Moderators: []int64{fac.ID}})
	base := "/cycles/" + strconv.FormatInt(h.Cycle.ID, 10) + "/groups/4"
	// An approved statement with reactions, so that the pages show the map.
	sv := h.Deps.Room.Room
	st, err := sv.Post(ctx, fac, h.Cycle.ID, 4, room.Statement, "Online booking should open when the phones do.")
	if err != nil {
		t.Fatal(err)
	}
	if err := sv.React(ctx, ann, h.Cycle.ID, 4, st.ID, 1); err != nil {
		t.Fatal(err)
	}

	b := browsertest.Start(t)
	u, _ := url.Parse(h.URL)
	as := func(p *browsertest.Page, who people.User) {
		t.Helper()
		p.Run(network.SetCookie(kit.SessionCookie, h.Session(who)).WithDomain(u.Hostname()).WithPath("/").WithHTTPOnly(true))
	}
	dir := filepath.Join(shots(t), "room")
	w := &walker{t: t, p: b.NewPage(t, 1280, 900), base: h.URL, dir: dir, seen: map[string]bool{}}
	screen := &walker{t: t, p: b.NewPage(t, 1280, 900), base: h.URL, dir: dir, seen: w.seen}

	screen.open(base+"/screen", "room-screen")
	screen.open(base+"/screen?lang=cy", "cy-room-screen")
	screen.open(base+"/screen?lang=en", "room-screen-en")
	// Note when the question appears (the page's clock, in ms since the epoch).
	question := "Will the practice publish how long a routine appointment takes to get?"
	if err := screen.p.Eval(fmt.Sprintf(`(() => {
		const want = %q
		new MutationObserver(() => {
			if (!window.__seenAt && document.querySelector('[data-room-questions]').textContent.includes(want)) window.__seenAt = Date.now()
		}).observe(document.body, {subtree: true, childList: true, characterData: true})
		return true })()`, question), nil); err != nil {
		t.Fatal(err)
	}

	// The participant posts in the first tab.
	as(w.p, ann)
	w.open(base+"/live", "room-live")
	if err := w.p.Eval(`document.querySelector('#kind-1').checked = true`, nil); err != nil {
		t.Fatal(err)
	}
	w.p.Fill("#text", question)
	w.p.ClickAndWait(`form[action$="/live"] button[type=submit]`)
	if !strings.Contains(w.p.Text("main"), "A moderator will read your post") {
		t.Fatalf("after posting: %q", w.p.Text("main"))
	}
	w.check("room-live-posted")
	w.open(base+"/live?lang=cy", "cy-room-live")

	// The facilitator approves in the same tab, signed in as them.
	as(w.p, fac)
	w.open(base+"/moderate?lang=en", "room-moderate")
	if !strings.Contains(w.p.Text("main"), question) {
		t.Fatalf("the question is not waiting: %q", w.p.Text("main"))
	}
	var pageNow int64
	if err := screen.p.Eval(`Date.now()`, &pageNow); err != nil {
		t.Fatal(err)
	}
	skew := time.Now().UnixMilli() - pageNow // the page's clock against the test's (same machine: about 0)
	clicked := time.Now()
	if err := w.p.Eval(`document.querySelector('form[action$="/moderate"] button[value=approve]').click(), true`, nil); err != nil {
		t.Fatal(err)
	}
	var seenAt int64
	for seenAt == 0 {
		if time.Since(clicked) > 10*time.Second {
			t.Fatal("the approved question did not appear on the room screen within 10 s")
		}
		time.Sleep(20 * time.Millisecond)
		if err := screen.p.Eval(`window.__seenAt || 0`, &seenAt); err != nil {
			t.Fatal(err)
		}
	}
	took := time.Duration(seenAt+skew-clicked.UnixMilli()) * time.Millisecond
	t.Logf("approve click → question on the room screen: %v", took)
	if took >= time.Second {
		t.Errorf("the question took %v to reach the room screen (goal: under 1 s)", took)
	}
	if !screen.p.Has(`[data-room-questions] li[data-id]`) {
		t.Fatal("the screen's question list was not redrawn")
	}
	w.p.Run(chromedp.Sleep(300 * time.Millisecond))
	w.check("room-moderate-decided")
	w.open(base+"/moderate?lang=cy", "cy-room-moderate")

	// 320 px, JavaScript off: the screen and the live page still work.
	small := &walker{t: t, p: b.NewPage(t, 320, 640), base: h.URL, dir: dir, seen: w.seen}
	small.p.DisableJavaScript()
	small.open(base+"/screen", "room-screen-320-nojs")
	if !strings.Contains(small.p.Text("main"), question) || !small.p.Has(`a[href$="/screen"]`) || !small.p.Has(`a[href$="/screen?refresh=1"]`) {
		t.Fatalf("the screen without JavaScript: %q", small.p.Text("main"))
	}
	small.open(base+"/live", "room-live-320-nojs")
}
