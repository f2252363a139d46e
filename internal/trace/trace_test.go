package trace_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/evidence"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/jury"
	"github.com/folkmoot/folkmoot/internal/meeting"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/recommend"
	"github.com/folkmoot/folkmoot/internal/trace"
)

var day0 = time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)

func day(n int) time.Time { return day0.AddDate(0, 0, n) }

// world is a round with four issues: 1 and 2 in the theme "Appointments"
// (10, chosen), 3 in "Dentists" (11, shortlisted, not chosen), 4 in
// "Parking" (12, below the shortlist) and 5 in no theme.
type world struct {
	issues  map[int64]gather.Issue
	themes  map[int64]gather.Theme
	jury    jury.Settings
	packs   []evidence.Pack
	groups  []meeting.Group
	notes   map[int64][]meeting.Note
	items   []recommend.Item
	round   recommend.Round
	ballots []recommend.Ballot
	answers []trace.Answer
	commits []trace.Commitment
}

func newWorld() *world {
	w := &world{
		issues: map[int64]gather.Issue{
			1: {ID: 1, CycleID: 5, Title: "Cannot get a GP appointment", ThemeID: 10, Status: gather.StatusOpen, Created: day(0)},
			2: {ID: 2, CycleID: 5, Title: "Phone lines at 8am", ThemeID: 10, Status: gather.StatusWithdrawn, Created: day(1), Updated: day(3)},
			3: {ID: 3, CycleID: 5, Title: "No NHS dentist", ThemeID: 11, Status: gather.StatusOpen, Created: day(2)},
			4: {ID: 4, CycleID: 5, Title: "Parking charges", ThemeID: 12, Status: gather.StatusOpen, Created: day(2)},
			5: {ID: 5, CycleID: 5, Title: "Something alone", Status: gather.StatusOpen, Created: day(2)},
		},
		themes: map[int64]gather.Theme{10: {ID: 10, CycleID: 5, Name: "Appointments"}, 11: {ID: 11, CycleID: 5, Name: "Dentists"}, 12: {ID: 12, CycleID: 5, Name: "Parking"}},
		jury: jury.Settings{CycleID: 5, Seats: 1, Status: jury.Published, Winners: []int{0}, Published: day(40),
			Shortlist: &jury.Shortlist{Set: day(30), Themes: []jury.Theme{
				{ThemeID: 10, Title: "Appointments", IssueIDs: []int64{1, 2}},
				{ThemeID: 11, Title: "Dentists", IssueIDs: []int64{3}}}},
			Reasons: []string{"Everyone meets the NHS at the surgery.", ""}, Why: "Dentists matter, but the assembly has room for one theme."},
		notes: map[int64][]meeting.Note{},
	}
	return w
}

func (w *world) Issue(_ context.Context, _ people.User, id int64) (gather.Issue, error) {
	iss, ok := w.issues[id]
	if !ok {
		return iss, apperr.New(apperr.NotFound, "There is no such issue.")
	}
	return iss, nil
}

func (w *world) Theme(_ context.Context, id int64) (gather.Theme, error) {
	t, ok := w.themes[id]
	if !ok {
		return t, apperr.New(apperr.NotFound, "There is no such theme.")
	}
	return t, nil
}

func (w *world) IssueThemedAt(context.Context, int64) (time.Time, error) { return day(20), nil }

func (w *world) Cycle(_ context.Context, id int64) (cycle.Cycle, error) {
	return cycle.Cycle{ID: id, Title: "Spring 2027", Phase: cycle.FollowUp}, nil
}

func (w *world) Settings(context.Context, int64) (jury.Settings, error) { return w.jury, nil }

func (w *world) Packs(context.Context, int64) ([]evidence.Pack, error) { return w.packs, nil }

func (w *world) GroupsOf(context.Context, int64) ([]meeting.Group, error) { return w.groups, nil }

