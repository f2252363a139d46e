package quality_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/quality"
)

var ctx = context.Background()

// mem is an in-memory quality.Store.
type mem struct {
	a      *quality.Assessment
	events []audit.Event
}

func (m *mem) QualityAssessment(_ context.Context, cycleID int64) (quality.Assessment, error) {
	if m.a == nil || m.a.CycleID != cycleID {
		return quality.Assessment{}, apperr.New(apperr.NotFound, "none")
	}
	a := *m.a
	a.Entries = slices.Clone(a.Entries)
	return a, nil
}

func (m *mem) SaveQualityEntry(_ context.Context, cycleID int64, e quality.Entry, ev audit.Event) error {
	if m.a == nil {
		m.a = &quality.Assessment{CycleID: cycleID, Status: quality.Draft}
	}
	if m.a.Status == quality.Signed {
		return apperr.New(apperr.Conflict, "signed")
	}
	i := slices.IndexFunc(m.a.Entries, func(x quality.Entry) bool { return x.Principle == e.Principle })
	if i < 0 {
		m.a.Entries = append(m.a.Entries, e)
	} else {
		m.a.Entries[i] = e
	}
	m.events = append(m.events, ev)
	return nil
}

func (m *mem) SaveQualityAssessment(_ context.Context, a quality.Assessment, from []quality.Status, ev audit.Event) error {
	cur := quality.Draft
	if m.a != nil {
		cur = m.a.Status
	}
	if !slices.Contains(from, cur) {
		return apperr.New(apperr.Conflict, "changed")
	}
	if m.a != nil {
		a.Entries = m.a.Entries
	}
	m.a = &a
	m.events = append(m.events, ev)
	return nil
}

type rounds struct {
	c     cycle.Cycle
	moves []cycle.Move
}

func (r *rounds) Cycle(_ context.Context, id int64) (cycle.Cycle, error) {
	if id != r.c.ID {
		return cycle.Cycle{}, apperr.New(apperr.NotFound, "no round")
	}
	return r.c, nil
}
func (r *rounds) Timeline(context.Context, int64) ([]cycle.Move, error) { return r.moves, nil }

type docs []quality.Document

func (d *docs) Documents(context.Context, int64) ([]quality.Document, error) { return *d, nil }

type recs struct {
	passed  []int64
	counted bool
}

func (r recs) Links(context.Context, int64) (map[string]string, error) {
	if !r.counted {
		return nil, nil
	}
	return map[string]string{"recommendations.json": "/x", "recommendations/ballots.csv": "/y"}, nil
}
func (r recs) Passed(context.Context, int64) ([]int64, bool, error) { return r.passed, r.counted, nil }

// responses is a fake of the Board's answers (internal/response is wired
// at merge).
type responses struct {
	deadline time.Time
	set      bool
	answers  []quality.Answer
}

func (r *responses) Deadline(context.Context, int64) (time.Time, bool, error) {
	return r.deadline, r.set, nil
}
func (r *responses) Answers(context.Context, int64) ([]quality.Answer, error) { return r.answers, nil }

type users map[string]people.User

func (u users) UserByEmail(_ context.Context, email string) (people.User, error) {
	if x, ok := u[email]; ok {
		return x, nil
	}
	return people.User{}, apperr.New(apperr.NotFound, "no user")
}
func (u users) AddUser(_ context.Context, _ people.User, email, name string, roles ...people.Role) (people.User, error) {
	x := people.User{ID: int64(100 + len(u)), DisplayName: name, Roles: roles}
	u[email] = x
	return x, nil
}

var at = time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)

func proof(t *testing.T, ps []quality.Proof, key string) quality.Proof {
	t.Helper()
	for _, p := range ps {
		if p.Key == key {
			return p
		}
	}
	t.Fatalf("no proof %s in %+v", key, ps)
	return quality.Proof{}
}

func state(t *testing.T, src quality.Sources, now time.Time, key, want string) quality.Proof {
	t.Helper()
	ps, err := quality.Check(ctx, src, 1, now)
	if err != nil {
		t.Fatal(err)
	}
	p := proof(t, ps, key)
	if p.State() != want {
		t.Fatalf("%s is %s (%s), want %s", key, p.State(), p.Detail.English(), want)
	}
	return p
}

