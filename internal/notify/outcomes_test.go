package notify_test

import (
	"context"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/jury"
	"github.com/folkmoot/folkmoot/internal/mail"
	"github.com/folkmoot/folkmoot/internal/notify"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/recommend"
)

// recs is a round's recommendations: 90 (passes) and 91 (fails) on the
// theme 7, 92 on the theme 8.
type recs struct {
	round recommend.Round
	items []recommend.Item
	votes []recommend.Ballot
}

func newRecs() *recs {
	r := &recs{round: recommend.Round{CycleID: 5, Threshold: 0.8, Status: recommend.Closed},
		items: []recommend.Item{
			{ID: 90, CycleID: 5, ThemeID: themeID, Kind: recommend.Agreement, Versions: []recommend.Version{{Number: 1, Text: "Open booking lines at 7am."}}},
			{ID: 91, CycleID: 5, ThemeID: themeID, Kind: recommend.Agreement, Versions: []recommend.Version{{Number: 1, Text: "Close surgeries on Fridays."}}},
			{ID: 92, CycleID: 5, ThemeID: 8, Kind: recommend.Agreement, Versions: []recommend.Version{{Number: 1, Text: "More dentists."}}},
		}}
	for range 4 {
		r.votes = append(r.votes, recommend.Ballot{ItemID: 90, Choice: recommend.Agree}, recommend.Ballot{ItemID: 91, Choice: recommend.Disagree}, recommend.Ballot{ItemID: 92, Choice: recommend.Agree})
	}
	return r
}

func (r *recs) RecRound(context.Context, int64) (recommend.Round, error) { return r.round, nil }

func (r *recs) RecItem(_ context.Context, id int64) (recommend.Item, error) {
	for _, it := range r.items {
		if it.ID == id {
			return it, nil
		}
	}
	return recommend.Item{}, apperr.New(apperr.NotFound, "There is no such recommendation.")
}

func (r *recs) RecItems(context.Context, int64) ([]recommend.Item, error) { return r.items, nil }

func (r *recs) RecBallots(context.Context, int64) ([]recommend.Ballot, error) { return r.votes, nil }

// outcomeScene is the step scene with a round whose agenda chose the
// theme 7 (issues 10 and Bob's 12) over the theme 8 (no issues), and its
// recommendations.
func outcomeScene(t *testing.T) (*scene, *stepWorld) {
	s, w := newStepScene(t)
	w.world.mu.Lock()
	w.issues[12] = gather.Issue{ID: 12, CycleID: 5, Title: "Phone lines at 8am", AuthorID: bob, ThemeID: themeID, Status: gather.StatusOpen}
	w.world.mu.Unlock()
	w.themes[themeID] = gather.Theme{ID: themeID, CycleID: 5, Name: "Getting an appointment"}
	rs := rounds{cycles: map[int64]cycle.Cycle{5: {ID: 5, Title: "Spring 2027", Phase: cycle.Recommendations}}}
	j := jury.Settings{CycleID: 5, Seats: 1, Status: jury.Published, Winners: []int{0},
		Shortlist: &jury.Shortlist{Themes: []jury.Theme{{ThemeID: themeID, Title: "Getting an appointment", IssueIDs: []int64{issueID, 12}}, {ThemeID: 8, Title: "Dentists"}}},
		Reasons:   []string{"Everyone meets the NHS at the surgery.", ""}, Why: "Dentists came second."}
	c := cfg
	c.UserLang = welshForCatAndEve
	s.n = notify.New(s.q, notify.Deps{Users: w, Issues: w, Rounds: rs, Audit: w, Cursors: s.cur, Audience: w, Prefs: w, Digests: w,
		Juries: juries{5: j}, Recommendations: newRecs()}, c)
	s.scan(t)
	return s, w
}

func count(msgs map[string][]mail.Message, t *testing.T, want map[string]int) {
	t.Helper()
	for who, n := range want {
		if len(msgs[who]) != n {
			t.Errorf("%s got %d emails, want %d: %v", who, len(msgs[who]), n, msgs[who])
		}
	}
}

// TestVoteCloseTellsEachPersonOnceAboutTheirThemes: when the members' vote
// closes, whoever raised, supports or follows an issue of a theme with
// recommendations hears which passed, once however many of their issues
// are in it (Bob has two), with each issue's trace link; Eve reads it in
// Welsh; Fay, who closed the vote, is not told.
func TestVoteCloseTellsEachPersonOnceAboutTheirThemes(t *testing.T) {
	s, w := outcomeScene(t)
	w.record(fay, recommend.ActionClose, "cycle:5", map[string]string{"ballots": "4"})
	s.scan(t)
	msgs := s.deliver(t)
	count(msgs, t, map[string]int{"ann@example.org": 1, "bob@example.org": 1, "cat@example.org": 1, "eve@example.org": 1, "fay@example.org": 0})
	if len(msgs["bob@example.org"]) != 1 {
		return
	}
	b := msgs["bob@example.org"][0]
	for _, x := range []string{"Passed: Open booking lines at 7am.", "Did not pass: Close surgeries on Fridays.",
		"https://gather.example.org/issues/10/trace", "https://gather.example.org/issues/12/trace", "Phone lines at 8am"} {
		if !strings.Contains(b.Body, x) {
			t.Errorf("Bob's email lacks %q:\n%s", x, b.Body)
		}
	}
	if strings.Contains(b.Body, "More dentists") {
		t.Errorf("Bob is told of a theme not his:\n%s", b.Body)
	}
	if e := msgs["eve@example.org"][0]; e.Lang != "cy" || !strings.Contains(e.Body, "Wedi pasio: Open booking lines at 7am.") || !strings.Contains(e.Body, "/issues/10/trace") {
		t.Errorf("Eve's email is not in Welsh:\n%s\n%s", e.Subject, e.Body)
	}
}

