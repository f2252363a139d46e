package jury

import (
	"context"
	"crypto/rand"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/people"
)

// Audit actions. They are stable: notifications are made from them.
//
//	jury.setup      object cycle:N, details size, method, seats
//	jury.volunteer  object cycle:N (the actor volunteered; no answers)
//	jury.unvolunteer object cycle:N
//	jury.draw       object cycle:N, details seed, users=1,2,3 (the jurors drawn; each is told)
//	jury.add        object cycle:N, details users=1,2 (jurors entered by the organiser; each is told)
//	jury.remove     object cycle:N, details user
//	jury.shortlist  object cycle:N, details themes=4,5,6, seats
//	jury.open       object cycle:N (the vote opens; every juror is told)
//	jury.vote       object cycle:N (the actor voted; never how)
//	jury.close      object cycle:N, details winners (theme ids in order of election)
//	jury.reasons    object cycle:N
//	agenda.publish  object cycle:N, details chosen, others (theme ids): everyone who raised, supported or followed an issue of a shortlisted theme is told
const (
	ActionSetup       = "jury.setup"
	ActionVolunteer   = "jury.volunteer"
	ActionUnvolunteer = "jury.unvolunteer"
	ActionDraw        = "jury.draw"
	ActionAdd         = "jury.add"
	ActionRemove      = "jury.remove"
	ActionShortlist   = "jury.shortlist"
	ActionOpen        = "jury.open"
	ActionVote        = "jury.vote"
	ActionClose       = "jury.close"
	ActionReasons     = "jury.reasons"
	ActionPublish     = "agenda.publish"
)

// Rounds is what the jury needs of the rounds service (*cycle.Service).
type Rounds interface {
	Cycle(ctx context.Context, cycleID int64) (cycle.Cycle, error)
}

// Themes is what the jury needs of gather (*gather.Service).
type Themes interface {
	Shortlist(ctx context.Context, cycleID int64) ([]gather.Theme, gather.ShortlistRule, error)
	ListIssues(ctx context.Context, viewer people.User, q gather.IssueQuery) (gather.IssuePage, error)
}

// Users finds and makes the accounts of jurors the organiser enters
// (*people.Service).
type Users interface {
	AddUser(ctx context.Context, actor people.User, email, displayName string, roles ...people.Role) (people.User, error)
}

// UserLookup finds an account by email (the store).
type UserLookup interface {
	UserByEmail(ctx context.Context, email string) (people.User, error)
}

// Config holds the service's settings; the zero value is usable.
type Config struct {
	Now func() time.Time
}

// Service applies the jury's rules over a Store.
type Service struct {
	store  Store
	rounds Rounds
	themes Themes
	users  Users
	lookup UserLookup
	cfg    Config
}

// NewService returns a Service.
func NewService(s Store, rounds Rounds, themes Themes, users Users, lookup UserLookup, cfg Config) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Service{store: s, rounds: rounds, themes: themes, users: users, lookup: lookup, cfg: cfg}
}

func (s *Service) now() time.Time { return s.cfg.Now().UTC().Truncate(time.Microsecond) }

func (s *Service) event(actor people.User, action string, cycleID int64, details map[string]string) audit.Event {
	return audit.Event{Time: s.now(), Actor: people.ActorOf(actor), Action: action, Object: audit.ObjectRef("cycle", cycleID), Details: details}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func joinIDs(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = itoa(id)
	}
	return strings.Join(s, ",")
}

// gate checks the round's phase allows a.
func (s *Service) gate(ctx context.Context, cycleID int64, a cycle.Action) (cycle.Cycle, error) {
	c, err := s.rounds.Cycle(ctx, cycleID)
	if err != nil {
		return c, err
	}
	return c, cycle.Check(c, a)
}

// Settings returns a round's jury settings and state; a round without a
// jury yet gets the defaults (status Forming).
func (s *Service) Settings(ctx context.Context, cycleID int64) (Settings, error) {
	j, err := s.store.Jury(ctx, cycleID)
	if apperr.Is(err, apperr.NotFound) {
		if _, err := s.rounds.Cycle(ctx, cycleID); err != nil {
			return Settings{}, err
		}
		return Settings{CycleID: cycleID, Size: DefaultSize, Method: Lottery, Seats: DefaultSeats, Status: Forming}, nil
	}
	return j, err
}

