package consult

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
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/recommend"
)

// Audit actions.
//
//	consult.open      object cycle:N, details recommendations (how many)
//	consult.close     object cycle:N
//	consult.question  object consultq:N, details rec, kind
//	consult.respond   object cycle:N, details rec (never the answers or the text)
//	consult.moderate  object cycle:N, details response, decision (approved/rejected)
const (
	ActionOpen     = "consult.open"
	ActionClose    = "consult.close"
	ActionQuestion = "consult.question"
	ActionEdit     = "consult.question.edit"
	ActionRemove   = "consult.question.remove"
	ActionRespond  = "consult.respond"
	ActionModerate = "consult.moderate"
)

// Rounds reads rounds (*cycle.Service).
type Rounds interface {
	Cycle(ctx context.Context, cycleID int64) (cycle.Cycle, error)
}

// Recs reads a round's counted recommendations (*recommend.Service).
type Recs interface {
	Results(ctx context.Context, cycleID int64) (recommend.Round, []recommend.Result, []recommend.Ballot, error)
}

// Config holds the service's settings; the zero value is usable.
type Config struct {
	Now func() time.Time
}

// Service applies the rules of consultations over a Store.
type Service struct {
	store  Store
	rounds Rounds
	recs   Recs
	now    func() time.Time

	mu     sync.Mutex
	cache  map[int64]*Overview        // by round, valid while its Stamp is the store's
	passed map[int64][]recommend.Item // by round: a closed vote's count never changes
}

// NewService returns a Service.
func NewService(s Store, rounds Rounds, recs Recs, cfg Config) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Service{store: s, rounds: rounds, recs: recs, now: cfg.Now, cache: map[int64]*Overview{}, passed: map[int64][]recommend.Item{}}
}

func (s *Service) at() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