// The accountability proof follows the Board's answers against the
// published deadline: a missed deadline (an answer after it, or none by
// it) turns it from met to not met.
func TestAccountabilityProofFollowsTheDeadline(t *testing.T) {
	rd := &rounds{c: cycle.Cycle{ID: 1, Phase: cycle.Response}}
	deadline := at.Add(63 * 24 * time.Hour)
	src := quality.Sources{Rounds: rd, Recommendations: recs{passed: []int64{11, 12, 13}, counted: true}}
	const key = "accountability.response_deadline"
	state(t, src, at, key, "not_yet") // not wired: not yet applicable
	rs := &responses{}
	src.Responses = rs
	state(t, src, at, key, "not_yet") // no deadline yet
	rs.deadline, rs.set = deadline, true
	rs.answers = []quality.Answer{{RecommendationID: 11, AnsweredAt: at.Add(24 * time.Hour)}}
	state(t, src, at.Add(48*time.Hour), key, "not_yet") // two still to come, before the deadline
	rs.answers = append(rs.answers, quality.Answer{RecommendationID: 12, AnsweredAt: at.Add(30 * 24 * time.Hour)},
		quality.Answer{RecommendationID: 13, AnsweredAt: at.Add(60 * 24 * time.Hour)})
	p := state(t, src, deadline.Add(time.Hour), key, "met")
	if !strings.Contains(p.Detail.English(), "all 3 passed recommendations") {
		t.Fatal(p.Detail.English())
	}
	// The deadline is missed: the third answer came after it.
	rs.answers[2].AnsweredAt = deadline.Add(24 * time.Hour)
	p = state(t, src, deadline.Add(48*time.Hour), key, "not_met")
	if !strings.Contains(p.Detail.English(), "2 of the 3") {
		t.Fatal(p.Detail.English())
	}
	// Marked late by the response service.
	rs.answers[2] = quality.Answer{RecommendationID: 13, AnsweredAt: at, Late: true}
	state(t, src, deadline.Add(48*time.Hour), key, "not_met")
	// Not answered at all, and the deadline has passed.
	rs.answers = rs.answers[:2]
	state(t, src, deadline.Add(time.Hour), key, "not_met")
	state(t, src, deadline.Add(-time.Hour), key, "not_yet")
}

// Information: every evidence document needs an easy-read version.
func TestEasyReadProof(t *testing.T) {
	rd := &rounds{c: cycle.Cycle{ID: 1, Phase: cycle.Learning}}
	ds := &docs{}
	src := quality.Sources{Rounds: rd, Evidence: ds}
	state(t, src, at, "information.easy_read", "not_yet")
	rd.c.Phase = cycle.Meetings
	state(t, src, at, "information.easy_read", "not_met") // none published by the meetings
	*ds = docs{{ID: 1, Title: "Booking", EasyRead: true}, {ID: 2, Title: "Waiting", EasyRead: true}}
	state(t, src, at, "information.easy_read", "met")
	state(t, src, at, "inclusiveness.easy_read", "met")
	(*ds)[1].EasyRead = false
	p := state(t, src, at, "information.easy_read", "not_met")
	if got := p.Detail.English(); got != "1 of the 2 evidence documents have an easy-read version; without one: Waiting." {
		t.Fatal(got)
	}
	if cy := p.Detail.In(i18n.For(i18n.Welsh)); cy == p.Detail.English() {
		t.Fatal("the detail has no Welsh:", cy)
	}
}

// Time: from the start of Learning to the vote, by the phase history.
func TestTimeProof(t *testing.T) {
	rd := &rounds{c: cycle.Cycle{ID: 1, Phase: cycle.Response}}
	src := quality.Sources{Rounds: rd}
	state(t, src, at, "time.learning_to_vote", "not_yet")
	rd.moves = []cycle.Move{{To: cycle.Learning, At: at}, {To: cycle.Meetings, At: at.Add(20 * 24 * time.Hour)}}
	state(t, src, at, "time.learning_to_vote", "not_yet")
	rd.moves = append(rd.moves, cycle.Move{To: cycle.Recommendations, At: at.Add(41 * 24 * time.Hour)})
	p := state(t, src, at, "time.learning_to_vote", "not_met")
	if !strings.Contains(p.Detail.English(), ": 41 days.") {
		t.Fatal(p.Detail.English())
	}
	rd.moves[2].At = at.Add(56 * 24 * time.Hour)
	state(t, src, at, "time.learning_to_vote", "met")
}

func entry(key string) quality.Entry {
	return quality.Entry{Principle: key, Rating: quality.Met, Narrative: "How the round met " + key, Links: []string{"/cycles/1/selection"}}
}

