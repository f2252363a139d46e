package selectionweb_test

import (
	"context"
	"encoding/json"
	"github.com/folkmoot/folkmoot/internal/solver"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/demo"
	"github.com/folkmoot/folkmoot/internal/jobs"
	"github.com/folkmoot/folkmoot/internal/lottery"
	"github.com/folkmoot/folkmoot/internal/mail"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/recruit"
	"github.com/folkmoot/folkmoot/internal/storage"
	"github.com/folkmoot/folkmoot/internal/web"
	"github.com/folkmoot/folkmoot/internal/web/selectionweb"
	"github.com/folkmoot/folkmoot/internal/web/webtest"
)

// pools serves a generated pool for every round.
type pools struct{ ms []demo.PoolMember }

func (p pools) Pool(_ context.Context, actor people.User, id int64) (recruit.Pool, error) {
	if err := people.MustRole(actor, people.RoleOrganiser); err != nil {
		return recruit.Pool{}, err
	}
	pool := recruit.Pool{CycleID: id}
	for _, c := range demo.PoolCategories {
		rc := recruit.Category{Key: c.Key, Question: c.Question, QuestionCy: c.QuestionCy}
		for _, v := range c.Values {
			rc.Values = append(rc.Values, recruit.Value{Key: v.Key, Label: v.Label, LabelCy: v.LabelCy, Census: v.Census})
		}
		pool.Categories = append(pool.Categories, rc)
	}
	for _, m := range p.ms {
		pool.Members = append(pool.Members, recruit.Member{ID: m.ID, Answers: m.Answers})
	}
	return pool, nil
}

func (p pools) Contact(_ context.Context, _ people.User, _ int64, id string) (recruit.Contact, error) {
	for _, m := range p.ms {
		if m.ID == id {
			return recruit.Contact{MemberID: id, Name: m.Name, Email: m.Email, Lang: m.Lang}, nil
		}
	}
	return recruit.Contact{}, apperr.New(apperr.NotFound, "none")
}

// mailer keeps the messages.
type mailer struct {
	mu   sync.Mutex
	msgs []mail.Message
}

func (m *mailer) Send(_ context.Context, _ string, msg mail.Message) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.msgs = append(m.msgs, msg)
	return int64(len(m.msgs)), nil
}

// wired is what the harness's Deps hook made for the test in progress.
type wired struct {
	svc *lottery.Service
	q   *jobs.Queue
	ml  *mailer
}

func TestOrganiserRunsAnnouncesDrawsAndReplaces(t *testing.T) {
	needSolver(t)
	var w wired
	webtest.OnEachDatabase(t, func(t *testing.T, h *webtest.Harness) { testFlow(t, h, w) }, webtest.Options{Deps: func(d *web.Deps) {
		st := d.Dash.Stats.(storage.Store)
		cs := d.Cycles.Rounds.(*cycle.Service)
		w.ml = &mailer{}
		w.q = jobs.New(st, jobs.Options{Poll: 50 * time.Millisecond})
		w.svc = lottery.New(st, cs, pools{demo.GeneratePool(3, "w", 200)}, w.q, w.ml, lottery.Config{BaseURL: webtest.BaseURL, Tickets: 100,
			NewSeed: func() string { return "1303" }})
		w.svc.HandleJobs(w.q)
		d.Selection = selectionweb.Deps{Selection: w.svc, Rounds: cs, Jobs: w.q}
		d.API.Links = append(d.API.Links, w.svc.Links)
	}})
}

