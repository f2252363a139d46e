package evidence_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/assembly"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/evidence"
	"github.com/folkmoot/folkmoot/internal/jury"
	"github.com/folkmoot/folkmoot/internal/people"
)

// mem is an in-memory evidence.Store.
type mem struct {
	docs     []evidence.Document
	versions []evidence.Version
	ws       []evidence.Witness
	qs       []evidence.Request
	subs     []evidence.Submission
	events   []audit.Event
}

func (m *mem) AddDocument(_ context.Context, d evidence.Document, v evidence.Version, ev audit.Event) (int64, error) {
	d.ID = int64(len(m.docs) + 1)
	m.docs = append(m.docs, d)
	v.DocID, v.Number = d.ID, 1
	m.versions = append(m.versions, v)
	m.events = append(m.events, ev)
	return d.ID, nil
}

func (m *mem) AddVersion(_ context.Context, v evidence.Version, ev audit.Event) (evidence.Version, error) {
	v.Number = 1
	for _, x := range m.versions {
		if x.DocID == v.DocID && x.Easy == v.Easy && x.Number >= v.Number {
			v.Number = x.Number + 1
		}
	}
	m.versions = append(m.versions, v)
	m.events = append(m.events, ev)
	return v, nil
}

func (m *mem) fill(d evidence.Document) evidence.Document {
	for i := len(m.versions) - 1; i >= 0; i-- {
		v := m.versions[i]
		if v.DocID != d.ID {
			continue
		}
		d.Versions = append(d.Versions, v)
		if v.Easy && d.Easy == nil {
			d.Easy = &v
		}
		if !v.Easy && d.Current == nil {
			d.Current = &v
		}
	}
	return d
}

func (m *mem) Documents(_ context.Context, cycleID int64) ([]evidence.Document, error) {
	var out []evidence.Document
	for _, d := range m.docs {
		if d.CycleID == cycleID {
			d = m.fill(d)
			d.Versions = nil
			out = append(out, d)
		}
	}
	return out, nil
}

func (m *mem) Document(_ context.Context, id int64) (evidence.Document, error) {
	if id < 1 || int(id) > len(m.docs) {
		return evidence.Document{}, apperr.New(apperr.NotFound, "no")
	}
	return m.fill(m.docs[id-1]), nil
}

func (m *mem) Version(_ context.Context, docID int64, easy bool, n int) (evidence.Version, error) {
	for _, v := range m.versions {
		if v.DocID == docID && v.Easy == easy && v.Number == n {
			return v, nil
		}
	}
	return evidence.Version{}, apperr.New(apperr.NotFound, "no")
}

func (m *mem) RemoveEasyRead(_ context.Context, docID int64, ev audit.Event) error {
	kept := m.versions[:0]
	for _, v := range m.versions {
		if v.DocID != docID || !v.Easy {
			kept = append(kept, v)
		}
	}
	if len(kept) == len(m.versions) {
		return apperr.New(apperr.NotFound, "no")
	}
	m.versions = kept
	m.events = append(m.events, ev)
	return nil
}

func (m *mem) AddWitness(_ context.Context, w evidence.Witness, ev audit.Event) (int64, error) {
	w.ID = int64(len(m.ws) + 1)
	m.ws = append(m.ws, w)
	m.events = append(m.events, ev)
	return w.ID, nil
}

func (m *mem) DecideWitness(_ context.Context, id int64, s evidence.Status, reason, view string, at time.Time, ev audit.Event) error {
	w := &m.ws[id-1]
	w.Status, w.Reason, w.View, w.Decided = s, reason, view, at
	m.events = append(m.events, ev)
	return nil
}

func (m *mem) Witnesses(_ context.Context, cycleID int64) ([]evidence.Witness, error) {
	return m.ws, nil
}

func (m *mem) Witness(_ context.Context, id int64) (evidence.Witness, error) {
	if id < 1 || int(id) > len(m.ws) {
		return evidence.Witness{}, apperr.New(apperr.NotFound, "no")
	}
	return m.ws[id-1], nil
}

func (m *mem) AddRequest(_ context.Context, q evidence.Request, ev audit.Event) (int64, error) {
	q.ID = int64(len(m.qs) + 1)
	m.qs = append(m.qs, q)
	m.events = append(m.events, ev)
	return q.ID, nil
}

func (m *mem) AnswerRequest(_ context.Context, id int64, answer string, at time.Time, ev audit.Event) error {
	m.qs[id-1].Answer, m.qs[id-1].Answered = answer, at
	m.events = append(m.events, ev)
	return nil
}

