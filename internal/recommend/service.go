package recommend

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/assembly"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/jury"
	"github.com/folkmoot/folkmoot/internal/people"
)

// Audit actions.
//
//	recommend.threshold  object cycle:N, details threshold
//	recommend.draft      object rec:N, details theme, kind
//	recommend.edit       object rec:N, details version
//	recommend.amend      object rec:N, details amendment
//	recommend.accept     object rec:N, details amendment, version
//	recommend.decline    object rec:N, details amendment
//	recommend.minority   object rec:N, details signed (yes/no)
//	recommend.open       object cycle:N
//	recommend.vote       object cycle:N (the actor voted; never how, never the receipt)
//	recommend.close      object cycle:N, details ballots (the number of voters)
const (
	ActionThreshold = "recommend.threshold"
	ActionDraft     = "recommend.draft"
	ActionEdit      = "recommend.edit"
	ActionAmend     = "recommend.amend"
	ActionAccept    = "recommend.accept"
	ActionDecline   = "recommend.decline"
	ActionMinority  = "recommend.minority"
	ActionOpen      = "recommend.open"
	ActionVote      = "recommend.vote"
	ActionClose     = "recommend.close"
)

// Rounds reads rounds (*cycle.Service).
type Rounds interface {
	Cycle(ctx context.Context, cycleID int64) (cycle.Cycle, error)
}

// Agendas reads a round's published agenda (*jury.Service).
type Agendas interface {
	Agenda(ctx context.Context, cycleID int64) (jury.Agenda, error)
}

// Members says who takes part in a round's assembly (*assembly.Service).
type Members interface {
	RolesOf(ctx context.Context, cycleID, userID int64) ([]assembly.Role, error)
}

// Config holds the service's settings; the zero value is usable.
type Config struct {
	Now func() time.Time
}

// Service applies the rules of recommendations over a Store.
type Service struct {
	store   Store
	rounds  Rounds
	agendas Agendas
	members Members
	now     func() time.Time

	// counted keeps each closed round's count (see Results). Once a vote
	// is closed nothing changes its items, ballots or threshold (every
	// change needs the round drafting or voting, and no round leaves
	// Closed), so it is counted once per process, not on every read: an
	// issue's trace, the Board's pages and the feeds all read it.
	mu      sync.Mutex
	counted map[int64]count
}

// count is a closed round's count, as Results returns it.
type count struct {
	closed  time.Time
	results []Result
	ballots []Ballot
}

// NewService returns a Service.
func NewService(s Store, rounds Rounds, agendas Agendas, members Members, cfg Config) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Service{store: s, rounds: rounds, agendas: agendas, members: members, now: cfg.Now, counted: map[int64]count{}}
}

func (s *Service) at() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

