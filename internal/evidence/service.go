package evidence

import (
	"context"
	"errors"
	"slices"
	"sort"
	"strconv"
	"strings"
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
//	evidence.document   object evidence_doc:N, details cycle, theme, format
//	evidence.version    object evidence_doc:N, details version, easy (1 for easy read), format
//	evidence.easy_removed object evidence_doc:N, details cycle
//	evidence.nominate   object evidence_witness:N, details cycle, theme, by (organiser, member, public)
//	evidence.decide     object evidence_witness:N, details status, view
//	evidence.request    object evidence_request:N, details cycle, kind
//	evidence.answer     object evidence_request:N
//	evidence.submit     object evidence_submission:N, details cycle, pdf (1 with a file)
//	evidence.moderate   object evidence_submission:N, details status
const (
	ActionDocument   = "evidence.document"
	ActionVersion    = "evidence.version"
	ActionRemoveEasy = "evidence.easy_removed"
	ActionNominate   = "evidence.nominate"
	ActionDecide     = "evidence.decide"
	ActionRequest    = "evidence.request"
	ActionAnswer     = "evidence.answer"
	ActionSubmit     = "evidence.submit"
	ActionModerate   = "evidence.moderate"
)

// Rounds reads rounds (*cycle.Service).
type Rounds interface {
	Cycle(ctx context.Context, cycleID int64) (cycle.Cycle, error)
}

// Agendas reads a round's published agenda (*jury.Service).
type Agendas interface {
	Agenda(ctx context.Context, cycleID int64) (jury.Agenda, error)
}

// Parts says what part a person takes in a round's assembly
// (*assembly.Service).
type Parts interface {
	RolesOf(ctx context.Context, cycleID, userID int64) ([]assembly.Role, error)
}

// Service applies the rules of evidence over a Store.
type Service struct {
	store  Store
	rounds Rounds
	agenda Agendas
	parts  Parts
	now    func() time.Time
}

// NewService returns a Service. parts may be nil (no assembly in this
// build: only organisers, moderators and the public then act); now nil
// for time.Now.
func NewService(s Store, rounds Rounds, agenda Agendas, parts Parts, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: s, rounds: rounds, agenda: agenda, parts: parts, now: now}
}

func (s *Service) at() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

