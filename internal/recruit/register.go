package recruit

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/field"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/mail"
	"github.com/folkmoot/folkmoot/internal/people"
)

// Limits on a registration's fields, in characters.
const (
	MaxName         = 100
	MaxPhone        = 30
	MaxAddress      = 500
	MaxAccessNeeds  = 2000
	MaxAvailability = 1000
)

// Details are what a person types into the registration form.
type Details struct {
	Lang                        string // "en" or "cy"
	Name, Email, Phone, Address string
	DOBDay, DOBMonth, DOBYear   string
	Answers                     map[string]string // Category.Key → Value.Key for the questions asked directly
	AccessNeeds, Availability   string
	Consent                     bool
}

var errBadCode = apperr.Field("code", "Enter the code from your letter, like ABCD-EFGH")

// Invited finds the invitation of a code as typed (any case, hyphen
// optional) and returns it with its round's settings, for the
// registration form (its address prefilled). NotFound (field "code") for
// a code that is not one; Conflict for a code already used; the phase
// gate's error when the round no longer recruits. Public: whoever holds
// the letter holds the code.
func (s *Service) Invited(ctx context.Context, typed string) (Invitation, Settings, error) {
	code, ok := NormaliseCode(typed)
	if !ok {
		return Invitation{}, Settings{}, errBadCode
	}
	inv, err := s.store.InvitationByCode(ctx, code)
	if apperr.Is(err, apperr.NotFound) {
		e := apperr.New(apperr.NotFound, "There is no invitation with this code. Check it against your letter.")
		e.Field = "code"
		return Invitation{}, Settings{}, e
	}
	if err != nil {
		return Invitation{}, Settings{}, err
	}
	c, err := s.rounds.Cached(ctx, inv.CycleID)
	if err != nil {
		return Invitation{}, Settings{}, err
	}
	if err := cycle.Check(c, cycle.Recruit); err != nil {
		return Invitation{}, Settings{}, err
	}
	if inv.Registered {
		return Invitation{}, Settings{}, apperr.New(apperr.Conflict, "This code has already been used to register. Each letter registers one person.")
	}
	st, err := s.Settings(ctx, inv.CycleID)
	return inv, st, err
}

// Register records a registration with the code of an invitation letter:
// one per code. Every problem with the details is returned at once
// (errors.Join of apperr.Invalid errors naming their fields: name, email,
// phone, address, dob, q-<category key>, consent, access, availability).
// The age band is derived from the date of birth. A confirmation email,
// in the person's language, is queued when they gave an address; it
// carries a link to withdraw.
func (s *Service) Register(ctx context.Context, typedCode string, d Details) (Registration, error) {
	inv, st, err := s.Invited(ctx, typedCode)
	if err != nil {
		return Registration{}, err
	}
	r, err := s.validate(st, inv, d)
	if err != nil {
		return Registration{}, err
	}
	r.MemberID = newMemberID()
	if s.cfg.MemberIDs != nil {
		r.MemberID = s.cfg.MemberIDs()
	}
	r.WithdrawToken = newToken()
	ev := s.event(ActorRegistrant, "recruit.register", "", map[string]string{"cycle": itoa(inv.CycleID), "member": r.MemberID})
	if err := s.store.Register(ctx, &r, ev); err != nil {
		return Registration{}, err
	}
	s.confirm(ctx, r)
	return r, nil
}

