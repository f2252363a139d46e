package response

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/assembly"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/recommend"
)

// Audit actions (see the package comment for their objects and details).
const (
	ActionDeadline  = "response.deadline"
	ActionAnswer    = "response.answer"
	ActionStatuses  = "response.statuses"
	ActionCreate    = "commitment.create"
	ActionUpdate    = "commitment.update"
	ActionStocktake = "response.stocktake"
)

// Rounds reads rounds (*cycle.Service).
type Rounds interface {
	Cycle(ctx context.Context, cycleID int64) (cycle.Cycle, error)
}

// Results reads the members' vote on a round's recommendations
// (*recommend.Service); NotFound until the vote has closed.
type Results interface {
	Results(ctx context.Context, cycleID int64) (recommend.Round, []recommend.Result, []recommend.Ballot, error)
}

// Members says who takes part in a round's assembly (*assembly.Service).
type Members interface {
	RolesOf(ctx context.Context, cycleID, userID int64) ([]assembly.Role, error)
}

// Config holds the service's settings; the zero value is usable.
type Config struct {
	Now func() time.Time
}

// Service applies the rules of the response over a Store.
type Service struct {
	store   Store
	rounds  Rounds
	results Results
	members Members
	now     func() time.Time
}

// NewService returns a Service.
func NewService(s Store, rounds Rounds, results Results, members Members, cfg Config) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Service{store: s, rounds: rounds, results: results, members: members, now: cfg.Now}
}

func (s *Service) at() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

