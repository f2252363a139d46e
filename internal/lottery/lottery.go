package lottery

import (
	"context"
	"log/slog"
	"strconv"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/jobs"
	"github.com/folkmoot/folkmoot/internal/mail"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/recruit"
)

// State is where a round's selection is.
type State string

// The states, in order. Running and Drawing are background jobs.
const (
	Draft     State = "draft"     // quotas being set; nothing run yet
	Running   State = "running"   // the selection job computes the lottery
	Failed    State = "failed"    // the last run failed (Error says why); quotas can change and it can run again
	Ready     State = "ready"     // the lottery is computed: the report can be reviewed, the run repeated
	Announced State = "announced" // the ticket list's hash and the public source are published: nothing can change
	Drawing   State = "drawing"   // the draw job repeats the run with the public seed
	Drawn     State = "drawn"     // the panel and the reserves are known
)

// Quota is the target of one value of one category.
type Quota struct {
	Category string  `json:"category"`
	Value    string  `json:"value"`
	Min      int     `json:"min"`
	Max      int     `json:"max"`
	Census   float64 `json:"census"` // share of the population, 0..1 (0: unknown)
}

// Replacement is a decliner replaced by a reserve.
type Replacement struct {
	Out string    `json:"out"`
	In  string    `json:"in"`
	At  time.Time `json:"at"`
}

// Selection is a round's selection of its assembly.
type Selection struct {
	CycleID   int64
	PanelSize int
	Algorithm string // "leximin" by default
	Tickets   int    // the lottery's M
	Seed      string // the private seed of the run, published with the list
	Quotas    []Quota
	State     State
	Run       int   // how many runs were started (the job key's number)
	JobID     int64 // the running or last job
	Error     string
	// After a run: the ticket list's hash.
	ListHash string
	// After the announcement: the public random source in words.
	Source      string
	AnnouncedAt time.Time
	// After the draw.
	PublicSeed   string
	Ticket       int
	Selected     []string // ticket's panel, as drawn; never changes
	Reserves     []string // in order
	Replacements []Replacement
	DrawnAt      time.Time
	Updated      time.Time
}

// MemberStatus is where a person drawn is.
type MemberStatus string

// The statuses of a member.
const (
	MemberDrawn MemberStatus = "drawn"     // drawn, not yet invited
	Invited     MemberStatus = "invited"   // invitation sent (or posted)
	Confirmed   MemberStatus = "confirmed" // said yes
	Declined    MemberStatus = "declined"  // said no (or the organiser recorded it)
	Replaced    MemberStatus = "replaced"  // declined and replaced by a reserve
)

// Member is a person on the panel (drawn, or a reserve who replaced
// someone).
type Member struct {
	CycleID   int64
	ID        string // pseudonymous id, as in people.csv
	Position  int    // 1-based order: the drawn panel first, then replacements
	Status    MemberStatus
	Reserve   bool   // came from the reserve list
	TokenHash string // sha256 hex of the invitation link's token ("" until invited)
	Updated   time.Time
}

// Current reports whether the member is (still) on the assembly.
func (m Member) Current() bool { return m.Status != Declined && m.Status != Replaced }

// File is a stored file of a selection.
type File struct {
	Name string
	Data []byte
}

// Change is one write to the store: the selection (upserted) when its
// stored state is one of From (no stored selection counts as Draft), the
// files it adds or replaces, the members it adds or changes, and the audit
// event, all in one transaction. A stored state not in From is an
// apperr.Conflict and nothing is written.
type Change struct {
	Selection Selection
	From      []State
	Files     []File
	Members   []Member
	Event     audit.Event
}

// Store keeps selections (internal/storage/sqlstore implements it on both
// databases).
type Store interface {
	// Selection returns a round's selection (apperr.NotFound if none).
	Selection(ctx context.Context, cycleID int64) (Selection, error)
	// SaveSelection writes c in one transaction (see Change).
	SaveSelection(ctx context.Context, c Change) error
	// SelectionFile returns a stored file (apperr.NotFound if none).
	SelectionFile(ctx context.Context, cycleID int64, name string) ([]byte, error)
	// SelectionMembers returns a round's members by position.
	SelectionMembers(ctx context.Context, cycleID int64) ([]Member, error)
	// SelectionMemberByToken finds the member whose token hashes to
	// tokenHash (apperr.NotFound if none).
	SelectionMemberByToken(ctx context.Context, tokenHash string) (Member, error)
}

