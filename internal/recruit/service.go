package recruit

import (
	"context"
	"errors"
	"io"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/people"
)

// ActorRegistrant is the audit actor of what a person does with their
// registration code (register, withdraw): they are not signed in, and the
// entry names only their pseudonymous member id.
const ActorRegistrant = "registrant"

// MaxInvitations is the most invitations one draw makes.
const MaxInvitations = 100000

// Service runs recruitment over a Store. Organisers (and admins) may do
// everything and read everything personal; the public reads counts, the
// questions and the draws' seeds; a person with a code registers and
// withdraws. It is safe for concurrent use.
type Service struct {
	store  Store
	rounds Rounds
	mail   Mailer // nil sends no confirmation
	cfg    Config
}

// NewService returns a Service. mailer may be nil (no confirmation emails).
func NewService(s Store, rounds Rounds, mailer Mailer, cfg Config) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = func(string, error) {}
	}
	return &Service{store: s, rounds: rounds, mail: mailer, cfg: cfg}
}

func (s *Service) now() time.Time { return s.cfg.Now().UTC().Truncate(time.Microsecond) }

func (s *Service) event(actor, action, object string, details map[string]string) audit.Event {
	return audit.Event{Time: s.now(), Actor: actor, Action: action, Object: object, Details: details}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// organiser checks the actor's role and that the round exists; when gated
// it also checks that the round's phase allows recruitment.
func (s *Service) organiser(ctx context.Context, actor people.User, cycleID int64, gated bool) (cycle.Cycle, error) {
	if err := people.MustRole(actor, people.RoleOrganiser); err != nil {
		return cycle.Cycle{}, err
	}
	c, err := s.rounds.Cached(ctx, cycleID)
	if err != nil {
		return c, err
	}
	if gated {
		return c, cycle.Check(c, cycle.Recruit)
	}
	return c, nil
}

// Settings returns a round's questions and consent text (the defaults
// when none were saved). Public: the questions are not personal.
func (s *Service) Settings(ctx context.Context, cycleID int64) (Settings, error) {
	if _, err := s.rounds.Cached(ctx, cycleID); err != nil {
		return Settings{}, err
	}
	st, err := s.store.RecruitSettings(ctx, cycleID)
	if apperr.Is(err, apperr.NotFound) {
		return DefaultSettings(cycleID), nil
	}
	return st, err
}

// SaveSettings replaces a round's questions and consent text. Organisers
// only, while the round recruits, and only before anyone has registered
// (their answers would no longer match the questions).
func (s *Service) SaveSettings(ctx context.Context, actor people.User, st Settings) (Settings, error) {
	if _, err := s.organiser(ctx, actor, st.CycleID, true); err != nil {
		return Settings{}, err
	}
	var errs []error
	if err := ValidateCategories(st.Categories); err != nil {
		errs = append(errs, err)
	}
	if n := len([]rune(st.Consent)); n == 0 || n > MaxConsent || len([]rune(st.ConsentCy)) > MaxConsent {
		errs = append(errs, apperr.Field("consent", "Write the consent text in %d characters or fewer", MaxConsent))
	}
	if err := errors.Join(errs...); err != nil {
		return Settings{}, err
	}
	n, err := s.store.RecruitCounts(ctx, st.CycleID)
	if err != nil {
		return Settings{}, err
	}
	if n.Registered+n.Withdrawn > 0 {
		return Settings{}, apperr.New(apperr.Conflict, "The questions cannot change once people have registered: their answers would no longer match.")
	}
	st.Updated = s.now()
	ev := s.event(people.ActorOf(actor), "recruit.settings", audit.ObjectRef("cycle", st.CycleID), map[string]string{"questions": strconv.Itoa(len(st.Categories))})
	if err := s.store.SaveRecruitSettings(ctx, st, ev); err != nil {
		return Settings{}, err
	}
	return st, nil
}

// ImportAddresses reads a CSV list of addresses (ParseAddresses) into the
// round's list. Organisers only, while the round recruits. When the file
// has errors nothing is stored and the result lists them, with an
// apperr.Invalid error for the field "file"; duplicates (in the file or
// of addresses already imported) are skipped and listed.
func (s *Service) ImportAddresses(ctx context.Context, actor people.User, cycleID int64, r io.Reader) (ImportResult, error) {
	if _, err := s.organiser(ctx, actor, cycleID, true); err != nil {
		return ImportResult{}, err
	}
	addrs, dups, errs, err := ParseAddresses(r)
	if err != nil {
		e := apperr.Wrap(apperr.Invalid, err, "The file cannot be read: it must be a CSV file of at most %d MB, saved as UTF-8", MaxImportBytes>>20)
		e.Field = "file"
		return ImportResult{}, e
	}
	res := ImportResult{Read: len(addrs) + len(dups), Duplicates: dups, Errors: errs}
	if len(errs) > 0 {
		return res, apperr.Field("file", "The file has problems, listed below: nothing was imported. Correct them and import it again.")
	}
	ev := s.event(people.ActorOf(actor), "recruit.import", audit.ObjectRef("cycle", cycleID), nil)
	ev.Details = map[string]string{"read": strconv.Itoa(res.Read)}
	dupLines, err := s.store.ImportAddresses(ctx, cycleID, addrs, ev)
	if err != nil {
		return ImportResult{}, err
	}
	for _, l := range dupLines {
		res.Duplicates = append(res.Duplicates, problem(l, "", i18n.Mark("The address is already in the list")))
	}
	sort.Slice(res.Duplicates, func(i, j int) bool { return res.Duplicates[i].Line < res.Duplicates[j].Line })
	res.Added = len(addrs) - len(dupLines)
	return res, nil
}

// DrawInvitations draws n of the round's addresses not yet invited,
// uniformly at random with the published seed (Sample; a fresh random
// seed when seed is empty), and gives each a registration code. Organisers
// only, while the round recruits. The seed, the number asked for, the
// number of addresses drawn from and the number drawn are audited and
// public.
func (s *Service) DrawInvitations(ctx context.Context, actor people.User, cycleID int64, n int, seed string) (Draw, error) {
	if _, err := s.organiser(ctx, actor, cycleID, true); err != nil {
		return Draw{}, err
	}
	if n < 1 || n > MaxInvitations {
		return Draw{}, apperr.Field("count", "Enter a number of invitations between 1 and %d", MaxInvitations)
	}
	if len(seed) > 100 {
		return Draw{}, apperr.Field("seed", "The seed must be 100 characters or fewer")
	}
	if seed == "" {
		seed = NewSeed()
	}
	ids, err := s.store.UninvitedAddressIDs(ctx, cycleID)
	if err != nil {
		return Draw{}, err
	}
	if len(ids) == 0 {
		return Draw{}, apperr.Field("count", "Every address in the list has been invited: import more addresses first")
	}
	picked := Sample(ids, n, seed)
	d := Draw{CycleID: cycleID, Seed: seed, Requested: n, Eligible: len(ids), Drawn: len(picked), At: s.now()}
	invites := make([]Invite, len(picked))
	for i, id := range picked {
		invites[i] = Invite{AddressID: id, Code: NewCode()}
	}
	ev := s.event(people.ActorOf(actor), "recruit.draw", "", map[string]string{
		"cycle": itoa(cycleID), "seed": seed, "requested": strconv.Itoa(n), "eligible": strconv.Itoa(len(ids)), "drawn": strconv.Itoa(len(picked)),
	})
	if err := s.store.SaveDraw(ctx, &d, invites, ev); err != nil {
		return Draw{}, err
	}
	return d, nil
}

// RepeatDraw draws again, from the round's list, the draw drawID of
// round cycleID with its seed, and reports whether it invites the same
// addresses (see RepeatDraws). Organisers only.
func (s *Service) RepeatDraw(ctx context.Context, actor people.User, cycleID, drawID int64) (bool, error) {
	draws, same, err := s.RepeatDraws(ctx, actor, cycleID)
	if err != nil {
		return false, err
	}
	for _, d := range draws {
		if d.ID == drawID {
			return same[drawID], nil
		}
	}
	return false, apperr.New(apperr.NotFound, "There is no such draw.")
}

// RepeatDraws draws again, from the round's list, every draw of round
// cycleID with its seed, and reports by draw id whether each invites the
// same addresses. A draw drew from the addresses not invited by an
// earlier draw, in the order they were imported, up to the number it drew
// from (addresses imported later come after them). It returns the draws
// too. Organisers only (the list is personal); the same computation is
// open to anyone holding it.
func (s *Service) RepeatDraws(ctx context.Context, actor people.User, cycleID int64) ([]Draw, map[int64]bool, error) {
	if _, err := s.organiser(ctx, actor, cycleID, false); err != nil {
		return nil, nil, err
	}
	draws, err := s.store.Draws(ctx, cycleID)
	if err != nil {
		return nil, nil, err
	}
	all, err := s.store.AddressDraws(ctx, cycleID)
	if err != nil {
		return nil, nil, err
	}
	same := make(map[int64]bool, len(draws))
	for _, d := range draws {
		var from, got []int64
		for _, a := range all {
			if a.DrawID == 0 || a.DrawID >= d.ID {
				from = append(from, a.ID)
			}
			if a.DrawID == d.ID {
				got = append(got, a.ID)
			}
		}
		if len(from) >= d.Eligible {
			same[d.ID] = slices.Equal(Sample(from[:d.Eligible], d.Requested, d.Seed), got)
		}
	}
	return draws, same, nil
}

// Draws lists a round's draws with their seeds. Public.
func (s *Service) Draws(ctx context.Context, cycleID int64) ([]Draw, error) {
	return s.store.Draws(ctx, cycleID)
}

// Letters returns the invitation letters of one draw (every draw when
// drawID is 0): addresses and codes. Organisers only.
func (s *Service) Letters(ctx context.Context, actor people.User, cycleID, drawID int64) ([]Invitation, error) {
	if _, err := s.organiser(ctx, actor, cycleID, false); err != nil {
		return nil, err
	}
	return s.store.Invitations(ctx, cycleID, drawID)
}

// Counts returns a round's public recruitment figures.
func (s *Service) Counts(ctx context.Context, cycleID int64) (Counts, error) {
	if _, err := s.rounds.Cached(ctx, cycleID); err != nil {
		return Counts{}, err
	}
	return s.store.RecruitCounts(ctx, cycleID)
}

// ValueCount is how many registered people gave one answer.
type ValueCount struct {
	Value
	Count int
	Share float64 // of those registered
	Few   bool    // suppressed in public: more than 0 and fewer than SmallCount
}

// CategoryCount is a category's answers counted.
type CategoryCount struct {
	Category
	Values []ValueCount
}

// SmallCount is the least number of people an answer's count shows in
// public: fewer (but some) are shown as "fewer than 5", so that a rare
// answer cannot point at one person.
const SmallCount = 5

// ByCategory counts the answers of the registered people (withdrawn ones
// excluded) per category. In public (organiser false) counts of 1 to
// SmallCount-1 are suppressed (Few, Count 0); organisers see them all.
func (s *Service) ByCategory(ctx context.Context, actor people.User, cycleID int64, organiser bool) ([]CategoryCount, error) {
	if organiser {
		if _, err := s.organiser(ctx, actor, cycleID, false); err != nil {
			return nil, err
		}
	}
	st, err := s.Settings(ctx, cycleID)
	if err != nil {
		return nil, err
	}
	regs, err := s.store.Registrations(ctx, cycleID)
	if err != nil {
		return nil, err
	}
	counts := map[string]map[string]int{}
	total := 0
	for _, r := range regs {
		if !r.Withdrawn.IsZero() {
			continue
		}
		total++
		for k, v := range r.Answers {
			if counts[k] == nil {
				counts[k] = map[string]int{}
			}
			counts[k][v]++
		}
	}
	out := make([]CategoryCount, len(st.Categories))
	for i, c := range st.Categories {
		out[i].Category = c
		for _, v := range c.Values {
			n := counts[c.Key][v.Key]
			vc := ValueCount{Value: v, Count: n}
			if total > 0 {
				vc.Share = float64(n) / float64(total)
			}
			if !organiser && n > 0 && n < SmallCount {
				vc.Count, vc.Share, vc.Few = 0, 0, true
			}
			out[i].Values = append(out[i].Values, vc)
		}
	}
	return out, nil
}

// Registrations lists a round's registrations, opened, withdrawn ones
// included (erased). Organisers only.
func (s *Service) Registrations(ctx context.Context, actor people.User, cycleID int64) ([]Registration, error) {
	if _, err := s.organiser(ctx, actor, cycleID, false); err != nil {
		return nil, err
	}
	return s.store.Registrations(ctx, cycleID)
}

// Pool returns the round's pool for the selection: its categories and
// everyone registered and not withdrawn, by registration, as pseudonymous
// ids and answers. Organisers only.
func (s *Service) Pool(ctx context.Context, actor people.User, cycleID int64) (Pool, error) {
	if _, err := s.organiser(ctx, actor, cycleID, false); err != nil {
		return Pool{}, err
	}
	st, err := s.Settings(ctx, cycleID)
	if err != nil {
		return Pool{}, err
	}
	regs, err := s.store.Registrations(ctx, cycleID)
	if err != nil {
		return Pool{}, err
	}
	p := Pool{CycleID: cycleID, Categories: st.Categories}
	for _, r := range regs {
		if !r.Withdrawn.IsZero() {
			continue
		}
		m := Member{ID: r.MemberID, Answers: map[string]string{}}
		for _, c := range st.Categories {
			m.Answers[c.Key] = r.Answers[c.Key]
		}
		p.Members = append(p.Members, m)
	}
	return p, nil
}

// Contact returns how to reach one member of the pool. Organisers only;
// NotFound for a withdrawn or unknown member.
func (s *Service) Contact(ctx context.Context, actor people.User, cycleID int64, memberID string) (Contact, error) {
	if _, err := s.organiser(ctx, actor, cycleID, false); err != nil {
		return Contact{}, err
	}
	r, err := s.store.RegistrationByMember(ctx, cycleID, memberID)
	if err != nil {
		return Contact{}, err
	}
	if !r.Withdrawn.IsZero() {
		return Contact{}, apperr.New(apperr.NotFound, "This person has withdrawn: their details were erased.")
	}
	if !r.Erased.IsZero() {
		return Contact{}, apperr.New(apperr.NotFound, "Everyone's details were erased after the assembly.")
	}
	return Contact{MemberID: r.MemberID, Name: r.Name, Email: r.Email, Phone: r.Phone, Address: r.Address, Lang: r.Lang}, nil
}

// EraseDetails erases the names, contact details, addresses, dates of
// birth, access needs and availability of everyone who registered in the
// round, and the round's list of addresses, as the consent text promises
// once the assembly has ended. What is kept — member ids and answers — no
// longer points at anyone (the selection's published files hold the same).
// Organisers only, from the round's Response phase on (the members must
// be reachable until they have made their recommendations).
func (s *Service) EraseDetails(ctx context.Context, actor people.User, cycleID int64) (int, error) {
	c, err := s.organiser(ctx, actor, cycleID, false)
	if err != nil {
		return 0, err
	}
	if c.Phase.Index() < cycle.Response.Index() {
		return 0, apperr.New(apperr.Conflict, "Everyone's details can be erased once the assembly has made its recommendations: members must be reachable until then.")
	}
	ev := s.event(people.ActorOf(actor), "recruit.erase", audit.ObjectRef("cycle", cycleID), nil)
	return s.store.EraseDetails(ctx, cycleID, ev)
}

// Links names what a round's recruitment has published, for /cycles.json:
// the public recruitment page and its figures as open data, once
// addresses have been imported (nothing before).
func (s *Service) Links(ctx context.Context, cycleID int64) (map[string]string, error) {
	c, err := s.store.RecruitCounts(ctx, cycleID)
	if err != nil || c.Addresses == 0 && c.Invited == 0 {
		return nil, err
	}
	base := "/cycles/" + strconv.FormatInt(cycleID, 10) + "/recruitment"
	return map[string]string{"recruitment": base, "recruitment.json": base + ".json"}, nil
}
