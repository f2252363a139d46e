package recommendweb_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/folkmoot/folkmoot/internal/assembly"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/jury"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/recommend"
	"github.com/folkmoot/folkmoot/internal/sealed"
	"github.com/folkmoot/folkmoot/internal/storage"
	"github.com/folkmoot/folkmoot/internal/storage/pgtest"
	"github.com/folkmoot/folkmoot/internal/voting"
	"github.com/folkmoot/folkmoot/internal/voting/ballotfile"
	"github.com/folkmoot/folkmoot/internal/web"
	"github.com/folkmoot/folkmoot/internal/web/recommendweb"
	"github.com/folkmoot/folkmoot/internal/web/webtest"
)

// members is a fake of the assembly's membership, by user id.
type members struct {
	mu sync.Mutex
	m  map[int64]assembly.Role
}

func (f *members) RolesOf(_ context.Context, _ int64, userID int64) ([]assembly.Role, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if r, ok := f.m[userID]; ok {
		return []assembly.Role{r}, nil
	}
	return nil, nil
}

type agenda []string

func (a agenda) Agenda(_ context.Context, cycleID int64) (jury.Agenda, error) {
	out := jury.Agenda{CycleID: cycleID}
	for i, t := range a {
		out.Chosen = append(out.Chosen, jury.Item{Theme: jury.Theme{ThemeID: int64(i + 1), Title: t}, Rank: i + 1})
	}
	return out, nil
}

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestRecommendationsSQLite(t *testing.T) {
	testRecommendations(t, filepath.Join(t.TempDir(), "rec.db"))
}

