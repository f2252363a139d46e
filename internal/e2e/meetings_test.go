package e2e

import (
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/browsertest"
)

// TestMeetingsOfThePastRound is issue 14's meetings walk-through in the
// browser, on the demo's finished past round: the public meetings page
// with the allocation's summary (no names), a session, a group's page
// with its published key points, in English and in Welsh; the organiser's
// check-in list and meetings page; and a group's page on a phone with
// JavaScript off. axe-core checks every new page.
func TestMeetingsOfThePastRound(t *testing.T) {
	if testing.Short() {
		t.Skip("browser walk-through: skipped under -short")
	}
	browsertest.RequireAxe(t)
	demo := startDemo(t)
	b := browsertest.Start(t)
	w := &walker{t: t, p: b.NewPage(t, 1280, 900), base: demo.URL, dir: filepath.Join(shots(t), "meetings"), seen: map[string]bool{}}
	var cycles []struct {
		ID    int64  `json:"id"`
		Phase string `json:"phase"`
	}
	if err := json.Unmarshal(fetch(t, demo.URL, "/cycles.json"), &cycles); err != nil {
		t.Fatal(err)
	}
	past := ""
	for _, c := range cycles {
		if c.Phase != "gather" {
			past = strconv.FormatInt(c.ID, 10)
		}
	}
	if past == "" {
		t.Fatalf("rounds %+v", cycles)
	}
	base := "/cycles/" + past

	w.open(base+"/meetings", "meetings")
	main := w.p.Text("main")
	for _, want := range []string{"Assembly day in Leeds", "Online evening session", "Their first choice", "Access to GP appointments — group 1"} {
		if !strings.Contains(main, want) {
			t.Errorf("the meetings page lacks %q", want)
		}
	}
	if strings.Contains(main, "@example.org") {
		t.Errorf("the meetings page shows an email address")
	}
	var group, session string
	if err := w.p.Eval(`document.querySelector('main a[href*="/groups/"]').getAttribute('href')`, &group); err != nil || group == "" {
		t.Fatalf("no group link: %v", err)
	}
	if err := w.p.Eval(`document.querySelector('main a[href*="/meetings/"]').getAttribute('href')`, &session); err != nil || session == "" {
		t.Fatalf("no session link: %v", err)
	}
	w.open(session, "session")
	if !strings.Contains(w.p.Text("main"), "Leeds Civic Hall") {
		t.Errorf("the session page lacks its place: %q", w.p.Text("main"))
	}
	w.open(group, "group")
	g := w.p.Text("main")
	if !strings.Contains(g, "Key points from the sessions") || !strings.Contains(g, "Grace Okafor") || !strings.Contains(g, "Dr Helen Marsh") || !strings.Contains(g, "8am") {
		t.Errorf("the group page lacks its notes or people: %q", g)
	}
	w.open(base+"/meetings?lang=cy", "cy-meetings")
	if !strings.Contains(w.p.Text("main"), "Grwpiau trafod") {
		t.Errorf("the Welsh meetings page is not in Welsh: %q", w.p.Text("h1"))
	}
	w.open(group+"?lang=cy", "cy-group")
	w.open(session+"?lang=cy", "cy-session")

	// The organiser's pages (the round is over: nothing can change).
	w.signIn("priya.shah@example.org")
	w.open(session+"/checkin?lang=en", "checkin")
	if !strings.Contains(w.p.Text("main"), "Who registered") || !strings.Contains(w.p.Text("main"), "£") {
		t.Errorf("the check-in list: %q", w.p.Text("main"))
	}
	w.open(base+"/meetings/manage", "meetings-manage")
	w.open(base+"/meetings/manage?lang=cy", "cy-meetings-manage")
	w.signOut()

	// A group's page on a phone with JavaScript off.
	phone := b.NewPage(t, 320, 700)
	phone.DisableJavaScript()
	pw := &walker{t: t, p: phone, base: demo.URL, dir: w.dir, seen: map[string]bool{}}
	pw.open(group+"?lang=en", "phone-group")
	if !strings.Contains(pw.p.Text("main"), "Key points from the sessions") {
		t.Errorf("the group page on a phone: %q", pw.p.Text("main"))
	}
}
