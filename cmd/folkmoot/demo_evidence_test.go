package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/assembly"
	"github.com/folkmoot/folkmoot/internal/config"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/demo"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/mail"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/storage"
	"github.com/folkmoot/folkmoot/internal/web"
	"github.com/folkmoot/folkmoot/internal/web/webtest"
)

// The demo's past round publishes an evidence pack for each theme of its
// agenda: every document has an easy-read version, one has two versions,
// and every url and easy_read_url of evidence.json answers 200 to someone
// signed out.
func TestDemoEvidence(t *testing.T) {
	ctx := context.Background()
	st := seededDemo(t)
	ps := people.NewService(st, people.Config{})
	cs := cycle.NewService(st, cycle.Config{})
	gs := gather.NewService(st, st, cs, gather.Config{})
	outbox, _ := mail.NewOutbox("")
	srv, err := web.New(webtest.Deps(config.Default(), st, ps, cs, gs, outbox))
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ts := httptest.NewServer(srv)
	defer ts.Close()
	rounds, err := cs.Cycles(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	past := rounds[1]
	get := func(path string) (int, []byte) {
		res, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, b
	}
	code, body := get("/cycles/" + strconv.FormatInt(past.ID, 10) + "/evidence.json")
	if code != 200 {
		t.Fatalf("evidence.json = %d", code)
	}
	var packs []struct {
		Theme     string
		Documents []struct {
			Title, URL  string
			EasyReadURL string `json:"easy_read_url"`
			Version     int
		}
		Witnesses []struct{ Status string }
		Balance   []struct{ View string }
		Requests  []struct{ Text, Answer string }
	}
	if err := json.Unmarshal(body, &packs); err != nil {
		t.Fatal(err)
	}
	want := demo.FirstRoundEvidence()
	if len(packs) != len(want.Packs) {
		t.Fatalf("%d packs, want %d", len(packs), len(want.Packs))
	}
	twice, declined, answered := false, false, false
	for i, p := range packs {
		if p.Theme != want.Packs[i].Theme || len(p.Documents) < 2 || len(p.Documents) > 3 || len(p.Balance) == 0 {
			t.Errorf("pack %d: %+v", i, p)
		}
		for _, d := range p.Documents {
			if d.EasyReadURL == "" {
				t.Errorf("%s has no easy-read version", d.Title)
				continue
			}
			for _, u := range []string{d.URL, d.EasyReadURL} {
				if code, _ := get(u); code != 200 {
					t.Errorf("%s = %d signed out", u, code)
				}
			}
			twice = twice || d.Version == 2
		}
		for _, q := range p.Requests {
			answered = answered || q.Answer != ""
		}
		for _, w := range p.Witnesses {
			declined = declined || w.Status == "declined"
		}
	}
	if !twice || !declined {
		t.Fatalf("a document with two versions: %v; a declined witness: %v", twice, declined)
	}
	// The member's request needs members, whom a build with the solvers
	// names from the selection.
	if members, err := newAssemblyForTest(st, cs, ps).People(ctx, past.ID, "member"); err == nil && len(members) > 0 && !answered {
		t.Fatal("the assembly has members but no member's request was answered")
	}
	if code, body := get("/cycles/" + strconv.FormatInt(past.ID, 10) + "/evidence"); code != 200 || !hasText(body, "Healthwatch Northshire") || !hasText(body, "Carers Together") {
		t.Fatalf("the evidence page = %d", code)
	}
}

func hasText(b []byte, s string) bool { return strings.Contains(string(b), s) }

func newAssemblyForTest(st storage.Store, cs *cycle.Service, ps *people.Service) *assembly.Service {
	return assembly.NewService(st, cs, ps, st, nil, nil)
}
