package cycle

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/people"
)

// Config holds the service's settings. The zero value is usable.
type Config struct {
	// Now is the clock; default time.Now.
	Now func() time.Time
	// CacheTTL is how long Cached trusts a round read from the store;
	// default 2 s, so a change made by another process without the live
	// broker is still seen within that time.
	CacheTTL time.Duration
	// Changed, if set, is called after a change to a round has been stored
	// (its phase, plan or title), so that the wiring can tell other
	// processes (the live broker's "cycle" topic). It must not block.
	Changed func(ctx context.Context, cycleID int64)
}

// Service applies the rules of programmes and rounds over a Store. Actors
// are people.User values (people.System for the server and the command
// line). It is safe for concurrent use.
type Service struct {
	store Store
	cfg   Config

	mu    sync.Mutex
	cache map[int64]cached
}

type cached struct {
	c       Cycle
	fetched time.Time
}

// NewService returns a Service over s.
func NewService(s Store, cfg Config) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.CacheTTL <= 0 {
		cfg.CacheTTL = 2 * time.Second
	}
	return &Service{store: s, cfg: cfg, cache: map[int64]cached{}}
}

func (s *Service) now() time.Time { return s.cfg.Now().UTC().Truncate(time.Microsecond) }

func (s *Service) event(actor people.User, action, object string, details map[string]string) audit.Event {
	return audit.Event{Time: s.now(), Actor: people.ActorOf(actor), Action: action, Object: object, Details: details}
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

// ---- programmes ----

var slugRE = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// Slug returns a URL-safe short name made of name's ASCII letters and
// digits, words joined by hyphens ("NHS Citizen" → "nhs-citizen").
func Slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	s := strings.Trim(b.String(), "-")
	if len(s) > 60 {
		s = strings.Trim(s[:60], "-")
	}
	return s
}

// CreateProgramme adds a programme. Organisers only. An empty Slug is made
// from the name.
func (s *Service) CreateProgramme(ctx context.Context, actor people.User, p Programme) (Programme, error) {
	if err := people.MustRole(actor, people.RoleOrganiser); err != nil {
		return Programme{}, err
	}
	p.Name, p.Slug, p.Description = strings.TrimSpace(p.Name), strings.TrimSpace(p.Slug), strings.TrimSpace(normaliseNewlines(p.Description))
	if err := programmeNameRule.Check(p.Name); err != nil {
		return Programme{}, err
	}
	if p.Slug == "" {
		p.Slug = Slug(p.Name)
	}
	if !slugRE.MatchString(p.Slug) || len(p.Slug) > 60 {
		return Programme{}, apperr.Field("slug", "Use only lower-case letters, numbers and hyphens for the short name")
	}
	if err := descriptionRule.Check(p.Description); err != nil {
		return Programme{}, err
	}
	p.Created = s.now()
	if err := s.store.CreateProgramme(ctx, &p, s.event(actor, "programme.create", "", map[string]string{"name": p.Name, "slug": p.Slug})); err != nil {
		return Programme{}, err
	}
	return p, nil
}

// CheckProgrammeName reports what is wrong with a programme's name as
// typed into a form (field "programme"), or nil.
func CheckProgrammeName(name string) error {
	name = strings.TrimSpace(name)
	if err := programmeNameRule.Check(name); err != nil {
		return err
	}
	if Slug(name) == "" {
		return apperr.Field("programme", "Give the programme a name with at least one letter or number")
	}
	return nil
}

// ProgrammeNamed returns the programme whose short name is Slug(name),
// creating it if there is none. Organisers only.
func (s *Service) ProgrammeNamed(ctx context.Context, actor people.User, name string) (Programme, error) {
	if err := people.MustRole(actor, people.RoleOrganiser); err != nil {
		return Programme{}, err
	}
	name = strings.TrimSpace(name)
	if err := CheckProgrammeName(name); err != nil {
		return Programme{}, err
	}
	slug := Slug(name)
	p, err := s.store.ProgrammeBySlug(ctx, slug)
	if err == nil || !apperr.Is(err, apperr.NotFound) {
		return p, err
	}
	p, err = s.CreateProgramme(ctx, actor, Programme{Name: name, Slug: slug})
	if apperr.Is(err, apperr.Conflict) { // made meanwhile by someone else
		return s.store.ProgrammeBySlug(ctx, slug)
	}
	return p, err
}