func (s *Service) save(ctx context.Context, j Settings, from Status, ev audit.Event) error {
	j.Updated = ev.Time
	if _, err := s.store.Jury(ctx, j.CycleID); apperr.Is(err, apperr.NotFound) {
		from = ""
	}
	return s.store.SaveJury(ctx, j, from, ev)
}

func organiser(actor people.User) error { return people.MustRole(actor, people.RoleOrganiser) }

// organiserStep checks that actor is an organiser and, when a is not
// empty, that the round's phase allows a; it returns the round's jury.
func (s *Service) organiserStep(ctx context.Context, actor people.User, cycleID int64, a cycle.Action) (Settings, error) {
	if err := organiser(actor); err != nil {
		return Settings{}, err
	}
	if a != "" {
		if _, err := s.gate(ctx, cycleID, a); err != nil {
			return Settings{}, err
		}
	}
	return s.Settings(ctx, cycleID)
}

// Configure sets how a round's jury is formed: its size, the method and
// the public statement of it, and the agenda size. Organisers, while the
// jury is forming and the round gathers or sets its agenda.
func (s *Service) Configure(ctx context.Context, actor people.User, cycleID int64, size int, m Method, statement string, seats int) (Settings, error) {
	j, err := s.organiserStep(ctx, actor, cycleID, cycle.VolunteerJury)
	if err != nil {
		return j, err
	}
	if j.Status != Forming {
		return j, apperr.New(apperr.Conflict, "The jury's settings can be changed only until the vote opens.")
	}
	statement = strings.TrimSpace(statement)
	var errs []error
	if size < MinSize || size > MaxSize {
		errs = append(errs, apperr.Field("size", "Enter a jury size from %d to %d", MinSize, MaxSize))
	}
	if m != Lottery && m != Chosen {
		errs = append(errs, apperr.Field("method", "Choose how the jury is formed"))
	}
	if m == Chosen && statement == "" {
		errs = append(errs, apperr.Field("statement", "Say publicly how the organisers chose the jurors"))
	}
	if len([]rune(statement)) > 2000 {
		errs = append(errs, apperr.Field("statement", "The statement must be 2,000 characters or fewer"))
	}
	if seats < 1 || seats > 20 {
		errs = append(errs, apperr.Field("seats", "Enter how many themes the agenda has, from 1 to 20"))
	} else if j.Shortlist != nil && seats >= len(j.Shortlist.Themes) {
		errs = append(errs, apperr.Field("seats", "The agenda must have fewer themes than the shortlist, which has %d", len(j.Shortlist.Themes)))
	}
	if err := errors.Join(errs...); err != nil {
		return j, err
	}
	from := j.Status
	j.Size, j.Method, j.Statement, j.Seats = size, m, statement, seats
	ev := s.event(actor, ActionSetup, cycleID, map[string]string{"size": strconv.Itoa(size), "method": string(m), "seats": strconv.Itoa(seats)})
	return j, s.save(ctx, j, from, ev)
}

// ValidateAnswers checks a volunteer's answers.
func ValidateAnswers(a Answers) error {
	var errs []error
	for _, c := range Categories {
		v := a.get(c.Key)
		if !slices.ContainsFunc(c.Values, func(x Value) bool { return x.Key == v }) {
			switch c.Key {
			case "age":
				errs = append(errs, apperr.Field("age", "Choose your age group"))
			case "gender":
				errs = append(errs, apperr.Field("gender", "Choose how you describe your gender"))
			default:
				errs = append(errs, apperr.Field("area", "Choose where you live"))
			}
		}
	}
	if len([]rune(a.Availability)) > 500 {
		errs = append(errs, apperr.Field("availability", "Your availability must be 500 characters or fewer"))
	}
	return errors.Join(errs...)
}