func (s *Service) event(actor people.User, action, kind string, id int64, details map[string]string) audit.Event {
	return audit.Event{Time: s.at(), Actor: people.ActorOf(actor), Action: action, Object: audit.ObjectRef(kind, id), Details: details}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// Round returns a round's consultation; Status "" when there is none.
func (s *Service) Round(ctx context.Context, cycleID int64) (Round, error) {
	r, err := s.store.ConsultRound(ctx, cycleID)
	if apperr.Is(err, apperr.NotFound) {
		if _, err := s.rounds.Cycle(ctx, cycleID); err != nil {
			return Round{}, err
		}
		return Round{CycleID: cycleID}, nil
	}
	return r, err
}

// Accepting reports whether the round's consultation takes responses: it
// is open and the round is in its Response phase.
func (s *Service) Accepting(ctx context.Context, cycleID int64) (bool, error) {
	r, err := s.Round(ctx, cycleID)
	if err != nil || r.Status != Open {
		return false, err
	}
	c, err := s.rounds.Cycle(ctx, cycleID)
	return err == nil && c.Allows(cycle.Consult), err
}

// Recommendations returns the round's recommendations that passed the
// members' vote (agreement items only), by id; none before the vote is
// counted. A closed vote's count is final, so it is read once.
func (s *Service) Recommendations(ctx context.Context, cycleID int64) ([]recommend.Item, error) {
	s.mu.Lock()
	its, ok := s.passed[cycleID]
	s.mu.Unlock()
	if ok {
		return its, nil
	}
	_, res, _, err := s.recs.Results(ctx, cycleID)
	if apperr.Is(err, apperr.NotFound) {
		if _, err := s.rounds.Cycle(ctx, cycleID); err != nil {
			return nil, err
		}
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []recommend.Item
	for _, r := range res {
		if r.Passed && r.Item.Kind == recommend.Agreement {
			out = append(out, r.Item)
		}
	}
	s.mu.Lock()
	s.passed[cycleID] = out
	s.mu.Unlock()
	return out, nil
}

func (s *Service) recommendation(ctx context.Context, cycleID, recID int64) (recommend.Item, error) {
	its, err := s.Recommendations(ctx, cycleID)
	if err != nil {
		return recommend.Item{}, err
	}
	for _, it := range its {
		if it.ID == recID {
			return it, nil
		}
	}
	return recommend.Item{}, apperr.New(apperr.NotFound, "That recommendation is not part of the consultation.")
}

func (s *Service) gate(ctx context.Context, cycleID int64) error {
	c, err := s.rounds.Cycle(ctx, cycleID)
	if err != nil {
		return err
	}
	return cycle.Check(c, cycle.Consult)
}

// Open opens the consultation on the recommendations that passed.
// Organisers, in the Response phase, once, with at least one passed
// recommendation.
func (s *Service) Open(ctx context.Context, actor people.User, cycleID int64) error {
	if err := people.MustRole(actor, people.RoleOrganiser); err != nil {
		return err
	}
	if err := s.gate(ctx, cycleID); err != nil {
		return err
	}
	r, err := s.Round(ctx, cycleID)
	if err != nil {
		return err
	}
	if r.Status != "" {
		return apperr.New(apperr.Conflict, "The consultation has already been opened.")
	}
	its, err := s.Recommendations(ctx, cycleID)
	if err != nil {
		return err
	}
	if len(its) == 0 {
		return apperr.New(apperr.Conflict, "No recommendation has passed the members' vote, so there is nothing to consult on.")
	}
	ev := s.event(actor, ActionOpen, "cycle", cycleID, map[string]string{"recommendations": strconv.Itoa(len(its))})
	r.Status, r.Opened, r.Updated = Open, ev.Time, ev.Time
	return s.store.SaveConsultRound(ctx, r, "", ev)
}

// Close closes the consultation; its summary is then final. Organisers,
// in any phase (so one left open when the round moved on can be closed).
func (s *Service) Close(ctx context.Context, actor people.User, cycleID int64) error {
	if err := people.MustRole(actor, people.RoleOrganiser); err != nil {
		return err
	}
	r, err := s.Round(ctx, cycleID)
	if err != nil {
		return err
	}
	if r.Status != Open {
		return apperr.New(apperr.Conflict, "The consultation is not open.")
	}
	ev := s.event(actor, ActionClose, "cycle", cycleID, nil)
	r.Status, r.Closed, r.Updated = Closed, ev.Time, ev.Time
	return s.store.SaveConsultRound(ctx, r, Open, ev)
}

// QuestionDraft is a new question on one recommendation. Options and
// OptionsCy are parallel lists (Choice).
type QuestionDraft struct {
	RecID     int64
	Kind      Kind
	Text      string
	TextCy    string
	Options   []string
	OptionsCy []string
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func nonEmpty(xs []string) []string {
	var out []string
	for _, x := range xs {
		if x = oneLine(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// AddQuestion adds a question to one recommendation, in English and
// Welsh. Organisers, in the Response phase, until the consultation closes.
func (s *Service) AddQuestion(ctx context.Context, actor people.User, cycleID int64, d QuestionDraft) (Question, error) {
	r, err := s.questionRound(ctx, actor, cycleID)
	if err != nil {
		return Question{}, err
	}
	if r.Status == Closed {
		return Question{}, apperr.New(apperr.Conflict, "The consultation is closed: no question can be added.")
	}
	q, err := s.question(ctx, cycleID, d)
	if err != nil {
		return Question{}, err
	}
	ev := s.event(actor, ActionQuestion, "cycle", cycleID, map[string]string{"rec": itoa(d.RecID), "kind": string(d.Kind)})
	q.ID, err = s.store.AddConsultQuestion(ctx, q, ev)
	return q, err
}

// EditQuestion rewrites a question (its kind, texts and options; it stays
// on its recommendation). RemoveQuestion takes one away. Organisers, in
// the Response phase, until the consultation opens: once people may
// answer, a question is never changed under them.
func (s *Service) EditQuestion(ctx context.Context, actor people.User, cycleID, id int64, d QuestionDraft) (Question, error) {
	cur, err := s.unopenedQuestion(ctx, actor, cycleID, id)
	if err != nil {
		return Question{}, err
	}
	d.RecID = cur.RecID
	q, err := s.question(ctx, cycleID, d)
	if err != nil {
		return Question{}, err
	}
	q.ID, q.Created = cur.ID, cur.Created
	ev := s.event(actor, ActionEdit, "cycle", cycleID, map[string]string{"question": itoa(id), "rec": itoa(q.RecID), "kind": string(q.Kind)})
	return q, notFoundAsOpened(s.store.SaveConsultQuestion(ctx, q, ev))
}

// RemoveQuestion: see EditQuestion.
func (s *Service) RemoveQuestion(ctx context.Context, actor people.User, cycleID, id int64) error {
	cur, err := s.unopenedQuestion(ctx, actor, cycleID, id)
	if err != nil {
		return err
	}
	ev := s.event(actor, ActionRemove, "cycle", cycleID, map[string]string{"question": itoa(id), "rec": itoa(cur.RecID)})
	return notFoundAsOpened(s.store.DeleteConsultQuestion(ctx, cycleID, id, ev))
}

// questionRound checks that actor may change the round's questions now
// and returns the round's consultation.
func (s *Service) questionRound(ctx context.Context, actor people.User, cycleID int64) (Round, error) {
	if err := people.MustRole(actor, people.RoleOrganiser); err != nil {
		return Round{}, err
	}
	if err := s.gate(ctx, cycleID); err != nil {
		return Round{}, err
	}
	return s.Round(ctx, cycleID)
}

// unopenedQuestion returns question id of the round, checking that actor
// may change it now: NotFound if there is none, Conflict once opened.
func (s *Service) unopenedQuestion(ctx context.Context, actor people.User, cycleID, id int64) (Question, error) {
	r, err := s.questionRound(ctx, actor, cycleID)
	if err != nil {
		return Question{}, err
	}
	q, err := s.Question(ctx, cycleID, id)
	if err != nil {
		return q, err
	}
	if r.Status != "" {
		return Question{}, errOpened
	}
	return q, nil
}

// Question returns one of the round's added questions; NotFound if the
// round has none with id.
func (s *Service) Question(ctx context.Context, cycleID, id int64) (Question, error) {
	qs, err := s.Questions(ctx, cycleID)
	if err != nil {
		return Question{}, err
	}
	i := slices.IndexFunc(qs, func(q Question) bool { return q.ID == id })
	if i < 0 {
		return Question{}, apperr.New(apperr.NotFound, "There is no such question.")
	}
	return qs[i], nil
}

var errOpened = apperr.New(apperr.Conflict, "The consultation has been opened: its questions can no longer be changed or removed, only added to.")

// notFoundAsOpened: the store's guard finds no row once the consultation
// has opened (the question was there when read).
func notFoundAsOpened(err error) error {
	if apperr.Is(err, apperr.NotFound) {
		return errOpened
	}
	return err
}

// question checks a draft and makes the question it describes.
func (s *Service) question(ctx context.Context, cycleID int64, d QuestionDraft) (Question, error) {
	q := Question{CycleID: cycleID, RecID: d.RecID, Kind: d.Kind, Text: oneLine(d.Text), TextCy: oneLine(d.TextCy), Created: s.at()}
	var errs []error
	if _, err := s.recommendation(ctx, cycleID, d.RecID); err != nil {
		if !apperr.Is(err, apperr.NotFound) {
			return q, err
		}
		errs = append(errs, apperr.Field("rec", "Choose a recommendation from the list"))
	}
	for _, f := range []struct{ field, v string }{{"text", q.Text}, {"text_cy", q.TextCy}} {
		switch {
		case f.v == "" && f.field == "text":
			errs = append(errs, apperr.Field(f.field, "Enter the question in English"))
		case f.v == "":
			errs = append(errs, apperr.Field(f.field, "Enter the question in Welsh"))
		case len([]rune(f.v)) > MaxQuestion:
			errs = append(errs, apperr.Field(f.field, "The question must be 300 characters or fewer"))
		}
	}
	switch d.Kind {
	case Scale:
	case Choice:
		en, cy := nonEmpty(d.Options), nonEmpty(d.OptionsCy)
		switch {
		case len(en) < 2 || len(en) > MaxOptions || hasDuplicate(en):
			errs = append(errs, apperr.Field("options", "Give from 2 to 8 different options, one a line"))
		case len(cy) != len(en):
			errs = append(errs, apperr.Field("options_cy", "Give each option in Welsh, one a line, in the same order"))
		}
		for i := range min(len(en), len(cy)) {
			if len([]rune(en[i])) > MaxOption || len([]rune(cy[i])) > MaxOption {
				errs = append(errs, apperr.Field("options", "Each option must be 120 characters or fewer"))
				break
			}
			q.Options = append(q.Options, Option{Text: en[i], TextCy: cy[i]})
		}
	default:
		errs = append(errs, apperr.Field("kind", "Choose what kind of question it is"))
	}
	return q, errors.Join(errs...)
}

func hasDuplicate(xs []string) bool {
	seen := map[string]bool{}
	for _, x := range xs {
		k := strings.ToLower(x)
		if seen[k] {
			return true
		}
		seen[k] = true
	}
	return false
}

// Questions returns the round's added questions.
func (s *Service) Questions(ctx context.Context, cycleID int64) ([]Question, error) {
	return s.store.ConsultQuestions(ctx, cycleID)
}

// MyResponse returns actor's response on a recommendation, with the text
// they wrote; ok false when they have not responded.
func (s *Service) MyResponse(ctx context.Context, actor people.User, cycleID, recID int64) (r Response, ok bool, err error) {
	if !actor.SignedIn() {
		return r, false, nil
	}
	r, err = s.store.ConsultResponse(ctx, cycleID, recID, actor.ID)
	if apperr.Is(err, apperr.NotFound) {
		return r, false, nil
	}
	return r, err == nil, err
}

// Responded returns the recommendations actor has responded to.
func (s *Service) Responded(ctx context.Context, actor people.User, cycleID int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	if !actor.SignedIn() {
		return out, nil
	}
	rs, err := s.store.ConsultResponses(ctx, cycleID)
	for _, r := range rs {
		if r.UserID == actor.ID {
			out[r.RecID] = true
		}
	}
	return out, err
}

// Respond records actor's answers on one recommendation, replacing any
// earlier ones. Anyone signed in, while the consultation is open in the
// Response phase. The default question must be answered; added questions
// and the free text are optional. A changed comment waits for an
// organiser again before it is published.
func (s *Service) Respond(ctx context.Context, actor people.User, cycleID, recID int64, a Answer) (Response, error) {
	if !actor.SignedIn() {
		return Response{}, apperr.New(apperr.Unauthenticated, "Sign in to respond to the consultation.")
	}
	if err := s.gate(ctx, cycleID); err != nil {
		return Response{}, err
	}
	rd, err := s.Round(ctx, cycleID)
	if err != nil {
		return Response{}, err
	}
	if rd.Status != Open {
		return Response{}, apperr.New(apperr.Conflict, "The consultation is not open.")
	}
	if _, err := s.recommendation(ctx, cycleID, recID); err != nil {
		return Response{}, err
	}
	qs, err := s.store.ConsultQuestions(ctx, cycleID)
	if err != nil {
		return Response{}, err
	}
	prev, had, err := s.MyResponse(ctx, actor, cycleID, recID)
	if err != nil {
		return Response{}, err
	}
	r := Response{CycleID: cycleID, RecID: recID, UserID: actor.ID, Respondent: newRespondent(), Agree: a.Agree, Answers: map[int64]string{}, Updated: s.at()}
	var errs []error
	if !slices.Contains(Agreement, a.Agree) {
		errs = append(errs, apperr.Field("agree", "Choose how far you agree"))
	}
	for _, q := range qs {
		if q.RecID != recID {
			continue
		}
		v := strings.TrimSpace(a.Answers[q.ID])
		if v == "" {
			continue
		}
		if !slices.Contains(q.Values(), v) {
			errs = append(errs, apperr.Field("q-"+itoa(q.ID), "Choose an answer from the list"))
			continue
		}
		r.Answers[q.ID] = v
	}
	r.Comment = strings.TrimSpace(strings.ReplaceAll(a.Comment, "\r\n", "\n"))
	if len([]rune(r.Comment)) > MaxComment {
		errs = append(errs, apperr.Field("comment", "Your comment must be 2,000 characters or fewer"))
	}
	if err := errors.Join(errs...); err != nil {
		return r, err
	}
	changed := !had || r.Comment != prev.Comment
	switch {
	case !changed:
		r.Status = prev.Status
	case r.Comment == "":
		r.Status = NoComment
	default:
		r.Status = Pending
	}
	ev := s.event(actor, ActionRespond, "cycle", cycleID, map[string]string{"rec": itoa(recID)})
	return r, s.store.SaveConsultResponse(ctx, r, changed, ev)
}

func newRespondent() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Comments returns the round's comments of one status: pending ones for
// organisers only (they are unpublished), approved ones for anyone.
func (s *Service) Comments(ctx context.Context, actor people.User, cycleID int64, st CommentStatus) ([]Comment, error) {
	if st != Approved {
		if err := people.MustRole(actor, people.RoleOrganiser); err != nil {
			return nil, err
		}
	}
	return s.store.ConsultComments(ctx, cycleID, st)
}

// Moderate approves (publishes, without a name) or rejects a pending
// comment, as it read when last written at updated. Organisers, while a
// consultation exists (also after it closed).
func (s *Service) Moderate(ctx context.Context, actor people.User, cycleID, responseID int64, updated time.Time, approve bool) error {
	if err := people.MustRole(actor, people.RoleOrganiser); err != nil {
		return err
	}
	rd, err := s.Round(ctx, cycleID)
	if err != nil {
		return err
	}
	if rd.Status == "" {
		return apperr.New(apperr.NotFound, "The round has no consultation.")
	}
	to := Rejected
	if approve {
		to = Approved
	}
	ev := s.event(actor, ActionModerate, "cycle", cycleID, map[string]string{"response": itoa(responseID), "decision": string(to)})
	return s.store.DecideConsultComment(ctx, cycleID, responseID, updated, to, ev.Time, ev)
}

// Overview returns the round's consultation summarised: the counts, the
// approved comments and the opinion map. It is computed again only when
// something has changed since (Store.ConsultStamp). NotFound when the
// round has no consultation.
func (s *Service) Overview(ctx context.Context, cycleID int64) (*Overview, error) {
	rd, err := s.store.ConsultRound(ctx, cycleID)
	if err != nil {
		return nil, err
	}
	stamp, err := s.store.ConsultStamp(ctx, cycleID)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	o := s.cache[cycleID]
	s.mu.Unlock()
	if o != nil && o.Stamp == stamp {
		return o, nil
	}
	its, err := s.Recommendations(ctx, cycleID)
	if err != nil {
		return nil, err
	}
	qs, err := s.store.ConsultQuestions(ctx, cycleID)
	if err != nil {
		return nil, err
	}
	rs, err := s.store.ConsultResponses(ctx, cycleID)
	if err != nil {
		return nil, err
	}
	cs, err := s.store.ConsultComments(ctx, cycleID, Approved)
	if err != nil {
		return nil, err
	}
	o = Summarise(rd, its, qs, rs, cs)
	o.Stamp = stamp
	s.mu.Lock()
	s.cache[cycleID] = o
	s.mu.Unlock()
	return o, nil
}

// Summaries returns each consulted recommendation's summary, by
// recommendation id; empty when the round has no consultation. For the
// Board's pages and the issues' trace.
func (s *Service) Summaries(ctx context.Context, cycleID int64) (map[int64]Summary, error) {
	o, err := s.Overview(ctx, cycleID)
	if apperr.Is(err, apperr.NotFound) {
		return map[int64]Summary{}, nil
	}
	if err != nil {
		return nil, err
	}
	out := make(map[int64]Summary, len(o.Recs))
	for _, r := range o.Recs {
		out[r.RecID] = r
	}
	return out, nil
}

// CSV returns the round's responses as published: one row per answer,
// anonymised (see WriteCSV). NotFound when the round has no consultation.
func (s *Service) CSV(ctx context.Context, cycleID int64) ([]byte, error) {
	if _, err := s.store.ConsultRound(ctx, cycleID); err != nil {
		return nil, err
	}
	qs, err := s.store.ConsultQuestions(ctx, cycleID)
	if err != nil {
		return nil, err
	}
	rs, err := s.store.ConsultResponses(ctx, cycleID)
	if err != nil {
		return nil, err
	}
	return WriteCSV(qs, rs), nil
}

// Links returns what the round's consultation publishes, as paths on the
// site (for /cycles.json's "links"); none when it has none.
func (s *Service) Links(ctx context.Context, cycleID int64) (map[string]string, error) {
	_, err := s.store.ConsultRound(ctx, cycleID)
	if apperr.Is(err, apperr.NotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	base := "/cycles/" + itoa(cycleID) + "/consultation"
	return map[string]string{"consultation": base, "consultation.json": base + ".json", "consultation.csv": base + ".csv"}, nil
}
