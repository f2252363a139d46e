package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/assembly"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/config"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/demo"
	"github.com/folkmoot/folkmoot/internal/evidence"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/jury"
	"github.com/folkmoot/folkmoot/internal/lottery"
	"github.com/folkmoot/folkmoot/internal/mail"
	"github.com/folkmoot/folkmoot/internal/meeting"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/quality"
	"github.com/folkmoot/folkmoot/internal/recommend"
	"github.com/folkmoot/folkmoot/internal/recruit"
	"github.com/folkmoot/folkmoot/internal/sealed"
	"github.com/folkmoot/folkmoot/internal/solver"
	"github.com/folkmoot/folkmoot/internal/storage"
	"github.com/folkmoot/folkmoot/internal/web"
	"github.com/folkmoot/folkmoot/internal/web/qualityweb"
	"github.com/folkmoot/folkmoot/internal/web/webtest"
)

// qualityServer serves st with the quality self-assessment's proofs read
// from the real services, as serve wires them, and responses (nil: the
// Board's answers not wired) as the Board's answers.
func qualityServer(t *testing.T, st storage.Store, responses quality.Responses) (*httptest.Server, *cycle.Service, *evidence.Service) {
	t.Helper()
	ps := people.NewService(st, people.Config{})
	cs := cycle.NewService(st, cycle.Config{CacheTTL: time.Nanosecond})
	gs := gather.NewService(st, st, cs, gather.Config{})
	js := jury.NewService(st, cs, gs, ps, st, jury.Config{})
	asm := assembly.NewService(st, cs, ps, st, nil, nil)
	pools := recruit.NewService(st, cs, nil, recruit.Config{})
	ev := evidence.NewService(st, cs, js, asm, nil)
	qs := newQuality(st, ps, qualityFrom{Rounds: cs, Selection: lottery.New(st, cs, pools, nil, nil, lottery.Config{}), Evidence: ev, Jury: js,
		Recommend: recommend.NewService(st, cs, js, asm, recommend.Config{}), Meetings: meeting.NewService(st, cs, js, asm, nil, nil),
		Recruit: pools, Responses: responses}, nil)
	outbox, _ := mail.NewOutbox("")
	d := webtest.Deps(config.Default(), st, ps, cs, gs, outbox)
	d.Quality = qualityweb.Deps{Quality: qs, Rounds: cs}
	srv, err := web.New(d)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts, cs, ev
}

