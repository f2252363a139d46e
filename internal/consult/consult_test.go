package consult_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/consult"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/recommend"
)

// memStore is an in-memory consult.Store.
type memStore struct {
	mu    sync.Mutex
	round *consult.Round
	qs    []consult.Question
	rs    []consult.Response
	pub   map[int64]string
	audit []audit.Event
	n     int // changes, for the stamp
}

func (m *memStore) ConsultRound(_ context.Context, cycleID int64) (consult.Round, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.round == nil {
		return consult.Round{}, apperr.New(apperr.NotFound, "none")
	}
	return *m.round, nil
}

func (m *memStore) SaveConsultRound(_ context.Context, r consult.Round, from consult.Status, ev audit.Event) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if (m.round == nil) != (from == "") || (m.round != nil && m.round.Status != from) {
		return apperr.New(apperr.Conflict, "changed")
	}
	m.round, m.n = &r, m.n+1
	m.audit = append(m.audit, ev)
	return nil
}

func (m *memStore) AddConsultQuestion(_ context.Context, q consult.Question, ev audit.Event) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	q.ID = int64(len(m.qs) + 1)
	m.qs = append(m.qs, q)
	m.audit, m.n = append(m.audit, ev), m.n+1
	return q.ID, nil
}

func (m *memStore) ConsultQuestions(context.Context, int64) ([]consult.Question, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.qs), nil
}

func (m *memStore) SaveConsultQuestion(_ context.Context, q consult.Question, ev audit.Event) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	i := slices.IndexFunc(m.qs, func(x consult.Question) bool { return x.ID == q.ID })
	if i < 0 || m.round != nil {
		return apperr.New(apperr.NotFound, "no such question")
	}
	m.qs[i] = q
	m.audit, m.n = append(m.audit, ev), m.n+1
	return nil
}

func (m *memStore) DeleteConsultQuestion(_ context.Context, _, id int64, ev audit.Event) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	i := slices.IndexFunc(m.qs, func(x consult.Question) bool { return x.ID == id })
	if i < 0 || m.round != nil {
		return apperr.New(apperr.NotFound, "no such question")
	}
	m.qs = slices.Delete(m.qs, i, i+1)
	m.audit, m.n = append(m.audit, ev), m.n+1
	return nil
}

func (m *memStore) SaveConsultResponse(_ context.Context, r consult.Response, changed bool, ev audit.Event) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.round == nil || m.round.Status != consult.Open {
		return apperr.New(apperr.Conflict, "not open")
	}
	for _, x := range m.rs {
		if x.UserID == r.UserID {
			r.Respondent = x.Respondent
		}
	}
	m.audit, m.n = append(m.audit, ev), m.n+1
	for i, x := range m.rs {
		if x.UserID == r.UserID && x.RecID == r.RecID {
			r.ID = x.ID
			if !changed {
				r.Comment, r.Status = x.Comment, x.Status
			} else {
				delete(m.pub, x.ID)
			}
			m.rs[i] = r
			return nil
		}
	}
	r.ID = int64(len(m.rs) + 1)
	m.rs = append(m.rs, r)
	return nil
}

func (m *memStore) ConsultResponse(_ context.Context, cycleID, recID, userID int64) (consult.Response, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, x := range m.rs {
		if x.UserID == userID && x.RecID == recID {
			return x, nil
		}
	}
	return consult.Response{}, apperr.New(apperr.NotFound, "none")
}

func (m *memStore) ConsultResponses(context.Context, int64) ([]consult.Response, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []consult.Response
	for _, x := range m.rs {
		x.Comment = ""
		out = append(out, x)
	}
	slices.SortFunc(out, func(a, b consult.Response) int {
		if c := strings.Compare(a.Respondent, b.Respondent); c != 0 {
			return c
		}
		return int(a.RecID - b.RecID)
	})
	return out, nil
}