// Programme returns one programme.
func (s *Service) Programme(ctx context.Context, id int64) (Programme, error) {
	return s.store.Programme(ctx, id)
}

// Programmes lists every programme, oldest first.
func (s *Service) Programmes(ctx context.Context) ([]Programme, error) {
	return s.store.Programmes(ctx)
}

// ---- rounds ----

// Draft is what an organiser gives to create or change a round.
type Draft struct {
	ProgrammeID int64
	Title       string
	Description string
	Plan        []PlannedPhase // any phases, in any order; missing ones are not planned
}

// CreateCycle adds a round to a programme. It starts in the Gather phase:
// from now on anyone can raise issues in it. Organisers only.
func (s *Service) CreateCycle(ctx context.Context, actor people.User, d Draft) (Cycle, error) {
	if err := people.MustRole(actor, people.RoleOrganiser); err != nil {
		return Cycle{}, err
	}
	if err := d.normalise(); err != nil {
		return Cycle{}, err
	}
	if _, err := s.store.Programme(ctx, d.ProgrammeID); err != nil {
		return Cycle{}, err
	}
	now := s.now()
	c := Cycle{ProgrammeID: d.ProgrammeID, Title: d.Title, Description: d.Description, Phase: Gather, PhaseSince: now, Plan: d.Plan, Created: now}
	first := Move{To: Gather, ActorID: actor.ID, At: now}
	ev := s.event(actor, "cycle.create", "", map[string]string{"title": c.Title, "programme": id(c.ProgrammeID), "phase": string(c.Phase)})
	if err := s.store.CreateCycle(ctx, &c, &first, ev); err != nil {
		return Cycle{}, err
	}
	s.changed(ctx, c.ID)
	return s.store.Cycle(ctx, c.ID)
}

// UpdateCycle changes a round's title, description and plan (d.ProgrammeID
// is ignored: a round stays in its programme). Organisers only.
func (s *Service) UpdateCycle(ctx context.Context, actor people.User, cycleID int64, d Draft) (Cycle, error) {
	if err := people.MustRole(actor, people.RoleOrganiser); err != nil {
		return Cycle{}, err
	}
	if err := d.normalise(); err != nil {
		return Cycle{}, err
	}
	c, err := s.store.Cycle(ctx, cycleID)
	if err != nil {
		return Cycle{}, err
	}
	c.Title, c.Description, c.Plan = d.Title, d.Description, d.Plan
	details := map[string]string{"title": c.Title}
	for _, pp := range c.Plan {
		if !pp.Starts.IsZero() || !pp.Ends.IsZero() {
			details["plan."+string(pp.Phase)] = planText(pp)
		}
	}
	if err := s.store.UpdateCycle(ctx, c, s.event(actor, "cycle.update", audit.ObjectRef("cycle", cycleID), details)); err != nil {
		return Cycle{}, err
	}
	s.changed(ctx, cycleID)
	return s.store.Cycle(ctx, cycleID)
}

func planText(pp PlannedPhase) string {
	f := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.DateOnly)
	}
	return f(pp.Starts) + "/" + f(pp.Ends)
}

// MovePhase moves a round to phase to, with an optional public note. Any
// phase may be chosen (moving back corrects a mistake and shows as such on
// the timeline), but not the current one. Organisers only.
func (s *Service) MovePhase(ctx context.Context, actor people.User, cycleID int64, to Phase, note string) (Cycle, error) {
	if err := people.MustRole(actor, people.RoleOrganiser); err != nil {
		return Cycle{}, err
	}
	if to.Index() < 0 {
		return Cycle{}, apperr.Field("phase", "Choose one of the round's phases")
	}
	note = strings.TrimSpace(normaliseNewlines(note))
	if err := noteRule.Check(note); err != nil {
		return Cycle{}, err
	}
	c, err := s.store.Cycle(ctx, cycleID)
	if err != nil {
		return Cycle{}, err
	}
	if c.Phase == to {
		return Cycle{}, apperr.Field("phase", "The round is already in this phase; choose another")
	}
	m := Move{CycleID: cycleID, From: c.Phase, To: to, ActorID: actor.ID, Note: note, At: s.now()}
	ev := s.event(actor, "cycle.phase", audit.ObjectRef("cycle", cycleID), map[string]string{"from": string(m.From), "to": string(m.To), "note": note})
	if err := s.store.MovePhase(ctx, &m, ev); err != nil {
		return Cycle{}, err
	}
	s.changed(ctx, cycleID)
	return s.store.Cycle(ctx, cycleID)
}

