package selectionweb

import (
	"net/http"

	"github.com/folkmoot/folkmoot/internal/lottery"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

type replyData struct {
	Title    string // the round's
	Status   lottery.MemberStatus
	Answered bool
	Action   string
}

// replyPage: GET /selection/reply/{token}, public (the link in the
// invitation). Confirm or decline, without signing in.
func (h *Handler) replyPage(w http.ResponseWriter, r *http.Request) error {
	inv, err := h.d.Selection.Invitation(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	return h.showReply(w, r, inv)
}

func (h *Handler) showReply(w http.ResponseWriter, r *http.Request, inv lottery.Invitee) error {
	p := kit.Printer(r)
	d := replyData{Title: inv.Title, Status: inv.Member.Status, Action: r.URL.Path,
		Answered: inv.Member.Status != lottery.Invited && inv.Member.Status != lottery.MemberDrawn}
	w.Header().Set("Referrer-Policy", "no-referrer")
	h.rd.Page(w, r, http.StatusOK, "selection_reply", &kit.Page{Title: p.T("Your invitation to the citizens' assembly"), Data: d})
	return nil
}

// reply: POST /selection/reply/{token}, public. answer=yes confirms,
// answer=no declines.
func (h *Handler) reply(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	p := kit.Printer(r)
	switch r.PostFormValue("answer") {
	case "yes", "no":
	default:
		inv, err := h.d.Selection.Invitation(r.Context(), token)
		if err != nil {
			return err
		}
		h.rd.Flash(w, p.T("Choose yes or no."))
		return h.showReply(w, r, inv)
	}
	accept := r.PostFormValue("answer") == "yes"
	if _, err := h.d.Selection.Reply(r.Context(), token, accept); err != nil {
		return err
	}
	msg := p.T("Thank you. We have recorded that you cannot take part, and will offer your seat to someone on the reserve list.")
	if accept {
		msg = p.T("Thank you for confirming. We will email you the dates, the place and how to claim your expenses.")
	}
	return h.rd.SeeOther(w, r, lottery.ReplyPath(token), msg)
}