// Volunteer records that actor offers to sit on the round's jury, with
// their answers (sealed at rest; only organisers read them). Asking again
// replaces the answers.
func (s *Service) Volunteer(ctx context.Context, actor people.User, cycleID int64, a Answers) error {
	if !actor.SignedIn() {
		return apperr.New(apperr.Unauthenticated, "Sign in to offer to sit on the jury.")
	}
	a.Availability = strings.TrimSpace(a.Availability)
	if err := ValidateAnswers(a); err != nil {
		return err
	}
	if _, err := s.gate(ctx, cycleID, cycle.VolunteerJury); err != nil {
		return err
	}
	j, err := s.Settings(ctx, cycleID)
	if err != nil {
		return err
	}
	if j.Status != Forming || j.Draw != nil {
		return apperr.New(apperr.Conflict, "People can offer to sit on the citizens' jury only until the jury is chosen.")
	}
	_, err = s.store.AddVolunteer(ctx, Volunteer{CycleID: cycleID, UserID: actor.ID, Answers: a, Created: s.now()}, s.event(actor, ActionVolunteer, cycleID, nil))
	return err
}

// Unvolunteer withdraws actor's offer and erases their answers.
func (s *Service) Unvolunteer(ctx context.Context, actor people.User, cycleID int64) error {
	if !actor.SignedIn() {
		return apperr.New(apperr.Unauthenticated, "Sign in to offer to sit on the jury.")
	}
	_, err := s.store.RemoveVolunteer(ctx, cycleID, actor.ID, s.event(actor, ActionUnvolunteer, cycleID, nil))
	return err
}

// IsVolunteer reports whether actor has volunteered.
func (s *Service) IsVolunteer(ctx context.Context, actor people.User, cycleID int64) (bool, error) {
	if !actor.SignedIn() {
		return false, nil
	}
	return s.store.IsVolunteer(ctx, cycleID, actor.ID)
}

// Volunteers returns the volunteers with their answers. Organisers only.
func (s *Service) Volunteers(ctx context.Context, actor people.User, cycleID int64) ([]Volunteer, error) {
	if err := organiser(actor); err != nil {
		return nil, err
	}
	return s.store.Volunteers(ctx, cycleID)
}

// Jurors returns the jury's members. Organisers only (the public sees the
// composition, not the names).
func (s *Service) Jurors(ctx context.Context, actor people.User, cycleID int64) ([]Juror, error) {
	if err := organiser(actor); err != nil {
		return nil, err
	}
	return s.store.Jurors(ctx, cycleID)
}

// JurorCount returns how many jurors the round has and how many voted.
func (s *Service) JurorCount(ctx context.Context, cycleID int64) (jurors, voted int, err error) {
	js, err := s.store.Jurors(ctx, cycleID)
	for _, j := range js {
		if j.Voted {
			voted++
		}
	}
	return len(js), voted, err
}

// IsJuror reports whether actor sits on the round's jury and has voted.
func (s *Service) IsJuror(ctx context.Context, actor people.User, cycleID int64) (juror, voted bool, err error) {
	if !actor.SignedIn() {
		return false, false, nil
	}
	js, err := s.store.Jurors(ctx, cycleID)
	for _, j := range js {
		if j.UserID == actor.ID {
			return true, j.Voted, err
		}
	}
	return false, false, err
}

// DrawJurors draws the jury by lottery from the volunteers with the
// sortition engine, seeded by seed (0: a random seed), and records the
// draw's public record. Organisers, in the Agenda phase, once.
func (s *Service) DrawJurors(ctx context.Context, actor people.User, cycleID int64, seed uint64) (Settings, error) {
	j, err := s.organiserStep(ctx, actor, cycleID, cycle.JuryVote)
	if err != nil {
		return j, err
	}
	switch {
	case j.Status != Forming:
		return j, apperr.New(apperr.Conflict, "The jury can be changed only until the vote opens.")
	case j.Method != Lottery:
		return j, apperr.New(apperr.Conflict, "This jury is chosen by the organisers, not drawn by lottery.")
	case j.Draw != nil:
		return j, apperr.New(apperr.Conflict, "The jury has already been drawn.")
	}
	vols, err := s.store.Volunteers(ctx, cycleID)
	if err != nil {
		return j, err
	}
	if seed == 0 {
		seed = randomSeed()
	}
	ids, d, err := drawPanel(ctx, vols, j.Size, seed)
	if err != nil {
		return j, err
	}
	if _, err := s.store.Jury(ctx, cycleID); apperr.Is(err, apperr.NotFound) {
		if err := s.save(ctx, j, "", s.event(actor, ActionSetup, cycleID, map[string]string{"size": strconv.Itoa(j.Size), "method": string(j.Method), "seats": strconv.Itoa(j.Seats)})); err != nil {
			return j, err
		}
	}
	ev := s.event(actor, ActionDraw, cycleID, map[string]string{"seed": strconv.FormatUint(seed, 10), "users": joinIDs(ids)})
	if err := s.store.AddJurors(ctx, cycleID, ids, &d, ev.Time, ev); err != nil {
		return j, err
	}
	j.Draw = &d
	return j, nil
}