func (s *Service) event(actor people.User, action, object string, details map[string]string) audit.Event {
	return audit.Event{Time: s.at(), Actor: people.ActorOf(actor), Action: action, Object: object, Details: details}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// Abilities are what a person may do with a round's evidence.
type Abilities struct {
	Committee bool // write documents, decide witnesses, answer requests (organisers too)
	Moderate  bool // publish or reject submissions (moderators and the committee)
	Member    bool // ask for evidence
	Open      bool // the round's phase takes evidence now
	Correct   bool // remove an easy-read version found not to be easy read (organisers, in any phase)
}

// Can returns what actor may do with the round's evidence.
func (s *Service) Can(ctx context.Context, actor people.User, cycleID int64) (Abilities, error) {
	c, err := s.rounds.Cycle(ctx, cycleID)
	if err != nil {
		return Abilities{}, err
	}
	org := actor.Has(people.RoleOrganiser)
	a := Abilities{Open: c.Allows(cycle.Evidence), Committee: org, Correct: org}
	if actor.SignedIn() && s.parts != nil {
		rs, err := s.parts.RolesOf(ctx, cycleID, actor.ID)
		if err != nil {
			return a, err
		}
		a.Committee = a.Committee || slices.Contains(rs, assembly.Committee)
		a.Member = slices.Contains(rs, assembly.Member)
	}
	a.Moderate = a.Committee || actor.Has(people.RoleModerator)
	return a, nil
}

// step checks that actor is signed in, that the round takes evidence now
// and that need (if set) holds of actor's abilities.
func (s *Service) step(ctx context.Context, actor people.User, cycleID int64, need func(Abilities) bool, refusal string) (Abilities, error) {
	if !actor.SignedIn() && !actor.IsSystem() {
		return Abilities{}, apperr.New(apperr.Unauthenticated, "Sign in to do this.")
	}
	a, err := s.Can(ctx, actor, cycleID)
	if err != nil {
		return a, err
	}
	if actor.IsSystem() {
		a.Committee, a.Moderate = true, true
	}
	if need != nil && !need(a) {
		return a, apperr.New(apperr.Forbidden, "%s", refusal)
	}
	c, err := s.rounds.Cycle(ctx, cycleID)
	if err != nil {
		return a, err
	}
	return a, cycle.Check(c, cycle.Evidence)
}

func committee(a Abilities) bool { return a.Committee }

const committeeOnly = "Only the organisers and the assembly's advisory committee can do this."

// Themes returns the round's agenda themes (none before it is published).
func (s *Service) Themes(ctx context.Context, cycleID int64) ([]jury.Theme, error) {
	a, err := s.agenda.Agenda(ctx, cycleID)
	if apperr.Is(err, apperr.NotFound) {
		if _, err := s.rounds.Cycle(ctx, cycleID); err != nil {
			return nil, err
		}
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	out := make([]jury.Theme, len(a.Chosen))
	for i, it := range a.Chosen {
		out[i] = it.Theme
	}
	return out, nil
}

// onAgenda checks that themeID is a theme of the round's agenda (0 is
// allowed when any is true).
func (s *Service) onAgenda(ctx context.Context, cycleID, themeID int64, any bool) error {
	if themeID == 0 && any {
		return nil
	}
	ts, err := s.Themes(ctx, cycleID)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(ts, func(t jury.Theme) bool { return t.ThemeID == themeID }) {
		return apperr.Field("theme", "Choose a theme of the round's agenda")
	}
	return nil
}

// Content is what a version holds: Markdown text or a PDF.
type Content struct {
	Format Format
	Body   string
	Data   []byte
}

// check validates c, naming field in the errors of written text and
// "file" in those of an uploaded PDF.
func (c Content) check(field string) error {
	switch c.Format {
	case Markdown:
		body := strings.TrimSpace(c.Body)
		if body == "" {
			return apperr.Field(field, "Write the document")
		}
		if len([]rune(body)) > MaxMarkdown {
			return apperr.Field(field, "The document must be %d characters or fewer", MaxMarkdown)
		}
	case PDF:
		if len(c.Data) == 0 {
			return apperr.Field("file", "Choose a PDF file")
		}
		if len(c.Data) > MaxPDF {
			return apperr.Field("file", "The file must be 10 MB or smaller")
		}
		if !IsPDF(c.Data) {
			return apperr.Field("file", "The file must be a PDF")
		}
	default:
		return apperr.Field("format", "Choose whether to write the document or upload a PDF")
	}
	return nil
}

func (c Content) version(docID int64, easy bool, at time.Time) Version {
	v := Version{DocID: docID, Easy: easy, Format: c.Format, Created: at}
	if c.Format == PDF {
		v.Data, v.Size = c.Data, len(c.Data)
	} else {
		v.Body = strings.TrimSpace(c.Body)
		v.Size = len([]rune(v.Body))
	}
	return v
}

func tooLong(field, value string, max int, errs *[]error) {
	if len([]rune(value)) > max {
		*errs = append(*errs, apperr.Field(field, "This must be %d characters or fewer", max))
	}
}

// AddDocument adds a document to a theme's pack, with its first version.
// The committee or organisers, cycle.Evidence.
func (s *Service) AddDocument(ctx context.Context, actor people.User, cycleID, themeID int64, title string, c Content) (int64, error) {
	if _, err := s.step(ctx, actor, cycleID, committee, committeeOnly); err != nil {
		return 0, err
	}
	title = strings.TrimSpace(title)
	var errs []error
	if err := s.onAgenda(ctx, cycleID, themeID, false); err != nil {
		errs = append(errs, err)
	}
	if title == "" {
		errs = append(errs, apperr.Field("title", "Enter the document's title"))
	}
	tooLong("title", title, MaxTitle, &errs)
	if err := c.check("body"); err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return 0, err
	}
	at := s.at()
	d := Document{CycleID: cycleID, ThemeID: themeID, Title: title, Created: at}
	ev := s.event(actor, ActionDocument, "", map[string]string{"cycle": itoa(cycleID), "theme": itoa(themeID), "format": string(c.Format)})
	return s.store.AddDocument(ctx, d, c.version(0, false, at), ev)
}

// AddVersion adds a new version of a document (easy: of its easy-read
// version). The committee or organisers, cycle.Evidence.
func (s *Service) AddVersion(ctx context.Context, actor people.User, cycleID, docID int64, easy bool, c Content) (Version, error) {
	if _, err := s.step(ctx, actor, cycleID, committee, committeeOnly); err != nil {
		return Version{}, err
	}
	d, err := s.Document(ctx, cycleID, docID)
	if err != nil {
		return Version{}, err
	}
	if err := c.check("body"); err != nil {
		return Version{}, err
	}
	v := c.version(d.ID, easy, s.at())
	e := "0"
	if easy {
		e = "1"
	}
	ev := s.event(actor, ActionVersion, audit.ObjectRef("evidence_doc", d.ID), map[string]string{"easy": e, "format": string(c.Format)})
	return s.store.AddVersion(ctx, v, ev)
}

// Document returns a round's document with its versions.
func (s *Service) Document(ctx context.Context, cycleID, docID int64) (Document, error) {
	d, err := s.store.Document(ctx, docID)
	if err != nil {
		return d, err
	}
	if d.CycleID != cycleID {
		return Document{}, apperr.New(apperr.NotFound, "There is no such document.")
	}
	return d, nil
}

// Documents returns a round's documents (Current and Easy), by theme then
// creation.
func (s *Service) Documents(ctx context.Context, cycleID int64) ([]Document, error) {
	return s.store.Documents(ctx, cycleID)
}

// RemoveEasyRead removes a document's easy-read version (every version of
// it), for one found not to be easy read: the document is then flagged
// as having none until a new one is added. Organisers only, in any phase
// (a correction may come after the assembly has met); audited.
func (s *Service) RemoveEasyRead(ctx context.Context, actor people.User, cycleID, docID int64) error {
	if err := people.MustRole(actor, people.RoleOrganiser); err != nil {
		return err
	}
	d, err := s.Document(ctx, cycleID, docID)
	if err != nil {
		return err
	}
	if !d.HasEasyRead() {
		return apperr.New(apperr.Conflict, "The document has no easy-read version.")
	}
	return s.store.RemoveEasyRead(ctx, docID, s.event(actor, ActionRemoveEasy, audit.ObjectRef("evidence_doc", docID), map[string]string{"cycle": itoa(cycleID)}))
}

// Version returns one version of a round's document with its content.
func (s *Service) Version(ctx context.Context, cycleID, docID int64, easy bool, number int) (Document, Version, error) {
	d, err := s.Document(ctx, cycleID, docID)
	if err != nil {
		return d, Version{}, err
	}
	v, err := s.store.Version(ctx, docID, easy, number)
	return d, v, err
}

// Nominate proposes a witness. Anyone signed in, cycle.Evidence; who
// nominated is kept and never published.
func (s *Service) Nominate(ctx context.Context, actor people.User, w Witness) (int64, error) {
	a, err := s.step(ctx, actor, w.CycleID, nil, "")
	if err != nil {
		return 0, err
	}
	w.Name, w.Organisation, w.Topic, w.Interests = strings.TrimSpace(w.Name), strings.TrimSpace(w.Organisation), strings.TrimSpace(w.Topic), strings.TrimSpace(w.Interests)
	var errs []error
	if err := s.onAgenda(ctx, w.CycleID, w.ThemeID, false); err != nil {
		errs = append(errs, err)
	}
	if w.Name == "" {
		errs = append(errs, apperr.Field("name", "Enter the witness's name"))
	}
	if w.Topic == "" {
		errs = append(errs, apperr.Field("topic", "Say what the witness would speak about"))
	}
	if w.Interests == "" {
		errs = append(errs, apperr.Field("interests", "Enter the witness's declared interests, or write None"))
	}
	tooLong("name", w.Name, MaxName, &errs)
	tooLong("organisation", w.Organisation, MaxName, &errs)
	tooLong("topic", w.Topic, MaxText, &errs)
	tooLong("interests", w.Interests, MaxText, &errs)
	if err := errors.Join(errs...); err != nil {
		return 0, err
	}
	w.Nominator = ByPublic
	switch {
	case actor.Has(people.RoleOrganiser):
		w.Nominator = ByOrganiser
	case a.Member:
		w.Nominator = ByMember
	}
	w.NominatorID, w.Status, w.Reason, w.View, w.Created, w.Decided = actor.ID, Proposed, "", "", s.at(), time.Time{}
	ev := s.event(actor, ActionNominate, "", map[string]string{"cycle": itoa(w.CycleID), "theme": itoa(w.ThemeID), "by": string(w.Nominator)})
	return s.store.AddWitness(ctx, w, ev)
}

// DecideWitness approves or declines a proposed witness, with a reason;
// an approved witness gets a view. The committee or organisers,
// cycle.Evidence.
func (s *Service) DecideWitness(ctx context.Context, actor people.User, cycleID, id int64, approve bool, reason, view string) error {
	if _, err := s.step(ctx, actor, cycleID, committee, committeeOnly); err != nil {
		return err
	}
	w, err := s.store.Witness(ctx, id)
	if err != nil {
		return err
	}
	if w.CycleID != cycleID {
		return apperr.New(apperr.NotFound, "There is no such witness.")
	}
	if w.Status != Proposed {
		return apperr.New(apperr.Conflict, "This witness has already been decided.")
	}
	reason, view = strings.TrimSpace(reason), strings.TrimSpace(view)
	var errs []error
	if reason == "" {
		errs = append(errs, apperr.Field("reason", "Give the reason for the decision"))
	}
	if approve && view == "" {
		errs = append(errs, apperr.Field("view", "Say what view the witness brings, for example patient group"))
	}
	tooLong("reason", reason, MaxText, &errs)
	tooLong("view", view, MaxName, &errs)
	if err := errors.Join(errs...); err != nil {
		return err
	}
	st := Declined
	if approve {
		st = Approved
	}
	ev := s.event(actor, ActionDecide, audit.ObjectRef("evidence_witness", id), map[string]string{"status": string(st), "view": view})
	return s.store.DecideWitness(ctx, id, st, reason, view, ev.Time, ev)
}

// Ask records an assembly member's request for a source or a witness.
// Members, cycle.Evidence.
func (s *Service) Ask(ctx context.Context, actor people.User, cycleID, themeID int64, k Kind, text string) (int64, error) {
	if _, err := s.step(ctx, actor, cycleID, func(a Abilities) bool { return a.Member }, "Only the assembly's members can ask for evidence here."); err != nil {
		return 0, err
	}
	text = strings.TrimSpace(text)
	var errs []error
	if err := s.onAgenda(ctx, cycleID, themeID, false); err != nil {
		errs = append(errs, err)
	}
	if k != AskSource && k != AskWitness {
		errs = append(errs, apperr.Field("kind", "Choose whether you ask for a source or a witness"))
	}
	if text == "" {
		errs = append(errs, apperr.Field("text", "Say what you would like"))
	}
	tooLong("text", text, MaxText, &errs)
	if err := errors.Join(errs...); err != nil {
		return 0, err
	}
	q := Request{CycleID: cycleID, ThemeID: themeID, UserID: actor.ID, Kind: k, Text: text, Created: s.at()}
	return s.store.AddRequest(ctx, q, s.event(actor, ActionRequest, "", map[string]string{"cycle": itoa(cycleID), "kind": string(k)}))
}

// Answer publishes the committee's answer to a member's request. The
// committee or organisers, cycle.Evidence.
func (s *Service) Answer(ctx context.Context, actor people.User, cycleID, id int64, answer string) error {
	if _, err := s.step(ctx, actor, cycleID, committee, committeeOnly); err != nil {
		return err
	}
	q, err := s.store.Request(ctx, id)
	if err != nil {
		return err
	}
	if q.CycleID != cycleID {
		return apperr.New(apperr.NotFound, "There is no such request.")
	}
	answer = strings.TrimSpace(answer)
	if answer == "" {
		return apperr.Field("answer", "Write the answer")
	}
	if len([]rune(answer)) > MaxText {
		return apperr.Field("answer", "This must be %d characters or fewer", MaxText)
	}
	ev := s.event(actor, ActionAnswer, audit.ObjectRef("evidence_request", id), nil)
	return s.store.AnswerRequest(ctx, id, answer, ev.Time, ev)
}

// Submit sends a written submission to the open call. Anyone signed in,
// while the call is open (cycle.Evidence).
func (s *Service) Submit(ctx context.Context, actor people.User, sub Submission) (int64, error) {
	if _, err := s.step(ctx, actor, sub.CycleID, nil, ""); err != nil {
		return 0, err
	}
	sub.Organisation, sub.Interests, sub.Body = strings.TrimSpace(sub.Organisation), strings.TrimSpace(sub.Interests), strings.TrimSpace(sub.Body)
	var errs []error
	if err := s.onAgenda(ctx, sub.CycleID, sub.ThemeID, false); err != nil {
		errs = append(errs, err)
	}
	if sub.Organisation == "" {
		errs = append(errs, apperr.Field("organisation", "Enter your organisation, or write Individual"))
	}
	if sub.Interests == "" {
		errs = append(errs, apperr.Field("interests", "Declare your interests, or write None"))
	}
	if sub.Body == "" {
		errs = append(errs, apperr.Field("body", "Write your submission"))
	}
	tooLong("organisation", sub.Organisation, MaxName, &errs)
	tooLong("interests", sub.Interests, MaxText, &errs)
	tooLong("body", sub.Body, MaxBody, &errs)
	if len(sub.PDF) > 0 {
		if err := (Content{Format: PDF, Data: sub.PDF}).check("file"); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return 0, err
	}
	sub.UserID, sub.HasPDF, sub.Status, sub.Reason, sub.Created, sub.Decided = actor.ID, len(sub.PDF) > 0, Proposed, "", s.at(), time.Time{}
	pdf := "0"
	if sub.HasPDF {
		pdf = "1"
	}
	return s.store.AddSubmission(ctx, sub, s.event(actor, ActionSubmit, "", map[string]string{"cycle": itoa(sub.CycleID), "pdf": pdf}))
}

// Moderate publishes or rejects a submission (a reason is needed to
// reject). Moderators, the committee or organisers, cycle.Evidence.
func (s *Service) Moderate(ctx context.Context, actor people.User, cycleID, id int64, publish bool, reason string) error {
	if _, err := s.step(ctx, actor, cycleID, func(a Abilities) bool { return a.Moderate }, "Only moderators, the organisers and the advisory committee can do this."); err != nil {
		return err
	}
	sub, err := s.store.SubmissionFile(ctx, id)
	if err != nil {
		return err
	}
	if sub.CycleID != cycleID {
		return apperr.New(apperr.NotFound, "There is no such submission.")
	}
	if sub.Status != Proposed {
		return apperr.New(apperr.Conflict, "This submission has already been decided.")
	}
	reason = strings.TrimSpace(reason)
	if !publish && reason == "" {
		return apperr.Field("reason", "Give the reason the submission is not published")
	}
	if len([]rune(reason)) > MaxText {
		return apperr.Field("reason", "This must be %d characters or fewer", MaxText)
	}
	st := Rejected
	if publish {
		st = Published
	}
	ev := s.event(actor, ActionModerate, audit.ObjectRef("evidence_submission", id), map[string]string{"status": string(st)})
	return s.store.DecideSubmission(ctx, id, st, reason, ev.Time, ev)
}

// SubmissionFile returns a published submission's PDF (moderators and
// the committee may read one not yet published).
func (s *Service) SubmissionFile(ctx context.Context, actor people.User, cycleID, id int64) (Submission, error) {
	sub, err := s.store.SubmissionFile(ctx, id)
	if err != nil {
		return sub, err
	}
	if sub.CycleID != cycleID || !sub.HasPDF {
		return Submission{}, apperr.New(apperr.NotFound, "There is no such file.")
	}
	if sub.Status != Published {
		a, err := s.Can(ctx, actor, cycleID)
		if err != nil {
			return Submission{}, err
		}
		if !a.Moderate {
			return Submission{}, apperr.New(apperr.NotFound, "There is no such file.")
		}
	}
	return sub, nil
}

// Packs returns the round's public evidence: a pack for each theme of the
// agenda, in the agenda's order, with its documents, approved and
// declined witnesses and the balance of their views, members' requests
// and published submissions. Nominators and askers are left out.
func (s *Service) Packs(ctx context.Context, cycleID int64) ([]Pack, error) {
	return s.packs(ctx, cycleID, false)
}

// Review returns the packs with everything the committee and moderators
// decide on (proposed witnesses and submissions, rejected submissions).
func (s *Service) Review(ctx context.Context, actor people.User, cycleID int64) ([]Pack, Abilities, error) {
	a, err := s.Can(ctx, actor, cycleID)
	if err != nil {
		return nil, a, err
	}
	if !a.Committee && !a.Moderate {
		return nil, a, people.MustRole(actor, people.RoleOrganiser)
	}
	ps, err := s.packs(ctx, cycleID, true)
	return ps, a, err
}

func (s *Service) packs(ctx context.Context, cycleID int64, all bool) ([]Pack, error) {
	ts, err := s.Themes(ctx, cycleID)
	if err != nil {
		return nil, err
	}
	out := make([]Pack, len(ts))
	at := map[int64]int{}
	for i, t := range ts {
		out[i] = Pack{ThemeID: t.ThemeID, Title: t.Title}
		at[t.ThemeID] = i
	}
	pack := func(themeID int64) *Pack {
		if i, ok := at[themeID]; ok {
			return &out[i]
		}
		return nil
	}
	docs, err := s.store.Documents(ctx, cycleID)
	if err != nil {
		return nil, err
	}
	for _, d := range docs {
		if p := pack(d.ThemeID); p != nil {
			p.Documents = append(p.Documents, d)
		}
	}
	ws, err := s.store.Witnesses(ctx, cycleID)
	if err != nil {
		return nil, err
	}
	for _, w := range ws {
		p := pack(w.ThemeID)
		if p == nil || (w.Status == Proposed && !all) {
			continue
		}
		if !all {
			w.NominatorID, w.Nominator = 0, ""
		}
		p.Witnesses = append(p.Witnesses, w)
	}
	qs, err := s.store.Requests(ctx, cycleID)
	if err != nil {
		return nil, err
	}
	subs, err := s.store.Submissions(ctx, cycleID)
	if err != nil {
		return nil, err
	}
	for i := range out {
		p := &out[i]
		p.Balance = Balance(p.Witnesses)
		for _, q := range qs {
			if q.ThemeID == p.ThemeID {
				if !all {
					q.UserID = 0
				}
				p.Requests = append(p.Requests, q)
			}
		}
		for _, sub := range subs {
			if sub.ThemeID == p.ThemeID && (all || sub.Status == Published) {
				if !all {
					sub.UserID = 0
				}
				p.Submissions = append(p.Submissions, sub)
			}
		}
	}
	return out, nil
}

// Balance counts approved witnesses by view, the most common first (then
// by view).
func Balance(ws []Witness) []ViewCount {
	n := map[string]int{}
	for _, w := range ws {
		if w.Status == Approved {
			n[w.View]++
		}
	}
	out := make([]ViewCount, 0, len(n))
	for v, c := range n {
		out = append(out, ViewCount{View: v, Count: c})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].View < out[j].View
	})
	return out
}

// Links returns what the round has published of its evidence, for
// /cycles.json (none before the agenda is published).
func (s *Service) Links(ctx context.Context, cycleID int64) (map[string]string, error) {
	ts, err := s.Themes(ctx, cycleID)
	if err != nil || len(ts) == 0 {
		return nil, err
	}
	base := "/cycles/" + itoa(cycleID)
	return map[string]string{"evidence": base + "/evidence", "evidence.json": base + "/evidence.json"}, nil
}

// DocumentURL is the path of a document's page; VersionURL the path of
// one version's content (its page, or the PDF itself).
func DocumentURL(cycleID, docID int64) string {
	return "/cycles/" + itoa(cycleID) + "/evidence/documents/" + itoa(docID)
}

// VersionURL is the path of version v of a document of round cycleID: its
// page for Markdown, the file for a PDF.
func VersionURL(cycleID int64, v Version) string {
	kind := "/versions/"
	if v.Easy {
		kind = "/easy-read/"
	}
	u := DocumentURL(cycleID, v.DocID) + kind + strconv.Itoa(v.Number)
	if v.Format == PDF {
		u += "/file.pdf"
	}
	return u
}