func (s *Service) event(actor people.User, action, kind string, id int64, details map[string]string) audit.Event {
	return audit.Event{Time: s.at(), Actor: people.ActorOf(actor), Action: action, Object: audit.ObjectRef(kind, id), Details: details}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// gate checks the round's phase allows a.
func (s *Service) gate(ctx context.Context, cycleID int64, a cycle.Action) (cycle.Cycle, error) {
	c, err := s.rounds.Cycle(ctx, cycleID)
	if err != nil {
		return c, err
	}
	return c, cycle.Check(c, a)
}

// Round returns a round's settings; a round without any gets the defaults.
func (s *Service) Round(ctx context.Context, cycleID int64) (Round, error) {
	r, err := s.store.RecRound(ctx, cycleID)
	if apperr.Is(err, apperr.NotFound) {
		if _, err := s.rounds.Cycle(ctx, cycleID); err != nil {
			return Round{}, err
		}
		return Round{CycleID: cycleID, Threshold: DefaultThreshold, Status: Drafting}, nil
	}
	return r, err
}

func (s *Service) saveRound(ctx context.Context, r Round, from Status, ev audit.Event) error {
	r.Updated = ev.Time
	if _, err := s.store.RecRound(ctx, r.CycleID); apperr.Is(err, apperr.NotFound) {
		from = ""
	}
	return s.store.SaveRecRound(ctx, r, from, ev)
}

// roles returns actor's parts in the round's assembly.
func (s *Service) roles(ctx context.Context, actor people.User, cycleID int64) ([]assembly.Role, error) {
	if !actor.SignedIn() || s.members == nil {
		return nil, nil
	}
	return s.members.RolesOf(ctx, cycleID, actor.ID)
}

// IsMember reports whether actor is a member of the round's assembly.
func (s *Service) IsMember(ctx context.Context, actor people.User, cycleID int64) (bool, error) {
	rs, err := s.roles(ctx, actor, cycleID)
	return slices.Contains(rs, assembly.Member), err
}

// CanDraft reports whether actor may draft: members, facilitators and organisers.
func (s *Service) CanDraft(ctx context.Context, actor people.User, cycleID int64) (bool, error) {
	if actor.Has(people.RoleOrganiser) {
		return true, nil
	}
	rs, err := s.roles(ctx, actor, cycleID)
	return slices.Contains(rs, assembly.Member) || slices.Contains(rs, assembly.Facilitator), err
}

// CanDecide reports whether actor may accept or decline amendments:
// organisers and facilitators.
func (s *Service) CanDecide(ctx context.Context, actor people.User, cycleID int64) (bool, error) {
	if actor.Has(people.RoleOrganiser) {
		return true, nil
	}
	rs, err := s.roles(ctx, actor, cycleID)
	return slices.Contains(rs, assembly.Facilitator), err
}

func (s *Service) drafting(ctx context.Context, cycleID int64) error {
	if _, err := s.gate(ctx, cycleID, cycle.DraftRecs); err != nil {
		return err
	}
	r, err := s.Round(ctx, cycleID)
	if err != nil {
		return err
	}
	if r.Status != Drafting {
		return apperr.New(apperr.Conflict, "The recommendations can be changed only until the vote opens.")
	}
	return nil
}

func cleanText(field, s string) (string, error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	switch {
	case s == "":
		return s, apperr.Field(field, "Enter the text")
	case len([]rune(s)) > MaxText:
		return s, apperr.Field(field, "The text must be 4,000 characters or fewer")
	}
	return s, nil
}

// SetThreshold sets the share of agree and strongly agree a
// recommendation needs to pass. Organisers, before the vote opens.
func (s *Service) SetThreshold(ctx context.Context, actor people.User, cycleID int64, threshold float64) (Round, error) {
	if err := people.MustRole(actor, people.RoleOrganiser); err != nil {
		return Round{}, err
	}
	if err := s.drafting(ctx, cycleID); err != nil {
		return Round{}, err
	}
	if threshold < 0.5 || threshold > 1 {
		return Round{}, apperr.Field("threshold", "Enter a threshold from 50%% to 100%%")
	}
	r, err := s.Round(ctx, cycleID)
	if err != nil {
		return r, err
	}
	r.Threshold = float64(int(threshold*1000+0.5)) / 1000
	ev := s.event(actor, ActionThreshold, "cycle", cycleID, map[string]string{"threshold": strconv.FormatFloat(r.Threshold, 'f', -1, 64)})
	return r, s.saveRound(ctx, r, r.Status, ev)
}

// Draft is a new item.
type Draft struct {
	ThemeID int64
	GroupID int64
	Kind    Kind
	Text    string
	Method  string   // Choice
	Options []string // Choice
}

// Create drafts a new item under an agenda theme. Members, facilitators
// and organisers, in the Meetings or Recommendations phase, before the vote.
func (s *Service) Create(ctx context.Context, actor people.User, cycleID int64, d Draft) (Item, error) {
	if err := people.MustSignIn(actor); err != nil {
		return Item{}, err
	}
	if ok, err := s.CanDraft(ctx, actor, cycleID); err != nil || !ok {
		return Item{}, errors.Join(err, forbidden(ok))
	}
	if err := s.drafting(ctx, cycleID); err != nil {
		return Item{}, err
	}
	ag, err := s.agendas.Agenda(ctx, cycleID)
	if err != nil {
		return Item{}, err
	}
	it := Item{CycleID: cycleID, ThemeID: d.ThemeID, GroupID: d.GroupID, Kind: d.Kind}
	for _, c := range ag.Chosen {
		if c.Theme.ThemeID == d.ThemeID {
			it.ThemeTitle = c.Theme.Title
		}
	}
	var errs []error
	if it.ThemeTitle == "" {
		errs = append(errs, apperr.Field("theme", "Choose a theme of the agenda"))
	}
	text, err := cleanText("text", d.Text)
	errs = append(errs, err)
	switch d.Kind {
	case Agreement:
	case Choice:
		it.Method = d.Method
		if it.Method == "" {
			it.Method = DefaultMethod
		}
		if !slices.Contains(RankedMethods, it.Method) {
			errs = append(errs, apperr.Field("method", "Choose a counting method from the list"))
		}
		for _, o := range d.Options {
			if o = strings.Join(strings.Fields(o), " "); o != "" {
				it.Options = append(it.Options, o)
			}
		}
		if len(it.Options) < 2 || len(it.Options) > MaxOptions || hasDuplicate(it.Options) {
			errs = append(errs, apperr.Field("options", "Give from 2 to 10 different options, one a line"))
		}
	default:
		errs = append(errs, apperr.Field("kind", "Choose a recommendation or a question with options"))
	}
	if err := errors.Join(errs...); err != nil {
		return Item{}, err
	}
	it.Versions = []Version{{Number: 1, Text: text, At: s.at()}}
	it.Updated = s.at()
	ev := s.event(actor, ActionDraft, "cycle", cycleID, map[string]string{"theme": itoa(d.ThemeID), "kind": string(d.Kind)})
	id, err := s.store.AddRecItem(ctx, it, ev)
	it.ID = id
	return it, err
}

func hasDuplicate(xs []string) bool {
	seen := map[string]bool{}
	for _, x := range xs {
		if seen[strings.ToLower(x)] {
			return true
		}
		seen[strings.ToLower(x)] = true
	}
	return false
}

func forbidden(ok bool) error {
	if ok {
		return nil
	}
	return apperr.New(apperr.Forbidden, "Only the assembly's members, facilitators and organisers can do this.")
}

// Item returns one item.
func (s *Service) Item(ctx context.Context, itemID int64) (Item, error) {
	return s.store.RecItem(ctx, itemID)
}

// Items returns a round's items.
func (s *Service) Items(ctx context.Context, cycleID int64) ([]Item, error) {
	return s.store.RecItems(ctx, cycleID)
}

func (s *Service) change(ctx context.Context, actor people.User, itemID int64, who func(context.Context, people.User, int64) (bool, error), f func(*Item) (audit.Event, error)) (Item, error) {
	if err := people.MustSignIn(actor); err != nil {
		return Item{}, err
	}
	it, err := s.store.RecItem(ctx, itemID)
	if err != nil {
		return it, err
	}
	if ok, err := who(ctx, actor, it.CycleID); err != nil || !ok {
		return it, errors.Join(err, forbidden(ok))
	}
	if err := s.drafting(ctx, it.CycleID); err != nil {
		return it, err
	}
	prev := it.Updated
	ev, err := f(&it)
	if err != nil {
		return it, err
	}
	it.Updated = s.at()
	if !it.Updated.After(prev) {
		it.Updated = prev.Add(time.Microsecond)
	}
	return it, s.store.SaveRecItem(ctx, it, prev, ev)
}

// Edit makes a new version of an item's text. Members, facilitators and
// organisers, before the vote.
func (s *Service) Edit(ctx context.Context, actor people.User, itemID int64, text, note string) (Item, error) {
	return s.change(ctx, actor, itemID, s.CanDraft, func(it *Item) (audit.Event, error) {
		t, err := cleanText("text", text)
		if err != nil {
			return audit.Event{}, err
		}
		if t == it.Text() {
			return audit.Event{}, apperr.Field("text", "The text has not changed")
		}
		n := it.Version() + 1
		it.Versions = append(it.Versions, Version{Number: n, Text: t, Note: strings.TrimSpace(note), At: s.at()})
		return s.event(actor, ActionEdit, "rec", it.ID, map[string]string{"version": strconv.Itoa(n)}), nil
	})
}

// Amend proposes new text for an item. Members, before the vote.
func (s *Service) Amend(ctx context.Context, actor people.User, itemID int64, text, why string) (Item, error) {
	return s.change(ctx, actor, itemID, s.IsMember, func(it *Item) (audit.Event, error) {
		t, err := cleanText("amendment", text)
		if err != nil {
			return audit.Event{}, err
		}
		n := len(it.Amendments) + 1
		it.Amendments = append(it.Amendments, Amendment{Number: n, Text: t, Why: strings.TrimSpace(why), By: actor.ID, Status: Proposed, At: s.at()})
		return s.event(actor, ActionAmend, "rec", it.ID, map[string]string{"amendment": strconv.Itoa(n)}), nil
	})
}

// Decide accepts an amendment (its text becomes a new version) or
// declines it with a reason. Organisers and facilitators, before the vote.
func (s *Service) Decide(ctx context.Context, actor people.User, itemID int64, number int, accept bool, reason string) (Item, error) {
	return s.change(ctx, actor, itemID, s.CanDecide, func(it *Item) (audit.Event, error) {
		if number < 1 || number > len(it.Amendments) || it.Amendments[number-1].Status != Proposed {
			return audit.Event{}, apperr.New(apperr.Conflict, "That amendment has already been decided.")
		}
		a := &it.Amendments[number-1]
		if !accept {
			reason = strings.TrimSpace(reason)
			if reason == "" {
				return audit.Event{}, apperr.Field("reason", "Say why the amendment is declined")
			}
			a.Status, a.Reason = Declined, reason
			return s.event(actor, ActionDecline, "rec", it.ID, map[string]string{"amendment": strconv.Itoa(number)}), nil
		}
		v := it.Version() + 1
		a.Status, a.Version = Accepted, v
		it.Versions = append(it.Versions, Version{Number: v, Text: a.Text, Note: "amendment " + strconv.Itoa(number), At: s.at()})
		return s.event(actor, ActionAccept, "rec", it.ID, map[string]string{"amendment": strconv.Itoa(number), "version": strconv.Itoa(v)}), nil
	})
}

// AddMinorityView attaches a minority view to an item, signed with the
// actor's display name or anonymous. Members, before the vote.
func (s *Service) AddMinorityView(ctx context.Context, actor people.User, itemID int64, text string, signed bool) (Item, error) {
	return s.change(ctx, actor, itemID, s.IsMember, func(it *Item) (audit.Event, error) {
		t, err := cleanText("view", text)
		if err != nil {
			return audit.Event{}, err
		}
		mv := MinorityView{Text: t, At: s.at()}
		if signed {
			if mv.Signed = strings.TrimSpace(actor.DisplayName); mv.Signed == "" {
				return audit.Event{}, apperr.Field("signed", "Choose a display name on your account page to sign a view")
			}
		}
		it.Minority = append(it.Minority, mv)
		return s.event(actor, ActionMinority, "rec", it.ID, map[string]string{"signed": map[bool]string{true: "yes", false: "no"}[signed]}), nil
	})
}

// OpenVote opens the vote. Organisers, in the Recommendations phase, with
// at least one item.
func (s *Service) OpenVote(ctx context.Context, actor people.User, cycleID int64) error {
	if err := people.MustRole(actor, people.RoleOrganiser); err != nil {
		return err
	}
	if _, err := s.gate(ctx, cycleID, cycle.RecommendVote); err != nil {
		return err
	}
	r, err := s.Round(ctx, cycleID)
	if err != nil {
		return err
	}
	if r.Status != Drafting {
		return apperr.New(apperr.Conflict, "The vote is already open or closed.")
	}
	its, err := s.store.RecItems(ctx, cycleID)
	if err != nil {
		return err
	}
	if len(its) == 0 {
		return apperr.New(apperr.Conflict, "Draft at least one recommendation before opening the vote.")
	}
	ev := s.event(actor, ActionOpen, "cycle", cycleID, nil)
	r.Status, r.Opened = Voting, ev.Time
	return s.saveRound(ctx, r, Drafting, ev)
}

// HasVoted reports whether actor has voted in the round.
func (s *Service) HasVoted(ctx context.Context, actor people.User, cycleID int64) (bool, error) {
	if !actor.SignedIn() {
		return false, nil
	}
	return s.store.HasVotedRec(ctx, cycleID, actor.ID)
}

// Voters returns how many members have voted.
func (s *Service) Voters(ctx context.Context, cycleID int64) (int, error) {
	return s.store.RecVoters(ctx, cycleID)
}

// ParseRanks checks a ranking given as one rank per option (0: not
// ranked) and returns it as option numbers, most preferred first: "3>1>2".
// Field errors name field.
func ParseRanks(field string, ranks []int, options int) (string, error) {
	if len(ranks) != options {
		return "", apperr.Field(field, "Rank the options")
	}
	at := make([]int, options+1)
	ranked := 0
	for i, r := range ranks {
		switch {
		case r == 0:
			continue
		case r < 0 || r > options:
			return "", apperr.Field(field, "Choose a rank from the list")
		case at[r] != 0:
			return "", apperr.Field(field, "You gave two options the same rank. Give each rank to one option only")
		}
		at[r] = i + 1
		ranked++
	}
	if ranked == 0 {
		return "", apperr.Field(field, "Rank at least one option")
	}
	var out []string
	for r := 1; r <= ranked; r++ {
		if at[r] == 0 {
			return "", apperr.Field(field, "Give the ranks in order from 1st, without gaps")
		}
		out = append(out, strconv.Itoa(at[r]))
	}
	return strings.Join(out, ">"), nil
}

// Vote records actor's answers, one for every item of the round, and
// returns the receipt code (shown once, never stored with the voter).
// Members only, once, while the vote is open. Who voted and the ballots
// are stored apart (see Store.CastRecBallots); the audit entry says only
// that the actor voted.
func (s *Service) Vote(ctx context.Context, actor people.User, cycleID int64, answers []Answer) (string, error) {
	if !actor.SignedIn() {
		return "", apperr.New(apperr.Unauthenticated, "Sign in to vote.")
	}
	if _, err := s.gate(ctx, cycleID, cycle.RecommendVote); err != nil {
		return "", err
	}
	member, err := s.IsMember(ctx, actor, cycleID)
	if err != nil {
		return "", err
	}
	if !member {
		return "", apperr.New(apperr.Forbidden, "Only the assembly's members can vote on its recommendations.")
	}
	r, err := s.Round(ctx, cycleID)
	if err != nil {
		return "", err
	}
	if r.Status != Voting {
		return "", apperr.New(apperr.Conflict, "The vote on the recommendations is not open.")
	}
	if voted, err := s.store.HasVotedRec(ctx, cycleID, actor.ID); err != nil || voted {
		return "", errors.Join(err, map[bool]error{true: apperr.New(apperr.Conflict, "You have already voted. Each member votes once.")}[voted])
	}
	its, err := s.store.RecItems(ctx, cycleID)
	if err != nil {
		return "", err
	}
	byID := map[int64]Answer{}
	for _, a := range answers {
		byID[a.ItemID] = a
	}
	code := NewReceipt()
	var bs []Ballot
	var errs []error
	for _, it := range its {
		a := byID[it.ID]
		field := "item-" + itoa(it.ID)
		b := Ballot{ID: newBallotID(), Receipt: code + "-" + itoa(it.ID), ItemID: it.ID}
		switch it.Kind {
		case Choice:
			if b.Choice, err = ParseRanks(field, a.Ranks, len(it.Options)); err != nil {
				errs = append(errs, err)
			}
		default:
			if !slices.Contains(Scale, a.Choice) {
				errs = append(errs, apperr.Field(field, "Choose how much you agree"))
			}
			b.Choice = a.Choice
		}
		bs = append(bs, b)
	}
	if err := errors.Join(errs...); err != nil {
		return "", err
	}
	// The ballots are handed over in the order of their random ids.
	slices.SortFunc(bs, func(a, b Ballot) int { return strings.Compare(a.ID, b.ID) })
	if err := s.store.CastRecBallots(ctx, cycleID, actor.ID, bs, s.event(actor, ActionVote, "cycle", cycleID, nil)); err != nil {
		return "", err
	}
	return code, nil
}

func newBallotID() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// receiptAlphabet has no 0/O or 1/I, so a code read aloud or copied by
// hand is not mistaken.
const receiptAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// NewReceipt returns a random receipt code: 12 characters, 60 bits.
func NewReceipt() string {
	var b [12]byte
	rand.Read(b[:])
	for i := range b {
		b[i] = receiptAlphabet[b[i]%32]
	}
	return string(b[:])
}

// NormaliseReceipt makes a typed receipt code comparable: upper case,
// without spaces or dashes.
func NormaliseReceipt(code string) string {
	return strings.NewReplacer(" ", "", "-", "").Replace(strings.ToUpper(strings.TrimSpace(code)))
}

// CloseVote closes the vote; the results are then published. Organisers,
// in the Recommendations phase, with at least one vote.
func (s *Service) CloseVote(ctx context.Context, actor people.User, cycleID int64) (Round, error) {
	if err := people.MustRole(actor, people.RoleOrganiser); err != nil {
		return Round{}, err
	}
	if _, err := s.gate(ctx, cycleID, cycle.RecommendVote); err != nil {
		return Round{}, err
	}
	r, err := s.Round(ctx, cycleID)
	if err != nil {
		return r, err
	}
	if r.Status != Voting {
		return r, apperr.New(apperr.Conflict, "The vote on the recommendations is not open.")
	}
	n, err := s.store.RecVoters(ctx, cycleID)
	if err != nil {
		return r, err
	}
	if n == 0 {
		return r, apperr.New(apperr.Conflict, "No member has voted yet: the vote can be closed once at least one has.")
	}
	ev := s.event(actor, ActionClose, "cycle", cycleID, map[string]string{"ballots": strconv.Itoa(n)})
	r.Status, r.Closed = Closed, ev.Time
	return r, s.saveRound(ctx, r, Voting, ev)
}

// Receipt returns the ballots recorded under a receipt code, by item id;
// NotFound when none.
func (s *Service) Receipt(ctx context.Context, cycleID int64, code string) ([]Ballot, error) {
	code = NormaliseReceipt(code)
	if len(code) != 12 {
		return nil, apperr.New(apperr.NotFound, "No ballots were recorded under that receipt code.")
	}
	bs, err := s.store.RecBallots(ctx, cycleID)
	if err != nil {
		return nil, err
	}
	var out []Ballot
	for _, b := range bs {
		if strings.HasPrefix(b.Receipt, code+"-") {
			out = append(out, b)
		}
	}
	if len(out) == 0 {
		return nil, apperr.New(apperr.NotFound, "No ballots were recorded under that receipt code.")
	}
	slices.SortFunc(out, func(a, b Ballot) int { return int(a.ItemID - b.ItemID) })
	return out, nil
}

// Results returns a closed round's items, ballots (by receipt) and
// counts; NotFound before the vote is closed. The round is read each
// time; the count is made once per closed round and kept. The ballots
// are shared by every caller: read them, never change them.
func (s *Service) Results(ctx context.Context, cycleID int64) (Round, []Result, []Ballot, error) {
	r, err := s.store.RecRound(ctx, cycleID)
	if err != nil {
		return r, nil, nil, err
	}
	if r.Status != Closed {
		return r, nil, nil, apperr.New(apperr.NotFound, "The vote on the recommendations has not closed yet.")
	}
	s.mu.Lock()
	c, ok := s.counted[cycleID]
	s.mu.Unlock()
	if ok && c.closed.Equal(r.Closed) {
		return r, slices.Clone(c.results), c.ballots, nil
	}
	its, err := s.store.RecItems(ctx, cycleID)
	if err != nil {
		return r, nil, nil, err
	}
	bs, err := s.store.RecBallots(ctx, cycleID)
	if err != nil {
		return r, nil, nil, err
	}
	res, err := CountAll(r.Threshold, its, bs)
	if err != nil {
		return r, nil, nil, err
	}
	slices.SortFunc(bs, func(a, b Ballot) int { return strings.Compare(a.Receipt, b.Receipt) })
	s.mu.Lock()
	s.counted[cycleID] = count{closed: r.Closed, results: res, ballots: bs}
	s.mu.Unlock()
	return r, slices.Clone(res), bs, nil
}

// Links returns what the round has published, as paths on the site (for
// /cycles.json's "links").
func (s *Service) Links(ctx context.Context, cycleID int64) (map[string]string, error) {
	r, err := s.store.RecRound(ctx, cycleID)
	if apperr.Is(err, apperr.NotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	base := "/cycles/" + itoa(cycleID) + "/recommendations"
	out := map[string]string{"recommendations": base}
	if r.Status != Closed {
		return out, nil
	}
	out["recommendations.json"] = base + ".json"
	out["recommendations/ballots.csv"] = base + "/ballots.csv"
	its, err := s.store.RecItems(ctx, cycleID)
	for _, it := range its {
		if it.Kind == Choice {
			out["recommendations/"+itoa(it.ID)+"/ballots.blt"] = base + "/" + itoa(it.ID) + "/ballots.blt"
		}
	}
	return out, err
}