func (m *memStore) ConsultComments(_ context.Context, _ int64, st consult.CommentStatus) ([]consult.Comment, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []consult.Comment
	for _, x := range m.rs {
		if x.Status == st {
			out = append(out, consult.Comment{ResponseID: x.ID, RecID: x.RecID, Text: x.Comment, Status: st, Updated: x.Updated})
		}
	}
	return out, nil
}

func (m *memStore) DecideConsultComment(_ context.Context, _ int64, id int64, updated time.Time, to consult.CommentStatus, _ time.Time, ev audit.Event) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, x := range m.rs {
		if x.ID == id {
			if x.Status != consult.Pending || !x.Updated.Equal(updated) {
				return apperr.New(apperr.Conflict, "changed")
			}
			m.rs[i].Status = to
			m.audit, m.n = append(m.audit, ev), m.n+1
			return nil
		}
	}
	return apperr.New(apperr.NotFound, "none")
}

func (m *memStore) ConsultStamp(context.Context, int64) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return fmt.Sprint(m.n), nil
}

// rounds is one round in a phase.
type rounds struct{ phase cycle.Phase }

func (r *rounds) Cycle(_ context.Context, id int64) (cycle.Cycle, error) {
	if id != 1 {
		return cycle.Cycle{}, apperr.New(apperr.NotFound, "no round")
	}
	return cycle.Cycle{ID: 1, Title: "Spring", Phase: r.phase}, nil
}

// recs are three counted items: 10 and 11 passed, 12 did not.
type recs struct{ closed bool }

func (r recs) Results(context.Context, int64) (recommend.Round, []recommend.Result, []recommend.Ballot, error) {
	if !r.closed {
		return recommend.Round{}, nil, nil, apperr.New(apperr.NotFound, "not closed")
	}
	item := func(id int64, text string) recommend.Item {
		return recommend.Item{ID: id, CycleID: 1, Kind: recommend.Agreement, ThemeTitle: "GP access", Versions: []recommend.Version{{Number: 1, Text: text}}}
	}
	return recommend.Round{Status: recommend.Closed}, []recommend.Result{
		{Item: item(10, "Same-day appointments"), Passed: true},
		{Item: item(11, "A crisis café"), Passed: true},
		{Item: item(12, "Close the walk-in centre"), Passed: false},
		{Item: recommend.Item{ID: 13, Kind: recommend.Choice, Options: []string{"a", "b"}}, Passed: true},
	}, nil, nil
}

type fixture struct {
	st     *memStore
	rounds *rounds
	sv     *consult.Service
	org    people.User
	now    time.Time
}

func newFixture() *fixture {
	f := &fixture{st: &memStore{pub: map[int64]string{}}, rounds: &rounds{phase: cycle.Response}, org: people.User{ID: 1, Roles: []people.Role{people.RoleOrganiser}},
		now: time.Date(2015, 9, 1, 10, 0, 0, 0, time.UTC)}
	f.sv = consult.NewService(f.st, f.rounds, recs{closed: true}, consult.Config{Now: func() time.Time { f.now = f.now.Add(time.Minute); return f.now }})
	return f
}

func citizen(id int64) people.User {
	return people.User{ID: id, Roles: []people.Role{people.RoleCitizen}}
}