func (s *Service) validate(st Settings, inv Invitation, d Details) (Registration, error) {
	now := s.now()
	r := Registration{CycleID: inv.CycleID, InvitationID: inv.ID, Lang: "en", Registered: now, ConsentAt: now, Answers: map[string]string{}}
	if d.Lang == "cy" {
		r.Lang = "cy"
	}
	var errs []error
	bad := func(err error) { errs = append(errs, err) }
	text := func(f, v string, max int, empty error) string {
		v = strings.TrimSpace(strings.ReplaceAll(v, "\r\n", "\n"))
		switch {
		case v == "" && empty != nil:
			bad(empty)
		case utf8.RuneCountInString(v) > max:
			bad(apperr.Field(f, "This must be %d characters or fewer", max))
		case field.HasControl(v, true):
			bad(apperr.Field(f, "Remove the special characters from this answer"))
		}
		return v
	}
	r.Name = text("name", d.Name, MaxName, apperr.Field("name", "Enter your full name"))
	r.Address = text("address", d.Address, MaxAddress, apperr.Field("address", "Enter your postal address"))
	r.Phone = text("phone", d.Phone, MaxPhone, nil)
	if r.Phone != "" && strings.Trim(r.Phone, "0123456789+ ()-") != "" {
		bad(apperr.Field("phone", "Enter a phone number, like 01632 960 001 or 07700 900 982"))
	}
	if e := strings.TrimSpace(d.Email); e != "" {
		norm, err := people.NormaliseEmail(e)
		if err != nil {
			errs = append(errs, err)
		}
		r.Email = norm
	}
	r.AccessNeeds = text("access", d.AccessNeeds, MaxAccessNeeds, nil)
	r.Availability = text("availability", d.Availability, MaxAvailability, nil)
	dob, derr := parseDOB(d.DOBDay, d.DOBMonth, d.DOBYear, now)
	if derr != nil {
		errs = append(errs, derr)
	} else {
		r.DateOfBirth = dob.Format("2006-01-02")
	}
	for _, c := range st.Categories {
		if c.Derive == DeriveAgeBand {
			if derr == nil {
				b := AgeBand(c, Age(dob, now))
				if b == "" {
					bad(apperr.Field("dob", "Your date of birth does not fall in any of the round's age groups"))
				}
				r.Answers[c.Key] = b
			}
			continue
		}
		v := d.Answers[c.Key]
		if _, ok := c.Value(v); !ok {
			bad(apperr.Field("q-"+c.Key, "Choose one answer"))
			continue
		}
		r.Answers[c.Key] = v
	}
	if !d.Consent {
		bad(apperr.Field("consent", "Tick the box to agree, or you cannot be selected"))
	}
	return r, errors.Join(errs...)
}

// parseDOB reads a date of birth typed as day, month and year (NHS.UK
// style), refusing impossible dates, dates in the future and people under
// MinAge. Errors are for the field "dob".
func parseDOB(day, month, year string, now time.Time) (time.Time, error) {
	day, month, year = strings.TrimSpace(day), strings.TrimSpace(month), strings.TrimSpace(year)
	if day == "" && month == "" && year == "" {
		return time.Time{}, apperr.Field("dob", "Enter your date of birth")
	}
	if day == "" || month == "" || year == "" {
		return time.Time{}, apperr.Field("dob", "Your date of birth must include a day, month and year")
	}
	d, err1 := strconv.Atoi(day)
	m, err2 := strconv.Atoi(month)
	y, err3 := strconv.Atoi(year)
	if err1 != nil || err2 != nil || err3 != nil || len(year) != 4 || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, apperr.Field("dob", "Your date of birth must be a real date, like 27 3 1980")
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}, apperr.Field("dob", "Your date of birth must be a real date, like 27 3 1980")
	}
	if t.After(now) {
		return time.Time{}, apperr.Field("dob", "Your date of birth must be in the past")
	}
	if a := Age(t, now); a < MinAge {
		return time.Time{}, apperr.Field("dob", "You must be %d or over to take part", MinAge)
	} else if a > 120 {
		return time.Time{}, apperr.Field("dob", "Your date of birth must be a real date, like 27 3 1980")
	}
	return t, nil
}

