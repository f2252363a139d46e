package cycleweb

import (
	"net/http"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

type showData struct {
	Cycle       cycle.Cycle
	States      []stateRow
	Current     stateRow
	Next        *stateRow // nil in the last phase
	Moves       []moveRow // newest first
	SignedIn    bool
	Following   bool
	CanOrganise bool
	Form        *kit.Form // the organisers' move form
	Phases      []option  // where the round can be moved to
}

// show: GET /cycles/{id}, public. The round's phase, what happens now and
// next, the plan, and the timeline; for organisers, the form that moves it.
func (h *Handler) show(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	return h.showRound(w, r, id, http.StatusOK, &kit.Form{})
}

// showRound renders a round's page with the move form f (values and
// errors after a failed move).
func (h *Handler) showRound(w http.ResponseWriter, r *http.Request, id int64, code int, f *kit.Form) error {
	ctx, u, p := r.Context(), kit.User(r), kit.Printer(r)
	c, err := h.d.Rounds.Cycle(ctx, id)
	if err != nil {
		return err
	}
	moves, err := h.d.Rounds.Timeline(ctx, id)
	if err != nil {
		return err
	}
	d := showData{Cycle: c, States: states(p, c, moves), Moves: moveRows(p, moves), SignedIn: u.SignedIn(),
		CanOrganise: u.Has(people.RoleOrganiser), Form: f, Phases: phaseOptions(p, c, f.Get("phase"))}
	i := c.Phase.Index()
	d.Current = d.States[i]
	if i+1 < len(d.States) {
		d.Next = &d.States[i+1]
	}
	if d.Following, err = h.d.Rounds.Following(ctx, u, id); err != nil {
		return err
	}
	h.rd.Page(w, r, code, "cycle", &kit.Page{Title: c.Title, Data: d, Errors: f.Errs,
		Breadcrumbs: []kit.Crumb{{Label: p.T("Home"), URL: "/"}, {Label: p.T("Rounds"), URL: "/cycles"}}})
	return nil
}

// movePhase: POST /cycles/{id}/phase, organisers. Moves the round to the
// chosen phase with an optional public note.
func (h *Handler) movePhase(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	p := kit.Printer(r)
	to, ok := cycle.ParsePhase(r.PostFormValue("phase"))
	if !ok {
		err = apperr.Field("phase", "Choose one of the round's phases")
	} else {
		var c cycle.Cycle
		if c, err = h.d.Rounds.MovePhase(r.Context(), kit.User(r), id, to, r.PostFormValue("note")); err == nil {
			return h.rd.SeeOther(w, r, cyclePath(id), p.T("The round is now in its %s phase. Everyone following it will be told.", kit.Msg(p, c.Phase.Title())))
		}
	}
	f, ok := kit.FormFromError(r, r.PostForm, err, nil)
	if !ok {
		return err
	}
	return h.showRound(w, r, id, http.StatusUnprocessableEntity, f)
}

// follow: POST /cycles/{id}/follow, signed in.
func (h *Handler) follow(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	if _, err := h.d.Rounds.Follow(r.Context(), kit.User(r), id); err != nil {
		return err
	}
	return h.rd.SeeOther(w, r, cyclePath(id), kit.Printer(r).T("You are following this round. We will email you when it moves to its next phase."))
}

// unfollow: POST /cycles/{id}/unfollow, signed in.
func (h *Handler) unfollow(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	if _, err := h.d.Rounds.Unfollow(r.Context(), kit.User(r), id); err != nil {
		return err
	}
	return h.rd.SeeOther(w, r, cyclePath(id), kit.Printer(r).T("You no longer follow this round."))
}