func TestOpenRules(t *testing.T) {
	ctx := context.Background()
	f := newFixture()
	if err := f.sv.Open(ctx, citizen(5), 1); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("a citizen opened it: %v", err)
	}
	f.rounds.phase = cycle.Recommendations
	if err := f.sv.Open(ctx, f.org, 1); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("opened outside the Response phase: %v", err)
	}
	f.rounds.phase = cycle.Response
	nothing := consult.NewService(f.st, f.rounds, recs{}, consult.Config{})
	if err := nothing.Open(ctx, f.org, 1); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("opened with no counted recommendation: %v", err)
	}
	if _, err := f.sv.Respond(ctx, citizen(5), 1, 10, consult.Answer{Agree: consult.Agree}); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("responded before it opened: %v", err)
	}
	if err := f.sv.Open(ctx, f.org, 1); err != nil {
		t.Fatal(err)
	}
	if err := f.sv.Open(ctx, f.org, 1); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("opened twice: %v", err)
	}
	its, _ := f.sv.Recommendations(ctx, 1)
	if len(its) != 2 || its[0].ID != 10 || its[1].ID != 11 {
		t.Fatalf("consulted on %v: want the two passed agreement items", its)
	}
	if _, err := f.sv.Respond(ctx, citizen(5), 1, 12, consult.Answer{Agree: consult.Agree}); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("responded on a recommendation that did not pass: %v", err)
	}
	if _, err := f.sv.Respond(ctx, people.Anonymous, 1, 10, consult.Answer{Agree: consult.Agree}); !apperr.Is(err, apperr.Unauthenticated) {
		t.Fatalf("anonymous response: %v", err)
	}
	if err := f.sv.Close(ctx, citizen(5), 1); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("a citizen closed it: %v", err)
	}
	f.rounds.phase = cycle.FollowUp // the round moved on: responses stop, closing still works
	if ok, _ := f.sv.Accepting(ctx, 1); ok {
		t.Fatal("accepting responses after the Response phase")
	}
	if _, err := f.sv.Respond(ctx, citizen(5), 1, 10, consult.Answer{Agree: consult.Agree}); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("responded after the Response phase: %v", err)
	}
	if err := f.sv.Close(ctx, f.org, 1); err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range f.st.audit {
		actions = append(actions, e.Action)
	}
	if !slices.Equal(actions, []string{consult.ActionOpen, consult.ActionClose}) {
		t.Fatalf("audit %v", actions)
	}
}

