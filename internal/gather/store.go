package gather

import (
	"context"
	"time"

	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/cycle"
)

// Store is persistent storage for the Gather phase. Implementations are
// safe for concurrent use (including several server processes on one
// PostgreSQL database).
//
// Every method that changes state takes the audit.Event describing the
// change and records it in the same transaction; when the method reports
// that nothing changed (added/removed false) no entry is written. Methods
// that create a row set its ID (and Created) on the value passed in; the
// event's Object may be left empty for creations, in which case the store
// fills in "<kind>:<new id>".
//
// Errors are *apperr.Error: NotFound when a row asked for (or referred to)
// does not exist, Conflict when a uniqueness rule is broken, Internal
// otherwise. Stores check integrity, not business rules: Service decides who
// may do what and when.
type Store interface {
	// CreateIssue stores iss with Status open and zero counts, and indexes
	// it for search.
	CreateIssue(ctx context.Context, iss *Issue, ev audit.Event) error
	// UpdateIssue replaces title, description and tags and sets Updated,
	// keeping the search index in step.
	UpdateIssue(ctx context.Context, iss Issue, ev audit.Event) error
	// SetIssueStatus changes an issue's status (withdraw, hide, unhide) and
	// the maintained counts of open issues.
	SetIssueStatus(ctx context.Context, id int64, st Status, hiddenReason string, ev audit.Event) error
	// Issue returns one issue with AuthorName and OrgName filled in.
	Issue(ctx context.Context, id int64) (Issue, error)
	// Issues returns the issues with these ids (any status) in the order
	// given, skipping ids that do not exist.
	Issues(ctx context.Context, ids []int64) ([]Issue, error)
	// IssueCounts returns the support and comment counts of the issues
	// with these ids (any status), skipping ids that do not exist. It reads
	// the maintained counters only: cheap enough for live updates.
	IssueCounts(ctx context.Context, ids []int64) ([]Counts, error)
	// ListIssues returns a page of issues. q is already normalised by the
	// Service (Page >= 1, 1 <= PerPage <= MaxPerPage, Sort valid, Statuses
	// non-empty). Orders are total (ties broken by id descending) so pages
	// never overlap.
	ListIssues(ctx context.Context, q IssueQuery) (IssuePage, error)
	// Digests returns every open issue of a cycle (0: all cycles) for the
	// similarity index, by id.
	Digests(ctx context.Context, cycleID int64) ([]Digest, error)
	// Tags returns the tags used by open issues of a cycle with how many
	// issues carry each, most used first.
	Tags(ctx context.Context, cycleID int64, limit int) ([]TagCount, error)

	// AddSupport records that s.UserID supports s.IssueID, increments the
	// issue's support count and trend score and writes ev, in one short
	// transaction, if the issue exists and is open (checked inside the
	// transaction). Otherwise — the support already exists (even when two
	// calls race), or the issue is missing or not open — it changes nothing
	// and returns added=false; Service tells these cases apart. Whether the
	// gather window is open is Service's rule.
	AddSupport(ctx context.Context, s Support, ev audit.Event) (added bool, err error)
	// RemoveSupport deletes the support and decrements the counters;
	// removed=false if there was none.
	RemoveSupport(ctx context.Context, issueID, userID int64, ev audit.Event) (removed bool, err error)
	// Viewer returns what userID has done to issueID.
	Viewer(ctx context.Context, issueID, userID int64) (Viewer, error)
	// SupportedIssues returns which of ids userID supports (for list pages).
	SupportedIssues(ctx context.Context, userID int64, ids []int64) (map[int64]bool, error)

	// AddFollow and RemoveFollow are idempotent like the support methods.
	AddFollow(ctx context.Context, issueID, userID int64, ev audit.Event) (added bool, err error)
	RemoveFollow(ctx context.Context, issueID, userID int64, ev audit.Event) (removed bool, err error)
	// Followers returns the ids of users following an issue.
	Followers(ctx context.Context, issueID int64) ([]int64, error)

	// CreateComment stores c (Status visible) and increments the issue's
	// comment count.
	CreateComment(ctx context.Context, c *Comment, ev audit.Event) error
	Comment(ctx context.Context, id int64) (Comment, error)
	// Comments returns every comment of an issue (any status), oldest
	// first, flat (Replies empty).
	Comments(ctx context.Context, issueID int64) ([]Comment, error)

	// UserActivity returns the issues userID raised, supports and follows,
	// and their comments, each newest first and at most limit long
	// (Reports is left empty: see Reports with ReportQuery.Reporter).
	UserActivity(ctx context.Context, userID int64, limit int) (Activity, error)

	// AddOrgSupport records that orgID supports issueID (userID acted for
	// it) if the issue is open; added=false if it already did or the issue
	// is not open. It changes no count of people's supports.
	AddOrgSupport(ctx context.Context, issueID, orgID, userID int64, at time.Time, ev audit.Event) (added bool, err error)
	// RemoveOrgSupport deletes it; removed=false if there was none.
	RemoveOrgSupport(ctx context.Context, issueID, orgID int64, ev audit.Event) (removed bool, err error)
	// OrgSupports lists the organisations supporting an issue, by name.
	OrgSupports(ctx context.Context, issueID int64) ([]OrgRef, error)
	// OrgActivity returns the issues raised for orgID and those it
	// supports, not hidden, newest first, each at most limit long.
	OrgActivity(ctx context.Context, orgID int64, limit int) (OrgActivity, error)

	CreateReport(ctx context.Context, r *Report, ev audit.Event) error
	// Reports returns the reports q selects, oldest first, with the
	// titles and comment they are about.
	Reports(ctx context.Context, q ReportQuery) ([]Report, error)
	// Report returns one report.
	Report(ctx context.Context, id int64) (Report, error)
	// ReportCounts counts the reports of the combine category (combine)
	// or of every other category, by outcome, category and kind.
	ReportCounts(ctx context.Context, combine bool) ([]ReportCount, error)
	// ResolveReport closes one open report with an outcome and a note;
	// NotFound if there is no such open report.
	ResolveReport(ctx context.Context, id, by int64, outcome ReportOutcome, note string, ev audit.Event) error
	// Moderate applies m in one transaction: sets the target's status
	// (hidden with m.Reason, or back to open/visible; for ActionCorrect it
	// replaces the hidden reason only), keeps the counts of open issues and
	// visible comments in step, resolves the open reports on the target (for
	// hide, outcome hidden), and appends m (with m.IssueTitle, the title
	// the public log shows) to the public moderation log.
	Moderate(ctx context.Context, m *Moderation, ev audit.Event) error
	// ModerationLog returns the public moderation log, newest first.
	ModerationLog(ctx context.Context, limit, offset int) ([]Moderation, error)

	// RejectSuggestion records a rejected suggested theme (issueIDs
	// sorted); RejectedSuggestions returns a round's, each sorted.
	RejectSuggestion(ctx context.Context, cycleID int64, issueIDs []int64, reason string, by int64, ev audit.Event) error
	RejectedSuggestions(ctx context.Context, cycleID int64) ([][]int64, error)

	// CreateTheme stores t and moves issueIDs into it (out of any other
	// theme) in one transaction.
	CreateTheme(ctx context.Context, t *Theme, issueIDs []int64, ev audit.Event) error
	// UpdateTheme changes a theme's name and description.
	UpdateTheme(ctx context.Context, t Theme, ev audit.Event) error
	// MoveIssues puts issueIDs into themeID (0: out of any theme).
	MoveIssues(ctx context.Context, issueIDs []int64, themeID int64, ev audit.Event) error
	// MergeThemes moves every issue of the themes in from into into and
	// deletes those themes, in one transaction.
	MergeThemes(ctx context.Context, into int64, from []int64, ev audit.Event) error
	// DeleteTheme deletes a theme; its issues become unthemed.
	DeleteTheme(ctx context.Context, id int64, ev audit.Event) error
	// Theme returns one theme with its counts (Issues, Supports and the
	// distinct Supporters over its open issues).
	Theme(ctx context.Context, id int64) (Theme, error)
	// Themes returns a cycle's themes (0: all) with counts, most distinct
	// supporters first.
	Themes(ctx context.Context, cycleID int64) ([]Theme, error)
}

// TagCount is a tag and how many open issues carry it.
type TagCount struct {
	Tag    string
	Issues int
}

// Gate is the phase gate of rounds (*cycle.Service): it says whether a
// round's current phase allows an action, from a short-lived cache.
type Gate interface {
	Gate(ctx context.Context, cycleID int64, a cycle.Action) error
}

// Representatives tells whether a user acts for an organisation. It is
// satisfied by *people.Service and by the storage adapters.
type Representatives interface {
	IsVerifiedRepresentative(ctx context.Context, userID, orgID int64) (bool, error)
}