func getBody(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func (q qualityJSON) detail(key string) string {
	for _, p := range q.Principles {
		for _, x := range p.Proofs {
			if x.Key == key {
				return x.Detail
			}
		}
	}
	return ""
}

type qualityJSON struct {
	Cycle      int64
	Status     string
	Principles []struct {
		Key, Title, Rating, Narrative string
		Links                         []string
		Proofs                        []struct {
			Key    string
			Met    *bool
			Detail string
			URL    string
		}
		SignedProofs []struct {
			Key string
			Met *bool
		} `json:"signed_proofs"`
	}
	Assessor *struct {
		Name, Statement string
		SignedAt        time.Time `json:"signed_at"`
	}
}

func (q qualityJSON) proof(t *testing.T, key string) *bool {
	t.Helper()
	for _, p := range q.Principles {
		for _, x := range p.Proofs {
			if x.Key == key {
				return x.Met
			}
		}
	}
	t.Fatalf("no proof %s", key)
	return nil
}

// The demo's finished round publishes its quality self-assessment: eleven
// principles rated with narratives, proofs marked by the platform itself
// (easy read present → met; the draw, the published counts and secret
// ballots; the time from Learning to the vote) and the assessor's
// sign-off, on the page in English and Welsh and in quality.json.
func TestDemoQuality(t *testing.T) {
	ctx := context.Background()
	st := seededDemo(t)
	ts, cs, _ := qualityServer(t, st, nil)
	rounds, err := cs.Cycles(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	past := rounds[1]
	base := ts.URL + "/cycles/" + strconv.FormatInt(past.ID, 10) + "/quality"
	code, body := getBody(t, base+".json")
	if code != 200 {
		t.Fatalf("quality.json = %d", code)
	}
	var q qualityJSON
	if err := json.Unmarshal([]byte(body), &q); err != nil {
		t.Fatal(err)
	}
	pq := demo.FirstRoundQuality()
	if len(q.Principles) != 11 || q.Status != "signed" || q.Assessor == nil || q.Assessor.Name != pq.AssessorName || q.Assessor.SignedAt.IsZero() {
		t.Fatalf("%d principles, status %s, assessor %+v", len(q.Principles), q.Status, q.Assessor)
	}
	for _, p := range q.Principles {
		if p.Rating == "" || p.Narrative == "" || p.Title == "" {
			t.Errorf("%s: rating %q, narrative %q", p.Key, p.Rating, p.Narrative)
		}
	}
	yes := func(key string) {
		t.Helper()
		if m := q.proof(t, key); m == nil || !*m {
			t.Errorf("%s is not met on the demo: %s", key, q.detail(key))
		}
	}
	for _, key := range []string{"information.easy_read", "inclusiveness.easy_read", "inclusiveness.welsh", "transparency.agenda_count",
		"transparency.recommendation_tallies", "integrity.secret_ballot", "time.learning_to_vote", "group_deliberation.facilitated"} {
		yes(key)
	}
	if solver.Available {
		yes("representativeness.lottery")
		// The past round's pool is the same on every install
		// (demo.PastMemberIDs), and in it the reserves replace both
		// decliners within the quotas.
		yes("representativeness.quotas")
	}
	if m := q.proof(t, "accountability.response_deadline"); m != nil {
		t.Errorf("the Board's answers are not wired, yet accountability is marked %v", *m)
	}
	code, page := getBody(t, base)
	if code != 200 || !strings.Contains(page, "Signed off by an independent assessor") || !strings.Contains(page, "Proved: met") ||
		!strings.Contains(page, "Representativeness") || !strings.Contains(page, "Rhiannon Pryce") {
		t.Fatalf("the page (%d) lacks its parts", code)
	}
	req, _ := http.NewRequest("GET", base, nil)
	req.Header.Set("Accept-Language", "cy")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if code, cy := res.StatusCode, string(b); code != 200 || !strings.Contains(cy, `<html lang="cy"`) || !strings.Contains(cy, "Cynrychioldeb") {
		t.Fatalf("the Welsh page (%d) is not in Welsh", code)
	}
	// /cycles.json links it.
	if _, cj := getBody(t, ts.URL+"/cycles.json"); !strings.Contains(cj, "/quality.json") {
		t.Error("/cycles.json does not link quality.json")
	}
}

// fakeResponses is the Board's answers until internal/response is wired.
type fakeResponses struct {
	deadline time.Time
	answers  []quality.Answer
}

func (f *fakeResponses) Deadline(context.Context, int64) (time.Time, bool, error) {
	return f.deadline, !f.deadline.IsZero(), nil
}
func (f *fakeResponses) Answers(context.Context, int64) ([]quality.Answer, error) {
	return f.answers, nil
}

// Breaking a proof changes its mark on the published page and file: the
// evidence service removes an easy-read version (information: met → not
// met), and the Board misses its deadline (accountability: met → not met),
// with the real services on a fresh store and the Board's answers faked.
func TestQualityProofsBreak(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "q.db")
	if _, _, err := storage.Migrate(ctx, db, nil); err != nil {
		t.Fatal(err)
	}
	st, err := storage.Open(ctx, db, storage.Options{Keys: sealed.MustTest()})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ps := people.NewService(st, people.Config{})
	org, err := ps.AddUser(ctx, people.System, "org@example.org", "Olive", people.RoleOrganiser)
	if err != nil {
		t.Fatal(err)
	}
	rs := &fakeResponses{}
	ts, cs, ev := qualityServer(t, st, rs)
	prog, err := cs.CreateProgramme(ctx, org, cycle.Programme{Name: "Break test"})
	if err != nil {
		t.Fatal(err)
	}
	c, err := cs.CreateCycle(ctx, org, cycle.Draft{ProgrammeID: prog.ID, Title: "Autumn"})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []cycle.Phase{cycle.Agenda, cycle.Selection, cycle.Learning} {
		if _, err := cs.MovePhase(ctx, org, c.ID, p, ""); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Now().UTC()
	evt := func(a string) audit.Event { return audit.Event{Time: now, Actor: "system", Action: a} }
	doc, err := st.AddDocument(ctx, evidence.Document{CycleID: c.ID, ThemeID: 1, Title: "Booking appointments", Created: now},
		evidence.Version{Format: evidence.Markdown, Body: "Text", Size: 4, Created: now}, evt(evidence.ActionDocument))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddVersion(ctx, evidence.Version{DocID: doc, Easy: true, Format: evidence.Markdown, Body: "Easy", Size: 4, Created: now}, evt(evidence.ActionVersion)); err != nil {
		t.Fatal(err)
	}
	base := ts.URL + "/cycles/" + strconv.FormatInt(c.ID, 10) + "/quality"
	read := func() (qualityJSON, string) {
		t.Helper()
		_, body := getBody(t, base+".json")
		var q qualityJSON
		if err := json.Unmarshal([]byte(body), &q); err != nil {
			t.Fatal(err)
		}
		_, page := getBody(t, base)
		return q, page
	}
	q, page := read()
	if m := q.proof(t, "information.easy_read"); m == nil || !*m || !strings.Contains(page, "Every evidence document (1 in all) has an easy-read version.") {
		t.Fatalf("information before: %v", m)
	}
	if err := ev.RemoveEasyRead(ctx, org, c.ID, doc); err != nil {
		t.Fatal(err)
	}
	q, page = read()
	if m := q.proof(t, "information.easy_read"); m == nil || *m || !strings.Contains(page, "0 of the 1 evidence documents have an easy-read version; without one: Booking appointments.") {
		t.Fatalf("information after the easy-read version was removed: %v", m)
	}

	// Accountability: needs passed recommendations; the fake answers
	// stand for the response service and the recommendations' count
	// comes from a stub over the same adapter shape.
	src := qualitySources(qualityFrom{Rounds: cs, Responses: rs})
	src.Recommendations = passedStub{ids: []int64{7, 8}}
	for _, p := range []cycle.Phase{cycle.Meetings, cycle.Recommendations, cycle.Response} {
		if _, err := cs.MovePhase(ctx, org, c.ID, p, ""); err != nil {
			t.Fatal(err)
		}
	}
	deadline := now.Add(63 * 24 * time.Hour)
	rs.deadline = deadline
	rs.answers = []quality.Answer{{RecommendationID: 7, AnsweredAt: now.Add(24 * time.Hour)}, {RecommendationID: 8, AnsweredAt: now.Add(40 * 24 * time.Hour)}}
	mark := func(at time.Time) string {
		ps, err := quality.Check(ctx, src, c.ID, at)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			if p.Key == "accountability.response_deadline" {
				return p.State()
			}
		}
		t.Fatal("no accountability proof")
		return ""
	}
	if m := mark(deadline.Add(time.Hour)); m != "met" {
		t.Fatalf("accountability with every answer on time: %s", m)
	}
	rs.answers[1].AnsweredAt = deadline.Add(24 * time.Hour) // the deadline is missed
	if m := mark(deadline.Add(48 * time.Hour)); m != "not_met" {
		t.Fatalf("accountability with a missed deadline: %s", m)
	}
}

// passedStub stands for the recommendations' count: two passed.
type passedStub struct{ ids []int64 }

func (p passedStub) Links(context.Context, int64) (map[string]string, error) { return nil, nil }
func (p passedStub) Passed(context.Context, int64) ([]int64, bool, error)    { return p.ids, true, nil }