func TestQuestionsAndResponses(t *testing.T) {
	ctx := context.Background()
	f := newFixture()
	if err := f.sv.Open(ctx, f.org, 1); err != nil {
		t.Fatal(err)
	}
	_, err := f.sv.AddQuestion(ctx, f.org, 1, consult.QuestionDraft{RecID: 12, Kind: consult.Choice, Text: "Which?", Options: []string{"One"}, OptionsCy: []string{"Un", "Dau"}})
	for _, field := range []string{"rec", "text_cy", "options"} {
		if !strings.Contains(fmt.Sprint(kitFields(err)), field) {
			t.Errorf("a bad question: no error on %s (%v)", field, err)
		}
	}
	q, err := f.sv.AddQuestion(ctx, f.org, 1, consult.QuestionDraft{RecID: 10, Kind: consult.Choice, Text: "How would you book?", TextCy: "Sut fyddech chi'n trefnu?",
		Options: []string{"By phone", "", "Online"}, OptionsCy: []string{"Dros y ffôn", "Ar-lein"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Options) != 2 || q.Options[1].TextCy != "Ar-lein" {
		t.Fatalf("options %+v", q.Options)
	}
	sc, err := f.sv.AddQuestion(ctx, f.org, 1, consult.QuestionDraft{RecID: 10, Kind: consult.Scale, Text: "How important is it?", TextCy: "Pa mor bwysig yw e?"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.sv.AddQuestion(ctx, citizen(5), 1, consult.QuestionDraft{RecID: 10, Kind: consult.Scale, Text: "x", TextCy: "y"}); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("a citizen added a question: %v", err)
	}

	// Bad answers are refused field by field.
	_, err = f.sv.Respond(ctx, citizen(5), 1, 10, consult.Answer{Agree: "maybe", Answers: map[int64]string{q.ID: "3", sc.ID: "6"}, Comment: strings.Repeat("a", consult.MaxComment+1)})
	fields := kitFields(err)
	for _, want := range []string{"agree", fmt.Sprintf("q-%d", q.ID), fmt.Sprintf("q-%d", sc.ID), "comment"} {
		if !slices.Contains(fields, want) {
			t.Errorf("no error on %s: %v", want, fields)
		}
	}
	// A response, then a changed one: still one response, the new answers.
	if _, err := f.sv.Respond(ctx, citizen(5), 1, 10, consult.Answer{Agree: consult.Agree, Answers: map[int64]string{q.ID: "1"}, Comment: "Keep the phone lines."}); err != nil {
		t.Fatal(err)
	}
	r, err := f.sv.Respond(ctx, citizen(5), 1, 10, consult.Answer{Agree: consult.Disagree, Answers: map[int64]string{q.ID: "2", sc.ID: "4"}, Comment: "Keep the phone lines."})
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != consult.Pending {
		t.Fatalf("an unchanged comment lost its status: %q", r.Status)
	}
	if rs, _ := f.st.ConsultResponses(ctx, 1); len(rs) != 1 || rs[0].Agree != consult.Disagree || rs[0].Answers[sc.ID] != "4" {
		t.Fatalf("responses %+v", rs)
	}
	// The comment is unpublished until approved; a stale decision is refused.
	if _, err := f.sv.Comments(ctx, citizen(6), 1, consult.Pending); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("a citizen read the moderation queue: %v", err)
	}
	pend, _ := f.sv.Comments(ctx, f.org, 1, consult.Pending)
	if len(pend) != 1 || pend[0].Text != "Keep the phone lines." {
		t.Fatalf("pending %+v", pend)
	}
	o, _ := f.sv.Overview(ctx, 1)
	if s, _ := o.Summary(10); len(s.Comments) != 0 {
		t.Fatal("a pending comment is in the summary")
	}
	if err := f.sv.Moderate(ctx, f.org, 1, pend[0].ResponseID, pend[0].Updated.Add(-time.Second), true); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("a stale approval: %v", err)
	}
	if err := f.sv.Moderate(ctx, f.org, 1, pend[0].ResponseID, pend[0].Updated, true); err != nil {
		t.Fatal(err)
	}
	o, _ = f.sv.Overview(ctx, 1)
	if s, _ := o.Summary(10); len(s.Comments) != 1 || s.Responses != 1 || s.Disagree != 1 || s.Questions[0].Counts[1] != 1 || s.Questions[1].Counts[3] != 1 {
		t.Fatalf("summary %+v", s)
	}
	// Changing an approved comment sends it back to the queue.
	if r, _ = f.sv.Respond(ctx, citizen(5), 1, 10, consult.Answer{Agree: consult.Disagree, Comment: "Keep the phone lines open."}); r.Status != consult.Pending {
		t.Fatalf("a changed comment is %q", r.Status)
	}
	for _, e := range f.st.audit {
		if e.Action == consult.ActionRespond && (len(e.Details) != 1 || e.Details["rec"] != "10") {
			t.Fatalf("consult.respond details %v: only the recommendation", e.Details)
		}
	}
}

func kitFields(err error) []string {
	var out []string
	for _, e := range flatten(err) {
		if ae, ok := e.(*apperr.Error); ok && ae.Field != "" {
			out = append(out, ae.Field)
		}
	}
	return out
}

func flatten(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	if err == nil {
		return nil
	}
	return []error{err}
}

// Two camps that answer four recommendations oppositely, and agree on a
// fifth: the map finds two groups, each recommendation's agreement per
// group, and the fifth as consensus.
func TestSummariseMapsOpinions(t *testing.T) {
	var its []recommend.Item
	for id := int64(1); id <= 5; id++ {
		its = append(its, recommend.Item{ID: id, Kind: recommend.Agreement, Versions: []recommend.Version{{Text: fmt.Sprint("Recommendation ", id)}}})
	}
	var rs []consult.Response
	at := time.Date(2015, 9, 1, 0, 0, 0, 0, time.UTC)
	for p := range 40 {
		for id := int64(1); id <= 5; id++ {
			v := consult.Agree
			if (p%2 == 0) != (id%2 == 0) && id != 5 {
				v = consult.Disagree
			}
			if p%7 == 0 && id == 3 {
				v = consult.Unsure
			}
			at = at.Add(time.Second)
			rs = append(rs, consult.Response{RecID: id, Respondent: fmt.Sprintf("r%02d", p), Agree: v, Updated: at})
		}
	}
	rs = append(rs, consult.Response{RecID: 99, Respondent: "x", Agree: consult.Agree, Updated: at}) // not consulted on
	o := consult.Summarise(consult.Round{Status: consult.Closed}, its, nil, rs, nil)
	if o.Respondents != 40 || len(o.Recs) != 5 {
		t.Fatalf("%d respondents, %d recommendations", o.Respondents, len(o.Recs))
	}
	if len(o.Map.Groups) != 2 || o.Map.Groups[0].Size+o.Map.Groups[1].Size != 40 {
		t.Fatalf("groups %+v", o.Map.Groups)
	}
	if s := o.Recs[2]; s.Responses != 40 || s.Agree+s.Disagree+s.Unsure != 40 || s.Unsure != 6 {
		t.Fatalf("recommendation 3: %+v", s)
	}
	for _, s := range o.Recs[:4] {
		if len(s.Groups) != 2 {
			t.Fatalf("recommendation %d: %d group shares", s.RecID, len(s.Groups))
		}
		a, b := s.Groups[0], s.Groups[1]
		if !(a.Agree > 15 && b.Disagree > 15) && !(a.Disagree > 15 && b.Agree > 15) {
			t.Fatalf("recommendation %d does not divide the groups: %+v", s.RecID, s.Groups)
		}
		if s.Consensus != "" {
			t.Fatalf("recommendation %d: consensus %q on a divisive one", s.RecID, s.Consensus)
		}
	}
	if o.Recs[4].Consensus != consult.Agree {
		t.Fatalf("recommendation 5: consensus %q, want agree", o.Recs[4].Consensus)
	}
	if strings.Contains(o.Map.SVG, "participant ") {
		t.Fatal("the map's dots carry participant numbers")
	}
	if !strings.HasPrefix(o.Map.SVG, "<svg") || !strings.Contains(consult.MapTitle(o.Map.SVG, "Map"), `<title id="om-title">Map</title>`) {
		t.Fatal("no map drawn, or its title cannot be replaced")
	}
}

// The CSV has a row per answer, a random respondent id and a day, sorted,
// and no user id or time of day.
func TestCSVIsAnonymous(t *testing.T) {
	qs := []consult.Question{{ID: 7, RecID: 1, Kind: consult.Choice, Options: []consult.Option{{Text: "By phone"}, {Text: "=Online"}}}}
	at := time.Date(2015, 9, 3, 17, 45, 12, 0, time.UTC)
	rs := []consult.Response{
		{ID: 2, UserID: 4242, RecID: 2, Respondent: "bbbb", Agree: consult.Unsure, Updated: at},
		{ID: 1, UserID: 4243, RecID: 1, Respondent: "aaaa", Agree: consult.Agree, Answers: map[int64]string{7: "2"}, Updated: at},
	}
	b := consult.WriteCSV(qs, rs)
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"respondent", "date", "recommendation", "question", "answer"},
		{"aaaa", "2015-09-03", "1", "agree", "agree"}, {"aaaa", "2015-09-03", "1", "q7", "'=Online"}, {"bbbb", "2015-09-03", "2", "agree", "unsure"}}
	if fmt.Sprint(rows) != fmt.Sprint(want) {
		t.Fatalf("csv\n%v\nwant\n%v", rows, want)
	}
	if bytes.Contains(b, []byte("4242")) || bytes.Contains(b, []byte("17:45")) {
		t.Fatal("a user id or a time of day is in the CSV")
	}
}
