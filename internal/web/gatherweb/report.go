package gatherweb

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// targetData is the data of the report and moderate pages.
type targetData struct {
	Issue   gather.Issue
	Comment *gather.Comment
	Form    *kit.Form
	Hidden  bool // the target is hidden now (moderate: offer to show it again)
}

// loadTarget reads the issue in the path and the optional ?comment= (or
// form field comment) it is about.
func (h *Handler) loadTarget(r *http.Request) (targetData, gather.Target, error) {
	id, err := kit.ParseID(r.PathValue("id"))
	if err != nil {
		return targetData{}, gather.Target{}, err
	}
	v := r.URL.Query()
	if r.Method == http.MethodPost {
		v = r.PostForm
	}
	t, err := parseTarget(id, v)
	if err != nil {
		return targetData{}, t, apperr.New(apperr.NotFound, "There is no such comment.")
	}
	iss, err := h.d.Issues.Issue(r.Context(), kit.User(r), id)
	if err != nil {
		return targetData{}, t, err
	}
	d := targetData{Issue: iss, Form: &kit.Form{Values: v}, Hidden: iss.Status == gather.StatusHidden}
	if t.CommentID == 0 {
		return d, t, nil
	}
	cs, err := h.d.Issues.Comments(r.Context(), kit.User(r), id)
	if err != nil {
		return d, t, err
	}
	for _, c := range cs {
		for _, x := range append([]gather.Comment{c}, c.Replies...) {
			if x.ID == t.CommentID {
				d.Comment = &x
				d.Hidden = x.Status == gather.StatusHidden
			}
		}
	}
	if d.Comment == nil {
		return d, t, apperr.New(apperr.NotFound, "There is no such comment on this issue.")
	}
	return d, t, nil
}

// reportTitle is the heading of the report page.
func reportTitle(r *http.Request, d targetData) string {
	if d.Comment != nil {
		return kit.Printer(r).T("Report a comment")
	}
	return kit.Printer(r).T("Report this issue")
}

// reportForm: GET /issues/{id}/report[?comment=], signed in.
func (h *Handler) reportForm(w http.ResponseWriter, r *http.Request) error {
	d, _, err := h.loadTarget(r)
	if err != nil {
		return err
	}
	h.rd.Page(w, r, http.StatusOK, "report", &kit.Page{Title: reportTitle(r, d), Data: d, Breadcrumbs: issueCrumbs(r, d.Issue)})
	return nil
}

// reportCreate: POST /issues/{id}/report, signed in; rate-limited with
// submissions.
func (h *Handler) reportCreate(w http.ResponseWriter, r *http.Request) error {
	u := kit.User(r)
	d, t, err := h.loadTarget(r)
	if err != nil {
		return err
	}
	if !h.env.Limits.Submit.Allow(userKey(u.ID)) {
		return apperr.New(apperr.RateLimited, "You have sent several reports in a short time. Wait a minute, then try again.")
	}
	other, err := parseOther(r.PostFormValue("other"))
	if err == nil {
		_, err = h.d.Participation.SubmitReport(r.Context(), u, gather.ReportDraft{Target: t, Category: gather.ReportCategory(r.PostFormValue("category")), Reason: r.PostFormValue("reason"), OtherIssueID: other})
	}
	if err != nil {
		f, ok := kit.FormFromError(r, r.PostForm, err, map[string]string{"category": "category-" + string(gather.ReportCategories[0])})
		if !ok {
			return err
		}
		d.Form = f
		h.rd.Page(w, r, http.StatusUnprocessableEntity, "report", &kit.Page{Title: reportTitle(r, d), Errors: f.Errs, Data: d, Breadcrumbs: issueCrumbs(r, d.Issue)})
		return nil
	}
	if gather.ReportCategory(r.PostFormValue("category")) == gather.CategoryCombine {
		return h.rd.SeeOther(w, r, issuePath(t.IssueID), kit.Printer(r).T("Thank you. The organisers will consider combining the two issues."))
	}
	return h.rd.SeeOther(w, r, issuePath(t.IssueID), kit.Printer(r).T("Thank you. A moderator will look at your report."))
}

// parseOther reads the other issue of a "could these be combined?"
// report: its number, or the address of its page.
func parseOther(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if i := strings.LastIndex(s, "/issues/"); i >= 0 {
		s = strings.TrimSuffix(s[i+len("/issues/"):], "/")
	}
	s = strings.TrimPrefix(s, "#")
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, apperr.Field("other", "Enter the number of the other issue, like 42, or the address of its page")
	}
	return n, nil
}