func randomSeed() uint64 {
	var b [4]byte
	rand.Read(b[:])
	return uint64(b[0])<<24 | uint64(b[1])<<16 | uint64(b[2])<<8 | uint64(b[3]) | 1
}

// EnterJurors makes the people at emails jurors (making accounts for
// those without one). Organisers, when the jury is chosen by them, in the
// Agenda phase, before the vote opens. It returns how many were added.
func (s *Service) EnterJurors(ctx context.Context, actor people.User, cycleID int64, emails []string) (int, error) {
	j, err := s.organiserStep(ctx, actor, cycleID, cycle.JuryVote)
	if err != nil {
		return 0, err
	}
	if j.Status != Forming {
		return 0, apperr.New(apperr.Conflict, "The jury can be changed only until the vote opens.")
	}
	if j.Method != Chosen {
		return 0, apperr.New(apperr.Conflict, "This jury is drawn by lottery: choose “Chosen by the organisers” in its settings to enter jurors.")
	}
	var ids []int64
	for _, e := range emails {
		e = strings.TrimSpace(e)
		if e == "" {
			continue
		}
		norm, err := people.NormaliseEmail(e)
		if err != nil {
			return 0, apperr.Field("emails", "%s is not an email address", e)
		}
		u, err := s.lookup.UserByEmail(ctx, norm)
		if apperr.Is(err, apperr.NotFound) {
			u, err = s.users.AddUser(ctx, actor, norm, "")
		}
		if err != nil {
			return 0, err
		}
		if !slices.Contains(ids, u.ID) {
			ids = append(ids, u.ID)
		}
	}
	if len(ids) == 0 {
		return 0, apperr.Field("emails", "Enter the email address of at least one juror")
	}
	existing, err := s.store.Jurors(ctx, cycleID)
	if err != nil {
		return 0, err
	}
	ids = slices.DeleteFunc(ids, func(id int64) bool {
		return slices.ContainsFunc(existing, func(x Juror) bool { return x.UserID == id })
	})
	if len(existing)+len(ids) > MaxSize {
		return 0, apperr.Field("emails", "A jury has at most %d members", MaxSize)
	}
	if len(ids) == 0 {
		return 0, nil
	}
	if _, err := s.store.Jury(ctx, cycleID); apperr.Is(err, apperr.NotFound) {
		if err := s.save(ctx, j, "", s.event(actor, ActionSetup, cycleID, map[string]string{"size": strconv.Itoa(j.Size), "method": string(j.Method), "seats": strconv.Itoa(j.Seats)})); err != nil {
			return 0, err
		}
	}
	ev := s.event(actor, ActionAdd, cycleID, map[string]string{"users": joinIDs(ids)})
	return len(ids), s.store.AddJurors(ctx, cycleID, ids, nil, ev.Time, ev)
}

// RemoveJuror takes a juror off a jury the organisers chose, before the
// vote opens.
func (s *Service) RemoveJuror(ctx context.Context, actor people.User, cycleID, userID int64) error {
	j, err := s.organiserStep(ctx, actor, cycleID, "")
	if err != nil {
		return err
	}
	if j.Status != Forming || j.Method != Chosen {
		return apperr.New(apperr.Conflict, "The jury can be changed only until the vote opens.")
	}
	return s.store.RemoveJuror(ctx, cycleID, userID, s.event(actor, ActionRemove, cycleID, map[string]string{"user": itoa(userID)}))
}