func (w *world) Notes(_ context.Context, _ people.User, g int64) ([]meeting.Note, error) {
	return w.notes[g], nil
}

func (w *world) Items(context.Context, int64) ([]recommend.Item, error) { return w.items, nil }

func (w *world) Results(context.Context, int64) (recommend.Round, []recommend.Result, []recommend.Ballot, error) {
	if w.round.Status != recommend.Closed {
		return w.round, nil, nil, apperr.New(apperr.NotFound, "The vote on the recommendations has not closed yet.")
	}
	res, err := recommend.CountAll(w.round.Threshold, w.items, w.ballots)
	return w.round, res, w.ballots, err
}

func (w *world) Answers(context.Context, int64) ([]trace.Answer, error) { return w.answers, nil }

func (w *world) Commitments(context.Context, int64) ([]trace.Commitment, error) {
	return w.commits, nil
}

func (w *world) service(responses bool) *trace.Service {
	d := trace.Deps{Issues: w, ThemedAt: w, Rounds: w, Juries: w, Evidence: w, Discussions: w, Recommendations: w}
	if responses {
		d.Responses = w
	}
	return trace.NewService(d)
}

// assembled adds evidence, a group's key points, two recommendations on
// the chosen theme (one passes, one fails) and one on another theme, the
// vote closed, and the Board's answer with a commitment.
func (w *world) assembled() {
	w.packs = []evidence.Pack{{ThemeID: 10, Title: "Appointments", Documents: []evidence.Document{{ID: 70, ThemeID: 10, Title: "How booking works", Created: day(50)}}}}
	w.groups = []meeting.Group{{ID: 80, ThemeID: 10, Name: "Appointments — group 1"}, {ID: 81, ThemeID: 99, Name: "Other"}}
	w.notes[80] = []meeting.Note{{GroupID: 80, Text: "A draft", Updated: day(58)}, {GroupID: 80, Text: "Booking should open at 7am.", Published: day(60)}}
	w.items = []recommend.Item{
		{ID: 90, CycleID: 5, ThemeID: 10, Kind: recommend.Agreement, Versions: []recommend.Version{{Number: 1, Text: "Open booking lines at 7am."}}},
		{ID: 91, CycleID: 5, ThemeID: 10, Kind: recommend.Agreement, Versions: []recommend.Version{{Number: 1, Text: "Close surgeries on Fridays."}}},
		{ID: 92, CycleID: 5, ThemeID: 99, Kind: recommend.Agreement, Versions: []recommend.Version{{Number: 1, Text: "Elsewhere."}}},
	}
	w.round = recommend.Round{CycleID: 5, Threshold: 0.8, Status: recommend.Closed, Closed: day(100)}
	for i := range 5 {
		a, b := recommend.Agree, recommend.Disagree
		if i == 4 {
			a = recommend.StronglyAgree
		}
		w.ballots = append(w.ballots, recommend.Ballot{ItemID: 90, Choice: a}, recommend.Ballot{ItemID: 91, Choice: b}, recommend.Ballot{ItemID: 92, Choice: a})
	}
	w.answers = []trace.Answer{{RecommendationID: 90, ThemeID: 10, Decision: trace.PartlyAccepted, Reasons: "We will open at 7.30.", AnsweredAt: day(200)}}
	w.commits = []trace.Commitment{{ID: 1, RecommendationID: 90, ThemeID: 10, Title: "Lines open at 7.30", Owner: "Primary care team", Due: day(300),
		Status: "in_progress", StatusLabel: "In progress", Progress: 60,
		Updates: []trace.Update{{At: day(210), Status: "planned", Progress: 0, Text: "Planned."}, {At: day(250), Status: "in_progress", Progress: 60, Text: "Half the practices."}}}}
}

