package gatherweb

import (
	"context"
	"net/http"
	"time"

	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/i18n"
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
}

// stepView is a step of the issue's timeline in the reader's language.
type stepView struct {
	gather.Step
	Title, Text string
}

// themedAt is the storage's record of when an issue joined its theme;
// Lookups may offer it (the storage value does).
type themedAt interface {
	IssueThemedAt(ctx context.Context, issueID int64) (time.Time, error)
}

// roundMoves is the round's phase timeline; Rounds may offer it
// (*cycle.Service does).
type roundMoves interface {
	Timeline(ctx context.Context, cycleID int64) ([]cycle.Move, error)
}

// timeline computes the issue's timeline for its page, in p's language.
func (h *Handler) timeline(ctx context.Context, p *i18n.Printer, d *issueData) error {
	in := gather.TimelineInput{Issue: d.Issue, Theme: d.Theme, Round: d.Round}
	if tl, ok := h.d.Lookups.(themedAt); ok && d.Theme != nil {
		at, err := tl.IssueThemedAt(ctx, d.Issue.ID)
		if err != nil {
			return err
		}
		in.ThemedAt = at
	}
	if rm, ok := h.d.Rounds.(roundMoves); ok {
		moves, err := rm.Timeline(ctx, d.Round.ID)
		if err != nil {
			return err
		}
		in.Moves = moves
	}
	for _, st := range gather.Timeline(in) {
		v := stepView{Step: st, Title: p.T(st.Title), Text: p.T(st.Text)}
		if st.Arg != "" {
			v.Text = p.T(st.Text, st.Arg)
		}
		d.Timeline = append(d.Timeline, v)
	}
	return nil
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
	h.rd.Page(w, r, code, "issue", &kit.Page{Title: iss.Title, Errors: errs, Data: d, Breadcrumbs: homeCrumbs(r, kit.Printer(r).T("Issues"), "/issues")})
	return nil
}
