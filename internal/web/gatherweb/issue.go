package gatherweb

import (
	"net/http"
	"time"

	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

type issueData struct {
	Issue         gather.Issue
	Viewer        gather.Viewer
	Comments      []gather.Comment
	CanEdit       bool
	EditableUntil time.Time
	IsAuthor      bool
	Open          bool // the issue is open (not withdrawn or hidden)
	Supportable   bool // open, and its round still takes supports
	Round         cycle.Cycle
	Theme         *gather.Theme
	Form          *kit.Form // the comment form
	Orgs          []people.Organisation
	Timeline      []stepView
	OrgSupports   []gather.OrgRef // organisations supporting it, shown apart from people
}

// issueShow: GET /issues/{id}, public; hidden issues are redacted by the
// service except for moderators and the author.
func (h *Handler) issueShow(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.ParseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	return h.showIssue(w, r, id, http.StatusOK, &kit.Form{}, nil)
}

// showIssue renders an issue page, with a comment form f (values and errors).
func (h *Handler) showIssue(w http.ResponseWriter, r *http.Request, id int64, code int, f *kit.Form, errs []kit.FieldError) error {
	ctx, u := r.Context(), kit.User(r)
	iss, err := h.d.Issues.Issue(ctx, u, id)
	if err != nil {
		return err
	}
	d := issueData{Issue: iss, Form: f, IsAuthor: u.SignedIn() && u.ID == iss.AuthorID, Open: iss.Status == gather.StatusOpen}
	if d.Round, err = h.d.Rounds.Cycle(ctx, iss.CycleID); err != nil {
		return err
	}
	d.Supportable = d.Open && d.Round.Allows(cycle.Support)
	if d.Viewer, err = h.d.Issues.Viewer(ctx, u, id); err != nil {
		return err
	}
	if d.Comments, err = h.d.Issues.Comments(ctx, u, id); err != nil {
		return err
	}
	d.CanEdit = h.d.Issues.CanEdit(u, iss)
	if d.CanEdit {
		d.EditableUntil = h.d.Issues.EditableUntil(iss)
	}
	if iss.ThemeID != 0 {
		if t, err := h.d.Themes.Theme(ctx, iss.ThemeID); err == nil {
			d.Theme = &t
		}
	}
	if d.Orgs, err = h.userOrgs(r); err != nil {
		return err
	}
	if err := h.timeline(ctx, kit.Printer(r), &d); err != nil {
		return err
	}
	if d.OrgSupports, err = h.d.Participation.OrgSupports(ctx, id); err != nil {
		return err
	}
	h.rd.Page(w, r, code, "issue", &kit.Page{Title: iss.Title, Errors: errs, Data: d, Breadcrumbs: homeCrumbs(r, kit.Printer(r).T("Issues"), "/issues")})
	return nil
}
