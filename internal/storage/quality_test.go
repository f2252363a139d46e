package storage_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/evidence"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/quality"
	"github.com/folkmoot/folkmoot/internal/storage"
	"github.com/folkmoot/folkmoot/internal/storage/pgtest"
)

func TestQualitySQLite(t *testing.T) {
	testQuality(t, openJuryStore(t, filepath.Join(t.TempDir(), "quality.db")))
}

func TestQualityPostgres(t *testing.T) {
	testQuality(t, openJuryStore(t, pgtest.Schema(t, "quality_test")))
}

// evidenceDocs adapts the evidence service to the proofs, as
// cmd/folkmoot does.
type evidenceDocs struct{ s *evidence.Service }

func (e evidenceDocs) Documents(ctx context.Context, cycleID int64) ([]quality.Document, error) {
	ds, err := e.s.Documents(ctx, cycleID)
	var out []quality.Document
	for _, d := range ds {
		out = append(out, quality.Document{ID: d.ID, Title: d.Title, EasyRead: d.HasEasyRead()})
	}
	return out, err
}

// testQuality stores an assessment through the service: entries, the
// assessor, a return and a sign-off with its snapshot, each with its
// audit entry; and the information proof flips when the evidence
// service removes an easy-read version.
func testQuality(t *testing.T, st storage.Store) {
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	now := time.Date(2027, 9, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { now = now.Add(time.Minute); return now }
	ps := people.NewService(st, people.Config{})
	cs := cycle.NewService(st, cycle.Config{CacheTTL: time.Nanosecond, Now: clock})
	org, err := ps.AddUser(ctx, people.System, "org@example.org", "Olive Organiser", people.RoleOrganiser)
	must(err)
	prog, err := cs.CreateProgramme(ctx, people.System, cycle.Programme{Name: "Quality test"})
	must(err)
	c, err := cs.CreateCycle(ctx, org, cycle.Draft{ProgrammeID: prog.ID, Title: "Spring"})
	must(err)
	for _, p := range []cycle.Phase{cycle.Agenda, cycle.Selection, cycle.Learning} {
		_, err := cs.MovePhase(ctx, org, c.ID, p, "")
		must(err)
	}
	ev := evidence.NewService(st, cs, nil, nil, clock)
	q := quality.NewService(st, quality.Sources{Rounds: cs, Evidence: evidenceDocs{ev}}, ps, st, quality.Config{Now: clock})

	if _, err := st.QualityAssessment(ctx, c.ID); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("an assessment before any: %v", err)
	}
	if l, err := q.Links(ctx, c.ID); err != nil || l != nil {
		t.Fatalf("links before any: %v %v", l, err)
	}
	a, err := q.Assessment(ctx, c.ID)
	if err != nil || a.Status != quality.Draft || len(a.Entries) != 0 {
		t.Fatalf("%+v %v", a, err)
	}
	for i, p := range quality.Principles {
		e := quality.Entry{Principle: p.Key, Rating: quality.Ratings[i%3], Narrative: "How we met " + p.Key, Links: []string{"/cycles/1/evidence", "https://example.org/report"}}
		if i == 0 {
			e.NarrativeCy = "Sut y bodlonwyd y nod"
		}
		_, err := q.Assess(ctx, org, c.ID, e)
		must(err)
	}
	// A second save of one principle replaces it.
	_, err = q.Assess(ctx, org, c.ID, quality.Entry{Principle: quality.Time, Rating: quality.PartlyMet, Narrative: "Six weeks, with two meeting days."})
	must(err)
	a, err = q.Assessment(ctx, c.ID)
	must(err)
	if len(a.Entries) != 11 || a.Entries[0].Principle != quality.Purpose || a.Entries[10].Principle != quality.Evaluation {
		t.Fatalf("entries %+v", a.Entries)
	}
	if e, _ := a.Entry(quality.Time); e.Rating != quality.PartlyMet || len(e.Links) != 0 || e.AuthorID != org.ID {
		t.Fatalf("time %+v", e)
	}
	if e, _ := a.Entry(quality.Purpose); e.NarrativeCy == "" || len(e.Links) != 2 || e.Updated.IsZero() {
		t.Fatalf("purpose %+v", e)
	}
	a, err = q.NameAssessor(ctx, org, c.ID, "Assessor@Example.ac.uk")
	must(err)
	assessor, err := st.UserByEmail(ctx, "assessor@example.ac.uk")
	must(err)
	if a.AssessorID != assessor.ID || a.Status != quality.Review {
		t.Fatalf("%+v", a)
	}
	_, err = q.Review(ctx, assessor, c.ID, quality.Decision{Statement: "Please add the evaluation report."})
	must(err)
	a, err = q.Assessment(ctx, c.ID)
	must(err)
	if a.Status != quality.Returned || a.Comments != "Please add the evaluation report." {
		t.Fatalf("%+v", a)
	}
	// The information proof: met with every easy-read version, not met
	// once the evidence service removes one.
	ev1, err := st.AddDocument(ctx, evidence.Document{CycleID: c.ID, ThemeID: 1, Title: "Booking", Created: now},
		evidence.Version{Format: evidence.Markdown, Body: "Text", Size: 4, Created: now}, audit.Event{Time: now, Actor: "system", Action: evidence.ActionDocument})
	must(err)
	_, err = st.AddVersion(ctx, evidence.Version{DocID: ev1, Easy: true, Format: evidence.Markdown, Body: "Easy", Size: 4, Created: now},
		audit.Event{Time: now, Actor: "system", Action: evidence.ActionVersion})
	must(err)
	info := func(want string) {
		t.Helper()
		ps, err := q.Proofs(ctx, c.ID)
		must(err)
		for _, p := range ps {
			if p.Key == "information.easy_read" {
				if p.State() != want {
					t.Fatalf("information.easy_read %s (%s), want %s", p.State(), p.Detail.English(), want)
				}
				return
			}
		}
		t.Fatal("no information proof")
	}
	info("met")
	_, err = q.NameAssessor(ctx, org, c.ID, "assessor@example.ac.uk")
	must(err)
	a, err = q.Review(ctx, assessor, c.ID, quality.Decision{SignOff: true, Name: "Dr Rhiannon Pryce", Statement: "A fair account of the round."})
	must(err)
	must(ev.RemoveEasyRead(ctx, org, c.ID, ev1))
	info("not_met")
	got, err := st.QualityAssessment(ctx, c.ID)
	must(err)
	if got.Status != quality.Signed || got.AssessorName != "Dr Rhiannon Pryce" || !got.SignedAt.Equal(a.SignedAt) || len(got.Snapshot) != len(a.Snapshot) {
		t.Fatalf("signed %+v", got)
	}
	for _, p := range got.Snapshot {
		if p.Key == "information.easy_read" && (p.State() != "met" || p.Detail.ID == "" || p.URL == "") {
			t.Fatalf("the snapshot's proof %+v", p)
		}
	}
	// Frozen: the store refuses a change to a signed assessment.
	err = st.SaveQualityEntry(ctx, c.ID, quality.Entry{Principle: quality.Time, Rating: quality.Met, Narrative: "x", Updated: now}, audit.Event{Time: now, Actor: "system", Action: quality.ActionAssess})
	if !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("a signed assessment changed: %v", err)
	}
	err = st.SaveQualityAssessment(ctx, quality.Assessment{CycleID: c.ID, Status: quality.Review}, []quality.Status{quality.Review}, audit.Event{Time: now, Actor: "system", Action: quality.ActionAssessor})
	if !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("a signed assessment reopened: %v", err)
	}
	if l, err := q.Links(ctx, c.ID); err != nil || l["quality.json"] == "" {
		t.Fatalf("links %v %v", l, err)
	}
	log, err := st.AuditLog(ctx, "", 0, 50)
	must(err)
	n := map[string]int{}
	for _, e := range log {
		n[e.Action]++
	}
	if n[quality.ActionAssess] != 12 || n[quality.ActionAssessor] != 2 || n[quality.ActionReturn] != 1 || n[quality.ActionSignOff] != 1 || n[evidence.ActionRemoveEasy] != 1 {
		t.Fatalf("audit %v", n)
	}
}