// changed forgets the round here and tells others it changed.
func (s *Service) changed(ctx context.Context, cycleID int64) {
	s.Forget(cycleID)
	if s.cfg.Changed != nil {
		s.cfg.Changed(ctx, cycleID)
	}
}

// Cycle returns a round as stored now.
func (s *Service) Cycle(ctx context.Context, cycleID int64) (Cycle, error) {
	return s.store.Cycle(ctx, cycleID)
}

// Cached returns a round from a short-lived cache (Config.CacheTTL), for
// hot paths such as the phase gate on every support.
func (s *Service) Cached(ctx context.Context, cycleID int64) (Cycle, error) {
	now := time.Now()
	s.mu.Lock()
	e, ok := s.cache[cycleID]
	s.mu.Unlock()
	if ok && now.Sub(e.fetched) < s.cfg.CacheTTL {
		return e.c, nil
	}
	c, err := s.store.Cycle(ctx, cycleID)
	if err != nil {
		return c, err
	}
	s.mu.Lock()
	if len(s.cache) > 1000 {
		clear(s.cache)
	}
	s.cache[cycleID] = cached{c, now}
	s.mu.Unlock()
	return c, nil
}

// Forget drops a round from the cache (0: every round), so that the next
// Cached reads it again. Call it when another process reports a change.
func (s *Service) Forget(cycleID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if cycleID == 0 {
		clear(s.cache)
		return
	}
	delete(s.cache, cycleID)
}

// Gate returns nil when the current phase of round cycleID allows a, else
// an apperr.Conflict saying why (see Check). It reads the round from the
// cache.
func (s *Service) Gate(ctx context.Context, cycleID int64, a Action) error {
	c, err := s.Cached(ctx, cycleID)
	if err != nil {
		return err
	}
	return Check(c, a)
}

// Cycles lists rounds (of one programme; 0: every programme's), newest
// first.
func (s *Service) Cycles(ctx context.Context, programmeID int64) ([]Cycle, error) {
	return s.store.Cycles(ctx, programmeID)
}

// Current returns the round to show first: the newest round that is not
// finished, else the newest round. NotFound when there is none.
func (s *Service) Current(ctx context.Context) (Cycle, error) {
	cs, err := s.store.Cycles(ctx, 0)
	if err != nil {
		return Cycle{}, err
	}
	if len(cs) == 0 {
		return Cycle{}, apperr.New(apperr.NotFound, "There is no round yet.")
	}
	for _, c := range cs {
		if !c.Finished() {
			return c, nil
		}
	}
	return cs[0], nil
}

// Timeline returns a round's moves, oldest first.
func (s *Service) Timeline(ctx context.Context, cycleID int64) ([]Move, error) {
	return s.store.Moves(ctx, cycleID)
}

// ---- followers ----

// Follow subscribes the actor to a round's news (idempotent).
func (s *Service) Follow(ctx context.Context, actor people.User, cycleID int64) (bool, error) {
	if !actor.SignedIn() {
		return false, apperr.New(apperr.Unauthenticated, "Sign in to follow a round.")
	}
	return s.store.AddCycleFollow(ctx, cycleID, actor.ID, s.event(actor, "cycle.follow", audit.ObjectRef("cycle", cycleID), nil))
}

// Unfollow unsubscribes the actor (idempotent).
func (s *Service) Unfollow(ctx context.Context, actor people.User, cycleID int64) (bool, error) {
	if !actor.SignedIn() {
		return false, apperr.New(apperr.Unauthenticated, "Sign in to stop following a round.")
	}
	return s.store.RemoveCycleFollow(ctx, cycleID, actor.ID, s.event(actor, "cycle.unfollow", audit.ObjectRef("cycle", cycleID), nil))
}

// Following reports whether the actor follows the round (false for readers
// who have not signed in).
func (s *Service) Following(ctx context.Context, actor people.User, cycleID int64) (bool, error) {
	if !actor.SignedIn() {
		return false, nil
	}
	return s.store.FollowsCycle(ctx, cycleID, actor.ID)
}

// Followers returns the ids of the people following a round.
func (s *Service) Followers(ctx context.Context, cycleID int64) ([]int64, error) {
	return s.store.CycleFollowers(ctx, cycleID)
}
