package response

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/cycle"
)

func TestMean(t *testing.T) {
	for _, c := range []struct {
		xs   []int
		want int
		ok   bool
	}{
		{nil, 0, false},
		{[]int{100}, 100, true},
		{[]int{0, 100}, 50, true},
		{[]int{0, 0, 1}, 0, true},      // 0.33 rounds down
		{[]int{50, 51}, 51, true},      // 50.5 rounds up
		{[]int{10, 50, 100}, 53, true}, // 53.33
	} {
		got, ok := Mean(c.xs)
		if got != c.want || ok != c.ok {
			t.Errorf("Mean(%v) = %d, %v; want %d, %v", c.xs, got, ok, c.want, c.ok)
		}
	}
}

// Overdue: unanswered once the deadline has passed, never without a
// deadline. Late: first published after the deadline.
func TestOverdueAndLate(t *testing.T) {
	dl := time.Date(2027, 6, 30, 22, 59, 59, 0, time.UTC)
	if Overdue(dl, dl, false) || !Overdue(dl, dl.Add(time.Second), false) || Overdue(dl, dl.Add(time.Hour), true) || Overdue(time.Time{}, dl, false) {
		t.Error("Overdue is wrong")
	}
	if Late(dl, dl) || !Late(dl, dl.Add(time.Second)) || Late(time.Time{}, dl) {
		t.Error("Late is wrong")
	}
}

func day(s string) time.Time { t, _ := time.Parse(DateLayout, s); return t }

// Build rolls progress up: a recommendation's over its commitments, a
// theme's over its recommendations with commitments, the round's over its
// themes; counts statuses; marks overdue and late.
func TestBuild(t *testing.T) {
	set := Settings{CycleID: 7, Deadline: time.Date(2027, 6, 30, 23, 0, 0, 0, time.UTC), Statuses: DefaultStatuses()}
	recs := []Rec{
		{ID: 3, ThemeID: 2, ThemeTitle: "Crisis care", Text: "A crisis line"},
		{ID: 1, ThemeID: 1, ThemeTitle: "GP access", Text: "Same-day appointments"},
		{ID: 2, ThemeID: 1, ThemeTitle: "GP access", Text: "Call-backs"},
		{ID: 4, ThemeID: 2, ThemeTitle: "Crisis care", Text: "No police cells"},
	}
	answers := []Answer{
		{RecommendationID: 1, ThemeID: 1, Decision: Accepted, Reasons: "Yes", AnsweredAt: set.Deadline.Add(-time.Hour)},
		{RecommendationID: 2, ThemeID: 1, Decision: PartlyAccepted, Reasons: "In part", AnsweredAt: set.Deadline.Add(time.Hour)},
		{RecommendationID: 3, ThemeID: 2, Decision: Accepted, Reasons: "Yes", AnsweredAt: set.Deadline.Add(-time.Hour)},
		{RecommendationID: 99, ThemeID: 9, Decision: Accepted, Reasons: "Not passed: left out"},
	}
	cs := []Commitment{
		{ID: 1, RecommendationID: 1, Status: Done, Progress: 100, Due: day("2027-09-01")},
		{ID: 2, RecommendationID: 1, Status: InProgress, Progress: 50, Due: day("2027-12-01")},
		{ID: 3, RecommendationID: 2, Status: NotStarted, Progress: 0, Due: day("2028-03-01")},
		{ID: 4, RecommendationID: 3, Status: Delayed, Progress: 30, Due: day("2027-10-01")},
	}
	r := Build(set, recs, answers, cs, set.Deadline.Add(24*time.Hour))
	if len(r.Recs) != 4 || r.Recs[0].ID != 1 || r.Recs[3].ID != 4 {
		t.Fatalf("recs not by id: %+v", r.Recs)
	}
	if r.Recs[0].Progress != 75 || r.Recs[1].Progress != 0 || !r.Recs[1].HasProgress || r.Recs[3].HasProgress {
		t.Errorf("recommendation progress: %+v", r.Recs)
	}
	if len(r.Themes) != 2 || r.Themes[0].Title != "GP access" || r.Themes[0].Progress != 38 || r.Themes[1].Progress != 30 {
		t.Errorf("themes: %+v", r.Themes)
	}
	if r.Progress != 34 || !r.HasProgress {
		t.Errorf("round progress %d", r.Progress)
	}
	if r.Answered != 3 || r.Overdue != 1 || !r.Recs[3].Overdue || r.Late != 1 || !r.Recs[1].Answer.Late || r.Recs[0].Answer.Late {
		t.Errorf("answered %d, overdue %d, late %d", r.Answered, r.Overdue, r.Late)
	}
	if r.Decisions[Accepted] != 2 || r.Decisions[PartlyAccepted] != 1 {
		t.Errorf("decisions %v", r.Decisions)
	}
	n := map[string]int{}
	for _, c := range r.Counts {
		n[c.Key] = c.N
	}
	if len(r.Counts) != 5 || n[Done] != 1 || n[InProgress] != 1 || n[NotStarted] != 1 || n[Delayed] != 1 || n[Planned] != 0 {
		t.Errorf("counts %v", n)
	}
	// Before the deadline nothing is overdue.
	if Build(set, recs, answers, cs, set.Deadline.Add(-time.Hour)).Overdue != 0 {
		t.Error("overdue before the deadline")
	}

	// responses.json has the published shape.
	var js map[string]any
	if err := json.Unmarshal(MarshalJSON(Publish(r)), &js); err != nil {
		t.Fatal(err)
	}
	if js["cycle"].(float64) != 7 || js["deadline"] != "2027-06-30T23:00:00Z" || js["progress"].(float64) != 34 {
		t.Errorf("json head: %v", js)
	}
	rs := js["recommendations"].([]any)
	last := rs[3].(map[string]any)
	if last["response"] != nil || last["overdue"] != true || len(last["commitments"].([]any)) != 0 {
		t.Errorf("unanswered recommendation: %v", last)
	}
	first := rs[0].(map[string]any)
	c0 := first["commitments"].([]any)[0].(map[string]any)
	if c0["due"] != "2027-09-01" || first["response"].(map[string]any)["decision"] != "accepted" || first["theme"].(map[string]any)["title"] != "GP access" {
		t.Errorf("first recommendation: %v", first)
	}
	if Publish(Build(Settings{CycleID: 1}, nil, nil, nil, time.Now())).Deadline != nil {
		t.Error("no deadline should be null")
	}

	// commitments.csv: one row per commitment.
	rows, err := csv.NewReader(bytes.NewReader(CSV(r))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 || rows[0][0] != "recommendation" || rows[1][2] != "accepted" || rows[3][2] != "partly_accepted" {
		t.Errorf("csv: %v", rows)
	}
}

func TestCheckLinks(t *testing.T) {
	got, err := CheckLinks("links", []string{" https://www.england.nhs.uk/a ", "", "http://example.org/b?c=d"})
	if err != nil || len(got) != 2 || got[0] != "https://www.england.nhs.uk/a" {
		t.Fatalf("good links: %v, %v", got, err)
	}
	for _, bad := range []string{"javascript:alert(1)", "/cycles/1/response", "ftp://example.org/x", "https://", "www.example.org", "https://exa mple.org"} {
		if _, err := CheckLinks("links", []string{bad}); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("%q accepted", bad)
		}
	}
	many := make([]string, 11)
	for i := range many {
		many[i] = "https://example.org/"
	}
	if _, err := CheckLinks("links", many); err == nil {
		t.Error("11 links accepted")
	}
}