// confirm queues the confirmation email; a failure is logged, not
// returned: the registration stands.
func (s *Service) confirm(ctx context.Context, r Registration) {
	if s.mail == nil || r.Email == "" {
		return
	}
	lang := i18n.English
	if r.Lang == "cy" {
		lang = i18n.Welsh
	}
	p := i18n.For(lang)
	link := s.cfg.BaseURL + "/register/withdraw/" + r.WithdrawToken
	m := mail.Message{
		To:      r.Email,
		Subject: p.T("You have registered for the %s citizens' assembly", s.cfg.OrgName),
		Body: p.T("Hello %s,\n\nThank you for registering. You are now in the pool of people from whom the members of the assembly will be chosen by lottery. We will write to you whether or not you are chosen.\n\nYour reference is %s.\n\nIf you change your mind, you can withdraw at any time with this link, and everything you told us will be erased:\n\n%s\n\n%s",
			r.Name, r.MemberID, link, s.cfg.OrgName),
		Lang: p.Lang().Tag(),
	}
	if _, err := s.mail.Send(ctx, "recruit:"+r.MemberID, m); err != nil {
		s.cfg.Log("recruit: queueing a confirmation email", err)
	}
}

// WithdrawByToken withdraws the registration whose confirmation email
// carried the link with token, erasing its personal data. It returns the
// member id withdrawn.
func (s *Service) WithdrawByToken(ctx context.Context, token string) (string, error) {
	if token == "" || len(token) > 100 {
		return "", apperr.New(apperr.NotFound, "This withdraw link does not work: it may have been used already.")
	}
	r, err := s.store.RegistrationByWithdrawToken(ctx, token)
	if apperr.Is(err, apperr.NotFound) {
		return "", apperr.New(apperr.NotFound, "This withdraw link does not work: it may have been used already.")
	}
	if err != nil {
		return "", err
	}
	return r.MemberID, s.withdraw(ctx, r, ActorRegistrant, "link")
}

// WithdrawByCode withdraws the registration made with a letter's code,
// given with the email address registered (so that a letter found by
// someone else cannot withdraw its holder). It returns the member id.
func (s *Service) WithdrawByCode(ctx context.Context, typedCode, email string) (string, error) {
	notFound := apperr.New(apperr.NotFound, "We found no registration with this code and email address. Check them, or contact the organisers.")
	code, ok := NormaliseCode(typedCode)
	if !ok {
		return "", errBadCode
	}
	e, err := people.NormaliseEmail(email)
	if err != nil {
		return "", err
	}
	inv, err := s.store.InvitationByCode(ctx, code)
	if apperr.Is(err, apperr.NotFound) {
		return "", notFound
	} else if err != nil {
		return "", err
	}
	r, err := s.store.RegistrationByInvitation(ctx, inv.ID)
	if apperr.Is(err, apperr.NotFound) {
		return "", notFound
	} else if err != nil {
		return "", err
	}
	if !r.Withdrawn.IsZero() || r.Email == "" || r.Email != e {
		return "", notFound
	}
	return r.MemberID, s.withdraw(ctx, r, ActorRegistrant, "code")
}

// Withdraw withdraws a member of the pool on their behalf (they asked by
// letter or phone). Organisers only.
func (s *Service) Withdraw(ctx context.Context, actor people.User, cycleID int64, memberID string) error {
	if _, err := s.organiser(ctx, actor, cycleID, false); err != nil {
		return err
	}
	r, err := s.store.RegistrationByMember(ctx, cycleID, memberID)
	if err != nil {
		return err
	}
	if !r.Withdrawn.IsZero() {
		return apperr.New(apperr.Conflict, "This person has already withdrawn.")
	}
	return s.withdraw(ctx, r, people.ActorOf(actor), "organiser")
}

func (s *Service) withdraw(ctx context.Context, r Registration, actor, how string) error {
	ev := s.event(actor, "recruit.withdraw", audit.ObjectRef("recruit_registration", r.ID), map[string]string{
		"cycle": itoa(r.CycleID), "member": r.MemberID, "by": how,
	})
	return s.store.WithdrawRegistration(ctx, r.ID, ev)
}