func build(t *testing.T, s *trace.Service, id int64) trace.Trace {
	t.Helper()
	tr, err := s.Build(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func keys(tr trace.Trace) string {
	var ks []string
	for _, s := range tr.Steps {
		k := s.Key + ":" + string(s.State)
		if s.Current {
			k += "*"
		}
		ks = append(ks, k)
	}
	return strings.Join(ks, " ")
}

func TestChosenIssueFollowsItsThemeToCommitments(t *testing.T) {
	w := newWorld()
	w.assembled()
	tr := build(t, w.service(true), 1)
	if tr.Agenda.Chosen == nil || !*tr.Agenda.Chosen || tr.Agenda.Reason != "Everyone meets the NHS at the surgery." || tr.Agenda.Generated || tr.Agenda.Rank != 1 {
		t.Fatalf("agenda: %+v", tr.Agenda)
	}
	if tr.Theme == nil || tr.Theme.ID != 10 || tr.Evidence == nil || len(tr.Evidence.Documents) != 1 {
		t.Fatalf("theme %+v evidence %+v", tr.Theme, tr.Evidence)
	}
	if len(tr.Discussion) != 1 || len(tr.Discussion[0].Points) != 1 || tr.Discussion[0].Points[0].Text != "Booking should open at 7am." {
		t.Fatalf("discussion (drafts are not published): %+v", tr.Discussion)
	}
	if len(tr.Recommendations) != 2 {
		t.Fatalf("recommendations on the theme: %+v", tr.Recommendations)
	}
	r0, r1 := tr.Recommendations[0], tr.Recommendations[1]
	if r0.Passed == nil || !*r0.Passed || r0.YesPct != 100 || r1.Passed == nil || *r1.Passed {
		t.Fatalf("passed: %+v %+v", r0, r1)
	}
	if r0.Response == nil || r0.Response.Decision != trace.PartlyAccepted || r1.Response != nil {
		t.Fatalf("responses: %+v %+v", r0.Response, r1.Response)
	}
	if len(r0.Commitments) != 1 || r0.Commitments[0].Progress != 60 || r0.Commitments[0].Owner != "Primary care team" || len(r0.Commitments[0].Updates) != 2 {
		t.Fatalf("commitments: %+v", r0.Commitments)
	}
	// A commitment is dated by its first update, after which it sorts.
	want := "raised:done theme:done shortlist:done agenda:done evidence:done discussion:done vote:done answer:done update:done commitment:done update:done*"
	if got := keys(tr); got != want {
		t.Errorf("steps:\n got %s\nwant %s", got, want)
	}
	// The JSON has the keys the issue names.
	b, _ := json.Marshal(tr.In(i18n.For(i18n.English)))
	var m map[string]any
	json.Unmarshal(b, &m)
	for _, k := range []string{"issue", "theme", "agenda", "recommendations", "steps"} {
		if _, ok := m[k]; !ok {
			t.Errorf("JSON lacks %q: %s", k, b)
		}
	}
	rec := m["recommendations"].([]any)[0].(map[string]any)
	cm := rec["commitments"].([]any)[0].(map[string]any)
	for _, k := range []string{"title", "owner", "due", "status", "progress"} {
		if _, ok := cm[k]; !ok {
			t.Errorf("commitment JSON lacks %q", k)
		}
	}
	if resp := rec["response"].(map[string]any); resp["decision"] != "partly_accepted" || resp["reasons"] != "We will open at 7.30." || resp["decision_label"] != "Accepted in part" {
		t.Errorf("response JSON: %v", resp)
	}
}

// On one day the Board answers (10:00), makes a commitment (11:00) and
// reports it done (an update dated that day, recorded at 12:00): the steps
// keep that order, the update the latest. A Welsh reader gets the Board's
// Welsh reasons and the statuses' Welsh names; the English reader, and
// trace.json's keys, are unchanged.
func TestOneDaysStepsKeepTheirOrderAndSpeakWelsh(t *testing.T) {
	w := newWorld()
	w.assembled()
	d := day(200)
	w.answers = []trace.Answer{{RecommendationID: 90, ThemeID: 10, Decision: trace.Accepted, Reasons: "We will open at 7.30.",
		ReasonsCy: "Byddwn yn agor am 7.30.", AnsweredAt: d.Add(10 * time.Hour)}}
	w.commits = []trace.Commitment{{ID: 1, RecommendationID: 90, ThemeID: 10, Title: "Lines open at 7.30", Owner: "Primary care team", Due: day(300),
		Status: "done", StatusLabel: "Done", StatusLabelCy: "Wedi'i gwblhau", Progress: 100, Created: d.Add(11 * time.Hour),
		Updates: []trace.Update{{At: d, Status: "done", StatusLabel: "Done", StatusLabelCy: "Wedi'i gwblhau", Progress: 100, Text: "Open at 7.30 everywhere.", Created: d.Add(12 * time.Hour)}}}}
	tr := build(t, w.service(true), 1)
	if got := keys(tr); !strings.HasSuffix(got, "vote:done answer:done commitment:done update:done*") {
		t.Errorf("steps: %s", got)
	}
	en, cy := tr.In(i18n.For(i18n.English)), tr.In(i18n.For(i18n.Welsh))
	step := func(tr trace.Trace, key string) trace.Step {
		for _, s := range tr.Steps {
			if s.Key == key {
				return s
			}
		}
		t.Fatalf("no %s step", key)
		return trace.Step{}
	}
	if r := en.Recommendations[0]; r.Response.Reasons != "We will open at 7.30." || r.Commitments[0].StatusLabel != "Done" ||
		step(en, "answer").Detail != "We will open at 7.30." || !strings.Contains(step(en, "update").Text, "Done, 100%") {
		t.Errorf("in English: %+v %+v %+v", r.Response, r.Commitments, en.Steps)
	}
	if r := cy.Recommendations[0]; r.Response.Reasons != "Byddwn yn agor am 7.30." || r.Commitments[0].StatusLabel != "Wedi'i gwblhau" ||
		step(cy, "answer").Detail != "Byddwn yn agor am 7.30." || !strings.Contains(step(cy, "update").Text, "Wedi'i gwblhau, 100%") {
		t.Errorf("in Welsh: %+v %+v %+v", r.Response, r.Commitments, cy.Steps)
	}
	if tr.Recommendations[0].Commitments[0].StatusLabel != "Done" {
		t.Error("In changed the trace it was called on")
	}
	b, _ := json.Marshal(cy)
	if strings.Contains(string(b), "_cy") || strings.Contains(string(b), "Cy\"") {
		t.Errorf("trace.json gained Welsh keys: %s", b)
	}
}

func TestChosenWithoutResponsesWaitsForTheBoard(t *testing.T) {
	w := newWorld()
	w.assembled()
	tr := build(t, w.service(false), 1)
	if got := keys(tr); !strings.HasSuffix(got, "vote:done* answer:next") {
		t.Errorf("steps: %s", got)
	}
	if tr.Recommendations[0].Response != nil || len(tr.Recommendations[0].Commitments) != 0 {
		t.Errorf("no responses wired, yet: %+v", tr.Recommendations[0])
	}
}

func TestWithdrawnIssueStillShowsItsThemesRoad(t *testing.T) {
	w := newWorld()
	tr := build(t, w.service(true), 2)
	if tr.Agenda.Chosen == nil || !*tr.Agenda.Chosen {
		t.Fatalf("agenda: %+v", tr.Agenda)
	}
	if got := keys(tr); !strings.HasPrefix(got, "raised:done withdrawn:done theme:done") {
		t.Errorf("steps: %s", got)
	}
	if tr.Recommendations == nil {
		t.Error("recommendations must be an empty list, not null")
	}
}

func TestShortlistedNotChosenGivesTheJurysReason(t *testing.T) {
	w := newWorld()
	tr := build(t, w.service(true), 3)
	if tr.Agenda.Chosen == nil || *tr.Agenda.Chosen || tr.Agenda.Reason != w.jury.Why || tr.Agenda.Generated {
		t.Fatalf("agenda: %+v", tr.Agenda)
	}
	if got := keys(tr); got != "raised:done theme:done shortlist:done agenda:stopped*" {
		t.Errorf("steps: %s", got)
	}
	// A theme with its own reason gives that one.
	w.jury.Reasons[1] = "Dentists are another board's."
	if tr := build(t, w.service(true), 3); tr.Agenda.Reason != "Dentists are another board's." {
		t.Errorf("own reason: %+v", tr.Agenda)
	}
}

func TestNotOnTheShortlistAndNeverThemedSayWhyInTheReadersLanguage(t *testing.T) {
	w := newWorld()
	s := w.service(true)
	below := build(t, s, 4)
	if below.Agenda.Chosen == nil || *below.Agenda.Chosen || !below.Agenda.Generated || !strings.Contains(below.Agenda.Reason, "not among the leading themes") {
		t.Fatalf("below the shortlist: %+v", below.Agenda)
	}
	if got := keys(below); got != "raised:done theme:done shortlist:stopped agenda:stopped*" {
		t.Errorf("steps: %s", got)
	}
	never := build(t, s, 5)
	if never.Agenda.Chosen == nil || *never.Agenda.Chosen || !strings.Contains(never.Agenda.Reason, "never grouped into a theme") || never.Theme != nil {
		t.Fatalf("never themed: %+v %+v", never.Agenda, never.Theme)
	}
	cy := never.In(i18n.For(i18n.Welsh))
	if cy.Agenda.Reason == never.Agenda.Reason || cy.Agenda.Reason == "" {
		t.Errorf("the reason is not in Welsh: %q", cy.Agenda.Reason)
	}
	if cy.Steps[0].Title == "Raised" || !strings.Contains(cy.Steps[0].Text, "Spring 2027") {
		t.Errorf("the steps are not in Welsh: %+v", cy.Steps[0])
	}
	// Every not-chosen issue of a published agenda has a reason.
	for id := range w.issues {
		tr := build(t, s, id)
		if tr.Agenda.Chosen != nil && !*tr.Agenda.Chosen && strings.TrimSpace(tr.Agenda.Reason) == "" {
			t.Errorf("issue %d: not chosen without a reason", id)
		}
	}
}

func TestBeforeTheJuryChoosesChosenIsNull(t *testing.T) {
	w := newWorld()
	w.jury.Status, w.jury.Winners = jury.Voting, nil
	s := w.service(true)
	for _, id := range []int64{1, 5} {
		tr := build(t, s, id)
		if tr.Agenda.Chosen != nil || !strings.Contains(tr.Agenda.Reason, "not chosen the agenda yet") {
			t.Errorf("issue %d: %+v", id, tr.Agenda)
		}
		b, _ := json.Marshal(tr.Agenda)
		if !strings.Contains(string(b), `"chosen":null`) {
			t.Errorf("JSON: %s", b)
		}
		if got := keys(tr); !strings.HasSuffix(got, "agenda:next") {
			t.Errorf("issue %d steps: %s", id, got)
		}
	}
	if _, err := s.Build(context.Background(), 404); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("no such issue: %v", err)
	}
}

func TestRoundStepsForTheFeed(t *testing.T) {
	w := newWorld()
	w.assembled()
	steps, err := w.service(true).RoundSteps(context.Background(), 5)
	if err != nil {
		t.Fatal(err)
	}
	var ks []string
	for _, s := range steps {
		ks = append(ks, s.Key)
	}
	if got := strings.Join(ks, " "); got != "vote answer update update" {
		t.Errorf("round steps: %s", got)
	}
	if txt := steps[0].In(i18n.For(i18n.English)).Text; txt != "The assembly voted on its recommendations: 2 of 3 passed." {
		t.Errorf("vote: %q", txt)
	}
}
