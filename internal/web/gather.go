package web

import (
	"context"
	"net/http"
	"time"

	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/people"
)

// Gather is what the web needs of the Gather service (*gather.Service).
type Gather interface {
	ListIssues(ctx context.Context, viewer people.User, q gather.IssueQuery) (gather.IssuePage, error)
	Issue(ctx context.Context, viewer people.User, issueID int64) (gather.Issue, error)
	Viewer(ctx context.Context, actor people.User, issueID int64) (gather.Viewer, error)
	CanEdit(actor people.User, iss gather.Issue) bool
	EditableUntil(iss gather.Issue) time.Time
	SubmitIssue(ctx context.Context, actor people.User, d gather.IssueDraft) (gather.Issue, error)
	EditIssue(ctx context.Context, actor people.User, issueID int64, d gather.IssueDraft) (gather.Issue, error)
	WithdrawIssue(ctx context.Context, actor people.User, issueID int64) error
	Support(ctx context.Context, actor people.User, issueID int64) (bool, error)
	Unsupport(ctx context.Context, actor people.User, issueID int64) (bool, error)
	Follow(ctx context.Context, actor people.User, issueID int64) (bool, error)
	Unfollow(ctx context.Context, actor people.User, issueID int64) (bool, error)
	AddComment(ctx context.Context, actor people.User, d gather.CommentDraft) (gather.Comment, error)
	Comments(ctx context.Context, viewer people.User, issueID int64) ([]gather.Comment, error)
	Report(ctx context.Context, actor people.User, t gather.Target, reason string) (gather.Report, error)
	Reports(ctx context.Context, actor people.User, q gather.ReportQuery) ([]gather.Report, error)
	DismissReport(ctx context.Context, actor people.User, reportID int64) error
	Hide(ctx context.Context, actor people.User, t gather.Target, reason string) (gather.Moderation, error)
	Unhide(ctx context.Context, actor people.User, t gather.Target, reason string) (gather.Moderation, error)
	ModerationLog(ctx context.Context, limit, offset int) ([]gather.Moderation, error)
	CreateTheme(ctx context.Context, actor people.User, d gather.ThemeDraft) (gather.Theme, error)
	RenameTheme(ctx context.Context, actor people.User, themeID int64, name, description string) (gather.Theme, error)
	MergeThemes(ctx context.Context, actor people.User, into int64, from []int64) (gather.Theme, error)
	SplitTheme(ctx context.Context, actor people.User, from int64, issueIDs []int64, name string) (gather.Theme, error)
	Theme(ctx context.Context, themeID int64) (gather.Theme, error)
	Themes(ctx context.Context, cycleID int64) ([]gather.Theme, error)
	Digests(ctx context.Context, cycleID int64) ([]gather.Digest, error)
}

// Rounds is what the web needs of the rounds service (*cycle.Service).
type Rounds interface {
	Current(ctx context.Context) (cycle.Cycle, error)
}

// Lookups are read-only queries the services do not wrap; the storage
// value satisfies it. Optional: without it, pages omit "you support this"
// on lists and the organisation choice on forms, and followers get no email.
type Lookups interface {
	SupportedIssues(ctx context.Context, userID int64, ids []int64) (map[int64]bool, error)
	UserOrganisations(ctx context.Context, userID int64) ([]people.Organisation, error)
	Followers(ctx context.Context, issueID int64) ([]int64, error)
	UserByID(ctx context.Context, id int64) (people.User, error)
	Tags(ctx context.Context, cycleID int64, limit int) ([]gather.TagCount, error)
}

// Similar finds issues like a draft and proposes groupings. Optional:
// without it the "check for similar issues" step shows none.
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

// gatherRoutes registers the Gather pages, exports and actions. Each
// handler's comment says who may use it; the service enforces the same.
func (s *Server) gatherRoutes(m *http.ServeMux) {
	m.Handle("GET /issues", s.serve(s.issueList))                    // public
	m.Handle("GET /issues/new", s.serve(s.issueNew))                 // signed in
	m.Handle("POST /issues/new", s.serve(s.issueCreate))             // signed in
	m.Handle("GET /issues/similar", s.serve(s.similarJSON))          // public
	m.Handle("GET /issues/{id}", s.serve(s.issueShow))               // public (hidden: redacted)
	m.Handle("GET /issues/{id}/edit", s.serve(s.issueEdit))          // author, within the edit window
	m.Handle("POST /issues/{id}/edit", s.serve(s.issueUpdate))       // author, within the edit window
	m.Handle("POST /issues/{id}/withdraw", s.serve(s.issueWithdraw)) // author
	m.Handle("POST /issues/{id}/support", s.serve(s.support))        // signed in
	m.Handle("POST /issues/{id}/unsupport", s.serve(s.unsupport))    // signed in
	m.Handle("POST /issues/{id}/follow", s.serve(s.follow))          // signed in
	m.Handle("POST /issues/{id}/unfollow", s.serve(s.unfollow))      // signed in
	m.Handle("POST /issues/{id}/comments", s.serve(s.commentCreate))
	m.Handle("POST /issues/{id}/comments/{parent}/replies", s.serve(s.commentCreate)) // signed in
	m.Handle("GET /issues/{id}/report", s.serve(s.reportForm))                        // signed in
	m.Handle("POST /issues/{id}/report", s.serve(s.reportCreate))                     // signed in
	m.Handle("GET /issues/{id}/moderate", s.serve(s.moderateForm))                    // moderators
	m.Handle("POST /issues/{id}/moderate", s.serve(s.moderate))                       // moderators
	m.Handle("GET /moderation", s.serve(s.moderationQueue))                           // moderators
	m.Handle("POST /moderation/reports/{id}/dismiss", s.serve(s.dismiss))             // moderators
	m.Handle("GET /moderation/log", s.serve(s.moderationLog))                         // public
	m.Handle("GET /themes", s.serve(s.themeList))                                     // public
	m.Handle("GET /themes/{id}", s.serve(s.themeShow))                                // public
	m.Handle("GET /themes/suggestions", s.serve(s.themeSuggestions))                  // organisers
	m.Handle("POST /themes", s.serve(s.themeCreate))                                  // organisers
	m.Handle("POST /themes/{id}/rename", s.serve(s.themeRename))                      // organisers
	m.Handle("POST /themes/{id}/merge", s.serve(s.themeMerge))                        // organisers
	m.Handle("POST /themes/{id}/split", s.serve(s.themeSplit))                        // organisers
	m.Handle("GET /issues.json", s.serve(s.issuesJSON))                               // public
	m.Handle("GET /issues.csv", s.serve(s.issuesCSV))                                 // public
	m.Handle("GET /themes.json", s.serve(s.themesJSON))                               // public
	m.Handle("GET /feed.atom", s.serve(s.feed))                                       // public
	m.Handle("GET /issues/{id}/feed.atom", s.serve(s.issueFeed))                      // public
}