// The organisers rate every principle; an independent assessor (not an
// organiser, not an author) reviews, returns, then signs off, which
// freezes the assessment and snapshots the proofs.
func TestAssessAndSignOff(t *testing.T) {
	rd := &rounds{c: cycle.Cycle{ID: 1, Phase: cycle.Gather}}
	ds := &docs{{ID: 1, Title: "Booking", EasyRead: true}}
	m := &mem{}
	us := users{"org2@example.org": {ID: 3, Roles: []people.Role{people.RoleOrganiser}}, "author@example.org": {ID: 4}}
	now := at
	s := quality.NewService(m, quality.Sources{Rounds: rd, Evidence: ds}, us, us, quality.Config{Now: func() time.Time { now = now.Add(time.Minute); return now }})
	org := people.User{ID: 1, Roles: []people.Role{people.RoleOrganiser}}
	citizen := people.User{ID: 2}

	_, err := s.Assess(ctx, org, 1, entry(quality.Purpose))
	if !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("assessed in Gather: %v", err)
	}
	rd.c.Phase = cycle.Response
	if _, err := s.Assess(ctx, citizen, 1, entry(quality.Purpose)); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("a citizen assessed: %v", err)
	}
	bad := quality.Entry{Principle: quality.Purpose, Rating: "great", Links: []string{"javascript:alert(1)"}}
	_, err = s.Assess(ctx, org, 1, bad)
	for _, f := range []string{"rating", "narrative", "links"} {
		if !slices.ContainsFunc(apperrFields(err), func(x string) bool { return x == f }) {
			t.Fatalf("no error on %s: %v", f, err)
		}
	}
	if _, err := s.Assess(ctx, org, 1, quality.Entry{Principle: "cheapness", Rating: quality.Met, Narrative: "x"}); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("an unknown principle: %v", err)
	}
	for _, p := range quality.Principles[:10] {
		if _, err := s.Assess(ctx, org, 1, entry(p.Key)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.NameAssessor(ctx, org, 1, "prof@example.ac.uk"); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("named before every principle was rated: %v", err)
	}
	// Someone who is not an organiser wrote the last entry (an organiser
	// at the time): they may not assess it.
	author := people.User{ID: 4, Roles: []people.Role{people.RoleOrganiser}}
	if _, err := s.Assess(ctx, author, 1, entry(quality.Evaluation)); err != nil {
		t.Fatal(err)
	}
	for _, email := range []string{"org2@example.org", "author@example.org", ""} {
		if _, err := s.NameAssessor(ctx, org, 1, email); !slices.Contains(apperrFields(err), "email") {
			t.Fatalf("%q named as the assessor: %v", email, err)
		}
	}
	a, err := s.NameAssessor(ctx, org, 1, "prof@example.ac.uk")
	if err != nil {
		t.Fatal(err)
	}
	assessor := us["prof@example.ac.uk"]
	if a.Status != quality.Review || a.AssessorID != assessor.ID {
		t.Fatalf("%+v", a)
	}
	// Only the named assessor reviews.
	if _, err := s.Review(ctx, org, 1, quality.Decision{SignOff: true, Name: "x", Statement: "y"}); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("an organiser signed off: %v", err)
	}
	if ok, _ := s.CanReview(ctx, assessor, 1); !ok {
		t.Fatal("the assessor cannot review")
	}
	if _, err := s.Review(ctx, assessor, 1, quality.Decision{}); !slices.Contains(apperrFields(err), "statement") {
		t.Fatalf("returned without comments: %v", err)
	}
	if a, err = s.Review(ctx, assessor, 1, quality.Decision{Statement: "Say more about the time the members had."}); err != nil || a.Status != quality.Returned {
		t.Fatalf("%+v %v", a, err)
	}
	if _, err := s.Review(ctx, assessor, 1, quality.Decision{SignOff: true, Name: "x", Statement: "y"}); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("signed off a returned assessment: %v", err)
	}
	if _, err := s.Assess(ctx, org, 1, entry(quality.Time)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.NameAssessor(ctx, org, 1, "prof@example.ac.uk"); err != nil {
		t.Fatal(err)
	}
	a, err = s.Review(ctx, assessor, 1, quality.Decision{SignOff: true, Name: "Prof. Ada Lovelace", Statement: "A fair account."})
	if err != nil {
		t.Fatal(err)
	}
	if a.Status != quality.Signed || a.SignedAt.IsZero() || proof(t, a.Snapshot, "information.easy_read").State() != "met" {
		t.Fatalf("%+v", a)
	}
	// Frozen.
	if _, err := s.Assess(ctx, org, 1, entry(quality.Time)); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("changed after sign-off: %v", err)
	}
	// The live re-check differs once a proof is broken; the snapshot stays.
	(*ds)[0].EasyRead = false
	live, _ := s.Proofs(ctx, 1)
	if !quality.Differs(a.Snapshot, live) {
		t.Fatal("the re-check does not differ")
	}
	pub, err := s.Published(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if pub.Assessor == nil || pub.Assessor.Name != "Prof. Ada Lovelace" || len(pub.Principles) != 11 {
		t.Fatalf("%+v", pub)
	}
	info := pub.Principles[5]
	if info.Key != quality.Information || *info.Proofs[0].Met || !*info.SignedProofs[0].Met {
		t.Fatalf("%+v", info)
	}
	var actions []string
	for _, ev := range m.events {
		actions = append(actions, ev.Action)
	}
	want := []string{quality.ActionAssessor, quality.ActionReturn, quality.ActionAssess, quality.ActionAssessor, quality.ActionSignOff}
	if got := actions[len(actions)-5:]; !slices.Equal(got, want) || len(actions) != 16 {
		t.Fatalf("audit actions %v", actions)
	}
}

func apperrFields(err error) []string {
	var out []string
	var walk func(error)
	walk = func(err error) {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		if e, ok := err.(*apperr.Error); ok && e.Field != "" {
			out = append(out, e.Field)
		}
	}
	walk(err)
	return out
}