func TestRecommendationsPostgres(t *testing.T) {
	testRecommendations(t, pgtest.Schema(t, "recweb_test"))
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

var receiptRe = regexp.MustCompile(`id="receipt-code">([A-Z0-9]{12})<`)

// Members and a facilitator draft, amend and add minority views; the
// organiser sets the threshold and opens the vote; members vote on the
// no-JavaScript ballot (a mistake is explained, a second vote and a
// non-member are refused) and get a receipt; the organiser closes; the
// published JSON recounts from ballots.csv, the ranked question from its
// .blt, each receipt shows what was voted, and no log line holds a receipt.
func testRecommendations(t *testing.T, dsn string) {
	ctx := context.Background()
	mem := &members{m: map[int64]assembly.Role{}}
	logs := &syncBuffer{}
	h := webtest.New(t, webtest.Options{DB: dsn, Deps: func(d *web.Deps) {
		st, err := storage.Open(ctx, dsn, storage.Options{Keys: sealed.MustTest()})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		cs := cycle.NewService(st, cycle.Config{})
		rs := recommend.NewService(st, cs, agenda{"Access to GP appointments", "Mental health crisis care"}, mem, recommend.Config{})
		d.Recommend = recommendweb.Deps{Recommend: rs, Rounds: cs, Agendas: agenda{"Access to GP appointments", "Mental health crisis care"}}
		d.API.Links = append(d.API.Links, rs.Links)
		d.Log = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}})
	id := h.Cycle.ID
	base := "/cycles/" + itoa(id)
	h.User("org@example.org", people.RoleOrganiser)
	org, anon := h.Client(), h.Client()
	org.SignIn("org@example.org")
	var voters []*webtest.Client
	for i := range 6 {
		email := "m" + strconv.Itoa(i) + "@example.org"
		u := h.User(email)
		mem.m[u.ID] = assembly.Member
		c := h.Client()
		c.SignIn(email)
		voters = append(voters, c)
	}
	fu := h.User("fac@example.org")
	mem.m[fu.ID] = assembly.Facilitator
	fac := h.Client()
	fac.SignIn("fac@example.org")
	h.User("cit@example.org")
	cit := h.Client()
	cit.SignIn("cit@example.org")

	if r := anon.Get(base + "/recommendations"); r.Code != 200 || !strings.Contains(r.Body, "No recommendation has been drafted yet") {
		t.Fatalf("page before drafting = %d", r.Code)
	}
	for _, f := range []string{".json", "/ballots.csv", "/1/ballots.blt"} {
		if r := anon.Get(base + "/recommendations" + f); r.Code != http.StatusNotFound {
			t.Fatalf("%s before the vote = %d", f, r.Code)
		}
	}
	if _, err := h.Cycles.MovePhase(ctx, people.System, id, cycle.Meetings, ""); err != nil {
		t.Fatal(err)
	}
	if r := cit.Get(base + "/recommendations/new"); r.Code != http.StatusForbidden {
		t.Fatalf("a citizen drafts = %d", r.Code)
	}
	r := voters[0].Post(base+"/recommendations/new", url.Values{"theme": {"1"}, "kind": {"agreement"}, "text": {""}})
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `href="#text"`) {
		t.Fatalf("empty draft = %d", r.Code)
	}
	r = voters[0].Post(base+"/recommendations/new", url.Values{"theme": {"1"}, "kind": {"agreement"}, "text": {"Every GP practice should offer same-day appointments."}})
	if r.Code != http.StatusSeeOther {
		t.Fatalf("draft = %d\n%s", r.Code, r.Body)
	}
	recA := r.Header.Get("Location")
	r = fac.Post(base+"/recommendations/new", url.Values{"theme": {"2"}, "kind": {"agreement"}, "text": {"Crisis lines should answer within five minutes, day and night."}})
	if r.Code != http.StatusSeeOther {
		t.Fatalf("facilitator's draft = %d", r.Code)
	}
	r = fac.Post(base+"/recommendations/new", url.Values{"theme": {"2"}, "kind": {"choice"}, "method": {"irv"}, "text": {"Which should the trust fund first?"},
		"options": {"A crisis café in every town\r\nA 24-hour phone line\r\nMore crisis beds"}})
	if r.Code != http.StatusSeeOther {
		t.Fatalf("question = %d\n%s", r.Code, r.Body)
	}
	if r = voters[1].Post(recA+"/amend", url.Values{"amendment": {"Every GP practice should offer same-day appointments for urgent needs, bookable by phone or online."}, "why": {"Not everyone is online."}}); r.Code != http.StatusSeeOther {
		t.Fatalf("amend = %d\n%s", r.Code, r.Body)
	}
	if r = voters[2].Post(recA+"/decide", url.Values{"number": {"1"}, "decision": {"accept"}}); r.Code != http.StatusForbidden {
		t.Fatalf("a member decides = %d", r.Code)
	}
	if r = fac.Post(recA+"/decide", url.Values{"number": {"1"}, "decision": {"accept"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("accept = %d\n%s", r.Code, r.Body)
	}
	if r = voters[3].Post(recA+"/minority", url.Values{"view": {"Same-day slots will lengthen waits for routine care."}}); r.Code != http.StatusSeeOther {
		t.Fatalf("minority view = %d\n%s", r.Code, r.Body)
	}
	if r = anon.Get(recA); r.Code != 200 || !strings.Contains(r.Body, "Version 2") || !strings.Contains(r.Body, "Anonymous") || !strings.Contains(r.Body, "bookable by phone or online") {
		t.Fatalf("item page = %d\n%s", r.Code, r.Body)
	}
	if r = anon.Get(recA + "?lang=cy"); r.Code != 200 || !strings.Contains(r.Body, "Fersiwn 2") {
		t.Fatalf("item page in Welsh = %d", r.Code)
	}
	if r = org.Post(base+"/recommendations/threshold", url.Values{"threshold": {"75"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("threshold = %d\n%s", r.Code, r.Body)
	}
	if _, err := h.Cycles.MovePhase(ctx, people.System, id, cycle.Recommendations, ""); err != nil {
		t.Fatal(err)
	}
	if r = org.Post(base+"/recommendations/open", nil); r.Code != http.StatusSeeOther {
		t.Fatalf("open = %d\n%s", r.Code, r.Body)
	}
	if r = cit.Get(base + "/recommendations/ballot"); r.Code != http.StatusForbidden {
		t.Fatalf("a citizen's ballot = %d", r.Code)
	}
	if r = voters[0].Get(base + "/recommendations/ballot?lang=cy"); r.Code != 200 || !strings.Contains(r.Body, "Cytuno") {
		t.Fatalf("Welsh ballot = %d", r.Code)
	}
	// A mistake: no answer to the second recommendation.
	r = voters[0].Post(base+"/recommendations/ballot", url.Values{"item-1": {"agree"}, "item-3-1": {"1"}})
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `href="#item-2"`) {
		t.Fatalf("incomplete ballot = %d\n%s", r.Code, r.Body)
	}
	aAns := []string{"strongly_agree", "agree", "agree", "agree", "strongly_agree", "disagree"}
	bAns := []string{"agree", "disagree", "neutral", "strongly_disagree", "agree", "neutral"}
	ranks := [][3]string{{"1", "2", "3"}, {"2", "1", ""}, {"", "1", "2"}, {"3", "1", "2"}, {"1", "", ""}, {"2", "3", "1"}}
	codes := map[int]string{}
	for _, i := range []int{3, 0, 5, 1, 4, 2} {
		r = voters[i].Post(base+"/recommendations/ballot", url.Values{"item-1": {aAns[i]}, "item-2": {bAns[i]},
			"item-3-1": {ranks[i][0]}, "item-3-2": {ranks[i][1]}, "item-3-3": {ranks[i][2]}})
		m := receiptRe.FindStringSubmatch(r.Body)
		if r.Code != 200 || m == nil {
			t.Fatalf("vote %d = %d\n%s", i, r.Code, r.Body)
		}
		codes[i] = m[1]
	}
	if r = voters[0].Post(base+"/recommendations/ballot", url.Values{"item-1": {"agree"}, "item-2": {"agree"}, "item-3-1": {"1"}}); r.Code != http.StatusConflict {
		t.Fatalf("second vote = %d", r.Code)
	}
	if r = anon.Get(base + "/recommendations.json"); r.Code != http.StatusNotFound {
		t.Fatalf("results before the close = %d", r.Code)
	}
	if r = org.Post(base+"/recommendations/close", nil); r.Code != http.StatusSeeOther {
		t.Fatalf("close = %d\n%s", r.Code, r.Body)
	}

	// The published results recount from the published ballots.
	var pub []struct {
		ID        int64          `json:"id"`
		Method    string         `json:"method"`
		Threshold float64        `json:"threshold"`
		Counts    map[string]int `json:"counts"`
		Passed    bool           `json:"passed"`
		Winners   []string       `json:"winners"`
		Minority  []struct {
			Text string `json:"text"`
		} `json:"minority_views"`
	}
	if err := json.Unmarshal([]byte(anon.Get(base+"/recommendations.json").Body), &pub); err != nil || len(pub) != 3 {
		t.Fatalf("recommendations.json: %v %+v", err, pub)
	}
	r = anon.Get(base + "/recommendations/ballots.csv")
	rows, err := csv.NewReader(strings.NewReader(r.Body)).ReadAll()
	if err != nil || !slices.Equal(rows[0], []string{"receipt", "recommendation", "choice"}) || len(rows) != 19 {
		t.Fatalf("ballots.csv: %v %v", err, rows)
	}
	recount := map[string]map[string]int{}
	for _, row := range rows[1:] {
		if recount[row[1]] == nil {
			recount[row[1]] = map[string]int{}
		}
		recount[row[1]][row[2]]++
	}
	for _, p := range pub[:2] {
		got := recount[itoa(p.ID)]
		if p.Method != "agreement" || len(p.Counts) != 5 {
			t.Fatalf("item %d: %+v", p.ID, p)
		}
		total := 0
		for k, n := range p.Counts {
			total += n
			if got[k] != n {
				t.Fatalf("item %d: %s published %d, csv %d", p.ID, k, n, got[k])
			}
		}
		if passed := float64(got["agree"]+got["strongly_agree"])/float64(total) >= p.Threshold; passed != p.Passed {
			t.Fatalf("item %d: passed %v", p.ID, p.Passed)
		}
	}
	if !pub[0].Passed || pub[1].Passed || len(pub[0].Minority) != 1 || pub[0].Threshold != 0.75 {
		t.Fatalf("results %+v", pub)
	}
	e, err := ballotfile.ReadBLT(strings.NewReader(anon.Get(base + "/recommendations/3/ballots.blt").Body))
	if err != nil {
		t.Fatal(err)
	}
	res, err := voting.Count(pub[2].Method, e, voting.Options{Rand: rand.New(rand.NewPCG(0, 0))})
	if err != nil || !slices.Equal(res.WinnerNames(), pub[2].Winners) || pub[2].Winners[0] != "A 24-hour phone line" {
		t.Fatalf("recount %v, published %v (%v)", res.WinnerNames(), pub[2].Winners, err)
	}
	// Each receipt shows what its voter gave.
	labels := map[string]string{"strongly_agree": "Strongly agree", "agree": "Agree", "neutral": "Neither agree nor disagree", "disagree": "Disagree", "strongly_disagree": "Strongly disagree"}
	for i, code := range codes {
		r = anon.Get(base + "/recommendations/receipt?lang=en&code=" + strings.ToLower(code))
		if r.Code != 200 || !strings.Contains(r.Body, code+"-1</code></td><td class=\"nhsuk-table__cell\"><a class=\"nhsuk-link\" href=\"/recommendations/1\">") ||
			!regexp.MustCompile(code+`-1</code>.*?<td class="nhsuk-table__cell">`+labels[aAns[i]]+`</td>`).MatchString(r.Body) ||
			!regexp.MustCompile(code+`-2</code>.*?<td class="nhsuk-table__cell">`+labels[bAns[i]]+`</td>`).MatchString(r.Body) {
			t.Fatalf("receipt of voter %d = %d\n%s", i, r.Code, r.Body)
		}
	}
	if r = anon.Get(base + "/recommendations/receipt?code=ZZZZZZZZZZZZ"); r.Code != http.StatusNotFound {
		t.Fatalf("unknown receipt = %d", r.Code)
	}
	for _, lang := range []string{"", "?lang=cy"} {
		if r = anon.Get(base + "/recommendations" + lang); r.Code != 200 || !strings.Contains(r.Body, "<svg") {
			t.Fatalf("results page %q = %d", lang, r.Code)
		}
	}
	var cycles []struct {
		Links map[string]string `json:"links"`
	}
	if err := json.Unmarshal([]byte(anon.Get("/cycles.json").Body), &cycles); err != nil || !strings.HasSuffix(cycles[0].Links["recommendations.json"], base+"/recommendations.json") {
		t.Fatalf("/cycles.json links %+v (%v)", cycles, err)
	}
	// No log line carries a receipt, even when a signed-in voter checks theirs.
	if r = voters[0].Get(base + "/recommendations/receipt?code=" + codes[0]); r.Code != 200 {
		t.Fatalf("a voter checks their receipt = %d", r.Code)
	}
	out := logs.String()
	if out == "" {
		t.Fatal("no logs were captured")
	}
	for _, code := range codes {
		if strings.Contains(out, code) {
			t.Fatalf("the logs hold a receipt code")
		}
	}
}
