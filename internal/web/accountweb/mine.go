package accountweb

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// Activity is what the account pages need of Gather (*gather.Service): a
// person's own issues, supports, follows, comments and reports.
type Activity interface {
	MyActivity(ctx context.Context, actor people.User) (gather.Activity, error)
}

// activityItem is one line of "my activity": an issue (or a comment's
// issue), with its state as the person should read it.
type activityItem struct {
	IssueID  int64
	Title    string
	Anchor   string // "#comment-<id>" for a comment
	Text     string // a comment's body (own comments, even hidden ones)
	Hidden   bool
	Gone     bool // withdrawn
	Reason   string
	Supports int
	When     time.Time
}

type activityData struct {
	Raised, Supported, Followed, Comments []activityItem
}

func issueItems(is []gather.Issue) []activityItem {
	out := make([]activityItem, 0, len(is))
	for _, i := range is {
		out = append(out, activityItem{IssueID: i.ID, Title: i.Title, Hidden: i.Status == gather.StatusHidden,
			Gone: i.Status == gather.StatusWithdrawn, Reason: i.HiddenReason, Supports: i.Supports, When: i.Created})
	}
	return out
}

// activity: GET /account/activity, signed in. The person's issues,
// supports, follows and comments, each with a link to the issue.
func (h *Handler) activity(w http.ResponseWriter, r *http.Request) error {
	a, err := h.d.Activity.MyActivity(r.Context(), kit.User(r))
	if err != nil {
		return err
	}
	d := activityData{Raised: issueItems(a.Raised), Supported: issueItems(a.Supported), Followed: issueItems(a.Followed)}
	titles := map[int64]string{}
	for _, l := range [][]gather.Issue{a.Raised, a.Supported, a.Followed} {
		for _, i := range l {
			titles[i.ID] = i.Title
		}
	}
	for _, c := range a.Comments {
		d.Comments = append(d.Comments, activityItem{IssueID: c.IssueID, Title: titles[c.IssueID], Anchor: "#comment-" + strconv.FormatInt(c.ID, 10),
			Text: c.Body, Hidden: c.Status == gather.StatusHidden, Reason: c.HiddenReason, When: c.Created})
	}
	h.rd.Render(w, r, http.StatusOK, "activity", kit.Printer(r).T("Your issues, supports, follows and comments"), d)
	return nil
}

// myData is the "download my data" file: everything Folkmoot holds about
// the person, their address opened for them.
type myData struct {
	Exported time.Time           `json:"exported"`
	Account  people.PersonalData `json:"account"`
	Issues   []exportIssue       `json:"issues_raised"`
	Supports []exportIssue       `json:"issues_supported"`
	Follows  []exportIssue       `json:"issues_followed"`
	Comments []exportComment     `json:"comments"`
	Reports  []exportReport      `json:"reports_made"`
}

type exportIssue struct {
	ID           int64     `json:"id"`
	Title        string    `json:"title"`
	Description  string    `json:"description,omitempty"`
	Organisation string    `json:"organisation,omitempty"`
	Status       string    `json:"status"`
	HiddenReason string    `json:"hidden_reason,omitempty"`
	Created      time.Time `json:"created"`
}

type exportComment struct {
	ID           int64     `json:"id"`
	IssueID      int64     `json:"issue_id"`
	ReplyTo      int64     `json:"reply_to,omitempty"`
	Organisation string    `json:"organisation,omitempty"`
	Body         string    `json:"body"`
	Status       string    `json:"status"`
	HiddenReason string    `json:"hidden_reason,omitempty"`
	Created      time.Time `json:"created"`
}

type exportReport struct {
	IssueID   int64     `json:"issue_id"`
	CommentID int64     `json:"comment_id,omitempty"`
	Reason    string    `json:"reason"`
	Created   time.Time `json:"created"`
	Resolved  bool      `json:"resolved"`
}

func exportIssues(is []gather.Issue, full bool) []exportIssue {
	out := make([]exportIssue, 0, len(is))
	for _, i := range is {
		e := exportIssue{ID: i.ID, Title: i.Title, Organisation: i.OrgName, Status: string(i.Status), HiddenReason: i.HiddenReason, Created: i.Created}
		if full {
			e.Description = i.Description
		}
		out = append(out, e)
	}
	return out
}

// download: GET /account/data, signed in. A JSON file of everything held
// about the person. Never cached.
func (h *Handler) download(w http.ResponseWriter, r *http.Request) error {
	u := kit.User(r)
	acct, err := h.d.People.MyData(r.Context(), u)
	if err != nil {
		return err
	}
	a, err := h.d.Activity.MyActivity(r.Context(), u)
	if err != nil {
		return err
	}
	d := myData{Exported: h.env.Now().UTC(), Account: acct, Issues: exportIssues(a.Raised, true),
		Supports: exportIssues(a.Supported, false), Follows: exportIssues(a.Followed, false), Comments: []exportComment{}, Reports: []exportReport{}}
	for _, c := range a.Comments {
		d.Comments = append(d.Comments, exportComment{ID: c.ID, IssueID: c.IssueID, ReplyTo: c.ParentID, Organisation: c.OrgName,
			Body: c.Body, Status: string(c.Status), HiddenReason: c.HiddenReason, Created: c.Created})
	}
	for _, x := range a.Reports {
		d.Reports = append(d.Reports, exportReport{IssueID: x.IssueID, CommentID: x.CommentID, Reason: x.Reason, Created: x.Created, Resolved: x.Resolved})
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="folkmoot-my-data.json"`)
	w.Header().Set("Cache-Control", "no-store")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(d)
}

// signoutEverywhere: POST /account/signout-everywhere, signed in. Ends every
// session of the person, on every device and server.
func (h *Handler) signoutEverywhere(w http.ResponseWriter, r *http.Request) error {
	if _, err := h.d.People.SignOutEverywhere(r.Context(), kit.User(r)); err != nil {
		return err
	}
	h.env.Sessions.Forget(kit.Session(r))
	kit.ClearSessionCookie(w, h.rd.Site().Secure)
	return h.rd.SeeOther(w, r, "/", kit.Printer(r).T("You have signed out on every device."))
}

// deleteForm: GET /account/delete, signed in. Says what deleting keeps and
// what it erases, and asks to confirm.
func (h *Handler) deleteForm(w http.ResponseWriter, r *http.Request) error {
	h.rd.Render(w, r, http.StatusOK, "account_delete", kit.Printer(r).T("Delete your account"), &kit.Form{})
	return nil
}

// deleteAccount: POST /account/delete, signed in. Erases the person's
// personal data (see people.Service.DeleteAccount) and signs them out.
func (h *Handler) deleteAccount(w http.ResponseWriter, r *http.Request) error {
	if r.PostFormValue("confirm") != "yes" {
		f, _ := kit.FormFromError(r, r.PostForm, apperr.Field("confirm", "Tick the box to confirm that you want to delete your account"), nil)
		h.rd.Page(w, r, http.StatusUnprocessableEntity, "account_delete", &kit.Page{Title: kit.Printer(r).T("Delete your account"), Errors: f.Errs, Data: f})
		return nil
	}
	if err := h.d.People.DeleteAccount(r.Context(), kit.User(r)); err != nil {
		return err
	}
	h.env.Sessions.Forget(kit.Session(r))
	kit.ClearSessionCookie(w, h.rd.Site().Secure)
	return h.rd.SeeOther(w, r, "/", kit.Printer(r).T("Your account has been deleted. What you wrote stays, signed “Former participant”."))
}
