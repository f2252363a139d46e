package assembly

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/people"
)

// Role is a part a person takes in a round's assembly.
type Role string

// The parts of an assembly.
const (
	Member      Role = "member"      // an assembly member: learns, meets, drafts and votes
	Facilitator Role = "facilitator" // runs a discussion group, moderates its live page, writes its notes
	Board       Role = "board"       // a decision-maker who sits with a group and later answers
	Committee   Role = "committee"   // the advisory committee: approves witnesses, answers requests for evidence
)

// Roles lists every Role, in the order pages show them.
var Roles = []Role{Member, Facilitator, Board, Committee}

// ParseRole returns the Role named s, or false.
func ParseRole(s string) (Role, bool) {
	r := Role(s)
	return r, slices.Contains(Roles, r)
}

// Person is someone who takes a part in a round's assembly.
type Person struct {
	CycleID     int64
	UserID      int64
	Role        Role
	DisplayName string // the name others see ("" when the person has not chosen one)
	Email       string // for organisers only; never published
	Added       time.Time
}

// Audit actions.
const (
	ActionAdd    = "assembly.add"    // details: user, role
	ActionRemove = "assembly.remove" // details: user, role
	ActionEnrol  = "assembly.enrol"  // details: added (members named from the selection)
)

// MaxBatch is the most people one form may name at once.
const MaxBatch = 500

// Store is persistent storage for assembly membership. Every method that
// changes state records its audit.Event in the same transaction.
type Store interface {
	// AddAssemblyPeople gives each of userIDs the role r in the round (those who
	// hold it already are left) and returns how many were added.
	AddAssemblyPeople(ctx context.Context, cycleID int64, r Role, userIDs []int64, at time.Time, ev audit.Event) (int, error)
	// RemoveAssemblyPerson takes role r from userID in the round; NotFound if the
	// person did not hold it.
	RemoveAssemblyPerson(ctx context.Context, cycleID, userID int64, r Role, ev audit.Event) error
	// AssemblyPeople returns the round's holders of r ("" for every role) with
	// DisplayName and Email opened, by role (in Roles order), name, then
	// user id.
	AssemblyPeople(ctx context.Context, cycleID int64, r Role) ([]Person, error)
	// AssemblyRolesOf returns the roles userID holds in the round, in Roles order.
	AssemblyRolesOf(ctx context.Context, cycleID, userID int64) ([]Role, error)
}

// Rounds reads rounds (internal/cycle).
type Rounds interface {
	Cycle(ctx context.Context, cycleID int64) (cycle.Cycle, error)
}

// Users makes accounts for people named by email.
type Users interface {
	AddUser(ctx context.Context, actor people.User, email, displayName string, roles ...people.Role) (people.User, error)
}

// UserLookup finds an account by its normalised email.
type UserLookup interface {
	UserByEmail(ctx context.Context, email string) (people.User, error)
}

// Selected reads the emails of the people the lottery chose who have
// confirmed their place (internal/lottery with internal/recruit); nil
// when the round has no selection.
type Selected interface {
	ConfirmedEmails(ctx context.Context, cycleID int64) ([]string, error)
}

// Service holds the rules of assembly membership.
type Service struct {
	store    Store
	rounds   Rounds
	users    Users
	lookup   UserLookup
	selected Selected
	now      func() time.Time
}

// NewService returns a Service; selected may be nil (no lottery in this
// build), now nil for time.Now.
func NewService(s Store, rounds Rounds, users Users, lookup UserLookup, selected Selected, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: s, rounds: rounds, users: users, lookup: lookup, selected: selected, now: now}
}

func (s *Service) at() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

func (s *Service) event(actor people.User, action string, cycleID int64, details map[string]string) audit.Event {
	return audit.Event{Time: s.at(), Actor: people.ActorOf(actor), Action: action, Object: audit.ObjectRef("cycle", cycleID), Details: details}
}

// step checks that actor is an organiser and the round's phase allows
// naming people.
func (s *Service) step(ctx context.Context, actor people.User, cycleID int64) error {
	if err := people.MustRole(actor, people.RoleOrganiser); err != nil {
		return err
	}
	c, err := s.rounds.Cycle(ctx, cycleID)
	if err != nil {
		return err
	}
	return cycle.Check(c, cycle.Enrol)
}

// RolesOf returns the parts userID takes in the round's assembly (none
// for a signed-out person).
func (s *Service) RolesOf(ctx context.Context, cycleID, userID int64) ([]Role, error) {
	if userID == 0 {
		return nil, nil
	}
	return s.store.AssemblyRolesOf(ctx, cycleID, userID)
}

// Has reports whether userID takes part r in the round's assembly.
func (s *Service) Has(ctx context.Context, cycleID, userID int64, r Role) (bool, error) {
	rs, err := s.RolesOf(ctx, cycleID, userID)
	return slices.Contains(rs, r), err
}

