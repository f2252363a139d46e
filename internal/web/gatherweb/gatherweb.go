package gatherweb

import (
	"context"
	"embed"
	"errors"
	"time"

	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// Issues is what the issue pages need to read issues and what authors do
// to their own (*gather.Service).
type Issues interface {
	ListIssues(ctx context.Context, viewer people.User, q gather.IssueQuery) (gather.IssuePage, error)
	Issue(ctx context.Context, viewer people.User, issueID int64) (gather.Issue, error)
	Viewer(ctx context.Context, actor people.User, issueID int64) (gather.Viewer, error)
	Comments(ctx context.Context, viewer people.User, issueID int64) ([]gather.Comment, error)
	IssueCounts(ctx context.Context, ids []int64) ([]gather.Counts, error)
	CanEdit(actor people.User, iss gather.Issue) bool
	EditableUntil(iss gather.Issue) time.Time
	SubmitIssue(ctx context.Context, actor people.User, d gather.IssueDraft) (gather.Issue, error)
	EditIssue(ctx context.Context, actor people.User, issueID int64, d gather.IssueDraft) (gather.Issue, error)
	WithdrawIssue(ctx context.Context, actor people.User, issueID int64) error
}

// Participation is what signed-in people do to others' issues
// (*gather.Service).
type Participation interface {
	Support(ctx context.Context, actor people.User, issueID int64) (bool, error)
	Unsupport(ctx context.Context, actor people.User, issueID int64) (bool, error)
	Follow(ctx context.Context, actor people.User, issueID int64) (bool, error)
	Unfollow(ctx context.Context, actor people.User, issueID int64) (bool, error)
	AddComment(ctx context.Context, actor people.User, d gather.CommentDraft) (gather.Comment, error)
	SubmitReport(ctx context.Context, actor people.User, d gather.ReportDraft) (gather.Report, error)
	SupportForOrg(ctx context.Context, actor people.User, issueID, orgID int64, on bool) (bool, error)
	OrgSupports(ctx context.Context, issueID int64) ([]gather.OrgRef, error)
}

// Moderation is what moderators do, and the public log (*gather.Service).
type Moderation interface {
	Reports(ctx context.Context, actor people.User, q gather.ReportQuery) ([]gather.Report, error)
	ReportCounts(ctx context.Context, actor people.User, combine bool) ([]gather.ReportCount, error)
	DismissReports(ctx context.Context, actor people.User, ids []int64, note string) (int, error)
	HideReported(ctx context.Context, actor people.User, ids []int64, reason string, withholdTitle bool) (int, error)
	Moderate(ctx context.Context, actor people.User, t gather.Target, a gather.ModerationAction, reason string, withholdTitle bool) (gather.Moderation, error)
	ModerationLog(ctx context.Context, limit, offset int) ([]gather.Moderation, error)
	// ResolveCombine answers a "could these be combined?" request (organisers).
	ResolveCombine(ctx context.Context, actor people.User, reportID int64, outcome gather.ReportOutcome, note string) error
}

// Themes reads themes and runs the organisers' theme tools
// (*gather.Service).
type Themes interface {
	Theme(ctx context.Context, themeID int64) (gather.Theme, error)
	Themes(ctx context.Context, cycleID int64) ([]gather.Theme, error)
	CreateTheme(ctx context.Context, actor people.User, d gather.ThemeDraft) (gather.Theme, error)
	RenameTheme(ctx context.Context, actor people.User, themeID int64, name, description string) (gather.Theme, error)
	MergeThemes(ctx context.Context, actor people.User, into int64, from []int64) (gather.Theme, error)
	SplitTheme(ctx context.Context, actor people.User, from int64, issueIDs []int64, name string) (gather.Theme, error)
	AddToTheme(ctx context.Context, actor people.User, themeID int64, issueIDs []int64) error
	RemoveFromTheme(ctx context.Context, actor people.User, issueIDs []int64) error
	DeleteTheme(ctx context.Context, actor people.User, themeID int64) error
	Shortlist(ctx context.Context, cycleID int64) ([]gather.Theme, gather.ShortlistRule, error)
	RejectSuggestion(ctx context.Context, actor people.User, cycleID int64, issueIDs []int64, reason string) error
	RejectedSuggestions(ctx context.Context, actor people.User, cycleID int64) ([][]int64, error)
}

// Rounds tells which round is current, lists the rounds and reads one
// (*cycle.Service).
type Rounds interface {
	Current(ctx context.Context) (cycle.Cycle, error)
	Cycles(ctx context.Context, programmeID int64) ([]cycle.Cycle, error)
	Cycle(ctx context.Context, cycleID int64) (cycle.Cycle, error)
}

// Lookups are read-only queries the services do not wrap; the storage
// value satisfies it. Optional: without it, lists do not say "you support
// this", forms offer no organisation to act for, and /issues shows no
// topics to filter by.
type Lookups interface {
	SupportedIssues(ctx context.Context, userID int64, ids []int64) (map[int64]bool, error)
	UserOrganisations(ctx context.Context, userID int64) ([]people.Organisation, error)
	Tags(ctx context.Context, cycleID int64, limit int) ([]gather.TagCount, error)
}

// Similar finds issues like a draft and proposes groupings (*SimilarIndex).
// Optional: without it the "check for similar issues" step and the
// suggested themes show none.
type Similar interface {
	// Like returns the ids of up to n open issues most similar to the
	// text, best first.
	Like(ctx context.Context, text string, n int) ([]int64, error)
	// Groups proposes groups of near-duplicate issues (ids) not yet in a
	// theme, each with a proposed name, best first.
	Groups(ctx context.Context) ([]Group, error)
	// Added, Removed and ThemesChanged keep the finder up to date with
	// changes this process makes.
	Added(iss gather.Issue)
	Removed(issueID int64)
	ThemesChanged(ctx context.Context) error
}

// Group is a proposed theme: similar issues and a name.
type Group struct {
	Name     string
	IssueIDs []int64
}

// Deps are the domain services the Gather pages use. Issues,
// Participation, Moderation, Themes and Rounds are required (one
// *gather.Service satisfies them all); Lookups and Similar are optional.
type Deps struct {
	Issues        Issues
	Participation Participation
	Moderation    Moderation
	Themes        Themes
	Rounds        Rounds
	Lookups       Lookups // optional
	Similar       Similar // optional
}

// Handler serves the Gather pages. It is safe for concurrent use.
type Handler struct {
	env   kit.Env
	rd    *kit.Renderer
	d     Deps
	tags  tagCache
	relay *relay    // carries issues' live events (relay.go)
	frags fragments // comments rendered for live updates
}

// New returns the Gather area.
func New(env kit.Env, d Deps) (*Handler, error) {
	if d.Issues == nil || d.Participation == nil || d.Moderation == nil || d.Themes == nil || d.Rounds == nil {
		return nil, errors.New("gatherweb: Issues, Participation, Moderation, Themes and Rounds are required")
	}
	if env.Render == nil || env.Log == nil || env.Now == nil || env.Live == nil || env.Streams == nil {
		return nil, errors.New("gatherweb: the shell's Env is incomplete")
	}
	h := &Handler{env: env, rd: env.Render, d: d}
	h.relay = newRelay(env.Live, d.Issues.IssueCounts, env.Log)
	return h, nil
}

// Close publishes the live updates still waiting and stops publishing;
// the shell calls it on shutdown, before the broker closes.
func (h *Handler) Close() error { return h.relay.Close() }

//go:embed templates
var templateFS embed.FS

// Templates returns the area's pages and partials for the kit.Renderer.
func Templates() kit.Templates {
	return kit.EmbeddedTemplates(templateFS, funcs())
}

// Nav returns the area's header navigation.
func Nav() []kit.NavItem {
	return []kit.NavItem{
		{URL: "/issues", Label: i18n.Mark("Issues"), Access: kit.Public},
		{URL: "/issues/new", Label: i18n.Mark("Raise an issue"), Access: kit.Public},
		{URL: "/themes", Label: i18n.Mark("Themes"), Access: kit.Public},
		{URL: "/moderation/log", Label: i18n.Mark("Moderation log"), Access: kit.Public},
		{URL: "/moderation", Label: i18n.Mark("Reports"), Access: kit.Role(people.RoleModerator)},
		{URL: "/themes/suggestions", Label: i18n.Mark("Suggested themes"), Access: kit.Role(people.RoleOrganiser)},
	}
}

// Routes lists the Gather routes and who may use them. Routes for an
// issue's author are SignedIn here; the handler and the service check
// authorship.
func (h *Handler) Routes() []kit.Route {
	mod, org := kit.Role(people.RoleModerator), kit.Role(people.RoleOrganiser)
	return []kit.Route{
		{Method: "GET", Pattern: "/{$}", Access: kit.Public, Handler: h.home},
		{Method: "GET", Pattern: "/issues", Access: kit.Public, Handler: h.issueList},
		{Method: "GET", Pattern: "/issues/new", Access: kit.SignedIn, Handler: h.issueNew},
		{Method: "POST", Pattern: "/issues/new", Access: kit.SignedIn, Handler: h.issueCreate},
		{Method: "GET", Pattern: "/issues/similar", Access: kit.Public, Handler: h.similarJSON},
		{Method: "GET", Pattern: "/issues/{id}", Access: kit.Public, Handler: h.issueShow},
		{Method: "GET", Pattern: "/issues/{id}/timeline.json", Access: kit.Public, Handler: h.timelineJSON},
		{Method: "GET", Pattern: "/issues/{id}/events", Access: kit.Public, Handler: h.issueEvents},
		{Method: "GET", Pattern: "/issues/{id}/edit", Access: kit.SignedIn, Handler: h.issueEdit},
		{Method: "POST", Pattern: "/issues/{id}/edit", Access: kit.SignedIn, Handler: h.issueUpdate},
		{Method: "POST", Pattern: "/issues/{id}/withdraw", Access: kit.SignedIn, Handler: h.issueWithdraw},
		{Method: "POST", Pattern: "/issues/{id}/support", Access: kit.SignedIn, Handler: h.support},
		{Method: "POST", Pattern: "/issues/{id}/unsupport", Access: kit.SignedIn, Handler: h.unsupport},
		{Method: "POST", Pattern: "/issues/{id}/org-support", Access: kit.SignedIn, Handler: h.orgSupport},
		{Method: "POST", Pattern: "/issues/{id}/follow", Access: kit.SignedIn, Handler: h.follow},
		{Method: "POST", Pattern: "/issues/{id}/unfollow", Access: kit.SignedIn, Handler: h.unfollow},
		{Method: "POST", Pattern: "/issues/{id}/comments", Access: kit.SignedIn, Handler: h.commentCreate},
		{Method: "POST", Pattern: "/issues/{id}/comments/{parent}/replies", Access: kit.SignedIn, Handler: h.commentCreate},
		{Method: "GET", Pattern: "/issues/{id}/report", Access: kit.SignedIn, Handler: h.reportForm},
		{Method: "POST", Pattern: "/issues/{id}/report", Access: kit.SignedIn, Handler: h.reportCreate},
		{Method: "GET", Pattern: "/issues/{id}/moderate", Access: mod, Handler: h.moderateForm},
		{Method: "POST", Pattern: "/issues/{id}/moderate", Access: mod, Handler: h.moderate},
		{Method: "GET", Pattern: "/moderation", Access: mod, Handler: h.moderationQueue},
		{Method: "POST", Pattern: "/moderation/bulk", Access: mod, Handler: h.moderationBulk},
		{Method: "GET", Pattern: "/moderation/log", Access: kit.Public, Handler: h.moderationLog},
		{Method: "GET", Pattern: "/themes", Access: kit.Public, Handler: h.themeList},
		{Method: "GET", Pattern: "/themes/{id}", Access: kit.Public, Handler: h.themeShow},
		{Method: "GET", Pattern: "/themes/suggestions", Access: org, Handler: h.themeSuggestions},
		{Method: "POST", Pattern: "/themes", Access: org, Handler: h.themeCreate},
		{Method: "POST", Pattern: "/themes/{id}/rename", Access: org, Handler: h.themeRename},
		{Method: "POST", Pattern: "/themes/{id}/merge", Access: org, Handler: h.themeMerge},
		{Method: "POST", Pattern: "/themes/{id}/split", Access: org, Handler: h.themeSplit},
		{Method: "POST", Pattern: "/themes/{id}/add", Access: org, Handler: h.themeAdd},
		{Method: "POST", Pattern: "/themes/{id}/remove", Access: org, Handler: h.themeRemove},
		{Method: "GET", Pattern: "/themes/{id}/delete", Access: org, Handler: h.themeDeleteForm},
		{Method: "POST", Pattern: "/themes/{id}/delete", Access: org, Handler: h.themeDelete},
		{Method: "POST", Pattern: "/themes/suggestions/reject", Access: org, Handler: h.suggestionReject},
		{Method: "POST", Pattern: "/themes/requests/{id}/decline", Access: org, Handler: h.combineAnswer},
	}
}

// Warm fills the caches that make the first page views slow (the topic
// list); call it in the background at start-up.
func (h *Handler) Warm(ctx context.Context) error {
	_, err := h.topTags(ctx)
	return err
}

// issueChanged tells the similarity finder about an issue's new state.
func (h *Handler) issueChanged(iss gather.Issue) {
	if h.d.Similar == nil {
		return
	}
	if iss.Status == gather.StatusOpen {
		h.d.Similar.Added(iss)
	} else {
		h.d.Similar.Removed(iss.ID)
	}
}

// themesChanged tells the similarity finder that themes changed.
func (h *Handler) themesChanged(ctx context.Context) {
	if h.d.Similar != nil {
		if err := h.d.Similar.ThemesChanged(ctx); err != nil {
			h.env.Log.Error("similar: themes", "err", err)
		}
	}
}
