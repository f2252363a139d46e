package storage_test

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/evidence"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/storage"
	"github.com/folkmoot/folkmoot/internal/storage/pgtest"
)

func TestEvidenceSQLite(t *testing.T) {
	testEvidence(t, openJuryStore(t, filepath.Join(t.TempDir(), "evidence.db")))
}

func TestEvidencePostgres(t *testing.T) {
	testEvidence(t, openJuryStore(t, pgtest.Schema(t, "evidence_test")))
}

// testEvidence stores documents and their versions, witnesses, requests
// and submissions, and reads them back with their audit entries.
func testEvidence(t *testing.T, st storage.Store) {
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	at := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	ps := people.NewService(st, people.Config{})
	cs := cycle.NewService(st, cycle.Config{CacheTTL: time.Nanosecond})
	org, err := ps.AddUser(ctx, people.System, "org@example.org", "Olive Organiser", people.RoleOrganiser)
	must(err)
	prog, err := cs.CreateProgramme(ctx, people.System, cycle.Programme{Name: "Evidence test"})
	must(err)
	c, err := cs.CreateCycle(ctx, org, cycle.Draft{ProgrammeID: prog.ID, Title: "Spring"})
	must(err)
	ev := func(action string) audit.Event {
		return audit.Event{Time: at, Actor: people.ActorOf(org), Action: action}
	}

	// A written document, a second version, a PDF easy-read version.
	docID, err := st.AddDocument(ctx, evidence.Document{CycleID: c.ID, ThemeID: 7, Title: "Booking GP appointments", Created: at},
		evidence.Version{Format: evidence.Markdown, Body: "# One", Size: 5, Created: at}, ev(evidence.ActionDocument))
	must(err)
	v2, err := st.AddVersion(ctx, evidence.Version{DocID: docID, Format: evidence.Markdown, Body: "# Two", Size: 5, Created: at.Add(time.Hour)}, ev(evidence.ActionVersion))
	must(err)
	if v2.Number != 2 {
		t.Fatalf("second version numbered %d", v2.Number)
	}
	pdf := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte{0, 1, 2, 255}, 100)...)
	e1, err := st.AddVersion(ctx, evidence.Version{DocID: docID, Easy: true, Format: evidence.PDF, Data: pdf, Size: len(pdf), Created: at.Add(2 * time.Hour)}, ev(evidence.ActionVersion))
	must(err)
	if e1.Number != 1 {
		t.Fatalf("first easy-read version numbered %d", e1.Number)
	}
	other, err := st.AddDocument(ctx, evidence.Document{CycleID: c.ID, ThemeID: 7, Title: "Waiting times", Created: at},
		evidence.Version{Format: evidence.Markdown, Body: "Text", Size: 4, Created: at}, ev(evidence.ActionDocument))
	must(err)
	docs, err := st.Documents(ctx, c.ID)
	must(err)
	if len(docs) != 2 || docs[0].ID != docID || docs[1].ID != other {
		t.Fatalf("documents %+v", docs)
	}
	if d := docs[0]; d.Current == nil || d.Current.Number != 2 || d.Easy == nil || d.Easy.Format != evidence.PDF || d.Easy.Size != len(pdf) {
		t.Fatalf("document 1: current %+v, easy %+v", d.Current, d.Easy)
	}
	if docs[1].Easy != nil || docs[1].HasEasyRead() {
		t.Fatal("the second document has no easy-read version")
	}
	d, err := st.Document(ctx, docID)
	must(err)
	if len(d.Versions) != 3 || d.Title != "Booking GP appointments" || !d.Created.Equal(at) {
		t.Fatalf("document %+v", d)
	}
	old, err := st.Version(ctx, docID, false, 1)
	must(err)
	if old.Body != "# One" || old.Format != evidence.Markdown {
		t.Fatalf("version 1: %+v", old)
	}
	got, err := st.Version(ctx, docID, true, 1)
	must(err)
	if !bytes.Equal(got.Data, pdf) {
		t.Fatal("the PDF did not come back byte for byte")
	}
	if _, err := st.Version(ctx, docID, true, 2); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("a missing version: %v", err)
	}
	if _, err := st.Document(ctx, 999); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("a missing document: %v", err)
	}

	// Witnesses: a decision is taken once.
	wid, err := st.AddWitness(ctx, evidence.Witness{CycleID: c.ID, ThemeID: 7, Name: "Dr Ada Jones", Organisation: "A practice", Topic: "Booking",
		Interests: "GP partner", NominatorID: org.ID, Nominator: evidence.ByOrganiser, Status: evidence.Proposed, Created: at}, ev(evidence.ActionNominate))
	must(err)
	must(st.DecideWitness(ctx, wid, evidence.Approved, "Knows the system", "NHS provider", at, ev(evidence.ActionDecide)))
	if err := st.DecideWitness(ctx, wid, evidence.Declined, "Again", "", at, ev(evidence.ActionDecide)); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("deciding twice: %v", err)
	}
	ws, err := st.Witnesses(ctx, c.ID)
	must(err)
	if len(ws) != 1 || ws[0].Status != evidence.Approved || ws[0].View != "NHS provider" || ws[0].NominatorID != org.ID || ws[0].Nominator != evidence.ByOrganiser || !ws[0].Decided.Equal(at) {
		t.Fatalf("witnesses %+v", ws)
	}

	// Requests and answers.
	rid, err := st.AddRequest(ctx, evidence.Request{CycleID: c.ID, ThemeID: 7, UserID: org.ID, Kind: evidence.AskSource, Text: "Figures for Wales?", Created: at}, ev(evidence.ActionRequest))
	must(err)
	must(st.AnswerRequest(ctx, rid, "Added to the pack.", at, ev(evidence.ActionAnswer)))
	if err := st.AnswerRequest(ctx, 999, "x", at, ev(evidence.ActionAnswer)); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("answering a missing request: %v", err)
	}
	q, err := st.Request(ctx, rid)
	must(err)
	if q.Answer != "Added to the pack." || q.Kind != evidence.AskSource || !q.Answered.Equal(at) {
		t.Fatalf("request %+v", q)
	}

	// Submissions, with and without a file.
	sid, err := st.AddSubmission(ctx, evidence.Submission{CycleID: c.ID, UserID: org.ID, Organisation: "Healthwatch", Interests: "None", Body: "Our findings",
		PDF: pdf, HasPDF: true, Status: evidence.Proposed, Created: at}, ev(evidence.ActionSubmit))
	must(err)
	_, err = st.AddSubmission(ctx, evidence.Submission{CycleID: c.ID, UserID: org.ID, Organisation: "Someone", Interests: "None", Body: "Text only",
		Status: evidence.Proposed, Created: at}, ev(evidence.ActionSubmit))
	must(err)
	must(st.DecideSubmission(ctx, sid, evidence.Published, "", at, ev(evidence.ActionModerate)))
	if err := st.DecideSubmission(ctx, sid, evidence.Rejected, "no", at, ev(evidence.ActionModerate)); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("deciding a submission twice: %v", err)
	}
	subs, err := st.Submissions(ctx, c.ID)
	must(err)
	if len(subs) != 2 || !subs[0].HasPDF || subs[1].HasPDF || subs[0].Status != evidence.Published || subs[0].PDF != nil {
		t.Fatalf("submissions %+v", subs)
	}
	sf, err := st.SubmissionFile(ctx, sid)
	must(err)
	if !bytes.Equal(sf.PDF, pdf) {
		t.Fatal("the submission's PDF did not come back")
	}

	// Every change is audited, with the object of the row.
	for action, want := range map[string]int{evidence.ActionDocument: 2, evidence.ActionVersion: 2, evidence.ActionNominate: 1, evidence.ActionDecide: 1,
		evidence.ActionRequest: 1, evidence.ActionAnswer: 1, evidence.ActionSubmit: 2, evidence.ActionModerate: 1} {
		es, err := st.AuditLog(ctx, action, 0, 10)
		must(err)
		if len(es) != want {
			t.Errorf("%s: %d audit entries, want %d", action, len(es), want)
		}
	}
	es, err := st.AuditLog(ctx, evidence.ActionVersion, 0, 10)
	must(err)
	if len(es) > 0 && (es[0].Object != audit.ObjectRef("evidence_doc", docID) || es[0].Details["version"] != "1") {
		t.Errorf("newest version entry %+v", es[0])
	}
}