// People returns who takes part r ("" for every part) in the round.
func (s *Service) People(ctx context.Context, cycleID int64, r Role) ([]Person, error) {
	if _, err := s.rounds.Cycle(ctx, cycleID); err != nil {
		return nil, err
	}
	return s.store.AssemblyPeople(ctx, cycleID, r)
}

// Count returns how many people take each part in the round.
func (s *Service) Count(ctx context.Context, cycleID int64) (map[Role]int, error) {
	ps, err := s.People(ctx, cycleID, "")
	if err != nil {
		return nil, err
	}
	n := map[Role]int{}
	for _, p := range ps {
		n[p.Role]++
	}
	return n, nil
}

// Add gives the people with the given emails (one per line, or separated
// by commas) part r in the round, making accounts for addresses without
// one. Organisers, cycle.Enrol. It returns how many were added.
func (s *Service) Add(ctx context.Context, actor people.User, cycleID int64, r Role, emails string) (int, error) {
	if err := s.step(ctx, actor, cycleID); err != nil {
		return 0, err
	}
	if _, ok := ParseRole(string(r)); !ok {
		return 0, apperr.Field("role", "Choose what part these people take")
	}
	var list []string
	for _, f := range strings.FieldsFunc(emails, func(c rune) bool { return c == '\n' || c == ',' || c == ';' || c == '\r' }) {
		if f = strings.TrimSpace(f); f != "" {
			list = append(list, f)
		}
	}
	if len(list) == 0 {
		return 0, apperr.Field("emails", "Enter at least one email address")
	}
	if len(list) > MaxBatch {
		return 0, apperr.Field("emails", "Enter at most %d email addresses at once", MaxBatch)
	}
	var norm []string
	for _, e := range list {
		n, err := people.NormaliseEmail(e)
		if err != nil {
			return 0, apperr.Field("emails", "%s is not an email address", e)
		}
		norm = append(norm, n)
	}
	ids, err := s.accounts(ctx, actor, norm)
	if err != nil {
		return 0, err
	}
	return s.store.AddAssemblyPeople(ctx, cycleID, r, ids, s.at(), s.event(actor, ActionAdd, cycleID, map[string]string{"role": string(r), "users": joinIDs(ids)}))
}

// accounts finds or makes an account for each normalised email.
func (s *Service) accounts(ctx context.Context, actor people.User, emails []string) ([]int64, error) {
	var ids []int64
	for _, e := range emails {
		u, err := s.lookup.UserByEmail(ctx, e)
		if apperr.Is(err, apperr.NotFound) {
			u, err = s.users.AddUser(ctx, actor, e, "")
		}
		if err != nil {
			return nil, err
		}
		if !slices.Contains(ids, u.ID) {
			ids = append(ids, u.ID)
		}
	}
	return ids, nil
}

// Remove takes part r from userID in the round. Organisers, cycle.Enrol.
func (s *Service) Remove(ctx context.Context, actor people.User, cycleID, userID int64, r Role) error {
	if err := s.step(ctx, actor, cycleID); err != nil {
		return err
	}
	return s.store.RemoveAssemblyPerson(ctx, cycleID, userID, r, s.event(actor, ActionRemove, cycleID, map[string]string{"role": string(r), "user": strconv.FormatInt(userID, 10)}))
}

// EnrolSelected names as members everyone the round's lottery chose who
// has confirmed their place, and returns how many were added.
// Organisers, cycle.Enrol.
func (s *Service) EnrolSelected(ctx context.Context, actor people.User, cycleID int64) (int, error) {
	if err := s.step(ctx, actor, cycleID); err != nil {
		return 0, err
	}
	if s.selected == nil {
		return 0, apperr.New(apperr.Conflict, "This round has no selection by lottery to take members from.")
	}
	emails, err := s.selected.ConfirmedEmails(ctx, cycleID)
	if err != nil {
		return 0, err
	}
	if len(emails) == 0 {
		return 0, apperr.New(apperr.Conflict, "Nobody chosen by the lottery has confirmed their place yet.")
	}
	var norm []string
	for _, e := range emails {
		if n, err := people.NormaliseEmail(e); err == nil {
			norm = append(norm, n)
		}
	}
	ids, err := s.accounts(ctx, actor, norm)
	if err != nil {
		return 0, err
	}
	ev := s.event(actor, ActionEnrol, cycleID, map[string]string{"users": strconv.Itoa(len(ids))})
	return s.store.AddAssemblyPeople(ctx, cycleID, Member, ids, s.at(), ev)
}

func joinIDs(ids []int64) string {
	var b strings.Builder
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(id, 10))
	}
	return b.String()
}
