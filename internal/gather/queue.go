package gather

import (
	"context"
	"strings"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/people"
)

// ReportCategory is the kind of problem a report is about.
type ReportCategory string

// Report categories. CategoryCombine is not a breach of the house rules:
// it asks organisers whether two issues could be combined, and goes to
// their queue, not the moderators'.
const (
	CategoryAbuse    ReportCategory = "abuse"    // abusive or offensive
	CategoryPrivate  ReportCategory = "private"  // shares someone's private details
	CategoryOffTopic ReportCategory = "offtopic" // not about health and care
	CategorySpam     ReportCategory = "spam"     // advertising or spam
	CategoryOther    ReportCategory = "other"    // something else
	CategoryCombine  ReportCategory = "combine"  // says the same as another issue
)

// ReportCategories lists the categories in the order forms offer them.
var ReportCategories = []ReportCategory{CategoryAbuse, CategoryPrivate, CategoryOffTopic, CategorySpam, CategoryOther, CategoryCombine}

// ModerationCategories are the categories of the moderators' queue.
var ModerationCategories = ReportCategories[:len(ReportCategories)-1]

// Valid reports whether c is a known category.
func (c ReportCategory) Valid() bool {
	for _, k := range ReportCategories {
		if c == k {
			return true
		}
	}
	return false
}

// ReportOutcome is how a report was closed.
type ReportOutcome string

// Report outcomes.
const (
	OutcomeOpen      ReportOutcome = ""          // not decided yet
	OutcomeHidden    ReportOutcome = "hidden"    // a moderator hid what it reported
	OutcomeDismissed ReportOutcome = "dismissed" // a moderator found no breach (with a note)
	OutcomeCombined  ReportOutcome = "combined"  // an organiser put the two issues in one theme
	OutcomeDeclined  ReportOutcome = "declined"  // an organiser kept the two issues apart
)

// ParseOutcome returns the outcome named s ("open" for OutcomeOpen).
func ParseOutcome(s string) (ReportOutcome, bool) {
	switch ReportOutcome(s) {
	case "open":
		return OutcomeOpen, true
	case OutcomeHidden, OutcomeDismissed, OutcomeCombined, OutcomeDeclined:
		return ReportOutcome(s), true
	}
	return "", false
}

// TargetKind tells reports about issues from reports about comments.
type TargetKind string

// Target kinds.
const (
	KindIssue   TargetKind = "issue"
	KindComment TargetKind = "comment"
)

// ReportCount is how many reports share an outcome, category and kind.
type ReportCount struct {
	Outcome  ReportOutcome
	Category ReportCategory
	Kind     TargetKind
	N        int
}

// ReportDraft is a new report.
type ReportDraft struct {
	Target
	Category ReportCategory
	Reason   string
	// OtherIssueID is, for CategoryCombine, the issue the target could be
	// combined with.
	OtherIssueID int64
}

// SubmitReport lets anyone signed in report an issue or comment. A
// "combine" report names another issue of the same round and needs no
// reason; every other category needs one.
func (s *Service) SubmitReport(ctx context.Context, actor people.User, d ReportDraft) (Report, error) {
	if !actor.SignedIn() {
		return Report{}, apperr.New(apperr.Unauthenticated, "Sign in to report something.")
	}
	if d.Category == "" {
		d.Category = CategoryOther
	}
	if !d.Category.Valid() {
		return Report{}, apperr.Field("category", "Choose what is wrong")
	}
	d.Reason = strings.TrimSpace(normaliseNewlines(d.Reason))
	if d.Category == CategoryCombine {
		if err := s.checkCombine(ctx, d); err != nil {
			return Report{}, err
		}
		if d.Reason != "" {
			if err := ValidateReason(d.Reason); err != nil {
				return Report{}, err
			}
		}
	} else {
		d.OtherIssueID = 0
		if err := ValidateReason(d.Reason); err != nil {
			return Report{}, err
		}
		if err := s.checkTarget(ctx, actor, d.Target); err != nil {
			return Report{}, err
		}
	}
	r := Report{Target: d.Target, ReporterID: actor.ID, Reason: d.Reason, Category: d.Category, OtherIssueID: d.OtherIssueID, Created: s.now()}
	ev := s.event(actor, "report.create", "", map[string]string{"issue": id(d.IssueID), "comment": id(d.CommentID), "category": string(d.Category), "other": id(d.OtherIssueID)})
	if err := s.store.CreateReport(ctx, &r, ev); err != nil {
		return Report{}, err
	}
	return r, nil
}

func (s *Service) checkCombine(ctx context.Context, d ReportDraft) error {
	if d.CommentID != 0 {
		return apperr.Field("category", "Only issues can be combined: choose another reason")
	}
	if d.OtherIssueID == 0 {
		return apperr.Field("other", "Enter the number of the other issue")
	}
	if d.OtherIssueID == d.IssueID {
		return apperr.Field("other", "Enter the number of another issue, not this one")
	}
	iss, err := s.store.Issues(ctx, []int64{d.IssueID, d.OtherIssueID})
	if err != nil {
		return err
	}
	if len(iss) != 2 || iss[1].Status == StatusHidden {
		return apperr.Field("other", "There is no issue with that number")
	}
	if iss[0].CycleID != iss[1].CycleID {
		return apperr.Field("other", "Only issues of the same round can be combined")
	}
	return nil
}

