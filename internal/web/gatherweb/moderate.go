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
		return p.T("Show this comment again or correct the reason")
	case d.Comment != nil:
		return p.T("Hide this comment")
	case d.Hidden:
		return p.T("Show this issue again or correct the reason")
	}
	return p.T("Hide this issue")
}

// moderateForm: GET /issues/{id}/moderate[?comment=], moderators. It offers
// to hide with a public reason, or, for hidden content, to show it again
// or correct the reason.
func (h *Handler) moderateForm(w http.ResponseWriter, r *http.Request) error {
	d, _, err := h.loadTarget(r)
	if err != nil {
		return err
	}
	h.rd.Page(w, r, http.StatusOK, "moderate", &kit.Page{Title: moderateTitle(r, d), Data: d, Breadcrumbs: issueCrumbs(r, d.Issue)})
	return nil
}

// moderate: POST /issues/{id}/moderate, moderators; action=hide|unhide|correct,
// reason, withhold (keep the title out of the public log).
func (h *Handler) moderate(w http.ResponseWriter, r *http.Request) error {
	u := kit.User(r)
	d, t, err := h.loadTarget(r)
	if err != nil {
		return err
	}
	a := gather.ModerationAction(r.PostFormValue("action"))
	withhold := r.PostFormValue("withhold") == "yes"
	if _, err = h.d.Moderation.Moderate(r.Context(), u, t, a, r.PostFormValue("reason"), withhold); err != nil {
		// The hide form's reason is "reason"; a hidden target's page has
		// two forms, whose reasons are "unhide-reason" and "correct-reason".
		var ids map[string]string
		if a == gather.ActionUnhide || a == gather.ActionCorrect {
			ids = map[string]string{"reason": string(a) + "-reason"}
			r.PostForm.Set(string(a)+"-reason", r.PostForm.Get("reason"))
		}
		f, ok := kit.FormFromError(r, r.PostForm, err, ids)
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
