package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/config"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/demo"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/mail"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/recommend"
	"github.com/folkmoot/folkmoot/internal/web"
	"github.com/folkmoot/folkmoot/internal/web/webtest"
)

// The demo's Board answers exactly the recommendations that pass (as
// TestPublishedRecommendationsRecount counts them) and the ranked
// question, as the timeline's note says: eight accepted, two accepted in
// part, one not accepted.
func TestDemoResponseMatchesTheVote(t *testing.T) {
	pr := demo.FirstRoundRecommendations()
	passed := map[int]bool{}
	for i, r := range pr.Items {
		if len(r.Options) > 0 {
			passed[i] = true // a ranked question always chooses an option
			continue
		}
		s := scaleVotes(r.Votes, 52, pr.Threshold)
		if (recommend.Counts{StronglyAgree: s[0], Agree: s[1], Neutral: s[2], Disagree: s[3], StronglyDisagree: s[4]}).Passes(pr.Threshold) {
			passed[i] = true
		}
	}
	resp := demo.FirstRoundResponse()
	answered := map[int]bool{}
	n := map[string]int{}
	for _, a := range resp.Answers {
		if !passed[a.Rec] || answered[a.Rec] {
			t.Errorf("answer to item %d, which did not pass or is answered twice", a.Rec)
		}
		answered[a.Rec] = true
		if len(pr.Items[a.Rec].Options) == 0 {
			n[a.Decision]++
		}
		if (a.Decision == "not_accepted") != (len(a.Commitments) == 0) {
			t.Errorf("item %d: %s with %d commitments", a.Rec, a.Decision, len(a.Commitments))
		}
		if a.Day >= resp.DeadlineDay {
			t.Errorf("item %d answered after the deadline", a.Rec)
		}
	}
	if len(answered) != len(passed) {
		t.Errorf("%d answers for %d passed items", len(answered), len(passed))
	}
	if n["accepted"] != 8 || n["partly_accepted"] != 2 || n["not_accepted"] != 1 {
		t.Errorf("decisions %v; the note says 8, 2, 1", n)
	}
}

// The seeded past round publishes the Board's answers to every passed
// recommendation, commitments done and under way (one delayed, one not
// started), a stocktake report and its PDF.
func TestDemoResponse(t *testing.T) {
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
	rounds, err := cs.Cycles(t.Context(), 0)
	if err != nil {
		t.Fatal(err)
	}
	past := rounds[1]
	if past.Phase != cycle.FollowUp {
		t.Fatalf("the past round is in %s", past.Phase)
	}
	base := "/cycles/" + strconv.FormatInt(past.ID, 10)
	get := func(path string, hdr ...string) (int, http.Header, []byte) {
		req, _ := http.NewRequest("GET", ts.URL+path, nil)
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, res.Header, b
	}
	code, _, body := get(base + "/responses.json")
	if code != 200 {
		t.Fatalf("responses.json = %d", code)
	}
	var js struct {
		Deadline        *string
		Progress        int
		Recommendations []struct {
			ID       int64
			Response *struct {
				Decision string
				Late     bool
			}
			Overdue     bool
			Commitments []struct {
				Title, Owner, Status string
				Progress             int
				Updates              []struct{ Links []string }
			}
		}
	}
	if err := json.Unmarshal(body, &js); err != nil {
		t.Fatal(err)
	}
	if js.Deadline == nil || len(js.Recommendations) != 12 {
		t.Fatalf("deadline %v, %d recommendations (eleven and the ranked question)", js.Deadline, len(js.Recommendations))
	}
	n := map[string]int{}
	done, below, links := 0, 0, 0
	statuses := map[string]int{}
	for _, r := range js.Recommendations {
		if r.Response == nil || r.Response.Late || r.Overdue {
			t.Errorf("recommendation %d: answer %+v, overdue %v", r.ID, r.Response, r.Overdue)
			continue
		}
		n[r.Response.Decision]++
		for _, c := range r.Commitments {
			if c.Owner == "" || c.Title == "" {
				t.Errorf("a commitment without owner or title: %+v", c)
			}
			statuses[c.Status]++
			if c.Progress == 100 {
				done++
			} else {
				below++
			}
			for _, u := range c.Updates {
				links += len(u.Links)
			}
		}
	}
	if n["accepted"] != 9 || n["partly_accepted"] != 2 || n["not_accepted"] != 1 {
		t.Errorf("decisions %v", n)
	}
	if done < 3 || below < 3 || statuses["delayed"] != 1 || statuses["not_started"] != 1 || statuses["in_progress"] < 2 || links < 5 {
		t.Errorf("%d done, %d below 100%%, statuses %v, %d links", done, below, statuses, links)
	}
	if js.Progress <= 0 || js.Progress >= 100 {
		t.Errorf("round progress %d", js.Progress)
	}
	if code, _, b := get(base + "/response"); code != 200 || !strings.Contains(string(b), "Director of Primary Care Commissioning") {
		t.Errorf("response page: %d", code)
	}
	if code, _, b := get(base + "/stocktake"); code != 200 || !strings.Contains(string(b), "Civic Hall, Leeds") || !strings.Contains(string(b), "<svg") {
		t.Errorf("stocktake page: %d", code)
	}
	for _, lang := range []string{"en", "cy"} {
		code, h, b := get(base+"/stocktake.pdf", "Accept-Language", lang)
		if code != 200 || h.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(string(b), "%PDF-") || len(b) < 5000 {
			t.Errorf("stocktake.pdf (%s): %d %s, %d bytes", lang, code, h.Get("Content-Type"), len(b))
		}
	}
	if code, _, b := get(base + "/commitments.csv"); code != 200 || strings.Count(string(b), "\n") != 17 {
		t.Errorf("commitments.csv: %d, %d lines", code, strings.Count(string(b), "\n"))
	}
	if _, _, b := get("/cycles.json"); !strings.Contains(string(b), base+"/stocktake.pdf") {
		t.Error("/cycles.json does not link the stocktake report")
	}
}
