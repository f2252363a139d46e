package responseweb_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/assembly"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/recommend"
	"github.com/folkmoot/folkmoot/internal/response"
	"github.com/folkmoot/folkmoot/internal/sealed"
	"github.com/folkmoot/folkmoot/internal/storage"
	"github.com/folkmoot/folkmoot/internal/storage/pgtest"
	"github.com/folkmoot/folkmoot/internal/web"
	"github.com/folkmoot/folkmoot/internal/web/responseweb"
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

// results is a closed vote: the items, and which passed.
type results struct {
	mu     sync.Mutex
	items  []recommend.Item
	passed map[int64]bool
}

func (f *results) Results(_ context.Context, _ int64) (recommend.Round, []recommend.Result, []recommend.Ballot, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.items == nil {
		return recommend.Round{}, nil, nil, apperr.New(apperr.NotFound, "The vote on the recommendations has not closed yet.")
	}
	var out []recommend.Result
	for _, it := range f.items {
		r := recommend.Result{Item: it, Passed: f.passed[it.ID]}
		if it.Kind == recommend.Choice {
			r.Winners = []string{it.Options[0]}
		}
		out = append(out, r)
	}
	return recommend.Round{Status: recommend.Closed}, out, nil, nil
}

func TestResponseSQLite(t *testing.T)   { testResponse(t, filepath.Join(t.TempDir(), "resp.db")) }
func TestResponsePostgres(t *testing.T) { testResponse(t, pgtest.Schema(t, "respweb_test")) }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// utf16be is how fpdf writes text in a UTF-8 font into an uncompressed
// page: UTF-16BE, parentheses and backslashes escaped.
func utf16be(s string) []byte {
	var b bytes.Buffer
	for _, u := range utf16.Encode([]rune(s)) {
		for _, c := range []byte{byte(u >> 8), byte(u)} {
			if c == '(' || c == ')' || c == '\\' {
				b.WriteByte('\\')
			}
			b.WriteByte(c)
		}
	}
	return b.Bytes()
}

