package e2e

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/browsertest"
	"github.com/folkmoot/folkmoot/internal/sealed"
)

// cli runs a folkmoot subcommand with the tests' data key and returns its
// standard output, failing the test when it fails.
func cli(t testing.TB, args ...string) string {
	t.Helper()
	cmd := exec.Command(binary(t), args...)
	cmd.Env = append(os.Environ(), "FOLKMOOT_DB=", "FOLKMOOT_DATA_KEY_FILE=",
		"FOLKMOOT_DATA_KEY="+base64.StdEncoding.EncodeToString(sealed.TestKey))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("folkmoot %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}

// get fetches path from base and returns the body, failing on an error.
func get(t testing.TB, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// roundPhase reads a round's phase from a server's /cycles.json.
func roundPhase(t testing.TB, base string, id int64) string {
	t.Helper()
	code, body := get(t, base+"/cycles.json")
	var rounds []struct {
		ID    int64  `json:"id"`
		Phase string `json:"phase"`
	}
	if code != http.StatusOK || json.Unmarshal([]byte(body), &rounds) != nil {
		t.Fatalf("/cycles.json = %d %.200s", code, body)
	}
	for _, r := range rounds {
		if r.ID == id {
			return r.Phase
		}
	}
	t.Fatalf("/cycles.json lacks round %d", id)
	return ""
}

// TestFreshInstallRunsARound is the first Done-when of issue 10, as a new
// operator and organiser would do it: on a fresh database, migrate, add an
// organiser, create a round with the CLI and serve; the home page shows the
// round gathering issues; a citizen follows the round; the organiser moves
// it to its next phase in the web app; the round's page and timeline, its
// Atom feed and the follower's email show the move. axe-core checks every
// page type.
func TestFreshInstallRunsARound(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test: skipped under -short")
	}
	browsertest.RequireAxe(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "folkmoot.db")
	cli(t, "migrate", "--db", db)
	cli(t, "user", "add", "--role", "organiser", "--name", "Olu Bakare", "--db", db, "olu@example.org")
	out := cli(t, "cycle", "create", "--db", db, "--programme", "Health Voices", "--title", "Spring 2027",
		"--plan", "gather=2027-01-10..2027-03-01", "--plan", "agenda=2027-03-02..2027-03-20")
	id, err := strconv.ParseInt(strings.TrimSpace(out), 10, 64)
	if err != nil {
		t.Fatalf("cycle create printed %q, want the new round's id alone", out)
	}
	if list := cli(t, "cycle", "list", "--db", db); !strings.Contains(list, "Spring 2027") || !strings.Contains(list, "gather") {
		t.Fatalf("cycle list:\n%s", list)
	}
	addr := freeAddr(t)
	srv := newProcess(t, addr, []string{"serve", "--db", db, "--addr", addr, "--base-url", "http://" + addr,
		"--outbox", "--log-level", "warn"})
	srv.Start()
	round := fmt.Sprintf("/cycles/%d", id)

	b := browsertest.Start(t)
	w := &walker{t: t, p: b.NewPage(t, 1280, 900), base: srv.URL, dir: shots(t), seen: map[string]bool{}}
	w.open("/", "home-fresh-install")
	home := w.p.Text("main")
	for _, want := range []string{"Spring 2027", "Gather", "Open until 1 March 2027"} {
		if !strings.Contains(home, want) {
			t.Errorf("a fresh install's home page lacks %q:\n%s", want, home)
		}
	}
	if !w.p.Has(`main a[href="/issues/new"]`) {
		t.Error("the home page offers no way to raise an issue while gathering")
	}
	w.open("/cycles", "cycles")

	// A citizen follows the round.
	w.signIn("cai.jones@example.org")
	w.open(round, "cycle")
	w.p.ClickAndWait(`main form[action="` + round + `/follow"] button[type=submit]`)
	if !w.p.Has(`main form[action="` + round + `/unfollow"]`) {
		t.Fatalf("following the round did not take: %q", w.p.Text("main"))
	}
	w.signOut()

	// The organiser moves the round on, with a note.
	w.signIn("olu@example.org")
	w.open(round, "cycle-organiser")
	w.p.Fill("#note", "Gathering has closed. The citizens' jury meets on 12 March.")
	w.p.ClickAndWait(`main form[action="` + round + `/phase"] button[type=submit]`)
	page := w.p.Text("main")
	for _, want := range []string{"Now: Agenda", "Moved from Gather to Agenda.", "The citizens' jury meets on 12 March.", " By "} {
		if !strings.Contains(page, want) {
			t.Errorf("after the move the round's page lacks %q", want)
		}
	}
	w.check("cycle-moved")
	w.open(round+"/edit", "cycle-edit")
	w.open("/cycles/new", "cycle-new")
	if got := roundPhase(t, srv.URL, id); got != "agenda" {
		t.Errorf("/cycles.json says %q after the move", got)
	}
	code, feed := get(t, srv.URL+round+"/feed.atom")
	if code != http.StatusOK || !strings.Contains(feed, "The round is now in its Agenda phase") || !strings.Contains(feed, "12 March") {
		t.Errorf("the round's feed after the move (%d):\n%s", code, feed)
	}
	// The follower is emailed (the notification scan follows the audit log).
	deadline := time.Now().Add(20 * time.Second)
	for {
		_, box := get(t, srv.URL+"/outbox")
		if strings.Contains(box, "cai.jones@example.org") && strings.Contains(box, "Agenda") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no email to the round's follower about the move in 20 s; outbox:\n%s\nserver log:\n%s", box, lastLines(srv.Output(), 20))
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// TestPhaseMovedByCLIReachesServers: a phase moved with `folkmoot cycle
// phase` while servers run is seen by every server within three seconds —
// in /cycles.json, and in the phase gate that refuses supports — on SQLite
// (one server, the CLI in another process) and on PostgreSQL (two servers).
func TestPhaseMovedByCLIReachesServers(t *testing.T) {
	if testing.Short() {
		t.Skip("runs servers: skipped under -short")
	}
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			db := newDatabase(t, dialect)
			f := seed(t, db, 4, 2)
			servers := []*process{serve(t, db.DSN)}
			if dialect == "postgres" {
				servers = append(servers, serve(t, db.DSN))
			}
			var clients []*client
			for _, s := range servers {
				s.Start()
				c := newClients(t, s, f, 1)[0]
				// Warm each server's cache of rounds: the gate allows supports.
				if _, err := c.support(context.Background(), f.Issues[0]); err != nil {
					t.Fatalf("a support while gathering: %v", err)
				}
				clients = append(clients, c)
			}
			start := time.Now()
			cli(t, "cycle", "phase", "--db", db.DSN, "--cycle", strconv.FormatInt(f.CycleID, 10), "--note", "Closed by the operator.", "agenda")
			moved := time.Now()
			for i, s := range servers {
				c := clients[i]
				for {
					_, err := c.support(context.Background(), f.Issues[1])
					var se *statusError
					if errors.As(err, &se) && se.code == http.StatusConflict {
						break
					}
					if err != nil && !errors.As(err, &se) {
						t.Fatal(err)
					}
					if time.Since(moved) > 3*time.Second {
						t.Fatalf("server %d still takes supports %v after the CLI moved the round (err %v)", i, time.Since(moved), err)
					}
					time.Sleep(50 * time.Millisecond)
				}
				if got := roundPhase(t, s.URL, f.CycleID); got != "agenda" {
					t.Errorf("server %d's /cycles.json says %q", i, got)
				}
				t.Logf("%s: server %d refused supports %v after the CLI returned (the CLI took %v)", dialect, i, time.Since(moved).Round(time.Millisecond), moved.Sub(start).Round(time.Millisecond))
			}
		})
	}
}