// Pools reads the recruitment pool of a round (internal/recruit's
// service satisfies it; the contract is recruit.Pool).
type Pools interface {
	Pool(ctx context.Context, actor people.User, cycleID int64) (recruit.Pool, error)
	Contact(ctx context.Context, actor people.User, cycleID int64, memberID string) (recruit.Contact, error)
}

// Rounds reads rounds, for the phase gate (*cycle.Service).
type Rounds interface {
	Cycle(ctx context.Context, id int64) (cycle.Cycle, error)
}

// Queue enqueues the selection jobs (*jobs.Queue).
type Queue interface {
	Enqueue(ctx context.Context, r jobs.Request) (int64, error)
}

// Mailer queues an email under a unique key (*notify.Notifier).
type Mailer interface {
	Send(ctx context.Context, key string, m mail.Message) (int64, error)
}

// Config tunes a Service.
type Config struct {
	BaseURL string // for the links in invitations, without a trailing slash
	// Progress, if set, is told of a running job's progress (the live
	// broker's topic Topic(cycleID)).
	Progress func(ctx context.Context, cycleID int64, p Progress)
	// Changed, if set, is told after every change of a round's selection.
	Changed func(ctx context.Context, cycleID int64)
	Log     *slog.Logger
	Now     func() time.Time
	// Tickets is the default number of lottery tickets; 0 means 1000.
	Tickets int
	// NewSeed returns the private seed of a run (a decimal uint64); nil
	// draws one from crypto/rand. Tests fix it.
	NewSeed func() string
}

// Service is the selection of assemblies. It is safe for concurrent use.
type Service struct {
	store  Store
	rounds Rounds
	pools  Pools
	queue  Queue
	mailer Mailer
	cfg    Config
}

// New returns a Service. pools, queue and mailer may be nil (no pool: a
// run is refused; no queue: runs are refused; no mailer: invitations are
// recorded but not emailed).
func New(st Store, rounds Rounds, pools Pools, queue Queue, mailer Mailer, cfg Config) *Service {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Tickets <= 0 {
		cfg.Tickets = 1000
	}
	if cfg.NewSeed == nil {
		cfg.NewSeed = newSeed
	}
	return &Service{store: st, rounds: rounds, pools: pools, queue: queue, mailer: mailer, cfg: cfg}
}

// Topic is the live topic of a round's selection: its job's progress and
// its changes (data: a small JSON Progress).
func Topic(cycleID int64) string { return "selection:" + strconv.FormatInt(cycleID, 10) }

// Progress is a running selection job's progress.
type Progress struct {
	State   State   `json:"state"`
	Phase   string  `json:"phase"`   // the engine's phase ("feasibility", "leximin", ...)
	Round   int     `json:"round"`   // the engine's round
	Panels  int     `json:"panels"`  // panels found so far
	Seconds float64 `json:"seconds"` // since the job began
}

func (s *Service) now() time.Time { return s.cfg.Now().UTC().Truncate(time.Microsecond) }

func (s *Service) event(actor people.User, action string, cycleID int64, details map[string]string) audit.Event {
	return audit.Event{Time: s.now(), Actor: people.ActorOf(actor), Action: action, Object: audit.ObjectRef("cycle", cycleID), Details: details}
}

func (s *Service) changed(ctx context.Context, cycleID int64) {
	if s.cfg.Changed != nil {
		s.cfg.Changed(ctx, cycleID)
	}
}

// organise checks that actor may run the round's selection now: an
// organiser (or administrator), and the round in its selection phase.
func (s *Service) organise(ctx context.Context, actor people.User, cycleID int64) (cycle.Cycle, error) {
	if err := people.MustRole(actor, people.RoleOrganiser); err != nil {
		return cycle.Cycle{}, err
	}
	c, err := s.rounds.Cycle(ctx, cycleID)
	if err != nil {
		return c, err
	}
	return c, cycle.Check(c, cycle.Select)
}