// The Board answers and tracks its commitments through the forms (no
// JavaScript): errors are explained, those not on the Board are refused,
// an overdue recommendation and a late answer are marked; the public
// page, responses.json, commitments.csv, the stocktake page, its JSON and
// PDF (in Welsh too) show what was recorded.
func testResponse(t *testing.T, dsn string) {
	ctx := context.Background()
	mem := &members{m: map[int64]assembly.Role{}}
	res := &results{passed: map[int64]bool{}}
	var st storage.Store
	var cs *cycle.Service
	var rs *response.Service
	now := time.Now()
	pub := publicFigures{} // what the public consultation said, filled once the recommendations exist
	var clockMu sync.Mutex
	clock := now.AddDate(0, 0, -10) // the service's clock: ten days ago, until the deadline passes
	setClock := func(t time.Time) { clockMu.Lock(); clock = t; clockMu.Unlock() }
	h := webtest.New(t, webtest.Options{DB: dsn, Deps: func(d *web.Deps) {
		var err error
		if st, err = storage.Open(ctx, dsn, storage.Options{Keys: sealed.MustTest()}); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		cs = cycle.NewService(st, cycle.Config{CacheTTL: time.Nanosecond})
		rs = response.NewService(st, cs, res, mem, response.Config{Now: func() time.Time { clockMu.Lock(); defer clockMu.Unlock(); return clock }})
		d.Response = responseweb.Deps{Response: rs, Rounds: cs, Consultation: pub}
		d.API.Links = append(d.API.Links, rs.Links)
	}})
	id := h.Cycle.ID
	base := "/cycles/" + itoa(id)
	orgUser := h.User("org@example.org", people.RoleOrganiser)
	boardUser := h.User("board@example.org")
	h.User("citizen@example.org")
	mem.m[boardUser.ID] = assembly.Board
	org, board, citizen, anon := h.Client(), h.Client(), h.Client(), h.Client()
	org.SignIn("org@example.org")
	board.SignIn("board@example.org")
	citizen.SignIn("citizen@example.org")

	// Before the vote has closed the page says what will come.
	if r := anon.Get(base + "/response"); r.Code != 200 || !strings.Contains(r.Body, "once the members have voted") {
		t.Fatalf("response page before the vote: %d\n%s", r.Code, r.Body)
	}
	if r := anon.Get(base + "/responses.json"); r.Code != 200 || !strings.Contains(r.Body, `"recommendations": []`) {
		t.Fatalf("responses.json before the vote: %d %s", r.Code, r.Body)
	}
	var ids []int64
	for i, text := range []string{"Same-day appointments for urgent needs", "Call-backs instead of queues", "A crisis line answered day and night", "Abolish waiting lists"} {
		it := recommend.Item{CycleID: id, ThemeID: int64(1 + i/2), ThemeTitle: []string{"Access to GP appointments", "Mental health crisis care"}[i/2],
			Kind: recommend.Agreement, Versions: []recommend.Version{{Number: 1, Text: text, At: now}}, Updated: now}
		var err error
		if it.ID, err = st.AddRecItem(ctx, it, audit.Event{Time: now, Actor: "system", Action: recommend.ActionDraft}); err != nil {
			t.Fatal(err)
		}
		res.items = append(res.items, it)
		res.passed[it.ID] = i < 3
		ids = append(ids, it.ID)
	}
	a, b, c, failed := ids[0], ids[1], ids[2], ids[3]
	pub[a] = responseweb.Public{Responses: 3, Agree: 2, Unsure: 1}

	// Nothing can be answered while the round gathers issues.
	if r := board.Post(base+"/response/answer/"+itoa(a), url.Values{"decision": {"accepted"}, "reasons": {"Yes"}}); r.Code != 409 {
		t.Fatalf("answer while gathering: %d", r.Code)
	}
	if _, err := cs.MovePhase(ctx, orgUser, id, cycle.Response, ""); err != nil {
		t.Fatal(err)
	}

	// The organiser publishes the deadline.
	if r := org.Get(base + "/response/settings"); r.Code != 200 || !strings.Contains(r.Body, `name="progress-planned"`) {
		t.Fatalf("settings: %d", r.Code)
	}
	if r := board.Get(base + "/response/settings"); r.Code != 403 {
		t.Fatalf("the Board opens the organisers' settings: %d", r.Code)
	}
	if r := org.Post(base+"/response/deadline", url.Values{"deadline": {"next Tuesday"}}); r.Code != 422 || !strings.Contains(r.Body, "Enter the date as year-month-day") || !strings.Contains(r.Body, `href="#deadline"`) {
		t.Fatalf("a bad deadline: %d\n%s", r.Code, r.Body)
	}
	later := now.AddDate(0, 0, 30).Format(response.DateLayout)
	if r := org.Post(base+"/response/deadline", url.Values{"deadline": {later}}); r.Code != 303 {
		t.Fatalf("deadline: %d\n%s", r.Code, r.Body)
	}
	// The organiser adds a status (a mistake first) and removes another.
	if r := org.Post(base+"/response/statuses/add", url.Values{"new-label": {""}, "new-progress": {"x"}}); r.Code != 422 || !strings.Contains(r.Body, `href="#new-progress"`) {
		t.Fatalf("an empty status: %d\n%s", r.Code, r.Body)
	}
	if r := org.Post(base+"/response/statuses/add", url.Values{"new-label": {""}, "new-keep": {"1"}}); r.Code != 422 || !strings.Contains(r.Body, `href="#new-label"`) {
		t.Fatalf("a status without a label: %d\n%s", r.Code, r.Body)
	}
	if r := board.Post(base+"/response/statuses/add", url.Values{"new-label": {"On hold"}, "new-keep": {"1"}}); r.Code != 403 {
		t.Fatalf("the Board adds a status: %d", r.Code)
	}
	if r := org.Post(base+"/response/statuses/add", url.Values{"new-label": {"On hold"}, "new-label-cy": {"Ar stop"}, "new-keep": {"1"}}); r.Code != 303 {
		t.Fatalf("add a status: %d\n%s", r.Code, r.Body)
	}
	if r := org.Post(base+"/response/statuses/not_started/remove", nil); r.Code != 303 {
		t.Fatalf("remove a status: %d\n%s", r.Code, r.Body)
	}
	if r := org.Get(base + "/response/settings"); !strings.Contains(r.Body, `name="label-on_hold"`) || strings.Contains(r.Body, `name="label-not_started"`) ||
		!strings.Contains(r.Body, "The status has been removed.") || !strings.Contains(r.Body, `action="/cycles/`+itoa(id)+`/response/statuses/on_hold/remove"`) {
		t.Fatalf("the settings after adding and removing:\n%s", r.Body)
	}
	if r := org.Post(base+"/response/statuses/not_started/remove", nil); r.Code != 404 {
		t.Fatalf("remove it again: %d", r.Code)
	}

	// The Board sees what the public said beside the recommendation it
	// answers, as everyone does on the response page; nothing for one
	// nobody answered on.
	said := "In the public consultation 3 people answered: 67% agree, 0% disagree and 33% are not sure."
	if r := board.Get(base + "/response/answer/" + itoa(a)); r.Code != 200 || !strings.Contains(r.Body, "What the public said") || !strings.Contains(r.Body, said) ||
		!strings.Contains(r.Body, `href="`+base+`/consultation#rec-`+itoa(a)+`"`) {
		t.Fatalf("the answer form lacks the consultation's figures: %d\n%s", r.Code, r.Body)
	}
	if r := board.Get(base + "/response/answer/" + itoa(b)); strings.Contains(r.Body, "What the public said") {
		t.Fatal("the answer form shows figures for a recommendation nobody answered on")
	}
	if r := anon.Get(base + "/response"); strings.Count(r.Body, "In the public consultation") != 1 || !strings.Contains(r.Body, said) {
		t.Fatalf("the response page's consultation figures:\n%s", r.Body)
	}
	if r := h.Client().Get(base+"/response?lang=cy", "Accept-Language", "cy"); !strings.Contains(r.Body, "Yn yr ymgynghoriad cyhoeddus atebodd 3 pherson: Mae 67% yn cytuno") {
		t.Fatal("the Welsh response page lacks the consultation's figures in Welsh")
	}

	// The Board answers.
	if r := citizen.Post(base+"/response/answer/"+itoa(a), url.Values{"decision": {"accepted"}, "reasons": {"Yes"}}); r.Code != 403 {
		t.Fatalf("a citizen answers: %d", r.Code)
	}
	if r := citizen.Get(base + "/response/answer/" + itoa(a)); r.Code != 403 {
		t.Fatalf("a citizen opens the answer form: %d", r.Code)
	}
	if r := board.Get(base + "/response/answer/" + itoa(failed)); r.Code != 404 {
		t.Fatalf("the answer form of a recommendation that did not pass: %d", r.Code)
	}
	if r := board.Post(base+"/response/answer/"+itoa(a), url.Values{"reasons": {" "}}); r.Code != 422 || !strings.Contains(r.Body, "Choose the Board&#39;s decision") || !strings.Contains(r.Body, `href="#reasons"`) {
		t.Fatalf("an empty answer: %d\n%s", r.Code, r.Body)
	}
	if r := board.Post(base+"/response/answer/"+itoa(a), url.Values{"decision": {"accepted"}, "reasons": {"Practices will keep slots for each way of booking."},
		"reasons-cy": {"Bydd practisau'n cadw apwyntiadau ar gyfer pob ffordd o drefnu."}}); r.Code != 303 {
		t.Fatalf("answer: %d\n%s", r.Code, r.Body)
	}
	if r := board.Post(base+"/response/answer/"+itoa(b), url.Values{"decision": {"not_accepted"}, "reasons": {"Practices' contracts already cover call-backs."}}); r.Code != 303 {
		t.Fatalf("answer b: %d", r.Code)
	}
	if r := board.Get(base + "/response/answer/" + itoa(b)); r.Code != 200 || strings.Contains(r.Body, "/commitments\"") || !strings.Contains(r.Body, "Commitments can be added once") {
		t.Fatalf("a recommendation not accepted offers commitments: %d", r.Code)
	}

	// A commitment and its progress.
	cf := url.Values{"title": {"Same-day slots by phone and online — Cŵn ŷd"}, "owner": {"Director of Primary Care Commissioning"}, "due": {"31/13/2027"},
		"measure": {"Every practice offers both by December"}, "status": {"planned"}}
	if r := board.Post(base+"/response/answer/"+itoa(a)+"/commitments", cf); r.Code != 422 || !strings.Contains(r.Body, "Enter the date as year-month-day") {
		t.Fatalf("a bad due date: %d\n%s", r.Code, r.Body)
	}
	cf.Set("due", now.AddDate(0, 6, 0).Format(response.DateLayout))
	r := board.Post(base+"/response/answer/"+itoa(a)+"/commitments", cf)
	if r.Code != 303 || !strings.HasPrefix(r.Header.Get("Location"), base+"/commitments/") {
		t.Fatalf("commitment: %d %s\n%s", r.Code, r.Header.Get("Location"), r.Body)
	}
	cpath := r.Header.Get("Location")
	if r := anon.Get(cpath); r.Code != 200 || !strings.Contains(r.Body, "Director of Primary Care Commissioning") || !strings.Contains(r.Body, "10%") {
		t.Fatalf("commitment page: %d\n%s", r.Code, r.Body)
	}
	if r := board.Get(cpath + "/edit"); r.Code != 200 || !strings.Contains(r.Body, `name="update-status"`) {
		t.Fatalf("edit form: %d", r.Code)
	}
	uf := url.Values{"date": {now.AddDate(0, 0, -10).Format(response.DateLayout)}, "update-status": {"in_progress"}, "text": {"Half the practices offer both."},
		"links": {"https://www.england.nhs.uk/gp/same-day/\njavascript:alert(1)"}}
	if r := board.Post(cpath+"/updates", uf); r.Code != 422 || !strings.Contains(r.Body, "Each evidence link must be a web address") {
		t.Fatalf("a bad link: %d\n%s", r.Code, r.Body)
	}
	uf.Set("links", "https://www.england.nhs.uk/gp/same-day/\r\n")
	if r := board.Post(cpath+"/updates", uf); r.Code != 303 {
		t.Fatalf("update: %d\n%s", r.Code, r.Body)
	}
	if r := anon.Get(cpath); !strings.Contains(r.Body, `href="https://www.england.nhs.uk/gp/same-day/"`) || !strings.Contains(r.Body, "50%") {
		t.Fatalf("the update is not shown:\n%s", r.Body)
	}
	if r := board.Post(cpath+"/edit", url.Values{"title": {cf.Get("title")}, "owner": {cf.Get("owner")}, "due": {cf.Get("due")}, "measure": {cf.Get("measure")},
		"status": {"in_progress"}, "progress": {"200"}}); r.Code != 422 || !strings.Contains(r.Body, "Enter a progress from 0 to 100") {
		t.Fatalf("a bad progress: %d\n%s", r.Code, r.Body)
	}
	if r := anon.Get("/cycles/" + itoa(id+1000) + "/commitments/" + strings.TrimPrefix(cpath, base+"/commitments/")); r.Code != 404 {
		t.Fatalf("a commitment under another round: %d", r.Code)
	}

	// The deadline passes: c is overdue, then answered late.
	if r := org.Post(base+"/response/deadline", url.Values{"deadline": {now.AddDate(0, 0, -2).Format(response.DateLayout)}}); r.Code != 303 {
		t.Fatalf("deadline: %d", r.Code)
	}
	setClock(now)
	if r := anon.Get(base + "/response"); !strings.Contains(r.Body, "Overdue") || !strings.Contains(r.Body, "1 overdue") {
		t.Fatalf("no overdue mark:\n%s", r.Body)
	}
	if r := board.Post(base+"/response/answer/"+itoa(c), url.Values{"decision": {"partly_accepted"}, "reasons": {"A line by day first, then at night."}}); r.Code != 303 {
		t.Fatalf("answer c: %d", r.Code)
	}
	page := anon.Get(base + "/response").Body
	for _, want := range []string{"Answered late", "Accepted in part", "Not accepted", "Same-day slots by phone and online", "Access to GP appointments", "1 accepted"} {
		if !strings.Contains(page, want) {
			t.Errorf("the response page lacks %q", want)
		}
	}
	cy := h.Client().Get(base+"/response?lang=cy", "Accept-Language", "cy").Body // ?lang sets a cookie: a client of its own
	if !strings.Contains(cy, "Bydd practisau") || !strings.Contains(cy, "Ar y gweill") || !strings.Contains(cy, "Ymateb y Bwrdd") {
		t.Errorf("the Welsh page lacks the Welsh reasons or status")
	}

	// responses.json and commitments.csv.
	var js struct {
		Cycle    int64   `json:"cycle"`
		Deadline *string `json:"deadline"`
		Progress int     `json:"progress"`
		Statuses []struct {
			Key, Label string
			Progress   int
		}
		Themes []struct {
			ID       int64
			Title    string
			Progress int
		}
		Recommendations []struct {
			ID    int64
			Theme struct {
				ID    int64
				Title string
			}
			Text     string
			Passed   bool
			Response *struct {
				Decision, Reasons string
				AnsweredAt        string `json:"answered_at"`
				Late              bool
			}
			Overdue     bool
			Progress    int
			Commitments []struct {
				ID                                 int64
				Title, Owner, Due, Measure, Status string
				StatusLabel                        string `json:"status_label"`
				Progress                           int
				Updates                            []struct {
					Date, Status, Text string
					Progress           int
					Links              []string
				}
			}
		}
	}
	jr := anon.Get(base + "/responses.json")
	if err := json.Unmarshal([]byte(jr.Body), &js); err != nil || jr.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Fatalf("responses.json: %v\n%s", err, jr.Body)
	}
	if js.Cycle != id || js.Deadline == nil || len(js.Statuses) != 5 || len(js.Themes) != 2 || len(js.Recommendations) != 3 {
		t.Fatalf("responses.json: %+v", js)
	}
	r0 := js.Recommendations[0]
	if r0.ID != a || r0.Response == nil || r0.Response.Decision != "accepted" || r0.Response.Late || r0.Theme.Title != "Access to GP appointments" ||
		len(r0.Commitments) != 1 || r0.Commitments[0].Progress != 50 || r0.Commitments[0].StatusLabel != "In progress" ||
		len(r0.Commitments[0].Updates) != 1 || r0.Commitments[0].Updates[0].Links[0] != "https://www.england.nhs.uk/gp/same-day/" || len(r0.Commitments[0].Due) != 10 {
		t.Fatalf("the first recommendation: %+v", r0)
	}
	if !js.Recommendations[2].Response.Late || js.Recommendations[2].Overdue || js.Progress != 50 || js.Themes[0].Progress != 50 {
		t.Fatalf("late, overdue, progress: %+v", js)
	}
	rows, err := csv.NewReader(strings.NewReader(anon.Get(base + "/commitments.csv").Body)).ReadAll()
	if err != nil || len(rows) != 2 || rows[1][0] != itoa(a) || rows[1][2] != "accepted" || rows[1][6] != cf.Get("due") || rows[1][9] != "50" || rows[1][10] != now.AddDate(0, 0, -10).Format(response.DateLayout) {
		t.Fatalf("commitments.csv: %v %v", rows, err)
	}

	// The stocktake.
	if r := anon.Get(base + "/stocktake"); r.Code != 404 {
		t.Fatalf("stocktake before it is published: %d", r.Code)
	}
	if r := anon.Get(base + "/stocktake.pdf"); r.Code != 404 {
		t.Fatalf("stocktake.pdf before it is published: %d", r.Code)
	}
	if r := org.Post(base+"/stocktake", url.Values{"held": {now.Format(response.DateLayout)}, "place": {""}, "notes": {"Every commitment was reviewed."}}); r.Code != 422 || !strings.Contains(r.Body, "Enter where the meeting was held") {
		t.Fatalf("stocktake without a place: %d\n%s", r.Code, r.Body)
	}
	if r := org.Post(base+"/stocktake", url.Values{"held": {now.Format(response.DateLayout)}, "place": {"Civic Hall, Leeds"}, "notes": {"Every commitment was reviewed with the members."}}); r.Code != 303 {
		t.Fatalf("stocktake: %d", r.Code)
	}
	if r := org.Post(base+"/stocktake/publish", nil); r.Code != 303 {
		t.Fatalf("publish: %d", r.Code)
	}
	sp := anon.Get(base + "/stocktake")
	for _, want := range []string{"Civic Hall, Leeds", "<svg", "Progress by theme", "Commitments by status", "The figures of the chart", "Same-day slots by phone and online", "fm-stocktake"} {
		if !strings.Contains(sp.Body, want) {
			t.Errorf("the stocktake page lacks %q", want)
		}
	}
	var sj struct {
		Place  string
		Report struct{ Recommendations []any }
	}
	if r := anon.Get(base + "/stocktake.json"); r.Code != 200 || json.Unmarshal([]byte(r.Body), &sj) != nil || sj.Place != "Civic Hall, Leeds" || len(sj.Report.Recommendations) != 3 {
		t.Fatalf("stocktake.json: %d %s", r.Code, r.Body)
	}
	for _, lang := range []string{"en", "cy"} {
		pr := h.Client().Get(base+"/stocktake.pdf?lang="+lang, "Accept-Language", lang)
		if pr.Code != 200 || pr.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(pr.Body, "%PDF-") || !strings.Contains(pr.Body, "%%EOF") {
			t.Fatalf("stocktake.pdf (%s): %d %s", lang, pr.Code, pr.Header.Get("Content-Type"))
		}
	}
	// The PDF is made once per change: the same file again, 304 to a
	// client that has it, a new file (and tag) after a progress update.
	pdf1 := anon.Get(base + "/stocktake.pdf")
	tag := pdf1.Header.Get("ETag")
	time.Sleep(1100 * time.Millisecond) // a file made again would carry another creation second
	if pdf2 := anon.Get(base + "/stocktake.pdf"); tag == "" || pdf2.Header.Get("ETag") != tag || pdf2.Body != pdf1.Body {
		t.Fatalf("the second stocktake.pdf differs: tag %q then %q", tag, pdf2.Header.Get("ETag"))
	}
	if cy := h.Client().Get(base+"/stocktake.pdf?lang=cy", "Accept-Language", "cy"); cy.Header.Get("ETag") == tag || cy.Body == pdf1.Body {
		t.Fatal("the Welsh stocktake.pdf is the English one")
	}
	if r := anon.Get(base+"/stocktake.pdf", "If-None-Match", tag); r.Code != 304 || r.Body != "" {
		t.Fatalf("stocktake.pdf with its tag: %d, %d bytes", r.Code, len(r.Body))
	}
	uf.Set("date", now.AddDate(0, 0, -1).Format(response.DateLayout))
	uf.Set("text", "Three in four practices offer both.")
	if r := board.Post(cpath+"/updates", uf); r.Code != 303 {
		t.Fatalf("a later update: %d\n%s", r.Code, r.Body)
	}
	if r := anon.Get(base+"/stocktake.pdf", "If-None-Match", tag); r.Code != 200 || r.Header.Get("ETag") == tag || r.Body == pdf1.Body {
		t.Fatalf("stocktake.pdf after an update: %d, tag %q", r.Code, r.Header.Get("ETag"))
	}
	// The PDF's text, uncompressed: the titles, in the reader's language,
	// Welsh letters included.
	rep, err := rs.Report(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	stk, err := rs.Stocktake(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	c0, _ := cs.Cycle(ctx, id)
	for _, lang := range []i18n.Lang{i18n.English, i18n.Welsh} {
		var pdf bytes.Buffer
		if err := responseweb.StocktakePDF(&pdf, i18n.For(lang), c0, stk, rep, responseweb.PDFOptions{}); err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(pdf.Bytes(), []byte("%PDF")) {
			t.Fatal("not a PDF")
		}
		heading := map[i18n.Lang]string{i18n.English: "Progress by theme", i18n.Welsh: i18n.For(i18n.Welsh).T("Progress by theme")}[lang]
		for _, want := range []string{"Same-day slots by phone and online — Cŵn ŷd", "A crisis line answered day and night", "Director of Primary Care Commissioning", heading} {
			if !bytes.Contains(pdf.Bytes(), utf16be(want)) {
				t.Errorf("the %s PDF lacks %q", lang, want)
			}
		}
	}

	// /cycles.json links to what the round published.
	if r := anon.Get("/cycles.json"); !strings.Contains(r.Body, base+"/responses.json") || !strings.Contains(r.Body, base+"/stocktake.pdf") {
		t.Errorf("/cycles.json lacks the response's links:\n%s", r.Body)
	}
}

// publicFigures is the public consultation's figures per recommendation.
type publicFigures map[int64]responseweb.Public

func (p publicFigures) Public(context.Context, int64) (map[int64]responseweb.Public, error) {
	return p, nil
}
