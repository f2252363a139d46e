package gather

import (
	"encoding/base64"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/people"
)

// Status is the state of an issue or comment.
type Status string

// Statuses. Only open issues and visible comments are listed publicly.
const (
	StatusOpen      Status = "open"      // an issue anyone can see and support
	StatusWithdrawn Status = "withdrawn" // withdrawn by its author; still readable, no new supports
	StatusHidden    Status = "hidden"    // hidden by a moderator with a public reason
	StatusVisible   Status = "visible"   // a comment that is shown
)

// Issue is something raised for the assembly.
type Issue struct {
	ID          int64
	CycleID     int64
	Title       string
	Description string
	Tags        []string // normalised: lower-case, trimmed, unique, sorted

	AuthorID   int64  // the user who wrote it
	AuthorName string // their display name (filled in on reads)
	OrgID      int64  // the organisation it was raised for, 0 if raised personally
	OrgName    string // filled in on reads when OrgID != 0

	Status       Status
	HiddenReason string // the moderator's public reason when Status is StatusHidden
	ThemeID      int64  // the theme it is grouped into, 0 if none

	Supports int     // current number of supports (one per person)
	Comments int     // number of visible comments and replies
	Trend    float64 // stored trending score, Σ TrendWeight(support time); only its order matters

	Created time.Time
	Updated time.Time // last edit or status change
}

// Comment is a comment on an issue, or a reply to one (one level only:
// ParentID is 0 or the id of a top-level comment).
type Comment struct {
	ID         int64
	IssueID    int64
	ParentID   int64
	AuthorID   int64
	AuthorName string // filled in on reads
	OrgID      int64  // organisation spoken for, 0 if none
	OrgName    string // filled in on reads
	// AuthorRole is the author's staff role (moderator, organiser,
	// administrator), "" for everyone else: shown as a badge the server
	// sets, never as part of a name. Filled in on reads.
	AuthorRole   people.Role
	Body         string
	Status       Status // StatusVisible or StatusHidden
	HiddenReason string
	Created      time.Time
	Replies      []Comment // filled in by Service.Comments for top-level comments
}

// Counts are an issue's maintained counters, for live updates.
type Counts struct {
	IssueID  int64
	Supports int // current supports
	Comments int // visible comments and replies
}

// Support is one person's support for an issue.
type Support struct {
	IssueID int64
	UserID  int64
	Created time.Time
}

// Viewer is what one signed-in person has done to an issue.
type Viewer struct {
	Supported bool
	Following bool
}

// Target names what a report or moderation is about: an issue, or a
// comment on it (CommentID != 0).
type Target struct {
	IssueID   int64
	CommentID int64
}

// Report is someone's report that an issue or comment breaks the rules.
type Report struct {
	ID int64
	Target
	ReporterID int64
	Reason     string
	Created    time.Time
	Resolved   bool      // a moderator acted on it (hid the target) or dismissed it
	ResolvedBy int64     // the moderator's (or, for combine, organiser's) user id
	ResolvedAt time.Time // zero while open
	// Category is what kind of problem it reports; CategoryCombine asks
	// organisers to put IssueID and OtherIssueID together.
	Category     ReportCategory
	OtherIssueID int64
	Outcome      ReportOutcome // "" while open
	Note         string        // why it was dismissed or declined (staff only)
	// Context for the moderation queue, filled in on reads:
	IssueTitle      string
	CommentBody     string
	OtherIssueTitle string
}

// ModerationAction is what a moderator did.
type ModerationAction string

// Moderation actions.
const (
	ActionHide   ModerationAction = "hide"
	ActionUnhide ModerationAction = "unhide"
	// ActionCorrect replaces the public reason of something still hidden:
	// one log entry, the content stays hidden throughout.
	ActionCorrect ModerationAction = "correct"
)

// Moderation is one entry of the public moderation log.
type Moderation struct {
	ID int64
	Target
	Action        ModerationAction
	Reason        string // public
	ModeratorID   int64
	ModeratorName string // filled in on reads
	IssueTitle    string // filled in on reads: the title kept when it was logged, else the issue's if it is not hidden
	// WithholdTitle, when hiding, keeps the issue's title out of the public
	// log (it is abusive or shares private details).
	WithholdTitle bool
	Created       time.Time
}

// Theme is a group of similar issues confirmed by an organiser.
type Theme struct {
	ID          int64
	CycleID     int64
	Name        string
	Description string
	Issues      int // number of open issues in the theme
	// Supporters is the number of distinct people supporting at least one
	// open issue of the theme (someone supporting three of its issues
	// counts once); Supports is the plain sum of its issues' supports.
	Supporters int
	Supports   int
	// Shortlisted is set by Shortlist: the theme goes forward to the jury.
	Shortlisted bool
	Created     time.Time
	Updated     time.Time
}

// Sort is a list order for issues.
type Sort string

// Sort orders. SortRelevance applies only with a search query; without one
// it falls back to SortSupported.
const (
	SortSupported Sort = "supported" // most supports first, then newest
	SortNewest    Sort = "newest"    // newest first
	SortTrending  Sort = "trending"  // highest decayed support score first (see TrendHalfLife)
	SortRelevance Sort = "relevance" // best full-text match first
)

// ParseSort returns the Sort named s, or SortSupported with false.
func ParseSort(s string) (Sort, bool) {
	switch Sort(s) {
	case SortSupported, SortNewest, SortTrending, SortRelevance:
		return Sort(s), true
	}
	return SortSupported, false
}

