package gather

import (
	"context"
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
)

// Config holds the gather service's settings. The zero value is usable.
type Config struct {
	// EditWindow is how long after submitting an author may still edit an
	// issue; default 30 minutes.
	EditWindow time.Duration
	// Now is the clock; default time.Now.
	Now func() time.Time
	// ShortlistSize is how many themes go forward to the jury (see
	// Shortlist); default DefaultShortlistSize.
	ShortlistSize int
}

// Service applies the rules of the Gather phase over a Store. Actors are
// people.User values (people.Anonymous for readers who have not signed in,
// people.System for the server and CLI). It is safe for concurrent use.
type Service struct {
	store Store
	reps  Representatives
	gate  Gate
	cfg   Config

	// issueCycles caches the round each issue belongs to (which never
	// changes), so the hot path (support) reads nothing from the database
	// in the common case: the round's phase comes from the gate's cache.
	mu          sync.Mutex
	issueCycles map[int64]issueRef
}

// issueRef is what never changes about an issue: its round and its author.
type issueRef struct{ cycle, author int64 }

// NewService returns a Service over s; reps answers whether a user acts for
// an organisation (the storage value or *people.Service both do), gate
// whether a round's phase allows an action (*cycle.Service).
func NewService(s Store, reps Representatives, gate Gate, cfg Config) *Service {
	if cfg.EditWindow <= 0 {
		cfg.EditWindow = 30 * time.Minute
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.ShortlistSize <= 0 {
		cfg.ShortlistSize = DefaultShortlistSize
	}
	return &Service{store: s, reps: reps, gate: gate, cfg: cfg, issueCycles: map[int64]issueRef{}}
}

// Store returns the underlying store.
func (s *Service) Store() Store { return s.store }

func (s *Service) now() time.Time { return s.cfg.Now().UTC().Truncate(time.Microsecond) }

func (s *Service) event(actor people.User, action, object string, details map[string]string) audit.Event {
	return audit.Event{Time: s.now(), Actor: people.ActorOf(actor), Action: action, Object: object, Details: details}
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

// ---- issues ----

// EditableUntil returns when the edit window of iss closes.
func (s *Service) EditableUntil(iss Issue) time.Time { return iss.Created.Add(s.cfg.EditWindow) }

// CanEdit reports whether actor may edit iss now: only its author, while it
// is open and within the edit window.
func (s *Service) CanEdit(actor people.User, iss Issue) bool {
	return actor.SignedIn() && actor.ID == iss.AuthorID && iss.Status == StatusOpen && s.now().Before(s.EditableUntil(iss))
}

func (s *Service) checkOrg(ctx context.Context, actor people.User, orgID int64) error {
	if orgID == 0 {
		return nil
	}
	ok, err := s.reps.IsVerifiedRepresentative(ctx, actor.ID, orgID)
	if err != nil {
		return err
	}
	if !ok {
		return apperr.New(apperr.Forbidden, "You can only act for an organisation you are a verified representative of.")
	}
	return nil
}

// SubmitIssue raises an issue in an open cycle, as the actor or (OrgID)
// for an organisation the actor verifiably represents.
func (s *Service) SubmitIssue(ctx context.Context, actor people.User, d IssueDraft) (Issue, error) {
	if err := people.MustSignIn(actor); err != nil {
		return Issue{}, err
	}
	d.Normalise()
	if err := d.Validate(); err != nil {
		return Issue{}, err
	}
	if err := s.gate.Gate(ctx, d.CycleID, cycle.RaiseIssue); err != nil {
		return Issue{}, err
	}
	if err := s.checkOrg(ctx, actor, d.OrgID); err != nil {
		return Issue{}, err
	}
	now := s.now()
	iss := Issue{CycleID: d.CycleID, Title: d.Title, Description: d.Description, Tags: d.Tags,
		AuthorID: actor.ID, OrgID: d.OrgID, Status: StatusOpen, Created: now, Updated: now}
	ev := s.event(actor, "issue.submit", "", map[string]string{"title": d.Title, "cycle": id(d.CycleID), "org": id(d.OrgID)})
	if err := s.store.CreateIssue(ctx, &iss, ev); err != nil {
		return Issue{}, err
	}
	return s.store.Issue(ctx, iss.ID)
}

// EditIssue changes an issue's title, description and tags: its author
// only, while it is open and within the edit window. d.CycleID and d.OrgID
// are ignored.
func (s *Service) EditIssue(ctx context.Context, actor people.User, issueID int64, d IssueDraft) (Issue, error) {
	if err := people.MustSignIn(actor); err != nil {
		return Issue{}, err
	}
	iss, err := s.store.Issue(ctx, issueID)
	if err != nil {
		return Issue{}, err
	}
	if iss.AuthorID != actor.ID {
		return Issue{}, apperr.New(apperr.Forbidden, "Only the person who raised an issue can edit it.")
	}
	if !s.CanEdit(actor, iss) {
		return Issue{}, apperr.New(apperr.Conflict, "This issue can no longer be edited: issues can be changed for %d minutes after they are raised.", int(s.cfg.EditWindow/time.Minute))
	}
	if err := s.gate.Gate(ctx, iss.CycleID, cycle.EditIssue); err != nil {
		return Issue{}, err
	}
	d.Normalise()
	if err := d.Validate(); err != nil {
		return Issue{}, err
	}
	iss.Title, iss.Description, iss.Tags, iss.Updated = d.Title, d.Description, d.Tags, s.now()
	ev := s.event(actor, "issue.edit", audit.ObjectRef("issue", issueID), map[string]string{"title": d.Title})
	if err := s.store.UpdateIssue(ctx, iss, ev); err != nil {
		return Issue{}, err
	}
	return s.store.Issue(ctx, issueID)
}

// WithdrawIssue withdraws an open issue: its author only. Its supports stay
// recorded but it leaves the lists.
func (s *Service) WithdrawIssue(ctx context.Context, actor people.User, issueID int64) error {
	if err := people.MustSignIn(actor); err != nil {
		return err
	}
	iss, err := s.store.Issue(ctx, issueID)
	if err != nil {
		return err
	}
	if iss.AuthorID != actor.ID {
		return apperr.New(apperr.Forbidden, "Only the person who raised an issue can withdraw it.")
	}
	if iss.Status != StatusOpen {
		return statusConflict(iss.Status)
	}
	return s.store.SetIssueStatus(ctx, issueID, StatusWithdrawn, "", s.event(actor, "issue.withdraw", audit.ObjectRef("issue", issueID), nil))
}

// Issue returns one issue as viewer may see it: a hidden issue keeps its
// status and public reason but, except for moderators and its author, its
// title and description are blanked.
func (s *Service) Issue(ctx context.Context, viewer people.User, issueID int64) (Issue, error) {
	iss, err := s.store.Issue(ctx, issueID)
	if err != nil {
		return Issue{}, err
	}
	return redactIssue(viewer, iss), nil
}

func redactIssue(viewer people.User, iss Issue) Issue {
	if iss.Status == StatusHidden && !viewer.Has(people.RoleModerator) && !(viewer.SignedIn() && viewer.ID == iss.AuthorID) {
		iss.Title, iss.Description, iss.Tags = HiddenTitle, "", nil
	}
	return iss
}

// ListIssues returns a page of issues. Only moderators may list hidden
// issues; others asking for them get open ones only.
func (s *Service) ListIssues(ctx context.Context, viewer people.User, q IssueQuery) (IssuePage, error) {
	if err := NormaliseQuery(&q); err != nil {
		return IssuePage{}, err
	}
	if !viewer.Has(people.RoleModerator) {
		q.Statuses = slices.DeleteFunc(q.Statuses, func(st Status) bool { return st == StatusHidden })
		if len(q.Statuses) == 0 {
			q.Statuses = []Status{StatusOpen}
		}
	}
	p, err := s.store.ListIssues(ctx, q)
	if err != nil {
		return IssuePage{}, err
	}
	for i := range p.Issues {
		p.Issues[i] = redactIssue(viewer, p.Issues[i])
	}
	return p, nil
}

// NormaliseQuery fills in defaults and checks q: page and page size,
// a valid sort (relevance without a search falls back to supported),
// a normalised tag, a search of at most MaxSearch characters, open issues
// by default.
func NormaliseQuery(q *IssueQuery) error {
	if q.Page < 1 {
		q.Page = 1
	}
	if q.PerPage <= 0 {
		q.PerPage = DefaultPerPage
	}
	q.PerPage = min(q.PerPage, MaxPerPage)
	q.Search = strings.Join(strings.Fields(q.Search), " ")
	if utf8Len(q.Search) > MaxSearch || hasControl(q.Search, false) {
		return apperr.Field("q", "Search for %d characters or fewer", MaxSearch)
	}
	if q.Tag != "" {
		tags := NormaliseTags([]string{q.Tag})
		if len(tags) == 0 || ValidateTags(tags) != nil {
			return apperr.Field("tag", "Choose a topic from the list")
		}
		q.Tag = tags[0]
	}
	if q.Sort == "" {
		q.Sort = SortSupported
		if q.Search != "" {
			q.Sort = SortRelevance
		}
	}
	if _, ok := ParseSort(string(q.Sort)); !ok {
		return apperr.Field("sort", "Choose how to sort the list")
	}
	if q.Sort == SortRelevance && q.Search == "" {
		q.Sort = SortSupported
	}
	if len(q.Statuses) == 0 {
		q.Statuses = []Status{StatusOpen}
	}
	if q.After != "" {
		c, err := DecodeCursor(q.After)
		if err != nil {
			return err
		}
		if c.Sort != q.Sort {
			return apperr.Field("after", "That page link belongs to another order; go back to the first page")
		}
	}
	return nil
}

// IssueCounts returns the support and comment counts of the issues with
// these ids (all public numbers), skipping ids that do not exist.
func (s *Service) IssueCounts(ctx context.Context, ids []int64) ([]Counts, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	return s.store.IssueCounts(ctx, ids)
}

// Digests returns the open issues of a cycle for the similarity index.
// With cycleID 0 it returns the open issues of every round whose phase
// still lets organisers shape themes (the rounds still gathering or
// choosing their agenda): issues of finished rounds are neither suggested
// as similar to a new issue nor grouped into new themes.
func (s *Service) Digests(ctx context.Context, cycleID int64) ([]Digest, error) {
	ds, err := s.store.Digests(ctx, cycleID)
	if err != nil || cycleID != 0 {
		return ds, err
	}
	live := map[int64]bool{}
	out := ds[:0]
	for _, d := range ds {
		ok, seen := live[d.CycleID]
		if !seen {
			err := s.gate.Gate(ctx, d.CycleID, cycle.ShapeThemes)
			if err != nil && !apperr.Is(err, apperr.Conflict) {
				return nil, err
			}
			ok = err == nil
			live[d.CycleID] = ok
		}
		if ok {
			out = append(out, d)
		}
	}
	return out, nil
}

// ---- supports and follows ----

// Support records the actor's support for an open issue in a cycle whose
// gather window is open. Supporting twice is not an error: added reports
// whether this call added it.
//
// This is the hottest path of the application: in the common case it reads
// nothing from the database (the issue's cycle and the cycle's window come
// from caches; whether the issue is open is checked inside the store's
// transaction) and reads the issue only to explain a refusal.
func (s *Service) Support(ctx context.Context, actor people.User, issueID int64) (added bool, err error) {
	if !actor.SignedIn() {
		return false, apperr.New(apperr.Unauthenticated, "Sign in to support an issue.")
	}
	ref, err := s.issueRef(ctx, issueID)
	if err != nil {
		return false, err
	}
	if ref.author == actor.ID {
		return false, apperr.New(apperr.Forbidden, "You raised this issue, so you cannot support it too.")
	}
	if err := s.gate.Gate(ctx, ref.cycle, cycle.Support); err != nil {
		return false, err
	}
	ev := s.event(actor, "support.add", audit.ObjectRef("issue", issueID), nil)
	added, err = s.store.AddSupport(ctx, Support{IssueID: issueID, UserID: actor.ID, Created: s.now()}, ev)
	if err != nil || added {
		return added, err
	}
	iss, err := s.store.Issue(ctx, issueID)
	if err != nil {
		return false, err
	}
	switch iss.Status {
	case StatusWithdrawn:
		return false, apperr.New(apperr.Conflict, "This issue has been withdrawn and cannot be supported.")
	case StatusHidden:
		return false, apperr.New(apperr.Conflict, "This issue has been hidden and cannot be supported.")
	}
	return false, nil // already supported
}

// Unsupport withdraws the actor's support while the gather window is open;
// removed is false if there was none.
func (s *Service) Unsupport(ctx context.Context, actor people.User, issueID int64) (removed bool, err error) {
	if !actor.SignedIn() {
		return false, apperr.New(apperr.Unauthenticated, "Sign in to withdraw your support.")
	}
	cycleID, err := s.issueCycle(ctx, issueID)
	if err != nil {
		return false, err
	}
	if err := s.gate.Gate(ctx, cycleID, cycle.Support); err != nil {
		return false, err
	}
	return s.store.RemoveSupport(ctx, issueID, actor.ID, s.event(actor, "support.remove", audit.ObjectRef("issue", issueID), nil))
}

// issueCycle returns the cycle an issue belongs to (which never changes)
// from a bounded cache.
func (s *Service) issueCycle(ctx context.Context, issueID int64) (int64, error) {
	ref, err := s.issueRef(ctx, issueID)
	return ref.cycle, err
}

// issueRef returns an issue's round and author (which never change) from a
// bounded cache.
func (s *Service) issueRef(ctx context.Context, issueID int64) (issueRef, error) {
	s.mu.Lock()
	ref, ok := s.issueCycles[issueID]
	s.mu.Unlock()
	if ok {
		return ref, nil
	}
	iss, err := s.store.Issue(ctx, issueID)
	if err != nil {
		return issueRef{}, err
	}
	ref = issueRef{cycle: iss.CycleID, author: iss.AuthorID}
	s.mu.Lock()
	if len(s.issueCycles) >= maxIssueCycles {
		clear(s.issueCycles)
	}
	s.issueCycles[issueID] = ref
	s.mu.Unlock()
	return ref, nil
}

// maxIssueCycles bounds the issue → cycle cache (a few MB when full).
const maxIssueCycles = 200_000

// Follow subscribes the actor to an issue's updates (idempotent).
func (s *Service) Follow(ctx context.Context, actor people.User, issueID int64) (bool, error) {
	if !actor.SignedIn() {
		return false, apperr.New(apperr.Unauthenticated, "Sign in to follow an issue.")
	}
	return s.store.AddFollow(ctx, issueID, actor.ID, s.event(actor, "follow.add", audit.ObjectRef("issue", issueID), nil))
}

// Unfollow unsubscribes the actor (idempotent).
func (s *Service) Unfollow(ctx context.Context, actor people.User, issueID int64) (bool, error) {
	if !actor.SignedIn() {
		return false, apperr.New(apperr.Unauthenticated, "Sign in to stop following an issue.")
	}
	return s.store.RemoveFollow(ctx, issueID, actor.ID, s.event(actor, "follow.remove", audit.ObjectRef("issue", issueID), nil))
}

// Viewer returns what the actor has done to an issue (zero for readers who
// have not signed in).
func (s *Service) Viewer(ctx context.Context, actor people.User, issueID int64) (Viewer, error) {
	if !actor.SignedIn() {
		return Viewer{}, nil
	}
	return s.store.Viewer(ctx, issueID, actor.ID)
}

// ---- comments ----

// CommentDraft is a new comment or reply.
type CommentDraft struct {
	IssueID  int64
	ParentID int64 // reply to this top-level comment; 0 for a new comment
	Body     string
	OrgID    int64 // speak for this organisation (verified representatives only)
}

// AddComment adds a comment or a one-level reply to a non-hidden issue.
func (s *Service) AddComment(ctx context.Context, actor people.User, d CommentDraft) (Comment, error) {
	if !actor.SignedIn() {
		return Comment{}, apperr.New(apperr.Unauthenticated, "Sign in to comment.")
	}
	d.Body = strings.TrimSpace(normaliseNewlines(d.Body))
	if err := ValidateComment(d.Body); err != nil {
		return Comment{}, err
	}
	iss, err := s.store.Issue(ctx, d.IssueID)
	if err != nil {
		return Comment{}, err
	}
	if iss.Status == StatusHidden {
		return Comment{}, apperr.New(apperr.Conflict, "This issue is hidden and cannot take comments.")
	}
	if d.ParentID != 0 {
		p, err := s.store.Comment(ctx, d.ParentID)
		if err != nil {
			return Comment{}, err
		}
		if p.IssueID != d.IssueID {
			return Comment{}, apperr.New(apperr.NotFound, "That comment is not on this issue.")
		}
		if p.ParentID != 0 { // reply to a reply: attach to the thread's top comment
			d.ParentID = p.ParentID
			if p.Status != StatusHidden {
				if p, err = s.store.Comment(ctx, d.ParentID); err != nil {
					return Comment{}, err
				}
			}
		}
		if p.Status == StatusHidden {
			return Comment{}, apperr.New(apperr.Conflict, "This comment has been hidden by a moderator, so it cannot take replies.")
		}
	}
	if err := s.checkOrg(ctx, actor, d.OrgID); err != nil {
		return Comment{}, err
	}
	c := Comment{IssueID: d.IssueID, ParentID: d.ParentID, AuthorID: actor.ID, OrgID: d.OrgID, Body: d.Body, Status: StatusVisible, Created: s.now()}
	ev := s.event(actor, "comment.add", "", map[string]string{"issue": id(d.IssueID), "parent": id(d.ParentID)})
	if err := s.store.CreateComment(ctx, &c, ev); err != nil {
		return Comment{}, err
	}
	return s.store.Comment(ctx, c.ID)
}

// Comments returns an issue's comments as threads: top-level comments
// oldest first, each with its Replies oldest first. Hidden comments keep
// their place with the body replaced, except for moderators.
func (s *Service) Comments(ctx context.Context, viewer people.User, issueID int64) ([]Comment, error) {
	flat, err := s.store.Comments(ctx, issueID)
	if err != nil {
		return nil, err
	}
	var top []Comment
	index := map[int64]int{}
	for _, c := range flat {
		if c.Status == StatusHidden && !viewer.Has(people.RoleModerator) {
			c.Body = ""
		}
		if c.ParentID == 0 {
			index[c.ID] = len(top)
			top = append(top, c)
		}
	}
	for _, c := range flat {
		if c.ParentID == 0 {
			continue
		}
		if c.Status == StatusHidden && !viewer.Has(people.RoleModerator) {
			c.Body = ""
		}
		if i, ok := index[c.ParentID]; ok {
			top[i].Replies = append(top[i].Replies, c)
		}
	}
	return top, nil
}

// ---- reports and moderation ----

// Report lets anyone signed in report an issue or comment with a reason
// (category "other"; SubmitReport takes a category).
func (s *Service) Report(ctx context.Context, actor people.User, t Target, reason string) (Report, error) {
	return s.SubmitReport(ctx, actor, ReportDraft{Target: t, Category: CategoryOther, Reason: reason})
}

// checkTarget checks that t exists and is not the reporter's own, except
// once it is hidden: reporting one's own hidden issue or comment is how an
// author asks for a second look (the "hidden" email says so).
func (s *Service) checkTarget(ctx context.Context, reporter people.User, t Target) error {
	if t.CommentID != 0 {
		c, err := s.store.Comment(ctx, t.CommentID)
		if err != nil {
			return err
		}
		if c.IssueID != t.IssueID {
			return apperr.New(apperr.NotFound, "That comment is not on this issue.")
		}
		if c.AuthorID == reporter.ID && c.Status != StatusHidden {
			return apperr.New(apperr.Forbidden, "You wrote this comment, so you cannot report it.")
		}
		return nil
	}
	iss, err := s.store.Issue(ctx, t.IssueID)
	if err == nil && iss.AuthorID == reporter.ID && iss.Status != StatusHidden {
		return apperr.New(apperr.Forbidden, "You raised this issue, so you cannot report it.")
	}
	return err
}

// Hide hides an issue or comment with a public reason. Moderators only.
func (s *Service) Hide(ctx context.Context, actor people.User, t Target, reason string) (Moderation, error) {
	return s.moderate(ctx, actor, t, ActionHide, reason, false)
}

// Unhide shows a hidden issue or comment again, with a public reason.
// Moderators only.
func (s *Service) Unhide(ctx context.Context, actor people.User, t Target, reason string) (Moderation, error) {
	return s.moderate(ctx, actor, t, ActionUnhide, reason, false)
}

// Moderate hides, shows again or corrects the reason of (a) an issue or
// comment with a public reason; withholdTitle keeps the issue's title out
// of the public log. Moderators only.
func (s *Service) Moderate(ctx context.Context, actor people.User, t Target, a ModerationAction, reason string, withholdTitle bool) (Moderation, error) {
	return s.moderate(ctx, actor, t, a, reason, withholdTitle)
}

func (s *Service) moderate(ctx context.Context, actor people.User, t Target, a ModerationAction, reason string, withholdTitle bool) (Moderation, error) {
	if err := people.MustRole(actor, people.RoleModerator); err != nil {
		return Moderation{}, err
	}
	reason = strings.TrimSpace(normaliseNewlines(reason))
	if err := ValidateReason(reason); err != nil {
		return Moderation{}, err
	}
	if err := s.checkTarget(ctx, people.Anonymous, t); err != nil {
		return Moderation{}, err
	}
	if a != ActionHide && a != ActionUnhide && a != ActionCorrect {
		return Moderation{}, apperr.Field("action", "Choose what to do")
	}
	iss, err := s.store.Issue(ctx, t.IssueID)
	if err != nil {
		return Moderation{}, err
	}
	if t.CommentID == 0 {
		switch {
		case a == ActionHide && iss.Status == StatusHidden:
			return Moderation{}, apperr.New(apperr.Conflict, "This issue is hidden already.")
		case a != ActionHide && iss.Status != StatusHidden:
			return Moderation{}, apperr.New(apperr.Conflict, "This issue is not hidden.")
		}
	} else {
		c, _ := s.store.Comment(ctx, t.CommentID)
		switch {
		case a == ActionHide && c.Status == StatusHidden:
			return Moderation{}, apperr.New(apperr.Conflict, "This comment is hidden already.")
		case a != ActionHide && c.Status != StatusHidden:
			return Moderation{}, apperr.New(apperr.Conflict, "This comment is not hidden.")
		}
	}
	// The public log names what was moderated: the issue's title (for a
	// comment, the issue it is on), unless the moderator withholds it or,
	// for a comment, the issue itself is hidden.
	title := iss.Title
	if withholdTitle || (t.CommentID != 0 && iss.Status == StatusHidden) {
		title = ""
	}
	m := Moderation{Target: t, Action: a, Reason: reason, ModeratorID: actor.ID, IssueTitle: title, WithholdTitle: title == "", Created: s.now()}
	obj := audit.ObjectRef("issue", t.IssueID)
	if t.CommentID != 0 {
		obj = audit.ObjectRef("comment", t.CommentID)
	}
	if err := s.store.Moderate(ctx, &m, s.event(actor, "moderation."+string(a), obj, map[string]string{"reason": reason})); err != nil {
		return Moderation{}, err
	}
	return m, nil
}

// ModerationLog returns the public moderation log, newest first.
func (s *Service) ModerationLog(ctx context.Context, limit, offset int) ([]Moderation, error) {
	if limit <= 0 || limit > MaxPerPage {
		limit = 50
	}
	return s.store.ModerationLog(ctx, limit, max(offset, 0))
}

// ---- themes ----

// ThemeDraft is a new theme confirmed by an organiser.
type ThemeDraft struct {
	CycleID     int64
	Name        string
	Description string
	IssueIDs    []int64 // issues to put in it (moved out of any other theme)
}

// CreateTheme confirms a group of issues into a theme. Organisers only.
func (s *Service) CreateTheme(ctx context.Context, actor people.User, d ThemeDraft) (Theme, error) {
	if err := people.MustRole(actor, people.RoleOrganiser); err != nil {
		return Theme{}, err
	}
	d.Name, d.Description = strings.TrimSpace(d.Name), strings.TrimSpace(normaliseNewlines(d.Description))
	if err := errors.Join(ValidateThemeName(d.Name), themeDescRule.Check(d.Description)); err != nil {
		return Theme{}, err // every problem at once
	}
	if err := s.gate.Gate(ctx, d.CycleID, cycle.ShapeThemes); err != nil {
		return Theme{}, err
	}
	if err := s.sameCycle(ctx, d.CycleID, d.IssueIDs); err != nil {
		return Theme{}, err
	}
	now := s.now()
	t := Theme{CycleID: d.CycleID, Name: d.Name, Description: d.Description, Created: now, Updated: now}
	ev := s.event(actor, ActionThemeCreate, "", map[string]string{"name": d.Name, "issues": joinIDs(d.IssueIDs)})
	if err := s.store.CreateTheme(ctx, &t, d.IssueIDs, ev); err != nil {
		return Theme{}, err
	}
	return s.store.Theme(ctx, t.ID)
}

func (s *Service) sameCycle(ctx context.Context, cycleID int64, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	iss, err := s.store.Issues(ctx, ids)
	if err != nil {
		return err
	}
	if len(iss) != len(uniq(ids)) {
		return apperr.New(apperr.NotFound, "One of the chosen issues does not exist.")
	}
	for _, i := range iss {
		if i.CycleID != cycleID {
			return apperr.Field("issues", "All issues of a theme must belong to the same round")
		}
	}
	return nil
}

// RenameTheme changes a theme's name and description. Organisers only.
func (s *Service) RenameTheme(ctx context.Context, actor people.User, themeID int64, name, description string) (Theme, error) {
	if err := people.MustRole(actor, people.RoleOrganiser); err != nil {
		return Theme{}, err
	}
	t, err := s.store.Theme(ctx, themeID)
	if err != nil {
		return Theme{}, err
	}
	if err := s.gate.Gate(ctx, t.CycleID, cycle.ShapeThemes); err != nil {
		return Theme{}, err
	}
	t.Name, t.Description, t.Updated = strings.TrimSpace(name), strings.TrimSpace(normaliseNewlines(description)), s.now()
	if err := errors.Join(ValidateThemeName(t.Name), themeDescRule.Check(t.Description)); err != nil {
		return Theme{}, err // every problem at once
	}
	if err := s.store.UpdateTheme(ctx, t, s.event(actor, ActionThemeRename, audit.ObjectRef("theme", themeID), map[string]string{"name": t.Name})); err != nil {
		return Theme{}, err
	}
	return s.store.Theme(ctx, themeID)
}

// AddToTheme moves issues into a theme. Organisers only.
func (s *Service) AddToTheme(ctx context.Context, actor people.User, themeID int64, issueIDs []int64) error {
	if err := people.MustRole(actor, people.RoleOrganiser); err != nil {
		return err
	}
	t, err := s.store.Theme(ctx, themeID)
	if err != nil {
		return err
	}
	if err := s.gate.Gate(ctx, t.CycleID, cycle.ShapeThemes); err != nil {
		return err
	}
	if len(issueIDs) == 0 {
		return apperr.Field("add", "Choose the issues to add to the theme")
	}
	if err := s.sameCycle(ctx, t.CycleID, issueIDs); err != nil {
		return err
	}
	return s.store.MoveIssues(ctx, issueIDs, themeID, s.event(actor, ActionThemeAdd, audit.ObjectRef("theme", themeID), map[string]string{"issues": joinIDs(issueIDs)}))
}

// RemoveFromTheme takes issues out of whatever theme they are in.
// Organisers only.
func (s *Service) RemoveFromTheme(ctx context.Context, actor people.User, issueIDs []int64) error {
	if err := people.MustRole(actor, people.RoleOrganiser); err != nil {
		return err
	}
	if len(issueIDs) == 0 {
		return apperr.Field("remove", "Choose the issues to take out of the theme")
	}
	iss, err := s.store.Issues(ctx, uniq(issueIDs))
	if err != nil {
		return err
	}
	if len(iss) != len(uniq(issueIDs)) {
		return apperr.New(apperr.NotFound, "One of the chosen issues does not exist.")
	}
	for _, i := range iss {
		if err := s.gate.Gate(ctx, i.CycleID, cycle.ShapeThemes); err != nil {
			return err
		}
	}
	details := map[string]string(nil)
	if th := iss[0].ThemeID; th != 0 && !slices.ContainsFunc(iss, func(i Issue) bool { return i.ThemeID != th }) {
		details = map[string]string{"theme": id(th)}
	}
	return s.store.MoveIssues(ctx, issueIDs, 0, s.event(actor, ActionThemeRemove, "issues:"+joinIDs(uniq(issueIDs)), details))
}

// MergeThemes moves the issues of the themes in from into into and deletes
// them. Organisers only.
func (s *Service) MergeThemes(ctx context.Context, actor people.User, into int64, from []int64) (Theme, error) {
	if err := people.MustRole(actor, people.RoleOrganiser); err != nil {
		return Theme{}, err
	}
	dst, err := s.store.Theme(ctx, into)
	if err != nil {
		return Theme{}, err
	}
	if err := s.gate.Gate(ctx, dst.CycleID, cycle.ShapeThemes); err != nil {
		return Theme{}, err
	}
	from = slices.DeleteFunc(uniq(from), func(n int64) bool { return n == into })
	if len(from) == 0 {
		return Theme{}, apperr.Field("from", "Choose at least one other theme to merge")
	}
	for _, f := range from {
		t, err := s.store.Theme(ctx, f)
		if err != nil {
			return Theme{}, err
		}
		if t.CycleID != dst.CycleID {
			return Theme{}, apperr.Field("from", "Only themes of the same round can be merged")
		}
	}
	if err := s.store.MergeThemes(ctx, into, from, s.event(actor, ActionThemeMerge, audit.ObjectRef("theme", into), map[string]string{"from": joinIDs(from)})); err != nil {
		return Theme{}, err
	}
	return s.store.Theme(ctx, into)
}

// SplitTheme moves issueIDs (which must be in theme from) into a new theme
// called name. Organisers only.
func (s *Service) SplitTheme(ctx context.Context, actor people.User, from int64, issueIDs []int64, name string) (Theme, error) {
	if err := people.MustRole(actor, people.RoleOrganiser); err != nil {
		return Theme{}, err
	}
	src, err := s.store.Theme(ctx, from)
	if err != nil {
		return Theme{}, err
	}
	if len(issueIDs) == 0 {
		return Theme{}, apperr.Field("issues", "Choose the issues to move to the new theme")
	}
	iss, err := s.store.Issues(ctx, issueIDs)
	if err != nil {
		return Theme{}, err
	}
	for _, i := range iss {
		if i.ThemeID != from {
			return Theme{}, apperr.Field("issues", "Choose only issues that are in this theme")
		}
	}
	return s.CreateTheme(ctx, actor, ThemeDraft{CycleID: src.CycleID, Name: name, IssueIDs: issueIDs})
}

// DeleteTheme removes a theme; its issues become unthemed. Organisers only.
func (s *Service) DeleteTheme(ctx context.Context, actor people.User, themeID int64) error {
	if err := people.MustRole(actor, people.RoleOrganiser); err != nil {
		return err
	}
	t, err := s.store.Theme(ctx, themeID)
	if err != nil {
		return err
	}
	if err := s.gate.Gate(ctx, t.CycleID, cycle.ShapeThemes); err != nil {
		return err
	}
	in, err := s.store.ListIssues(ctx, IssueQuery{ThemeID: themeID, Sort: SortNewest, Statuses: []Status{StatusOpen, StatusWithdrawn, StatusHidden}, Page: 1, PerPage: MaxPerPage})
	if err != nil {
		return err
	}
	ids := make([]int64, len(in.Issues))
	for i, iss := range in.Issues {
		ids[i] = iss.ID
	}
	return s.store.DeleteTheme(ctx, themeID, s.event(actor, ActionThemeDelete, audit.ObjectRef("theme", themeID), map[string]string{"issues": joinIDs(uniq(ids))}))
}

// Theme returns one theme with its counts.
func (s *Service) Theme(ctx context.Context, themeID int64) (Theme, error) {
	return s.store.Theme(ctx, themeID)
}

// Themes returns a cycle's themes, most distinct supporters first.
func (s *Service) Themes(ctx context.Context, cycleID int64) ([]Theme, error) {
	return s.store.Themes(ctx, cycleID)
}

// HiddenTitle is the title shown instead of a hidden issue's own (an
// English msgid for the catalogue).
const HiddenTitle = "Hidden issue"

// statusConflict is the error for acting on an issue that is no longer
// open.
func statusConflict(st Status) error {
	switch st {
	case StatusWithdrawn:
		return apperr.New(apperr.Conflict, "This issue has already been withdrawn.")
	case StatusHidden:
		return apperr.New(apperr.Conflict, "This issue has been hidden by a moderator.")
	}
	return apperr.New(apperr.Conflict, "This issue cannot be changed now.")
}

func uniq(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}

func joinIDs(ids []int64) string {
	s := make([]string, len(ids))
	for i, n := range ids {
		s[i] = id(n)
	}
	return strings.Join(s, ",")
}

func utf8Len(s string) int { return len([]rune(s)) }