// TestBoardAnswerAndCommitmentsAreTold: synthetic entries of the Board's
// answer and of a commitment made and updated (internal/response writes
// them) each reach the theme's people once, in their language, with the
// decision and progress; someone who chose a weekly summary of outcomes
// gets them in the digest, and someone who chose never, nothing.
func TestBoardAnswerAndCommitmentsAreTold(t *testing.T) {
	s, w := outcomeScene(t)
	w.prefs[ann] = map[notify.Kind]notify.Mode{notify.KindOutcomes: notify.Never}
	w.prefs[cat] = map[notify.Kind]notify.Mode{notify.KindOutcomes: notify.Weekly}
	w.record(fay, notify.ActionAnswer, "rec:90", map[string]string{"recommendation": "90", "theme": "7", "decision": "partly_accepted"})
	w.record(fay, notify.ActionCommitmentCreate, "commitment:3", map[string]string{"recommendation": "90", "theme": "7", "commitment": "3", "title": "Lines open at 7.30"})
	w.record(fay, notify.ActionCommitmentUpdate, "commitment:3", map[string]string{"recommendation": "90", "theme": "7", "commitment": "3", "status": "In progress", "status_cy": "Ar y gweill", "progress": "60"})
	w.record(fay, notify.ActionAnswer, "rec:999", map[string]string{"recommendation": "999", "theme": "7"}) // gone: skipped
	s.scan(t)
	msgs := s.deliver(t)
	count(msgs, t, map[string]int{"ann@example.org": 0, "bob@example.org": 3, "cat@example.org": 0, "eve@example.org": 3, "fay@example.org": 0})
	if len(w.digest) != 3 || w.digest[0].UserID != cat || w.digest[0].Kind != notify.KindOutcomes {
		t.Errorf("Cat's digest: %+v", w.digest)
	}
	if len(msgs["bob@example.org"]) != 3 {
		return
	}
	var answer, update mail.Message
	for _, m := range msgs["bob@example.org"] {
		switch {
		case strings.Contains(m.Subject, "answered"):
			answer = m
		case strings.Contains(m.Subject, "Progress"):
			update = m
		}
	}
	for _, x := range []string{"The Board's decision: Accepted in part.", "“Open booking lines at 7am.”", "https://gather.example.org/issues/12/trace"} {
		if !strings.Contains(answer.Body, x) {
			t.Errorf("the answer's email lacks %q:\n%s", x, answer.Body)
		}
	}
	if !strings.Contains(answer.Subject, "Getting an appointment") {
		t.Errorf("subject: %s", answer.Subject)
	}
	if !strings.Contains(update.Body, "Progress: 60%") || !strings.Contains(update.Body, "Where it stands: In progress") {
		t.Errorf("the update's email:\n%s", update.Body)
	}
	welsh, welshStatus := false, false
	for _, e := range msgs["eve@example.org"] {
		welsh = welsh || strings.Contains(e.Body, "Derbyniwyd yn rhannol")
		welshStatus = welshStatus || (strings.Contains(e.Body, "Lle mae'n sefyll: Ar y gweill") && strings.Contains(e.Body, "Cynnydd: 60%"))
	}
	if !welsh {
		t.Errorf("Eve's answer email is not in Welsh: %v", msgs["eve@example.org"])
	}
	if !welshStatus {
		t.Errorf("Eve's progress email does not give the status's Welsh label: %v", msgs["eve@example.org"])
	}
}

// TestAgendaEmailLinksEachIssuesTrace: the agenda email (KindOutcomes)
// names the person's issues with their trace pages.
func TestAgendaEmailLinksEachIssuesTrace(t *testing.T) {
	s, w := outcomeScene(t)
	w.prefs[ann] = map[notify.Kind]notify.Mode{notify.KindTheme: notify.Never} // another kind: still told
	w.record(fay, jury.ActionPublish, "cycle:5", map[string]string{"chosen": "7", "others": "8"})
	s.scan(t)
	msgs := s.deliver(t)
	count(msgs, t, map[string]int{"ann@example.org": 1, "bob@example.org": 1})
	if b := msgs["bob@example.org"]; len(b) == 1 && (!strings.Contains(b[0].Body, "https://gather.example.org/issues/10/trace") || !strings.Contains(b[0].Body, "https://gather.example.org/issues/12/trace")) {
		t.Errorf("Bob's agenda email lacks the trace links:\n%s", b[0].Body)
	}
}

func welshForCatAndEve(u people.User) i18n.Lang {
	if u.ID == cat || u.ID == eve {
		return i18n.Welsh
	}
	return i18n.English
}
