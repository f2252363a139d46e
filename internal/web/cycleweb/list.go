package cycleweb

import (
	"net/http"

	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// programmeRounds is a programme with its rounds, newest first.
type programmeRounds struct {
	Programme cycle.Programme
	Rounds    []roundRow
}

// roundRow is a round in a list, with its phase's name translated.
type roundRow struct {
	Cycle      cycle.Cycle
	PhaseTitle string
}

type listData struct {
	Programmes []programmeRounds
	CanCreate  bool
}

// list: GET /cycles, public. Every programme's rounds, newest first.
func (h *Handler) list(w http.ResponseWriter, r *http.Request) error {
	ctx, p := r.Context(), kit.Printer(r)
	progs, err := h.d.Rounds.Programmes(ctx)
	if err != nil {
		return err
	}
	rounds, err := h.d.Rounds.Cycles(ctx, 0)
	if err != nil {
		return err
	}
	d := listData{CanCreate: kit.User(r).Has(people.RoleOrganiser)}
	for _, pr := range progs {
		g := programmeRounds{Programme: pr}
		for _, c := range rounds {
			if c.ProgrammeID == pr.ID {
				g.Rounds = append(g.Rounds, roundRow{Cycle: c, PhaseTitle: kit.Msg(p, c.Phase.Title())})
			}
		}
		if len(g.Rounds) > 0 || d.CanCreate {
			d.Programmes = append(d.Programmes, g)
		}
	}
	h.rd.Render(w, r, http.StatusOK, "cycles", p.T("Rounds"), d)
	return nil
}