func (s *Service) event(actor people.User, action, kind string, id int64, details map[string]string) audit.Event {
	return audit.Event{Time: s.at(), Actor: people.ActorOf(actor), Action: action, Object: audit.ObjectRef(kind, id), Details: details}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func (s *Service) gate(ctx context.Context, cycleID int64, a cycle.Action) error {
	c, err := s.rounds.Cycle(ctx, cycleID)
	if err != nil {
		return err
	}
	return cycle.Check(c, a)
}

// Settings returns a round's settings; a round without any gets no
// deadline and the default statuses.
func (s *Service) Settings(ctx context.Context, cycleID int64) (Settings, error) {
	set, err := s.store.RespSettings(ctx, cycleID)
	if apperr.Is(err, apperr.NotFound) {
		if _, err := s.rounds.Cycle(ctx, cycleID); err != nil {
			return Settings{}, err
		}
		return Settings{CycleID: cycleID, Statuses: DefaultStatuses()}, nil
	}
	if err == nil && len(set.Statuses) == 0 {
		set.Statuses = DefaultStatuses()
	}
	return set, err
}

// Deadline returns the round's published response deadline; false when
// none is set.
func (s *Service) Deadline(ctx context.Context, cycleID int64) (time.Time, bool, error) {
	set, err := s.Settings(ctx, cycleID)
	return set.Deadline, err == nil && !set.Deadline.IsZero(), err
}

// SetDeadline publishes the round's response deadline. Organisers, in the
// Response and Follow-up phases.
func (s *Service) SetDeadline(ctx context.Context, actor people.User, cycleID int64, deadline time.Time) (Settings, error) {
	if err := people.MustRole(actor, people.RoleOrganiser); err != nil {
		return Settings{}, err
	}
	if err := s.gate(ctx, cycleID, cycle.Respond); err != nil {
		return Settings{}, err
	}
	if deadline.IsZero() {
		return Settings{}, apperr.Field("deadline", "Enter the date of the deadline, for example 2027-06-30")
	}
	set, err := s.Settings(ctx, cycleID)
	if err != nil {
		return set, err
	}
	set.Deadline = deadline.UTC().Truncate(time.Microsecond)
	ev := s.event(actor, ActionDeadline, "cycle", cycleID, map[string]string{"deadline": set.Deadline.Format(time.RFC3339)})
	set.Updated = ev.Time
	return set, s.store.SaveRespSettings(ctx, set, ev)
}

// SetStatuses changes the labels and default progress of the round's
// statuses; their keys stay. Organisers, in the Response and Follow-up
// phases.
func (s *Service) SetStatuses(ctx context.Context, actor people.User, cycleID int64, sts []Status) (Settings, error) {
	set, err := s.statusSettings(ctx, actor, cycleID)
	if err != nil {
		return set, err
	}
	given := map[string]Status{}
	for _, st := range sts {
		given[st.Key] = st
	}
	var errs []error
	for i, cur := range set.Statuses {
		st, ok := given[cur.Key]
		if !ok {
			continue
		}
		st.Label, st.LabelCy = oneLine(st.Label), oneLine(st.LabelCy)
		if st.Label == "" || len([]rune(st.Label)) > 60 || len([]rune(st.LabelCy)) > 60 {
			errs = append(errs, apperr.Field("label-"+cur.Key, "Enter a label of 60 characters or fewer"))
		}
		if !cur.Keep && (st.Progress < 0 || st.Progress > 100) {
			errs = append(errs, apperr.Field("progress-"+cur.Key, "Enter a progress from 0 to 100"))
		}
		set.Statuses[i].Label, set.Statuses[i].LabelCy = st.Label, st.LabelCy
		if !cur.Keep {
			set.Statuses[i].Progress = st.Progress
		}
	}
	if err := errors.Join(errs...); err != nil {
		return set, err
	}
	ev := s.event(actor, ActionStatuses, "cycle", cycleID, nil)
	set.Updated = ev.Time
	return set, s.store.SaveRespSettings(ctx, set, ev)
}

// statusSettings returns the round's settings for an organiser to change
// its statuses (cycle.Track).
func (s *Service) statusSettings(ctx context.Context, actor people.User, cycleID int64) (Settings, error) {
	if err := people.MustRole(actor, people.RoleOrganiser); err != nil {
		return Settings{}, err
	}
	if err := s.gate(ctx, cycleID, cycle.Track); err != nil {
		return Settings{}, err
	}
	return s.Settings(ctx, cycleID)
}

// MaxStatuses bounds a round's list of statuses.
const MaxStatuses = 12

// AddStatus adds a status to the round's list, before its last one (the
// defaults end with "Done"), keyed by a slug of its English label: either
// with a default progress, or (st.Keep) keeping the commitment's progress,
// like "Delayed". Organisers, cycle.Track; audited as response.statuses
// with details added.
func (s *Service) AddStatus(ctx context.Context, actor people.User, cycleID int64, st Status) (Settings, error) {
	set, err := s.statusSettings(ctx, actor, cycleID)
	if err != nil {
		return set, err
	}
	st.Label, st.LabelCy = oneLine(st.Label), oneLine(st.LabelCy)
	var errs []error
	if st.Label == "" || len([]rune(st.Label)) > 60 {
		errs = append(errs, apperr.Field("new-label", "Enter a label of 60 characters or fewer"))
	}
	if len([]rune(st.LabelCy)) > 60 {
		errs = append(errs, apperr.Field("new-label-cy", "Enter a label of 60 characters or fewer"))
	}
	if st.Keep {
		st.Progress = 0
	} else if st.Progress < 0 || st.Progress > 100 {
		errs = append(errs, apperr.Field("new-progress", "Enter a progress from 0 to 100"))
	}
	for _, cur := range set.Statuses {
		if strings.EqualFold(cur.Label, st.Label) {
			errs = append(errs, apperr.Field("new-label", "There is already a status with this label"))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return set, err
	}
	if len(set.Statuses) >= MaxStatuses {
		return set, apperr.New(apperr.Conflict, "A round can have at most %d statuses. Remove one first.", MaxStatuses)
	}
	st.Key = statusKey(st.Label, set.Statuses)
	set.Statuses = slices.Insert(slices.Clone(set.Statuses), max(len(set.Statuses)-1, 0), st)
	ev := s.event(actor, ActionStatuses, "cycle", cycleID, map[string]string{"added": st.Key})
	set.Updated = ev.Time
	return set, s.store.SaveRespSettings(ctx, set, ev)
}

// RemoveStatus takes a status off the round's list: NotFound if there is
// none with key, Conflict if a commitment has it or if it would leave
// fewer than two. Organisers, cycle.Track; audited as response.statuses
// with details removed.
func (s *Service) RemoveStatus(ctx context.Context, actor people.User, cycleID int64, key string) (Settings, error) {
	set, err := s.statusSettings(ctx, actor, cycleID)
	if err != nil {
		return set, err
	}
	i := slices.IndexFunc(set.Statuses, func(st Status) bool { return st.Key == key })
	if i < 0 {
		return set, apperr.New(apperr.NotFound, "There is no such status.")
	}
	if len(set.Statuses) <= 2 {
		return set, apperr.New(apperr.Conflict, "A round needs at least two statuses.")
	}
	cs, err := s.store.RespCommitments(ctx, cycleID)
	if err != nil {
		return set, err
	}
	n := 0
	for _, c := range cs {
		if c.Status == key {
			n++
		}
	}
	if n > 0 {
		return set, apperr.New(apperr.Conflict, "Some commitments (%d) have this status. Give them another status first.", n)
	}
	set.Statuses = slices.Delete(slices.Clone(set.Statuses), i, i+1)
	ev := s.event(actor, ActionStatuses, "cycle", cycleID, map[string]string{"removed": key})
	set.Updated = ev.Time
	return set, s.store.SaveRespSettings(ctx, set, ev)
}

// statusKey makes a new status's key from its English label: lower-case
// letters and digits joined by "_", unique among the round's.
func statusKey(label string, have []Status) string {
	var b strings.Builder
	gap := false
	for _, r := range strings.ToLower(label) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if gap && b.Len() > 0 {
				b.WriteByte('_')
			}
			b.WriteRune(r)
			gap = false
		} else {
			gap = true
		}
		if b.Len() >= 30 {
			break
		}
	}
	base := b.String()
	if base == "" {
		base = "status"
	}
	taken := func(k string) bool { return slices.ContainsFunc(have, func(st Status) bool { return st.Key == k }) }
	key := base
	for n := 2; taken(key); n++ {
		key = base + "_" + strconv.Itoa(n)
	}
	return key
}

