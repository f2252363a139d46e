package gatherweb

import (
	"net/http"
	"strconv"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// commentCreate: POST /issues/{id}/comments and (a reply)
// /issues/{id}/comments/{parent}/replies, signed in; rate-limited with
// submissions. Errors are shown on the comment form, or on the reply
// form's own field.
func (h *Handler) commentCreate(w http.ResponseWriter, r *http.Request) error {
	u := kit.User(r)
	id, err := kit.ParseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	d, err := parseCommentForm(id, r.PostForm)
	if p := r.PathValue("parent"); p != "" && err == nil {
		d.ParentID, err = kit.ParseID(p)
	}
	if err == nil {
		if !h.env.Limits.Submit.Allow(userKey(u.ID)) {
			return apperr.New(apperr.RateLimited, "You have written several comments in a short time. Wait a minute, then try again.")
		}
		cm, err2 := h.d.Participation.AddComment(r.Context(), u, d)
		if err2 == nil {
			h.commentChanged(r.Context(), id, cm.ID)
			return h.rd.SeeOther(w, r, issuePath(id)+"#comment-"+strconv.FormatInt(cm.ID, 10), kit.Printer(r).T("Your comment has been added."))
		}
		err = err2
	}
	fieldID := "body"
	if d.ParentID != 0 {
		fieldID = "body-" + strconv.FormatInt(d.ParentID, 10)
	}
	f, ok := kit.FormFromError(r, r.PostForm, err, map[string]string{"body": fieldID})
	if !ok {
		return err
	}
	if d.ParentID != 0 {
		f.Values.Set(fieldID, f.Values.Get("body"))
	}
	return h.showIssue(w, r, id, http.StatusUnprocessableEntity, f, f.Errs)
}
