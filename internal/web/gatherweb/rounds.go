package gatherweb

import (
	"net/http"
	"strconv"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// roundChoice is the round a list page shows and the others it can show.
type roundChoice struct {
	Round  cycle.Cycle // zero when there is no round at all
	Has    bool
	Others []roundLink // every round, for a switcher; empty when there is one
}

// roundLink is one round a list can switch to.
type roundLink struct {
	ID      int64
	Title   string
	Current bool // the round shown
}

// IDParam is the round's id as a query value ("" when there is none).
func (c roundChoice) IDParam() string {
	if !c.Has {
		return ""
	}
	return strconv.FormatInt(c.Round.ID, 10)
}

// roundOf returns the round a list page shows: the one named by ?cycle=,
// else the current round. A ?cycle= naming no round is NotFound.
func (h *Handler) roundOf(r *http.Request) (roundChoice, error) {
	ctx := r.Context()
	all, err := h.d.Rounds.Cycles(ctx, 0)
	if err != nil {
		return roundChoice{}, err
	}
	var ch roundChoice
	if s := r.URL.Query().Get("cycle"); s != "" {
		id, err := kit.ParseID(s)
		if err != nil {
			return ch, err
		}
		for _, c := range all {
			if c.ID == id {
				ch.Round, ch.Has = c, true
			}
		}
		if !ch.Has {
			return ch, apperr.New(apperr.NotFound, "There is no such round.")
		}
	} else {
		c, err := h.d.Rounds.Current(ctx)
		switch {
		case err == nil:
			ch.Round, ch.Has = c, true
		case !apperr.Is(err, apperr.NotFound):
			return ch, err
		}
	}
	if len(all) > 1 {
		for _, c := range all {
			ch.Others = append(ch.Others, roundLink{ID: c.ID, Title: c.Title, Current: c.ID == ch.Round.ID})
		}
	}
	return ch, nil
}
