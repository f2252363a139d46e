package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/config"
	"github.com/folkmoot/folkmoot/internal/consult"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/demo"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/mail"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web"
	"github.com/folkmoot/folkmoot/internal/web/webtest"
)

// The demo's past round held a public consultation: consultation.json
// counts the answers of every passed recommendation, publishes the
// approved comments without names, and its opinion map finds groups that
// some recommendations divide and others unite.
func TestDemoConsultation(t *testing.T) {
	ctx := t.Context()
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
	base := "/cycles/" + strconv.FormatInt(rounds[1].ID, 10) + "/consultation"
	get := func(path string) string {
		t.Helper()
		res, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != 200 {
			t.Fatalf("%s = %d", path, res.StatusCode)
		}
		return string(b)
	}
	body := get(base + ".json")
	var p consult.Published
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		t.Fatal(err)
	}
	pc := demo.FirstRoundConsultation()
	if p.Status != "closed" || p.Respondents != len(pc.Respondents) || p.Respondents < 150 || p.Respondents > 250 {
		t.Fatalf("status %q, %d respondents", p.Status, p.Respondents)
	}
	if len(p.Recommendations) != 11 || len(p.Questions) != 3 {
		t.Fatalf("%d recommendations, %d questions", len(p.Recommendations), len(p.Questions))
	}
	published, divisive, consensus := 0, 0, 0
	for _, r := range p.Recommendations {
		if r.Responses < 100 || r.Agree+r.Disagree+r.Unsure != r.Responses {
			t.Fatalf("recommendation %d: %+v", r.ID, r)
		}
		published += len(r.Comments)
		if len(r.Groups) != len(p.OpinionGroups.Groups) {
			t.Fatalf("recommendation %d: %d group shares for %d groups", r.ID, len(r.Groups), len(p.OpinionGroups.Groups))
		}
		lo, hi := 1.0, 0.0
		for _, g := range r.Groups {
			share := float64(g.Agree) / float64(max(g.Votes, 1))
			lo, hi = min(lo, share), max(hi, share)
		}
		if hi-lo > 0.4 {
			divisive++
		}
		if r.Consensus == "agree" {
			consensus++
		}
	}
	if len(p.OpinionGroups.Groups) < 2 || divisive < 2 || consensus < 2 {
		t.Fatalf("%d opinion groups, %d divisive and %d consensus recommendations", len(p.OpinionGroups.Groups), divisive, consensus)
	}
	want := 0
	for _, c := range pc.Comments {
		if c.Publish {
			want++
		}
		if !c.Publish && strings.Contains(body, c.Text) {
			t.Fatalf("an unpublished comment is in consultation.json: %q", c.Text)
		}
	}
	if published != want {
		t.Fatalf("%d comments published, want %d", published, want)
	}
	csvBody := get(base + ".csv")
	rows, err := csv.NewReader(bytes.NewReader([]byte(csvBody))).ReadAll()
	if err != nil || len(rows) < 1500 {
		t.Fatalf("%d csv rows, %v", len(rows), err)
	}
	for _, who := range pc.Respondents[:20] {
		if strings.Contains(body+csvBody, who.Name) || strings.Contains(body+csvBody, who.Email) {
			t.Fatalf("%s is named in the open data", who.Name)
		}
	}
	page := get(base)
	if !strings.Contains(page, "<svg") || !strings.Contains(page, pc.Comments[0].Text) {
		t.Fatal("the page has no map or no published comment")
	}
	if cy := get(base + "?lang=cy"); !strings.Contains(cy, "Ymgynghoriad cyhoeddus") {
		t.Fatal("the Welsh page is not in Welsh")
	}
	links := get("/cycles.json")
	if !strings.Contains(links, base+".json") {
		t.Fatal("/cycles.json does not link the consultation")
	}
}
