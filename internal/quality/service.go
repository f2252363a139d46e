package quality

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/people"
)

// Audit actions.
//
//	quality.assess    object cycle:N, details principle, rating
//	quality.assessor  object cycle:N, details assessor (user id)
//	quality.signoff   object cycle:N
//	quality.return    object cycle:N
const (
	ActionAssess   = "quality.assess"
	ActionAssessor = "quality.assessor"
	ActionSignOff  = "quality.signoff"
	ActionReturn   = "quality.return"
)

// Store is persistent storage for rounds' self-assessments. Every method
// that changes state records its audit.Event in the same transaction.
// Errors are *apperr.Error: NotFound when there is no assessment,
// Conflict when a change finds the assessment no longer as expected.
type Store interface {
	// QualityAssessment returns a round's assessment with its entries;
	// NotFound when none was written.
	QualityAssessment(ctx context.Context, cycleID int64) (Assessment, error)
	// SaveQualityEntry stores (or replaces) one principle's entry, making
	// the assessment (as a Draft) if there is none; Conflict when the
	// assessment is signed off.
	SaveQualityEntry(ctx context.Context, cycleID int64, e Entry, ev audit.Event) error
	// SaveQualityAssessment stores a's status, assessor, statement,
	// comments, sign-off date and snapshot if its stored status is one of
	// from (no stored assessment counts as Draft); else Conflict.
	SaveQualityAssessment(ctx context.Context, a Assessment, from []Status, ev audit.Event) error
}

// Users makes the account of an assessor named by an email that has none
// (*people.Service).
type Users interface {
	AddUser(ctx context.Context, actor people.User, email, displayName string, roles ...people.Role) (people.User, error)
}

// UserLookup finds an account by its email (the store).
type UserLookup interface {
	UserByEmail(ctx context.Context, email string) (people.User, error)
}

// Config holds the service's settings; the zero value is usable.
type Config struct {
	Now func() time.Time
}

// Service holds the rules of the self-assessment.
type Service struct {
	store  Store
	src    Sources
	users  Users
	lookup UserLookup
	now    func() time.Time
}

// NewService returns a Service. src.Rounds is required.
func NewService(s Store, src Sources, users Users, lookup UserLookup, cfg Config) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Service{store: s, src: src, users: users, lookup: lookup, now: cfg.Now}
}

func (s *Service) at() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

func (s *Service) event(actor people.User, action string, cycleID int64, details map[string]string) audit.Event {
	return audit.Event{Time: s.at(), Actor: people.ActorOf(actor), Action: action, Object: audit.ObjectRef("cycle", cycleID), Details: details}
}

// Assessment returns a round's assessment; a round without one gets an
// empty Draft. NotFound when there is no such round.
func (s *Service) Assessment(ctx context.Context, cycleID int64) (Assessment, error) {
	a, err := s.store.QualityAssessment(ctx, cycleID)
	if apperr.Is(err, apperr.NotFound) {
		if _, err := s.src.Rounds.Cycle(ctx, cycleID); err != nil {
			return Assessment{}, err
		}
		return Assessment{CycleID: cycleID, Status: Draft}, nil
	}
	return a, err
}

// Proofs runs the round's automatic proofs now.
func (s *Service) Proofs(ctx context.Context, cycleID int64) ([]Proof, error) {
	return Check(ctx, s.src, cycleID, s.at())
}

// organise checks actor is an organiser and the round's phase allows the
// assessment, and returns it, refusing a signed-off one.
func (s *Service) organise(ctx context.Context, actor people.User, cycleID int64) (Assessment, error) {
	if err := people.MustRole(actor, people.RoleOrganiser); err != nil {
		return Assessment{}, err
	}
	c, err := s.src.Rounds.Cycle(ctx, cycleID)
	if err != nil {
		return Assessment{}, err
	}
	if err := cycle.Check(c, cycle.AssessQuality); err != nil {
		return Assessment{}, err
	}
	a, err := s.Assessment(ctx, cycleID)
	if err == nil && a.Status == Signed {
		err = apperr.New(apperr.Conflict, "The assessment has been signed off and can no longer change.")
	}
	return a, err
}