func (m *mem) Requests(_ context.Context, cycleID int64) ([]evidence.Request, error) {
	return m.qs, nil
}

func (m *mem) Request(_ context.Context, id int64) (evidence.Request, error) {
	if id < 1 || int(id) > len(m.qs) {
		return evidence.Request{}, apperr.New(apperr.NotFound, "no")
	}
	return m.qs[id-1], nil
}

func (m *mem) AddSubmission(_ context.Context, s evidence.Submission, ev audit.Event) (int64, error) {
	s.ID = int64(len(m.subs) + 1)
	m.subs = append(m.subs, s)
	m.events = append(m.events, ev)
	return s.ID, nil
}

func (m *mem) DecideSubmission(_ context.Context, id int64, s evidence.Status, reason string, at time.Time, ev audit.Event) error {
	m.subs[id-1].Status, m.subs[id-1].Reason, m.subs[id-1].Decided = s, reason, at
	m.events = append(m.events, ev)
	return nil
}

func (m *mem) Submissions(_ context.Context, cycleID int64) ([]evidence.Submission, error) {
	return m.subs, nil
}

func (m *mem) SubmissionFile(_ context.Context, id int64) (evidence.Submission, error) {
	if id < 1 || int(id) > len(m.subs) {
		return evidence.Submission{}, apperr.New(apperr.NotFound, "no")
	}
	return m.subs[id-1], nil
}

type round struct{ c cycle.Cycle }

func (r *round) Cycle(_ context.Context, id int64) (cycle.Cycle, error) {
	if id != r.c.ID {
		return cycle.Cycle{}, apperr.New(apperr.NotFound, "no round")
	}
	return r.c, nil
}

type agenda struct{ themes []jury.Theme }

func (a agenda) Agenda(_ context.Context, id int64) (jury.Agenda, error) {
	if a.themes == nil {
		return jury.Agenda{}, apperr.New(apperr.NotFound, "not published")
	}
	out := jury.Agenda{CycleID: id}
	for i, t := range a.themes {
		out.Chosen = append(out.Chosen, jury.Item{Theme: t, Rank: i + 1})
	}
	return out, nil
}

type parts map[int64][]assembly.Role

func (p parts) RolesOf(_ context.Context, _, userID int64) ([]assembly.Role, error) {
	return p[userID], nil
}

type fixture struct {
	s                                     *evidence.Service
	m                                     *mem
	r                                     *round
	org, chair, member, citizen, mod, nob people.User
}

func newFixture(t *testing.T) fixture {
	f := fixture{m: &mem{}, r: &round{c: cycle.Cycle{ID: 1, Title: "Spring", Phase: cycle.Learning}}}
	f.org = people.User{ID: 1, Roles: []people.Role{people.RoleOrganiser}}
	f.chair = people.User{ID: 2}
	f.member = people.User{ID: 3}
	f.citizen = people.User{ID: 4}
	f.mod = people.User{ID: 5, Roles: []people.Role{people.RoleModerator}}
	p := parts{2: {assembly.Committee}, 3: {assembly.Member}}
	ag := agenda{themes: []jury.Theme{{ThemeID: 10, Title: "GP appointments"}, {ThemeID: 11, Title: "Waiting times"}}}
	now := time.Date(2027, 5, 1, 10, 0, 0, 0, time.UTC)
	f.s = evidence.NewService(f.m, f.r, ag, p, func() time.Time { now = now.Add(time.Minute); return now })
	return f
}

func kind(t *testing.T, err error, k apperr.Kind) {
	t.Helper()
	if !apperr.Is(err, k) {
		t.Fatalf("got %v, want %v", err, k)
	}
}

func field(t *testing.T, err error, name string) {
	t.Helper()
	var ae *apperr.Error
	for _, e := range unjoin(err) {
		if errors.As(e, &ae) && ae.Field == name {
			return
		}
	}
	t.Fatalf("got %v, want an error on %s", err, name)
}

func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

var ctx = context.Background()

func md(s string) evidence.Content { return evidence.Content{Format: evidence.Markdown, Body: s} }

