package gatherweb

import (
	"net/http"
	"strconv"

	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// moderateTitle is the heading of the moderate page: one message for each
// case, so each reads well in Welsh.
func moderateTitle(r *http.Request, d targetData) string {
	p := kit.Printer(r)
	switch {
	case d.Comment != nil && d.Hidden:
		return p.T("Show this comment again")
	case d.Comment != nil:
		return p.T("Hide this comment")
	case d.Hidden:
		return p.T("Show this issue again")
	}
	return p.T("Hide this issue")
}

// moderateForm: GET /issues/{id}/moderate[?comment=], moderators. It offers
// to hide (or show again) with a public reason.
func (h *Handler) moderateForm(w http.ResponseWriter, r *http.Request) error {
	d, _, err := h.loadTarget(r)
	if err != nil {
		return err
	}
	h.rd.Page(w, r, http.StatusOK, "moderate", &kit.Page{Title: moderateTitle(r, d), Data: d, Breadcrumbs: issueCrumbs(r, d.Issue)})
	return nil
}

// moderate: POST /issues/{id}/moderate, moderators; action=hide|unhide.
func (h *Handler) moderate(w http.ResponseWriter, r *http.Request) error {
	u := kit.User(r)
	d, t, err := h.loadTarget(r)
	if err != nil {
		return err
	}
	reason := r.PostFormValue("reason")
	if r.PostFormValue("action") == "unhide" {
		_, err = h.d.Moderation.Unhide(r.Context(), u, t, reason)
	} else {
		_, err = h.d.Moderation.Hide(r.Context(), u, t, reason)
	}
	if err != nil {
		f, ok := kit.FormFromError(r, r.PostForm, err, nil)
		if !ok {
			return err
		}
		d.Form = f
		h.rd.Page(w, r, http.StatusUnprocessableEntity, "moderate", &kit.Page{Title: moderateTitle(r, d), Errors: f.Errs, Data: d, Breadcrumbs: issueCrumbs(r, d.Issue)})
		return nil
	}
	if t.CommentID == 0 {
		if iss, err := h.d.Issues.Issue(r.Context(), u, t.IssueID); err == nil {
			h.issueChanged(iss)
		}
	} else {
		h.commentChanged(r.Context(), t.IssueID, t.CommentID) // pages show it hidden, or again
	}
	return h.rd.SeeOther(w, r, issuePath(t.IssueID), kit.Printer(r).T("Done. The reason is shown in the public moderation log."))
}

// moderationQueue: GET /moderation, moderators.
func (h *Handler) moderationQueue(w http.ResponseWriter, r *http.Request) error {
	reports, err := h.d.Moderation.Reports(r.Context(), kit.User(r), gather.ReportQuery{Open: true, Limit: 100})
	if err != nil {
		return err
	}
	h.rd.Render(w, r, http.StatusOK, "moderation", kit.Printer(r).T("Reports to review"), struct{ Reports []gather.Report }{reports})
	return nil
}

// dismiss: POST /moderation/reports/{id}/dismiss, moderators.
func (h *Handler) dismiss(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.ParseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := h.d.Moderation.DismissReport(r.Context(), kit.User(r), id); err != nil {
		return err
	}
	return h.rd.SeeOther(w, r, "/moderation", kit.Printer(r).T("The report has been dismissed."))
}

// moderationLog: GET /moderation/log[?page=], public.
func (h *Handler) moderationLog(w http.ResponseWriter, r *http.Request) error {
	const per = 50
	pg, _ := strconv.Atoi(r.URL.Query().Get("page"))
	pg = max(1, min(pg, 100000))
	entries, err := h.d.Moderation.ModerationLog(r.Context(), per+1, (pg-1)*per)
	if err != nil {
		return err
	}
	d := struct {
		Entries          []gather.Moderation
		PrevURL, NextURL string
	}{Entries: entries}
	if len(entries) > per {
		d.Entries = entries[:per]
		d.NextURL = "/moderation/log?page=" + strconv.Itoa(pg+1)
	}
	if pg > 1 {
		d.PrevURL = "/moderation/log?page=" + strconv.Itoa(pg-1)
	}
	h.rd.Render(w, r, http.StatusOK, "moderation_log", kit.Printer(r).T("Moderation log"), d)
	return nil
}