// cleanLinks checks evidence links, one a line: paths on the site or http(s) links.
func cleanLinks(lines []string) ([]string, error) {
	var out []string
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		u, err := url.Parse(l)
		ok := err == nil && len(l) <= MaxLink && (strings.HasPrefix(l, "/") && !strings.HasPrefix(l, "//") ||
			(u.Scheme == "https" || u.Scheme == "http") && u.Host != "")
		if !ok {
			return nil, apperr.Field("links", "Give each link as an address starting https:// or a path on this site starting /")
		}
		out = append(out, l)
	}
	if len(out) > MaxLinks {
		return nil, apperr.Field("links", "Give at most 10 links")
	}
	return out, nil
}

func cleanText(field, s string, max int, required string) (string, error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	switch {
	case s == "" && required != "":
		return s, apperr.Field(field, "%s", required)
	case len([]rune(s)) > max:
		return s, apperr.Field(field, "This must be %d characters or fewer", max)
	}
	return s, nil
}

// Assess stores the organisers' rating, narrative and evidence links for
// one principle. Organisers, cycle.AssessQuality, until sign-off.
func (s *Service) Assess(ctx context.Context, actor people.User, cycleID int64, e Entry) (Entry, error) {
	if _, err := s.organise(ctx, actor, cycleID); err != nil {
		return e, err
	}
	if _, ok := PrincipleOf(e.Principle); !ok {
		return e, apperr.New(apperr.NotFound, "There is no such principle.")
	}
	var errs []error
	switch e.Rating {
	case Met, PartlyMet, NotMet:
	default:
		errs = append(errs, apperr.Field("rating", "Choose how far the principle was met"))
	}
	var err error
	e.Narrative, err = cleanText("narrative", e.Narrative, MaxNarrative, i18n.Mark("Say how the round met the principle, and where it fell short"))
	errs = append(errs, err)
	e.NarrativeCy, err = cleanText("narrative_cy", e.NarrativeCy, MaxNarrative, "")
	errs = append(errs, err)
	e.Links, err = cleanLinks(e.Links)
	errs = append(errs, err)
	if err := errors.Join(errs...); err != nil {
		return e, err
	}
	e.AuthorID, e.Updated = actor.ID, s.at()
	ev := s.event(actor, ActionAssess, cycleID, map[string]string{"principle": e.Principle, "rating": string(e.Rating)})
	return e, s.store.SaveQualityEntry(ctx, cycleID, e, ev)
}

// NameAssessor names the independent assessor by email (an account is
// made for an address that has none) and sends them the assessment to
// review. The assessor may not be an organiser or administrator, nor have
// written any of the assessment. Every principle must be rated first.
// Organisers, cycle.AssessQuality, until sign-off; naming again (after a
// return) sends it back for review.
func (s *Service) NameAssessor(ctx context.Context, actor people.User, cycleID int64, email string) (Assessment, error) {
	a, err := s.organise(ctx, actor, cycleID)
	if err != nil {
		return a, err
	}
	email = strings.ToLower(strings.TrimSpace(email))
	if email == "" || !strings.Contains(email, "@") {
		return a, apperr.Field("email", "Enter the assessor's email address, like name@example.org")
	}
	for _, p := range Principles {
		if _, ok := a.Entry(p.Key); !ok {
			return a, apperr.New(apperr.Conflict, "Rate every principle before naming the assessor.")
		}
	}
	u, err := s.lookup.UserByEmail(ctx, email)
	if apperr.Is(err, apperr.NotFound) {
		u, err = s.users.AddUser(ctx, actor, email, "")
	}
	if err != nil {
		return a, err
	}
	if u.Has(people.RoleOrganiser) || u.ID == actor.ID {
		return a, apperr.Field("email", "The assessor must be independent: not one of the organisers")
	}
	for _, e := range a.Entries {
		if e.AuthorID == u.ID {
			return a, apperr.Field("email", "The assessor must be independent: not someone who wrote the assessment")
		}
	}
	from := a.Status
	a.AssessorID, a.AssessorName, a.Comments, a.Status, a.Updated = u.ID, u.DisplayName, "", Review, s.at()
	ev := s.event(actor, ActionAssessor, cycleID, map[string]string{"assessor": strconv.FormatInt(u.ID, 10)})
	return a, s.store.SaveQualityAssessment(ctx, a, []Status{from}, ev)
}