func TestDocumentsRolesGateAndVersions(t *testing.T) {
	f := newFixture(t)
	// Only organisers and the committee write documents.
	for _, u := range []people.User{f.member, f.citizen, f.mod} {
		_, err := f.s.AddDocument(ctx, u, 1, 10, "Title", md("Text"))
		kind(t, err, apperr.Forbidden)
	}
	_, err := f.s.AddDocument(ctx, f.nob, 1, 10, "Title", md("Text"))
	kind(t, err, apperr.Unauthenticated)
	// Validation: a theme of the agenda, a title, content.
	_, err = f.s.AddDocument(ctx, f.org, 1, 99, "", md(" "))
	field(t, err, "theme")
	field(t, err, "title")
	field(t, err, "body")
	_, err = f.s.AddDocument(ctx, f.org, 1, 10, "A PDF", evidence.Content{Format: evidence.PDF, Data: []byte("<html>")})
	field(t, err, "file")
	_, err = f.s.AddDocument(ctx, f.org, 1, 10, "Too big", evidence.Content{Format: evidence.PDF, Data: append([]byte("%PDF-"), make([]byte, evidence.MaxPDF)...)})
	field(t, err, "file")
	_, err = f.s.AddDocument(ctx, f.org, 1, 10, "No file", evidence.Content{Format: evidence.PDF})
	field(t, err, "file")

	id, err := f.s.AddDocument(ctx, f.org, 1, 10, "How GP appointments are booked", md("# Today\nText"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.AddDocument(ctx, f.chair, 1, 11, "Waiting times", evidence.Content{Format: evidence.PDF, Data: []byte("%PDF-1.7 ...")}); err != nil {
		t.Fatal("the committee adds a PDF:", err)
	}
	if _, err := f.s.AddVersion(ctx, f.org, 1, id, false, md("# Today\nBetter text")); err != nil {
		t.Fatal(err)
	}
	ps, err := f.s.Packs(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	d := ps[0].Documents[0]
	if d.Current.Number != 2 || d.HasEasyRead() {
		t.Fatalf("current %+v, easy read %v", d.Current, d.HasEasyRead())
	}
	if _, err := f.s.AddVersion(ctx, f.org, 1, id, true, md("Short words.")); err != nil {
		t.Fatal(err)
	}
	_, old, err := f.s.Version(ctx, 1, id, false, 1)
	if err != nil || old.Body != "# Today\nText" {
		t.Fatalf("the first version: %+v %v", old, err)
	}
	ps, _ = f.s.Packs(ctx, 1)
	if d := ps[0].Documents[0]; !d.HasEasyRead() || d.Easy.Number != 1 {
		t.Fatal("the easy-read version is not listed")
	}
	if got := evidence.VersionURL(1, *ps[0].Documents[0].Easy); got != "/cycles/1/evidence/documents/1/easy-read/1" {
		t.Fatal(got)
	}
	if got := evidence.VersionURL(1, *ps[1].Documents[0].Current); got != "/cycles/1/evidence/documents/2/versions/1/file.pdf" {
		t.Fatal(got)
	}
	// A document of another round is not found through this one.
	if _, err := f.s.Document(ctx, 2, id); err == nil {
		t.Fatal("a document read through another round")
	}
	// The phase gate: nothing is written outside Learning and Meetings.
	f.r.c.Phase = cycle.Recommendations
	_, err = f.s.AddVersion(ctx, f.org, 1, id, false, md("Late"))
	kind(t, err, apperr.Conflict)
	f.r.c.Phase = cycle.Meetings
	if _, err := f.s.AddVersion(ctx, f.org, 1, id, false, md("In a meeting")); err != nil {
		t.Fatal(err)
	}
	if n := len(f.m.events); n != 5 || f.m.events[0].Action != evidence.ActionDocument || f.m.events[2].Action != evidence.ActionVersion {
		t.Fatalf("%d audit events: %+v", n, f.m.events)
	}
}

// An organiser removes a document's easy-read version, in any phase; the
// document is then flagged as having none. Nobody else may.
func TestRemoveEasyRead(t *testing.T) {
	f := newFixture(t)
	id, err := f.s.AddDocument(ctx, f.org, 1, 10, "How GP appointments are booked", md("Text"))
	if err != nil {
		t.Fatal(err)
	}
	err = f.s.RemoveEasyRead(ctx, f.org, 1, id)
	kind(t, err, apperr.Conflict) // none to remove
	if _, err := f.s.AddVersion(ctx, f.org, 1, id, true, md("Short words.")); err != nil {
		t.Fatal(err)
	}
	for _, u := range []people.User{f.chair, f.member, f.mod} {
		kind(t, f.s.RemoveEasyRead(ctx, u, 1, id), apperr.Forbidden)
	}
	kind(t, f.s.RemoveEasyRead(ctx, f.org, 2, id), apperr.NotFound) // through another round
	f.r.c.Phase = cycle.FollowUp
	before := len(f.m.events)
	if err := f.s.RemoveEasyRead(ctx, f.org, 1, id); err != nil {
		t.Fatal(err)
	}
	docs, err := f.s.Documents(ctx, 1)
	if err != nil || len(docs) != 1 || docs[0].HasEasyRead() {
		t.Fatalf("after removal: %+v %v", docs, err)
	}
	if len(f.m.events) != before+1 || f.m.events[before].Action != evidence.ActionRemoveEasy {
		t.Fatalf("audit: %+v", f.m.events[before:])
	}
}

func TestWitnesses(t *testing.T) {
	f := newFixture(t)
	w := evidence.Witness{CycleID: 1, ThemeID: 10, Name: "Dr Ada Jones", Organisation: "Riverside Surgery", Topic: "Booking", Interests: "GP partner"}
	_, err := f.s.Nominate(ctx, f.nob, w)
	kind(t, err, apperr.Unauthenticated)
	_, err = f.s.Nominate(ctx, f.citizen, evidence.Witness{CycleID: 1, ThemeID: 10})
	field(t, err, "name")
	field(t, err, "topic")
	field(t, err, "interests")
	byCitizen, err := f.s.Nominate(ctx, f.citizen, w)
	if err != nil {
		t.Fatal(err)
	}
	w.Name = "Sam Patel"
	byMember, err := f.s.Nominate(ctx, f.member, w)
	if err != nil {
		t.Fatal(err)
	}
	w.Name = "Campaigner"
	third, err := f.s.Nominate(ctx, f.org, w)
	if err != nil {
		t.Fatal(err)
	}
	if f.m.ws[0].Nominator != evidence.ByPublic || f.m.ws[1].Nominator != evidence.ByMember || f.m.ws[2].Nominator != evidence.ByOrganiser {
		t.Fatalf("nominators %+v", f.m.ws)
	}
	// Proposed witnesses are not public.
	ps, _ := f.s.Packs(ctx, 1)
	if len(ps[0].Witnesses) != 0 {
		t.Fatal("a proposed witness is public")
	}
	kind(t, f.s.DecideWitness(ctx, f.member, 1, byCitizen, true, "Good", "NHS provider"), apperr.Forbidden)
	kind(t, f.s.DecideWitness(ctx, f.mod, 1, byCitizen, true, "Good", "NHS provider"), apperr.Forbidden)
	field(t, f.s.DecideWitness(ctx, f.chair, 1, byCitizen, true, "", ""), "reason")
	field(t, f.s.DecideWitness(ctx, f.chair, 1, byCitizen, true, "Knows it", ""), "view")
	if err := f.s.DecideWitness(ctx, f.chair, 1, byCitizen, true, "Runs a practice", "NHS provider"); err != nil {
		t.Fatal(err)
	}
	kind(t, f.s.DecideWitness(ctx, f.chair, 1, byCitizen, false, "Again", ""), apperr.Conflict)
	if err := f.s.DecideWitness(ctx, f.org, 1, byMember, true, "Patients' view", "patient group"); err != nil {
		t.Fatal(err)
	}
	if err := f.s.DecideWitness(ctx, f.org, 1, third, false, "Another witness already speaks to this", ""); err != nil {
		t.Fatal(err)
	}
	ps, _ = f.s.Packs(ctx, 1)
	if len(ps[0].Witnesses) != 3 {
		t.Fatalf("witnesses %+v", ps[0].Witnesses)
	}
	for _, x := range ps[0].Witnesses {
		if x.NominatorID != 0 || x.Nominator != "" {
			t.Fatal("the nominator is published")
		}
	}
	if b := ps[0].Balance; len(b) != 2 || b[0].Count != 1 || b[0].View != "NHS provider" || b[1].View != "patient group" {
		t.Fatalf("balance %+v", b)
	}
}

func TestRequestsAndSubmissions(t *testing.T) {
	f := newFixture(t)
	_, err := f.s.Ask(ctx, f.citizen, 1, 10, evidence.AskSource, "Figures?")
	kind(t, err, apperr.Forbidden)
	_, err = f.s.Ask(ctx, f.member, 1, 10, "x", "")
	field(t, err, "kind")
	field(t, err, "text")
	id, err := f.s.Ask(ctx, f.member, 1, 10, evidence.AskWitness, "Someone who books appointments")
	if err != nil {
		t.Fatal(err)
	}
	kind(t, f.s.Answer(ctx, f.member, 1, id, "Yes"), apperr.Forbidden)
	field(t, f.s.Answer(ctx, f.chair, 1, id, " "), "answer")
	if err := f.s.Answer(ctx, f.chair, 1, id, "We have invited a receptionist."); err != nil {
		t.Fatal(err)
	}
	ps, _ := f.s.Packs(ctx, 1)
	if q := ps[0].Requests; len(q) != 1 || q[0].UserID != 0 || q[0].Answer == "" {
		t.Fatalf("requests %+v", q)
	}

	sub := evidence.Submission{CycleID: 1, ThemeID: 11, Organisation: "Healthwatch", Interests: "None", Body: "What people told us"}
	_, err = f.s.Submit(ctx, f.nob, sub)
	kind(t, err, apperr.Unauthenticated)
	_, err = f.s.Submit(ctx, f.citizen, evidence.Submission{CycleID: 1, PDF: []byte("nope")})
	field(t, err, "theme")
	field(t, err, "organisation")
	field(t, err, "file")
	a, err := f.s.Submit(ctx, f.citizen, sub)
	if err != nil {
		t.Fatal(err)
	}
	b, err := f.s.Submit(ctx, f.citizen, sub)
	if err != nil {
		t.Fatal(err)
	}
	kind(t, f.s.Moderate(ctx, f.citizen, 1, a, true, ""), apperr.Forbidden)
	field(t, f.s.Moderate(ctx, f.mod, 1, b, false, ""), "reason")
	if err := f.s.Moderate(ctx, f.mod, 1, a, true, ""); err != nil {
		t.Fatal(err)
	}
	if err := f.s.Moderate(ctx, f.chair, 1, b, false, "Off the subject"); err != nil {
		t.Fatal(err)
	}
	kind(t, f.s.Moderate(ctx, f.org, 1, b, true, ""), apperr.Conflict)
	ps, _ = f.s.Packs(ctx, 1)
	if s := ps[1].Submissions; len(s) != 1 || s[0].ID != a || s[0].UserID != 0 {
		t.Fatalf("public submissions %+v", s)
	}
	// The call closes with the phase.
	f.r.c.Phase = cycle.Response
	_, err = f.s.Submit(ctx, f.citizen, sub)
	kind(t, err, apperr.Conflict)
}

func TestNoAgendaNoPacks(t *testing.T) {
	m := &mem{}
	s := evidence.NewService(m, &round{c: cycle.Cycle{ID: 1, Phase: cycle.Learning}}, agenda{}, nil, nil)
	ps, err := s.Packs(ctx, 1)
	if err != nil || len(ps) != 0 {
		t.Fatal(ps, err)
	}
	links, err := s.Links(ctx, 1)
	if err != nil || links != nil {
		t.Fatal(links, err)
	}
	_, err = s.AddDocument(ctx, people.User{ID: 1, Roles: []people.Role{people.RoleOrganiser}}, 1, 10, "T", md("x"))
	field(t, err, "theme")
}

func TestRenderMarkdown(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"# Title", "<h2>Title</h2>\n"},
		{"### Small", "<h4>Small</h4>\n"},
		{"one\ntwo\n\nthree", "<p>one two</p>\n<p>three</p>\n"},
		{"- a\n- b", "<ul class=\"nhsuk-list nhsuk-list--bullet\">\n<li>a</li>\n<li>b</li>\n</ul>\n"},
		{"1. a\n2. b", "<ol class=\"nhsuk-list nhsuk-list--number\">\n<li>a</li>\n<li>b</li>\n</ol>\n"},
		{"**bold** and *em* and _em_", "<p><strong>bold</strong> and <em>em</em> and <em>em</em></p>\n"},
		{"[NHS](https://www.nhs.uk)", "<p><a href=\"https://www.nhs.uk\">NHS</a></p>\n"},
		{"<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"},
		{"[x](javascript:alert(1))", "<p>[x](javascript:alert(1))</p>\n"},
		{"[x](//evil.example)", "<p>[x](//evil.example)</p>\n"},
		{"[x](/cycles/1)", "<p><a href=\"/cycles/1\">x</a></p>\n"},
		{"a \"quote\" & 'apos' – café", "<p>a &#34;quote&#34; &amp; &#39;apos&#39; – café</p>\n"},
		{"#nospace", "<p>#nospace</p>\n"},
	} {
		if got := evidence.RenderMarkdown(c.in); got != c.want {
			t.Errorf("%q: got %q, want %q", c.in, got, c.want)
		}
	}
	if got := evidence.RenderMarkdown("<img src=x onerror=alert(1)>"); strings.Contains(got, "<img") {
		t.Fatal(got)
	}
}