// The gate lets the Board answer and the tracker record only in the
// Response and Follow-up phases.
func TestGate(t *testing.T) {
	for _, p := range cycle.Phases {
		want := p == cycle.Response || p == cycle.FollowUp
		for _, a := range []cycle.Action{cycle.Respond, cycle.Track} {
			if cycle.Allows(p, a) != want {
				t.Errorf("%s allows %s: %v", p, a, !want)
			}
			err := cycle.Check(cycle.Cycle{Phase: p, Title: "Spring"}, a)
			if (err == nil) != want || (err != nil && !apperr.Is(err, apperr.Conflict)) {
				t.Errorf("Check(%s, %s) = %v", p, a, err)
			}
		}
	}
}

func TestStatuses(t *testing.T) {
	set := Settings{Statuses: DefaultStatuses()}
	keys := []string{NotStarted, Planned, InProgress, Delayed, Done}
	for i, st := range set.Statuses {
		if st.Key != keys[i] || st.Label == "" || st.LabelCy == "" || st.LabelCy == st.Label {
			t.Errorf("status %d: %+v", i, st)
		}
	}
	if d, _ := set.Status(Done); d.Progress != 100 {
		t.Error("done is not 100")
	}
	delayed, _ := set.Status(Delayed)
	planned, _ := set.Status(Planned)
	forty := 40
	for _, c := range []struct {
		st      Status
		given   *int
		current int
		want    int
	}{
		{planned, nil, 70, 10},    // the status's default
		{delayed, nil, 70, 70},    // delayed keeps the progress
		{planned, &forty, 70, 40}, // overridden
	} {
		if got, err := progress(c.st, c.given, c.current); err != nil || got != c.want {
			t.Errorf("progress(%s) = %d, %v; want %d", c.st.Key, got, err, c.want)
		}
	}
	bad := 101
	if _, err := progress(planned, &bad, 0); !apperr.Is(err, apperr.Invalid) {
		t.Error("progress 101 accepted")
	}
}