// CanReview reports whether actor is the round's named assessor and the
// assessment waits for their review.
func (s *Service) CanReview(ctx context.Context, actor people.User, cycleID int64) (bool, error) {
	if !actor.SignedIn() {
		return false, nil
	}
	a, err := s.Assessment(ctx, cycleID)
	return err == nil && a.Status == Review && a.AssessorID == actor.ID, err
}

// Decision is the assessor's review.
type Decision struct {
	SignOff   bool   // sign off; false returns the assessment with comments
	Name      string // the name published with the sign-off
	Statement string // the sign-off statement, or the comments
}

// Review records the named assessor's decision: a sign-off with a
// statement, which freezes the assessment and snapshots the automatic
// proofs, or a return with comments for the organisers. The assessor only,
// while the assessment waits for review.
func (s *Service) Review(ctx context.Context, actor people.User, cycleID int64, d Decision) (Assessment, error) {
	if err := people.MustSignIn(actor); err != nil {
		return Assessment{}, err
	}
	a, err := s.Assessment(ctx, cycleID)
	if err != nil {
		return a, err
	}
	if a.AssessorID != actor.ID || a.AssessorID == 0 {
		return a, apperr.New(apperr.Forbidden, "Only the assessor the organisers named can review the assessment.")
	}
	if a.Status != Review {
		return a, apperr.New(apperr.Conflict, "The assessment is not waiting for your review.")
	}
	c, err := s.src.Rounds.Cycle(ctx, cycleID)
	if err != nil {
		return a, err
	}
	if err := cycle.Check(c, cycle.AssessQuality); err != nil {
		return a, err
	}
	if !d.SignOff {
		text, err := cleanText("statement", d.Statement, MaxStatement, i18n.Mark("Say what the organisers should change"))
		if err != nil {
			return a, err
		}
		a.Comments, a.Status, a.Updated = text, Returned, s.at()
		return a, s.store.SaveQualityAssessment(ctx, a, []Status{Review}, s.event(actor, ActionReturn, cycleID, nil))
	}
	name, err1 := cleanText("name", d.Name, MaxName, i18n.Mark("Enter your name as it should be published"))
	text, err2 := cleanText("statement", d.Statement, MaxStatement, i18n.Mark("Write your statement"))
	if err := errors.Join(err1, err2); err != nil {
		return a, err
	}
	proofs, err := s.Proofs(ctx, cycleID)
	if err != nil {
		return a, err
	}
	a.AssessorName, a.Statement, a.Comments, a.Status, a.SignedAt, a.Snapshot, a.Updated = name, text, "", Signed, s.at(), proofs, s.at()
	return a, s.store.SaveQualityAssessment(ctx, a, []Status{Review}, s.event(actor, ActionSignOff, cycleID, nil))
}

// Links names what the round has published of its assessment, for
// /cycles.json: nothing before the first entry.
func (s *Service) Links(ctx context.Context, cycleID int64) (map[string]string, error) {
	_, err := s.store.QualityAssessment(ctx, cycleID)
	if apperr.Is(err, apperr.NotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return map[string]string{"quality": path(cycleID, "/quality"), "quality.json": path(cycleID, "/quality.json")}, nil
}
