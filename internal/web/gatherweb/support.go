package gatherweb

import (
	"net/http"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// backTo returns where an action form should return to: its "return"
// field when it is a path on this site, else the issue page.
func backTo(r *http.Request, issueID int64) string {
	return kit.LocalPath(r.PostFormValue("return"), issuePath(issueID))
}

// support: POST /issues/{id}/support, signed in; rate-limited per person.
// This is the hot path (load-tested): one session lookup (cached), one
// service call, a mark on the issue's live Coalescer (no read: the counts
// are read once per issue per 100 ms when published), then a redirect
// back (forms) or a small JSON answer (Accept: application/json).
func (h *Handler) support(w http.ResponseWriter, r *http.Request) error {
	return h.supportAction(w, r, true)
}

// unsupport: POST /issues/{id}/unsupport, signed in.
func (h *Handler) unsupport(w http.ResponseWriter, r *http.Request) error {
	return h.supportAction(w, r, false)
}

func (h *Handler) supportAction(w http.ResponseWriter, r *http.Request, on bool) error {
	u := kit.User(r)
	id, err := kit.ParseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	if !h.env.Limits.Support.Allow(userKey(u.ID)) {
		return apperr.New(apperr.RateLimited, "You have supported many issues in a short time. Wait a minute, then try again.")
	}
	var changed bool
	if on {
		changed, err = h.d.Participation.Support(r.Context(), u, id)
	} else {
		changed, err = h.d.Participation.Unsupport(r.Context(), u, id)
	}
	if err != nil {
		return err
	}
	if changed {
		h.issueCountsChanged(id) // coalesced: no database read here
	}
	if kit.WantsJSON(r) {
		kit.WriteJSON(w, http.StatusOK, struct {
			Issue     int64 `json:"issue"`
			Supported bool  `json:"supported"`
			Changed   bool  `json:"changed"`
		}{id, on, changed})
		return nil
	}
	p := kit.Printer(r)
	msg := p.T("Your support has been withdrawn.")
	switch {
	case on && changed:
		msg = p.T("Thank you: you support this issue.")
	case on:
		msg = p.T("You already support this issue.")
	}
	return h.rd.SeeOther(w, r, backTo(r, id), msg)
}

// follow: POST /issues/{id}/follow, signed in.
func (h *Handler) follow(w http.ResponseWriter, r *http.Request) error {
	return h.followAction(w, r, true)
}

// unfollow: POST /issues/{id}/unfollow, signed in.
func (h *Handler) unfollow(w http.ResponseWriter, r *http.Request) error {
	return h.followAction(w, r, false)
}

func (h *Handler) followAction(w http.ResponseWriter, r *http.Request, on bool) error {
	u, p := kit.User(r), kit.Printer(r)
	id, err := kit.ParseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	msg := p.T("You are following this issue. Its updates are listed in its feed.")
	if on {
		_, err = h.d.Participation.Follow(r.Context(), u, id)
	} else {
		_, err = h.d.Participation.Unfollow(r.Context(), u, id)
		msg = p.T("You no longer follow this issue.")
	}
	if err != nil {
		return err
	}
	return h.rd.SeeOther(w, r, backTo(r, id), msg)
}
