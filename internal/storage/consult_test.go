package storage_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/consult"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/recommend"
	"github.com/folkmoot/folkmoot/internal/sealed"
	"github.com/folkmoot/folkmoot/internal/storage"
	"github.com/folkmoot/folkmoot/internal/storage/pgtest"
)

// passedRecs are counted recommendations, all passed.
type passedRecs []recommend.Item

func (p passedRecs) Results(context.Context, int64) (recommend.Round, []recommend.Result, []recommend.Ballot, error) {
	var out []recommend.Result
	for _, it := range p {
		out = append(out, recommend.Result{Item: it, Passed: true})
	}
	return recommend.Round{Status: recommend.Closed}, out, nil, nil
}

func TestConsultSQLite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "consult.db")
	st := openJuryStore(t, path)
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	testConsult(t, st, db)
}

func TestConsultPostgres(t *testing.T) {
	dsn := pgtest.Schema(t, "consult_test")
	st := openJuryStore(t, dsn)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	testConsult(t, st, db)
}

func testConsult(t *testing.T, st storage.Store, db *sql.DB) {
	ctx := context.Background()
	now := time.Date(2027, 9, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { now = now.Add(time.Minute); return now }
	ps := people.NewService(st, people.Config{Now: clock})
	cs := cycle.NewService(st, cycle.Config{Now: clock, CacheTTL: time.Nanosecond})
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	org, err := ps.AddUser(ctx, people.System, "org@example.org", "Olive Organiser", people.RoleOrganiser)
	must(err)
	prog, err := cs.CreateProgramme(ctx, people.System, cycle.Programme{Name: "Consult test"})
	must(err)
	c, err := cs.CreateCycle(ctx, org, cycle.Draft{ProgrammeID: prog.ID, Title: "Spring"})
	must(err)
	var its passedRecs
	for i, text := range []string{"Same-day appointments for urgent needs.", "A crisis café in every town."} {
		it := recommend.Item{CycleID: c.ID, ThemeID: int64(i + 1), ThemeTitle: "Theme", Kind: recommend.Agreement, Versions: []recommend.Version{{Number: 1, Text: text, At: now}}, Updated: now}
		it.ID, err = st.AddRecItem(ctx, it, audit.Event{Time: now, Actor: "system", Action: "recommend.draft", Details: map[string]string{}})
		must(err)
		its = append(its, it)
	}
	sv := consult.NewService(st, cs, its, consult.Config{Now: clock})
	var users []people.User
	for i := range 3 {
		u, err := ps.AddUser(ctx, people.System, fmt.Sprintf("c%d@example.org", i), fmt.Sprintf("Citizen %d", i))
		must(err)
		users = append(users, u)
	}
	if err := sv.Open(ctx, org, c.ID); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("opened while gathering: %v", err)
	}
	_, err = cs.MovePhase(ctx, org, c.ID, cycle.Response, "")
	must(err)
	stamp0, err := st.ConsultStamp(ctx, c.ID)
	must(err)
	// Before it opens, questions can be rewritten and removed.
	draft, err := sv.AddQuestion(ctx, org, c.ID, consult.QuestionDraft{RecID: its[1].ID, Kind: consult.Scale, Text: "How much would this help?", TextCy: "Faint fyddai hyn yn helpu?"})
	must(err)
	_, err = sv.EditQuestion(ctx, org, c.ID, draft.ID, consult.QuestionDraft{Kind: consult.Choice, Text: "Which would help most?", TextCy: "Pa un fyddai'n helpu fwyaf?", Options: []string{"A"}, OptionsCy: []string{"A"}})
	if !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("an edit with one option: %v", err)
	}
	_, err = sv.EditQuestion(ctx, users[0], c.ID, draft.ID, consult.QuestionDraft{Kind: consult.Scale, Text: "x", TextCy: "x"})
	if !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("a citizen edits a question: %v", err)
	}
	_, err = sv.EditQuestion(ctx, org, c.ID, draft.ID+1000, consult.QuestionDraft{Kind: consult.Scale, Text: "x", TextCy: "x"})
	if !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("editing a missing question: %v", err)
	}
	_, err = sv.EditQuestion(ctx, org, c.ID, draft.ID, consult.QuestionDraft{RecID: its[0].ID, Kind: consult.Choice, Text: "Which would help most?", TextCy: "Pa un fyddai'n helpu fwyaf?",
		Options: []string{"Evenings", "Weekends"}, OptionsCy: []string{"Gyda'r nos", "Penwythnosau"}})
	must(err)
	qs, err := st.ConsultQuestions(ctx, c.ID)
	must(err)
	if len(qs) != 1 || qs[0].RecID != its[1].ID || qs[0].Kind != consult.Choice || qs[0].Text != "Which would help most?" || len(qs[0].Options) != 2 || qs[0].Options[0].TextCy != "Gyda'r nos" {
		t.Fatalf("the edited question (on its own recommendation still): %+v", qs)
	}
	must(sv.RemoveQuestion(ctx, org, c.ID, draft.ID))
	if qs, _ = st.ConsultQuestions(ctx, c.ID); len(qs) != 0 {
		t.Fatalf("the removed question is still there: %+v", qs)
	}
	if err := sv.RemoveQuestion(ctx, org, c.ID, draft.ID); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("removing it twice: %v", err)
	}
	must(sv.Open(ctx, org, c.ID))
	if err := st.SaveConsultRound(ctx, consult.Round{CycleID: c.ID, Status: consult.Open, Updated: now}, "", audit.Event{Time: now, Actor: "system", Action: "x"}); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("a second consultation row: %v", err)
	}
	q, err := sv.AddQuestion(ctx, org, c.ID, consult.QuestionDraft{RecID: its[0].ID, Kind: consult.Choice, Text: "How would you book?", TextCy: "Sut fyddech chi'n trefnu?",
		Options: []string{"By phone", "Online"}, OptionsCy: []string{"Dros y ffôn", "Ar-lein"}})
	must(err)
	// Once open, it can only be added to; the store guards it too.
	if _, err := sv.EditQuestion(ctx, org, c.ID, q.ID, consult.QuestionDraft{Kind: consult.Scale, Text: "x", TextCy: "x"}); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("an edit once open: %v", err)
	}
	if err := sv.RemoveQuestion(ctx, org, c.ID, q.ID); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("a removal once open: %v", err)
	}
	if err := st.DeleteConsultQuestion(ctx, c.ID, q.ID, audit.Event{Time: now, Actor: "system", Action: "x"}); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("the store deletes a question once open: %v", err)
	}
	qs, err = st.ConsultQuestions(ctx, c.ID)
	must(err)
	if len(qs) != 1 || qs[0].ID != q.ID || qs[0].Options[1].TextCy != "Ar-lein" || qs[0].TextCy != q.TextCy {
		t.Fatalf("questions %+v", qs)
	}
	secret := "My GP in Llanfair is never open on Fridays."
	_, err = sv.Respond(ctx, users[0], c.ID, its[0].ID, consult.Answer{Agree: consult.Agree, Answers: map[int64]string{q.ID: "2"}, Comment: secret})
	must(err)
	_, err = sv.Respond(ctx, users[0], c.ID, its[1].ID, consult.Answer{Agree: consult.Disagree})
	must(err)
	_, err = sv.Respond(ctx, users[1], c.ID, its[0].ID, consult.Answer{Agree: consult.Unsure, Comment: "Rude words here."})
	must(err)

	// The free text is sealed at rest.
	var raw string
	must(db.QueryRow(`SELECT comment_sealed FROM consult_responses WHERE comment_sealed <> '' ORDER BY id LIMIT 1`).Scan(&raw))
	if !sealed.IsSealed(raw) || strings.Contains(raw, "Llanfair") {
		t.Fatalf("the comment is stored as %q", raw)
	}
	// One respondent id per person across recommendations; changing an
	// answer keeps it and the comment.
	rs, err := st.ConsultResponses(ctx, c.ID)
	must(err)
	ids := map[int64]string{}
	for _, r := range rs {
		if old, ok := ids[r.UserID]; ok && old != r.Respondent {
			t.Fatalf("user %d has two respondent ids", r.UserID)
		}
		ids[r.UserID] = r.Respondent
		if r.Comment != "" {
			t.Fatal("ConsultResponses returned a comment")
		}
	}
	if len(rs) != 3 || ids[users[0].ID] == ids[users[1].ID] || len(ids[users[0].ID]) != 16 {
		t.Fatalf("responses %+v", rs)
	}
	r, err := sv.Respond(ctx, users[0], c.ID, its[0].ID, consult.Answer{Agree: consult.Disagree, Answers: map[int64]string{q.ID: "1"}, Comment: secret})
	must(err)
	mine, ok, err := sv.MyResponse(ctx, users[0], c.ID, its[0].ID)
	must(err)
	if !ok || mine.Agree != consult.Disagree || mine.Answers[q.ID] != "1" || mine.Comment != secret || mine.Status != consult.Pending || mine.Respondent != ids[users[0].ID] || r.Status != consult.Pending {
		t.Fatalf("my response %+v", mine)
	}
	// Moderation: the queue opens the text; approving publishes it;
	// a stale or repeated decision is refused.
	pend, err := sv.Comments(ctx, org, c.ID, consult.Pending)
	must(err)
	if len(pend) != 2 || pend[0].Text != secret || pend[1].Text != "Rude words here." {
		t.Fatalf("pending %+v", pend)
	}
	stamp1, err := st.ConsultStamp(ctx, c.ID)
	must(err)
	if err := sv.Moderate(ctx, org, c.ID, pend[0].ResponseID, pend[0].Updated.Add(time.Second), true); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("stale approval: %v", err)
	}
	must(sv.Moderate(ctx, org, c.ID, pend[0].ResponseID, pend[0].Updated, true))
	must(sv.Moderate(ctx, org, c.ID, pend[1].ResponseID, pend[1].Updated, false))
	if err := sv.Moderate(ctx, org, c.ID, pend[1].ResponseID, pend[1].Updated, true); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("decided twice: %v", err)
	}
	if stamp2, _ := st.ConsultStamp(ctx, c.ID); stamp2 == stamp1 || stamp1 == stamp0 {
		t.Fatalf("the stamp did not move: %s %s %s", stamp0, stamp1, stamp2)
	}
	pub, err := sv.Comments(ctx, people.Anonymous, c.ID, consult.Approved)
	must(err)
	if len(pub) != 1 || pub[0].Text != secret {
		t.Fatalf("approved %+v", pub)
	}
	o, err := sv.Overview(ctx, c.ID)
	must(err)
	s0, _ := o.Summary(its[0].ID)
	if o.Respondents != 2 || s0.Responses != 2 || s0.Disagree != 1 || s0.Unsure != 1 || len(s0.Comments) != 1 || s0.Questions[0].Counts[0] != 1 {
		t.Fatalf("overview %+v / %+v", o, s0)
	}
	sums, err := sv.Summaries(ctx, c.ID)
	must(err)
	if sums[its[1].ID].Disagree != 1 || sums[its[1].ID].Responses != 1 {
		t.Fatalf("summaries %+v", sums)
	}
	b, err := sv.CSV(ctx, c.ID)
	must(err)
	if n := strings.Count(string(b), "\n"); n != 5 || strings.Contains(string(b), "Llanfair") {
		t.Fatalf("csv:\n%s", b)
	}
	// Closing stops responses.
	must(sv.Close(ctx, org, c.ID))
	if _, err := sv.Respond(ctx, users[2], c.ID, its[0].ID, consult.Answer{Agree: consult.Agree}); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("responded after close: %v", err)
	}
	if err := st.SaveConsultResponse(ctx, consult.Response{CycleID: c.ID, RecID: its[0].ID, UserID: users[2].ID, Respondent: "x", Agree: consult.Agree, Updated: now}, false, audit.Event{Time: now, Actor: "system", Action: "x"}); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("the store took a response after close: %v", err)
	}
	counts := map[string]int{}
	rows := dump(t, db, `SELECT action, details FROM audit_log WHERE action LIKE 'consult.%'`)
	for _, row := range rows {
		counts[row[0]]++
		if row[0] == consult.ActionRespond && strings.Contains(row[1], "Llanfair") {
			t.Fatal("the audit log holds a comment")
		}
	}
	if counts[consult.ActionOpen] != 1 || counts[consult.ActionClose] != 1 || counts[consult.ActionQuestion] != 2 || counts[consult.ActionEdit] != 1 || counts[consult.ActionRemove] != 1 || counts[consult.ActionRespond] != 4 || counts[consult.ActionModerate] != 2 {
		t.Fatalf("audit %v", counts)
	}
}