func testFlow(t *testing.T, h *webtest.Harness, w wired) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.q.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	id := h.Cycle.ID
	base := "/cycles/" + strconv.FormatInt(id, 10) + "/selection"
	h.User("org@example.org", people.RoleOrganiser)
	org, cit, anon := h.Client(), h.Client(), h.Client()
	org.SignIn("org@example.org")
	cit.SignIn("cit@example.org")

	if r := cit.Get(base + "/manage"); r.Code != http.StatusForbidden {
		t.Fatalf("a citizen opens the organisers' page: %d", r.Code)
	}
	// Gathering: the page shows, but the quotas cannot be saved.
	r := org.Get(base + "/manage")
	if r.Code != 200 || !strings.Contains(r.Body, "Suggest quotas") || !strings.Contains(r.Body, "census 22%") {
		t.Fatalf("manage page = %d", r.Code)
	}
	pool, _ := pools{demo.GeneratePool(3, "w", 200)}.Pool(ctx, people.System, id)
	form := url.Values{"panel_size": {"20"}}
	for _, q := range lottery.SuggestQuotas(pool, 20, 0.6) {
		form.Set(lottery.FieldName(q), strconv.Itoa(q.Min))
		form.Set("max-"+q.Category+"-"+q.Value, strconv.Itoa(q.Max))
	}
	if r := org.Post(base+"/manage/quotas", form); r.Code != http.StatusConflict || !strings.Contains(r.Body, "selection phase") {
		t.Fatalf("quotas while gathering = %d", r.Code)
	}
	if _, err := h.Cycles.MovePhase(ctx, people.System, id, cycle.Selection, ""); err != nil {
		t.Fatal(err)
	}
	// A field in error is shown beside it.
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("min-age-16-29", "lots")
	if r := org.Post(base+"/manage/quotas", bad); r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `href="#min-age-16-29"`) {
		t.Fatalf("a bad minimum = %d", r.Code)
	}
	if r := org.Post(base+"/manage/quotas", form); r.Code != http.StatusSeeOther {
		t.Fatalf("save quotas = %d\n%s", r.Code, r.Body)
	}
	if r := org.Post(base+"/manage/feasibility", nil); r.Code != 200 || !strings.Contains(r.Body, "A panel can meet these quotas.") {
		t.Fatalf("feasibility = %d", r.Code)
	}
	if r := org.Post(base+"/manage/run", nil); r.Code != http.StatusSeeOther {
		t.Fatalf("run = %d\n%s", r.Code, r.Body)
	}
	sel := waitState(t, w.svc, w.q, id, lottery.Ready)
	if r := org.Get(base + "/manage"); r.Code != 200 || !strings.Contains(r.Body, sel.ListHash) || !strings.Contains(r.Body, "Announce the lottery") {
		t.Fatalf("the report = %d", r.Code)
	}
	if r := org.Get(base + "/manage/report/chart.svg"); r.Code != 200 || !strings.HasPrefix(r.Body, "<svg") {
		t.Fatalf("the chart = %d", r.Code)
	}
	// Nothing is published before the announcement; the draw waits for it.
	if r := anon.Get(base + "/people.csv"); r.Code != http.StatusNotFound {
		t.Fatalf("people.csv before the announcement = %d", r.Code)
	}
	if r := org.Post(base+"/manage/draw", url.Values{"public_seed": {"1 2 3"}}); r.Code != http.StatusConflict {
		t.Fatalf("draw before the announcement = %d", r.Code)
	}
	if r := org.Post(base+"/manage/announce", url.Values{"source": {"short"}}); r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `href="#source"`) {
		t.Fatalf("a source too short = %d", r.Code)
	}
	if r := org.Post(base+"/manage/announce", url.Values{"source": {"The Lotto draw of next Saturday, main numbers in order"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("announce = %d", r.Code)
	}
	if r := anon.Get(base); r.Code != 200 || !strings.Contains(r.Body, sel.ListHash) || !strings.Contains(r.Body, "The Lotto draw of next Saturday") {
		t.Fatalf("public page after the announcement = %d", r.Code)
	}
	if r := anon.Get(base + "/result.json"); r.Code != http.StatusNotFound {
		t.Fatalf("result.json before the draw = %d", r.Code)
	}
	if r := org.Post(base+"/manage/draw", url.Values{"public_seed": {"4 8 15 16 23 42"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("draw = %d", r.Code)
	}
	sel = waitState(t, w.svc, w.q, id, lottery.Drawn)
	r = anon.Get(base + "/result.json")
	var res lottery.Result
	if r.Code != 200 || json.Unmarshal([]byte(r.Body), &res) != nil || len(res.Selected) != 20 || res.PublicSeed != "4 8 15 16 23 42" {
		t.Fatalf("result.json = %d %s", r.Code, r.Body)
	}
	if r := org.Post(base+"/manage/invite", nil); r.Code != http.StatusSeeOther || len(w.ml.msgs) == 0 {
		t.Fatalf("invite = %d, %d mails", r.Code, len(w.ml.msgs))
	}
	// The first invitee declines by the link in the email.
	body := w.ml.msgs[0].Body
	link := body[strings.Index(body, webtest.BaseURL+"/selection/reply/"):]
	link = strings.TrimPrefix(strings.Fields(link)[0], webtest.BaseURL)
	if r := anon.Get(link); r.Code != 200 || !strings.Contains(r.Body, "Will you take part in the assembly?") {
		t.Fatalf("reply page = %d", r.Code)
	}
	if r := anon.Post(link, url.Values{"answer": {"no"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("decline = %d", r.Code)
	}
	ms, _ := w.svc.Members(ctx, id)
	var out string
	for _, m := range ms {
		if m.Status == lottery.Declined {
			out = m.ID
		}
	}
	if out == "" {
		t.Fatal("no one declined")
	}
	if r := org.Get(base + "/manage"); !strings.Contains(r.Body, "Replace from the reserves") {
		t.Fatal("the members' table offers no replacement")
	}
	// An answer that is neither yes nor no records nothing.
	var other string
	for _, m := range ms {
		if m.Status != lottery.Declined {
			other = m.ID
			break
		}
	}
	if r := org.Post(base+"/manage/answer", url.Values{"member": {other}}); r.Code != http.StatusConflict || !strings.Contains(r.Body, "Choose yes or no.") {
		t.Fatalf("an answer without yes or no = %d", r.Code)
	}
	if after, _ := w.svc.Members(ctx, id); !slices.Equal(after, ms) {
		t.Fatal("an answer without yes or no changed the members")
	}
	// The seed of each run is new: when no reserve keeps the quotas (the
	// page says so), another member declines.
	for try := 0; ; try++ {
		r := org.Post(base+"/manage/replace", url.Values{"member": {out}})
		if r.Code == http.StatusSeeOther {
			break
		}
		if try == 4 || r.Code != http.StatusConflict || !strings.Contains(r.Body, "No one on the reserve list can take this seat") {
			t.Fatalf("replace = %d\n%s", r.Code, r.Body)
		}
		members, _ := w.svc.Assembly(ctx, id)
		out = members[try]
		if r := org.Post(base+"/manage/answer", url.Values{"member": {out}, "answer": {"no"}}); r.Code != http.StatusSeeOther {
			t.Fatalf("record a decline = %d", r.Code)
		}
	}
	r = anon.Get(base + "/result.json")
	res = lottery.Result{}
	json.Unmarshal([]byte(r.Body), &res)
	if len(res.Replacements) != 1 || res.Replacements[0].Out != out || len(res.Members) > 20 {
		t.Fatalf("after the replacement: %+v", res.Replacements)
	}
	// The public page, in English and Welsh, and /cycles.json's links.
	if r := anon.Get(base); r.Code != 200 || !strings.Contains(r.Body, res.Command[:40]) || !strings.Contains(r.Body, "replaced") {
		t.Fatalf("public page = %d", r.Code)
	}
	if r := anon.Get(base + "?lang=cy"); r.Code != 200 || !strings.Contains(r.Body, "cynulliad yn cael ei ddewis") {
		t.Fatalf("Welsh public page = %d", r.Code)
	}
	if r := anon.Get("/cycles.json"); !strings.Contains(r.Body, base+"/result.json") {
		t.Fatalf("cycles.json has no link to result.json")
	}
	_ = sel
}

// waitState waits for the selection of round id to reach state.
func waitState(t *testing.T, svc *lottery.Service, q *jobs.Queue, id int64, state lottery.State) lottery.Selection {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		sel, err := svc.Get(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if sel.State == state {
			return sel
		}
		if time.Now().After(deadline) {
			j, err := q.Job(context.Background(), sel.JobID)
			t.Fatalf("state %s (%q), want %s; job %+v %v", sel.State, sel.Error, state, j, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// needSolver skips a test that runs the selection engine when this build
// has no COIN-OR solvers (make test builds with them: -tags coin).
func needSolver(t *testing.T) {
	t.Helper()
	if !solver.Available {
		t.Skip("the selection engine needs the COIN-OR solvers: go test -tags coin")
	}
}