// Get returns a round's selection; a round without one has a Draft with
// no quotas (State Draft, PanelSize 0).
func (s *Service) Get(ctx context.Context, cycleID int64) (Selection, error) {
	sel, err := s.store.Selection(ctx, cycleID)
	if apperr.Is(err, apperr.NotFound) {
		return Selection{CycleID: cycleID, State: Draft, Algorithm: "leximin", Tickets: s.cfg.Tickets}, nil
	}
	return sel, err
}

// File returns a stored file of a round's selection, if it is published:
// the pool and the lottery once announced, the rest once drawn.
func (s *Service) File(ctx context.Context, cycleID int64, name string) ([]byte, error) {
	sel, err := s.Get(ctx, cycleID)
	if err != nil {
		return nil, err
	}
	if !Published(sel, name) {
		return nil, apperr.New(apperr.NotFound, "This file is not published.")
	}
	if name == "result.json" {
		return s.resultJSON(ctx, sel)
	}
	return s.store.SelectionFile(ctx, cycleID, name)
}

// Report returns a stored file for the organisers' report (chart.svg,
// quotas.csv, probabilities.csv, ...) before it is published.
func (s *Service) Report(ctx context.Context, actor people.User, cycleID int64, name string) ([]byte, error) {
	if err := people.MustRole(actor, people.RoleOrganiser); err != nil {
		return nil, err
	}
	return s.store.SelectionFile(ctx, cycleID, name)
}

// Members returns the people drawn and their status, by position.
func (s *Service) Members(ctx context.Context, cycleID int64) ([]Member, error) {
	return s.store.SelectionMembers(ctx, cycleID)
}

// Assembly returns the pseudonymous ids of the assembly's current members
// (drawn or replacing someone, not declined), in order: what the assembly
// (issue 14) reads.
func (s *Service) Assembly(ctx context.Context, cycleID int64) ([]string, error) {
	ms, err := s.store.SelectionMembers(ctx, cycleID)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, m := range ms {
		if m.Current() {
			out = append(out, m.ID)
		}
	}
	return out, nil
}

// ConfirmedEmails returns the email addresses of the members who have
// confirmed their place (those who gave one), in order: what
// internal/assembly reads to name the assembly's members.
func (s *Service) ConfirmedEmails(ctx context.Context, cycleID int64) ([]string, error) {
	ms, err := s.store.SelectionMembers(ctx, cycleID)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, m := range ms {
		if m.Status != Confirmed {
			continue
		}
		c, err := s.pools.Contact(ctx, people.System, cycleID, m.ID)
		if err != nil {
			return nil, err
		}
		if c.Email != "" {
			out = append(out, c.Email)
		}
	}
	return out, nil
}

// Profiles returns the answers (category → value) of the members who
// have confirmed their place and gave an email address, keyed by that
// address normalised: how the assembly's discussion groups are balanced.
// It is for the server's own use (people.System reads the pool).
func (s *Service) Profiles(ctx context.Context, cycleID int64) (map[string]map[string]string, error) {
	ms, err := s.store.SelectionMembers(ctx, cycleID)
	if err != nil {
		return nil, err
	}
	pool, err := s.pools.Pool(ctx, people.System, cycleID)
	if err != nil {
		return nil, err
	}
	answers := make(map[string]map[string]string, len(pool.Members))
	for _, m := range pool.Members {
		answers[m.ID] = m.Answers
	}
	out := map[string]map[string]string{}
	for _, m := range ms {
		if m.Status != Confirmed || answers[m.ID] == nil {
			continue
		}
		c, err := s.pools.Contact(ctx, people.System, cycleID, m.ID)
		if err != nil {
			return nil, err
		}
		if e, err := people.NormaliseEmail(c.Email); err == nil {
			out[e] = answers[m.ID]
		}
	}
	return out, nil
}