// IssueQuery selects a page of issues.
type IssueQuery struct {
	CycleID int64  // 0 for every cycle
	ThemeID int64  // only issues in this theme; 0 for any
	Tag     string // only issues with this tag (normalised); "" for any
	// Search is a full-text query over title, description and tags (plain
	// words; all must match; the last may be a prefix). "" for none.
	Search string
	Sort   Sort
	// Statuses lists the statuses to include; nil means open only. Only
	// moderators may ask for hidden issues (Service enforces this).
	Statuses []Status
	AuthorID int64 // only issues by this user; 0 for any
	Page     int   // 1-based; 0 means 1
	PerPage  int   // 0 means DefaultPerPage; capped at MaxPerPage
	// After, when set, is IssuePage.Next of the previous page: the list
	// continues after the last issue of that page, whatever Page says.
	// This "keyset" paging costs the same on page 5,000 as on page 1
	// (numbered pages skip rows and get slower the deeper they go); use it
	// for exports and "next page" links. Not available with SortRelevance.
	After string
}

// Paging defaults.
const (
	DefaultPerPage = 20
	MaxPerPage     = 500
)

// IssuePage is one page of a list of issues.
type IssuePage struct {
	Issues  []Issue
	Page    int
	PerPage int
	HasMore bool // there is at least one more page
	// Next is the cursor for the page after this one (put it in
	// IssueQuery.After), or "" when there is none or the order is
	// SortRelevance.
	Next string
	// Total is the number of matching issues. Without Search and Tag it
	// comes from maintained counters (no scan); with them it is counted up
	// to a cap and is -1 beyond it.
	Total int
}

// Cursor is a decoded IssueQuery.After: the sort it belongs to and the
// sort key and id of the last issue shown.
type Cursor struct {
	Sort Sort
	Key  int64 // supports, created time in microseconds, or the trend score's float64 bits
	ID   int64
}

// EncodeCursor returns the opaque After value for the issue last shown in
// sort order s, or "" for SortRelevance.
func EncodeCursor(s Sort, last Issue) string {
	var key int64
	switch s {
	case SortSupported:
		key = int64(last.Supports)
	case SortNewest:
		key = last.Created.UnixMicro()
	case SortTrending:
		key = int64(math.Float64bits(last.Trend))
	default:
		return ""
	}
	return base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprintf("1|%s|%d|%d", s, key, last.ID)))
}

// DecodeCursor parses an After value; an invalid one is apperr.Invalid on
// field "after".
func DecodeCursor(after string) (Cursor, error) {
	bad := apperr.Field("after", "That page link is not valid; go back to the first page")
	b, err := base64.RawURLEncoding.DecodeString(after)
	if err != nil || len(b) > 100 {
		return Cursor{}, bad
	}
	parts := strings.Split(string(b), "|")
	if len(parts) != 4 || parts[0] != "1" {
		return Cursor{}, bad
	}
	var c Cursor
	c.Sort = Sort(parts[1])
	if c.Sort != SortSupported && c.Sort != SortNewest && c.Sort != SortTrending {
		return Cursor{}, bad
	}
	if c.Key, err = strconv.ParseInt(parts[2], 10, 64); err != nil {
		return Cursor{}, bad
	}
	if c.ID, err = strconv.ParseInt(parts[3], 10, 64); err != nil || c.ID <= 0 {
		return Cursor{}, bad
	}
	return c, nil
}

// Pages returns the number of pages, or -1 when Total is unknown.
func (p IssuePage) Pages() int {
	if p.Total < 0 {
		return -1
	}
	if p.PerPage <= 0 || p.Total == 0 {
		return 1
	}
	return (p.Total + p.PerPage - 1) / p.PerPage
}

// Digest is the text of one open issue, for the similarity index.
type Digest struct {
	ID          int64
	CycleID     int64
	Title       string
	Description string
	Tags        []string
	Supports    int
	ThemeID     int64
}

// ReportQuery selects reports for the moderation queue. Filters left
// zero select everything.
type ReportQuery struct {
	Open     bool          // only unresolved reports (same as Outcome OutcomeOpen with HasOutcome)
	Outcome  ReportOutcome // with HasOutcome: only reports closed this way ("" = open)
	Has      bool          // Outcome is a filter
	Kind     TargetKind    // only reports about issues or about comments; "" for both
	Category ReportCategory
	// Combine selects the organisers' requests (CategoryCombine) instead
	// of the moderators' reports (every other category).
	Combine  bool
	Reporter int64 // only reports made by this user (0: anyone's)
	Limit    int   // 0 means 50
	Offset   int
}

// TrendHalfLife is the half-life of a support's weight in the trending
// order: a support made TrendHalfLife ago counts half as much as one made
// now. Stores keep, per issue, score = Σ 2^((t_support − TrendEpoch)/TrendHalfLife)
// over current supports; because every score decays by the same factor as
// time passes, ordering by the stored score equals ordering by the decayed
// score at any moment, and the order can be served from an index.
const TrendHalfLife = 3 * 24 * time.Hour

// TrendEpoch is the reference time of trend scores. With a three-day
// half-life, weights stay within float64 range for about eight years after
// it; a later release must move the epoch and rescale stored scores.
var TrendEpoch = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// TrendWeight returns the weight of a support made at t in the trending
// score: 2^((t − TrendEpoch)/TrendHalfLife).
func TrendWeight(t time.Time) float64 {
	return math.Exp2(float64(t.Sub(TrendEpoch)) / float64(TrendHalfLife))
}