// Passed returns the round's recommendations that passed the members'
// vote, by id; none before the vote has closed.
func (s *Service) Passed(ctx context.Context, cycleID int64) ([]Rec, error) {
	_, res, _, err := s.results.Results(ctx, cycleID)
	if apperr.Is(err, apperr.NotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []Rec
	for _, r := range res {
		if !r.Passed {
			continue
		}
		rec := Rec{ID: r.Item.ID, ThemeID: r.Item.ThemeID, ThemeTitle: r.Item.ThemeTitle, Text: r.Item.Text(), Choice: r.Item.Kind == recommend.Choice}
		if rec.Choice && len(r.Winners) > 0 {
			rec.Chosen = r.Winners[0]
		}
		out = append(out, rec)
	}
	slices.SortFunc(out, func(a, b Rec) int { return int(a.ID - b.ID) })
	return out, nil
}

func (s *Service) passed(ctx context.Context, cycleID, recID int64) (Rec, error) {
	recs, err := s.Passed(ctx, cycleID)
	if err != nil {
		return Rec{}, err
	}
	for _, r := range recs {
		if r.ID == recID {
			return r, nil
		}
	}
	return Rec{}, apperr.New(apperr.NotFound, "There is no such recommendation among those the members passed.")
}

// CanRespond reports whether actor may answer recommendations and record
// commitments: organisers and the round's Board members.
func (s *Service) CanRespond(ctx context.Context, actor people.User, cycleID int64) (bool, error) {
	if actor.Has(people.RoleOrganiser) {
		return true, nil
	}
	if !actor.SignedIn() || s.members == nil {
		return false, nil
	}
	rs, err := s.members.RolesOf(ctx, cycleID, actor.ID)
	return slices.Contains(rs, assembly.Board), err
}

func (s *Service) mustRespond(ctx context.Context, actor people.User, cycleID int64) error {
	if err := people.MustSignIn(actor); err != nil {
		return err
	}
	ok, err := s.CanRespond(ctx, actor, cycleID)
	if err != nil {
		return err
	}
	if !ok {
		return apperr.New(apperr.Forbidden, "Only the Board's members and organisers can do this.")
	}
	return nil
}

func cleanText(field, s string, required bool) (string, error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	switch {
	case s == "" && required:
		return s, apperr.Field(field, "Enter the text")
	case len([]rune(s)) > MaxText:
		return s, apperr.Field(field, "The text must be 4,000 characters or fewer")
	}
	return s, nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func cleanShort(field, s, empty string) (string, error) {
	s = oneLine(s)
	switch {
	case s == "":
		return s, apperr.Field(field, "%s", empty)
	case len([]rune(s)) > MaxShort:
		return s, apperr.Field(field, "This must be 300 characters or fewer")
	}
	return s, nil
}

// AnswerDraft is the Board's answer as typed.
type AnswerDraft struct {
	Decision  Decision
	Reasons   string
	ReasonsCy string // optional
}

// Answer publishes the Board's answer to a passed recommendation, or
// changes it (the time it was first published stays). The Board's members
// and organisers, in the Response and Follow-up phases. A recommendation
// with commitments cannot be changed to not accepted.
func (s *Service) Answer(ctx context.Context, actor people.User, cycleID, recID int64, d AnswerDraft) (Answer, error) {
	if err := s.mustRespond(ctx, actor, cycleID); err != nil {
		return Answer{}, err
	}
	if err := s.gate(ctx, cycleID, cycle.Respond); err != nil {
		return Answer{}, err
	}
	rec, err := s.passed(ctx, cycleID, recID)
	if err != nil {
		return Answer{}, err
	}
	var errs []error
	if !d.Decision.Valid() {
		errs = append(errs, apperr.Field("decision", "Choose the Board's decision"))
	}
	reasons, err := cleanText("reasons", d.Reasons, true)
	errs = append(errs, err)
	cy, err := cleanText("reasons-cy", d.ReasonsCy, false)
	errs = append(errs, err)
	if err := errors.Join(errs...); err != nil {
		return Answer{}, err
	}
	if !d.Decision.Commits() {
		cs, err := s.store.RespCommitments(ctx, cycleID)
		if err != nil {
			return Answer{}, err
		}
		for _, c := range cs {
			if c.RecommendationID == recID {
				return Answer{}, apperr.New(apperr.Conflict, "This recommendation has commitments, so it cannot be marked not accepted.")
			}
		}
	}
	set, err := s.Settings(ctx, cycleID)
	if err != nil {
		return Answer{}, err
	}
	a := Answer{RecommendationID: recID, ThemeID: rec.ThemeID, Decision: d.Decision, Reasons: reasons, ReasonsCy: cy, AnsweredAt: s.at(), Updated: s.at()}
	olds, err := s.store.RespAnswers(ctx, cycleID)
	if err != nil {
		return Answer{}, err
	}
	for _, old := range olds {
		if old.RecommendationID == recID {
			a.AnsweredAt = old.AnsweredAt
		}
	}
	a.Late = Late(set.Deadline, a.AnsweredAt)
	ev := s.event(actor, ActionAnswer, "rec", recID, map[string]string{"recommendation": itoa(recID), "theme": itoa(rec.ThemeID),
		"decision": string(d.Decision), "late": yesNo(a.Late)})
	return a, s.store.SaveRespAnswer(ctx, cycleID, a, ev)
}

// Answers returns the round's published answers, by recommendation id,
// each marked Late if first published after the deadline.
func (s *Service) Answers(ctx context.Context, cycleID int64) ([]Answer, error) {
	set, err := s.Settings(ctx, cycleID)
	if err != nil {
		return nil, err
	}
	as, err := s.store.RespAnswers(ctx, cycleID)
	for i := range as {
		as[i].Late = Late(set.Deadline, as[i].AnsweredAt)
	}
	return as, err
}

// CommitmentDraft is a commitment as typed. Progress nil takes the
// status's default.
type CommitmentDraft struct {
	Title, Owner, Measure string
	Due                   time.Time
	Status                string
	Progress              *int
}

// progress decides a commitment's progress for a status: the given one,
// else the status's default, or the current one for a status that keeps it.
func progress(st Status, given *int, current int) (int, error) {
	switch {
	case given != nil && (*given < 0 || *given > 100):
		return 0, apperr.Field("progress", "Enter a progress from 0 to 100")
	case given != nil:
		return *given, nil
	case st.Keep:
		return current, nil
	}
	return st.Progress, nil
}

func (s *Service) checkCommitment(set Settings, c *Commitment, d CommitmentDraft) error {
	var errs []error
	var err error
	c.Title, err = cleanShort("title", d.Title, "Enter what the Board commits to")
	errs = append(errs, err)
	c.Owner, err = cleanShort("owner", d.Owner, "Enter who is responsible: a team or a post")
	errs = append(errs, err)
	c.Measure, err = cleanText("measure", d.Measure, true)
	if err != nil {
		err = apperr.Field("measure", "Enter how success will be measured")
	}
	errs = append(errs, err)
	if d.Due.IsZero() {
		errs = append(errs, apperr.Field("due", "Enter the due date, for example 2027-06-30"))
	}
	c.Due = Day(d.Due)
	if d.Status == "" {
		d.Status = set.Statuses[0].Key
	}
	st, ok := set.Status(d.Status)
	if !ok {
		errs = append(errs, apperr.Field("status", "Choose a status from the list"))
	} else {
		c.Status, c.StatusLabel = st.Key, st.Label
		c.Progress, err = progress(st, d.Progress, c.Progress)
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// AddCommitment records a commitment under an accepted or partly accepted
// recommendation. The Board's members and organisers, in the Response and
// Follow-up phases.
func (s *Service) AddCommitment(ctx context.Context, actor people.User, cycleID, recID int64, d CommitmentDraft) (Commitment, error) {
	if err := s.mustRespond(ctx, actor, cycleID); err != nil {
		return Commitment{}, err
	}
	if err := s.gate(ctx, cycleID, cycle.Track); err != nil {
		return Commitment{}, err
	}
	rec, err := s.passed(ctx, cycleID, recID)
	if err != nil {
		return Commitment{}, err
	}
	as, err := s.store.RespAnswers(ctx, cycleID)
	if err != nil {
		return Commitment{}, err
	}
	i := slices.IndexFunc(as, func(a Answer) bool { return a.RecommendationID == recID })
	if i < 0 || !as[i].Decision.Commits() {
		return Commitment{}, apperr.New(apperr.Conflict, "Commitments can be made only under a recommendation the Board has accepted, in full or in part.")
	}
	set, err := s.Settings(ctx, cycleID)
	if err != nil {
		return Commitment{}, err
	}
	c := Commitment{CycleID: cycleID, RecommendationID: recID, ThemeID: rec.ThemeID}
	if err := s.checkCommitment(set, &c, d); err != nil {
		return Commitment{}, err
	}
	c.Created, c.Updated = s.at(), s.at()
	ev := s.event(actor, ActionCreate, "cycle", cycleID, commitmentDetails(set, c))
	c.ID, err = s.store.AddRespCommitment(ctx, c, ev)
	return c, err
}

func (s *Service) changeCommitment(ctx context.Context, actor people.User, id int64, f func(set Settings, c *Commitment) (*Update, error)) (Commitment, error) {
	if err := people.MustSignIn(actor); err != nil {
		return Commitment{}, err
	}
	c, err := s.store.RespCommitment(ctx, id)
	if err != nil {
		return c, err
	}
	if err := s.mustRespond(ctx, actor, c.CycleID); err != nil {
		return c, err
	}
	if err := s.gate(ctx, c.CycleID, cycle.Track); err != nil {
		return c, err
	}
	set, err := s.Settings(ctx, c.CycleID)
	if err != nil {
		return c, err
	}
	prev := c.Updated
	u, err := f(set, &c)
	if err != nil {
		return c, err
	}
	c.Updated = s.at()
	if !c.Updated.After(prev) {
		c.Updated = prev.Add(time.Microsecond)
	}
	details := commitmentDetails(set, c)
	if u != nil {
		u.Number = len(c.Updates) + 1
		details["update"] = strconv.Itoa(u.Number)
	}
	ev := s.event(actor, ActionUpdate, "commitment", c.ID, details)
	if err := s.store.SaveRespCommitment(ctx, c, prev, u, ev); err != nil {
		return c, err
	}
	return s.Commitment(ctx, c.ID)
}

// commitmentDetails are the audit details of a commitment's creation or
// change, as the notifier reads them (docs/jobs.md): the recommendation,
// its theme, the commitment (once it has an id), its title, status (its
// English label; status_cy the Welsh) and progress.
func commitmentDetails(set Settings, c Commitment) map[string]string {
	d := map[string]string{"recommendation": itoa(c.RecommendationID), "theme": itoa(c.ThemeID), "title": c.Title,
		"status": c.Status, "progress": strconv.Itoa(c.Progress)}
	if c.ID > 0 {
		d["commitment"] = itoa(c.ID)
	}
	if st, ok := set.Status(c.Status); ok {
		d["status"], d["status_cy"] = st.Label, st.LabelIn(i18n.Welsh)
	}
	return d
}

// EditCommitment changes a commitment's title, owner, measure, due date,
// status or progress. The Board's members and organisers, in the Response
// and Follow-up phases.
func (s *Service) EditCommitment(ctx context.Context, actor people.User, id int64, d CommitmentDraft) (Commitment, error) {
	return s.changeCommitment(ctx, actor, id, func(set Settings, c *Commitment) (*Update, error) {
		return nil, s.checkCommitment(set, c, d)
	})
}

// UpdateDraft is a progress update as typed. Progress nil takes the
// status's default.
type UpdateDraft struct {
	Date     time.Time
	Status   string
	Progress *int
	Text     string
	Links    []string
}

// CheckLinks returns the evidence links without blanks, each an absolute
// http or https URL, else a field error.
func CheckLinks(field string, links []string) ([]string, error) {
	var out []string
	for _, l := range links {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		u, err := url.Parse(l)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.ContainsAny(l, " \t") {
			return nil, apperr.Field(field, "Each evidence link must be a web address starting https:// or http://")
		}
		out = append(out, l)
	}
	if len(out) > MaxLinks {
		return nil, apperr.Field(field, "Give at most 10 evidence links")
	}
	return out, nil
}

// AddUpdate records a dated progress update on a commitment and sets its
// status and progress to the update's. The Board's members and
// organisers, in the Response and Follow-up phases.
func (s *Service) AddUpdate(ctx context.Context, actor people.User, id int64, d UpdateDraft) (Commitment, error) {
	return s.changeCommitment(ctx, actor, id, func(set Settings, c *Commitment) (*Update, error) {
		u := &Update{At: Day(d.Date), Created: s.at()}
		var errs []error
		if d.Date.IsZero() {
			errs = append(errs, apperr.Field("date", "Enter the date of the update, for example 2027-06-30"))
		} else if Day(d.Date).After(Day(s.at()).Add(24 * time.Hour)) {
			errs = append(errs, apperr.Field("date", "The date of an update cannot be in the future"))
		}
		st, ok := set.Status(d.Status)
		if !ok {
			errs = append(errs, apperr.Field("status", "Choose a status from the list"))
		} else {
			p, err := progress(st, d.Progress, c.Progress)
			errs = append(errs, err)
			u.Status, u.Progress = st.Key, p
			c.Status, c.StatusLabel, c.Progress = st.Key, st.Label, p
		}
		var err error
		u.Text, err = cleanText("text", d.Text, true)
		if err != nil {
			err = apperr.Field("text", "Say what has happened")
		}
		errs = append(errs, err)
		u.Links, err = CheckLinks("links", d.Links)
		errs = append(errs, err)
		return u, errors.Join(errs...)
	})
}

// label sets each commitment's English status label from the round's set.
func label(set Settings, cs []Commitment) {
	for i := range cs {
		if st, ok := set.Status(cs[i].Status); ok {
			cs[i].StatusLabel = st.Label
		} else {
			cs[i].StatusLabel = cs[i].Status
		}
	}
}

// Commitment returns one commitment with its updates, newest first.
func (s *Service) Commitment(ctx context.Context, id int64) (Commitment, error) {
	c, err := s.store.RespCommitment(ctx, id)
	if err != nil {
		return c, err
	}
	set, err := s.Settings(ctx, c.CycleID)
	cs := []Commitment{c}
	label(set, cs)
	return cs[0], err
}

// Commitments returns the round's commitments, oldest first, each with its
// updates, newest first.
func (s *Service) Commitments(ctx context.Context, cycleID int64) ([]Commitment, error) {
	set, err := s.Settings(ctx, cycleID)
	if err != nil {
		return nil, err
	}
	cs, err := s.store.RespCommitments(ctx, cycleID)
	label(set, cs)
	return cs, err
}

// Stocktake returns the round's stocktake; NotFound if none was recorded.
func (s *Service) Stocktake(ctx context.Context, cycleID int64) (Stocktake, error) {
	return s.store.RespStocktake(ctx, cycleID)
}

// StocktakeDraft is the stocktake meeting as typed.
type StocktakeDraft struct {
	Held         time.Time
	Place, Notes string
}

// SaveStocktake records the review and stocktake meeting (a published
// report stays published, with the new text). Organisers, in the
// Response and Follow-up phases.
func (s *Service) SaveStocktake(ctx context.Context, actor people.User, cycleID int64, d StocktakeDraft) (Stocktake, error) {
	if err := people.MustRole(actor, people.RoleOrganiser); err != nil {
		return Stocktake{}, err
	}
	if err := s.gate(ctx, cycleID, cycle.Track); err != nil {
		return Stocktake{}, err
	}
	st, err := s.store.RespStocktake(ctx, cycleID)
	if err != nil && !apperr.Is(err, apperr.NotFound) {
		return st, err
	}
	st.CycleID = cycleID
	var errs []error
	if d.Held.IsZero() {
		errs = append(errs, apperr.Field("held", "Enter the date of the meeting, for example 2027-06-30"))
	}
	st.Held = Day(d.Held)
	st.Place, err = cleanShort("place", d.Place, "Enter where the meeting was held")
	errs = append(errs, err)
	st.Notes, err = cleanText("notes", d.Notes, true)
	if err != nil {
		err = apperr.Field("notes", "Enter the summary notes of the meeting")
	}
	errs = append(errs, err)
	if err := errors.Join(errs...); err != nil {
		return st, err
	}
	ev := s.event(actor, ActionStocktake, "cycle", cycleID, map[string]string{"published": yesNo(st.IsPublished())})
	st.Updated = ev.Time
	return st, s.store.SaveRespStocktake(ctx, st, ev)
}

// PublishStocktake publishes the stocktake report. Organisers, in the
// Response and Follow-up phases, once the meeting is recorded.
func (s *Service) PublishStocktake(ctx context.Context, actor people.User, cycleID int64) (Stocktake, error) {
	if err := people.MustRole(actor, people.RoleOrganiser); err != nil {
		return Stocktake{}, err
	}
	if err := s.gate(ctx, cycleID, cycle.Track); err != nil {
		return Stocktake{}, err
	}
	st, err := s.store.RespStocktake(ctx, cycleID)
	if apperr.Is(err, apperr.NotFound) {
		return st, apperr.New(apperr.Conflict, "Record the stocktake meeting before publishing its report.")
	}
	if err != nil {
		return st, err
	}
	if st.IsPublished() {
		return st, apperr.New(apperr.Conflict, "The stocktake report is already published.")
	}
	ev := s.event(actor, ActionStocktake, "cycle", cycleID, map[string]string{"published": "yes"})
	st.Published, st.Updated = ev.Time, ev.Time
	return st, s.store.SaveRespStocktake(ctx, st, ev)
}

// Report returns where the round's response stands now (see Build).
func (s *Service) Report(ctx context.Context, cycleID int64) (Report, error) {
	set, err := s.Settings(ctx, cycleID)
	if err != nil {
		return Report{}, err
	}
	recs, err := s.Passed(ctx, cycleID)
	if err != nil {
		return Report{}, err
	}
	as, err := s.store.RespAnswers(ctx, cycleID)
	if err != nil {
		return Report{}, err
	}
	cs, err := s.store.RespCommitments(ctx, cycleID)
	if err != nil {
		return Report{}, err
	}
	label(set, cs)
	return Build(set, recs, as, cs, s.now()), nil
}

// Links returns what the round has published, as paths on the site (for
// /cycles.json's "links"): the response once the vote has closed, the
// stocktake report once it is published.
func (s *Service) Links(ctx context.Context, cycleID int64) (map[string]string, error) {
	recs, err := s.Passed(ctx, cycleID)
	if err != nil || len(recs) == 0 {
		return nil, err
	}
	base := "/cycles/" + itoa(cycleID)
	out := map[string]string{"response": base + "/response", "responses.json": base + "/responses.json", "commitments.csv": base + "/commitments.csv"}
	st, err := s.store.RespStocktake(ctx, cycleID)
	if apperr.Is(err, apperr.NotFound) {
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	if st.IsPublished() {
		out["stocktake"] = base + "/stocktake"
		out["stocktake.json"] = base + "/stocktake.json"
		out["stocktake.pdf"] = base + "/stocktake.pdf"
	}
	return out, nil
}