// Reports returns a page of the moderators' queue (q.Combine false) or of
// the organisers' "could these be combined?" requests (q.Combine true).
func (s *Service) Reports(ctx context.Context, actor people.User, q ReportQuery) ([]Report, error) {
	if err := s.queueRole(actor, q.Combine); err != nil {
		return nil, err
	}
	if q.Limit <= 0 {
		q.Limit = 50
	}
	q.Limit = min(q.Limit, MaxPerPage)
	if q.Open {
		q.Outcome, q.Has = OutcomeOpen, true
	}
	return s.store.Reports(ctx, q)
}

// ReportCounts counts the moderators' queue (combine false) or the
// organisers' requests (combine true) by outcome, category and kind.
func (s *Service) ReportCounts(ctx context.Context, actor people.User, combine bool) ([]ReportCount, error) {
	if err := s.queueRole(actor, combine); err != nil {
		return nil, err
	}
	return s.store.ReportCounts(ctx, combine)
}

func (s *Service) queueRole(actor people.User, combine bool) error {
	if combine {
		return people.MustRole(actor, people.RoleOrganiser)
	}
	return people.MustRole(actor, people.RoleModerator)
}

// DismissReport closes one report without hiding anything. Moderators
// only; note (why, shown to staff) is required.
func (s *Service) DismissReport(ctx context.Context, actor people.User, reportID int64, note string) error {
	_, err := s.DismissReports(ctx, actor, []int64{reportID}, note)
	return err
}

// DismissReports closes several open reports with one note, each with its
// own audit entry ("report.dismiss", the note in its details). It returns
// how many it closed; reports already closed are skipped.
func (s *Service) DismissReports(ctx context.Context, actor people.User, ids []int64, note string) (int, error) {
	return s.eachOpenReport(ctx, actor, ids, note, func(r Report, note string) (bool, error) {
		ev := s.event(actor, "report.dismiss", audit.ObjectRef("report", r.ID), map[string]string{"reason": note})
		return true, s.store.ResolveReport(ctx, r.ID, actor.ID, OutcomeDismissed, note, ev)
	})
}

// HideReported hides what each of the open reports ids is about, with one
// public reason; each hide is its own moderation (log entry and audit
// entry) and resolves every open report on the same target. It returns
// how many issues and comments it hid.
func (s *Service) HideReported(ctx context.Context, actor people.User, ids []int64, reason string, withholdTitle bool) (int, error) {
	return s.eachOpenReport(ctx, actor, ids, reason, func(r Report, reason string) (bool, error) {
		_, err := s.moderate(ctx, actor, r.Target, ActionHide, reason, withholdTitle)
		if !apperr.Is(err, apperr.Conflict) {
			return err == nil, err
		}
		// Hidden already (by another moderator): close the report as hidden.
		ev := s.event(actor, "report.resolve", audit.ObjectRef("report", r.ID), map[string]string{"outcome": string(OutcomeHidden)})
		return false, s.store.ResolveReport(ctx, r.ID, actor.ID, OutcomeHidden, "", ev)
	})
}

// eachOpenReport checks a bulk action (moderators, 1..MaxPerPage reports,
// a valid reason) and runs act on each report of ids still open and in the
// moderators' queue, counting those it reports done. A report closed by an
// earlier one (hiding its target closes every report on it) is skipped.
func (s *Service) eachOpenReport(ctx context.Context, actor people.User, ids []int64, reason string, act func(r Report, reason string) (bool, error)) (int, error) {
	if err := people.MustRole(actor, people.RoleModerator); err != nil {
		return 0, err
	}
	if len(ids) == 0 {
		return 0, apperr.Field("report", "Choose at least one report")
	}
	if len(ids) > MaxPerPage {
		return 0, apperr.Field("report", "Choose %d reports or fewer", MaxPerPage)
	}
	reason = strings.TrimSpace(normaliseNewlines(reason))
	if err := ValidateReason(reason); err != nil {
		return 0, err
	}
	n := 0
	for _, rid := range uniq(ids) {
		r, err := s.store.Report(ctx, rid)
		if err != nil {
			return n, err
		}
		if r.Resolved || r.Category == CategoryCombine {
			continue
		}
		done, err := act(r, reason)
		if err != nil {
			return n, err
		}
		if done {
			n++
		}
	}
	return n, nil
}

// CorrectReason replaces the public reason of hidden content: one entry
// "reason corrected" in the public log, no unhide and hide again.
// Moderators only.
func (s *Service) CorrectReason(ctx context.Context, actor people.User, t Target, reason string, withholdTitle bool) (Moderation, error) {
	return s.moderate(ctx, actor, t, ActionCorrect, reason, withholdTitle)
}

// ResolveCombine closes a "could these be combined?" request: outcome
// OutcomeCombined once the organiser has put them together, or
// OutcomeDeclined with an optional note. Organisers only.
func (s *Service) ResolveCombine(ctx context.Context, actor people.User, reportID int64, outcome ReportOutcome, note string) error {
	if err := people.MustRole(actor, people.RoleOrganiser); err != nil {
		return err
	}
	if outcome != OutcomeCombined && outcome != OutcomeDeclined {
		return apperr.Field("outcome", "Choose whether to combine the issues")
	}
	note = strings.TrimSpace(normaliseNewlines(note))
	if note != "" {
		if err := ValidateReason(note); err != nil {
			return err
		}
	}
	r, err := s.store.Report(ctx, reportID)
	if err != nil {
		return err
	}
	if r.Category != CategoryCombine {
		return apperr.New(apperr.NotFound, "There is no such request.")
	}
	if r.Resolved {
		return apperr.New(apperr.Conflict, "This request has been answered already.")
	}
	ev := s.event(actor, "report.resolve", audit.ObjectRef("report", reportID), map[string]string{"outcome": string(outcome), "reason": note})
	return s.store.ResolveReport(ctx, reportID, actor.ID, outcome, note, ev)
}
