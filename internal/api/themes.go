package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// PublicTheme is a theme as exported.
type PublicTheme struct {
	ID          int64  `json:"id"`
	URL         string `json:"url"`
	CycleID     int64  `json:"cycle_id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Issues      int    `json:"issues"`
	Supporters  int    `json:"distinct_supporters"`
	Supports    int    `json:"supports"`
	// Rank is the theme's place among its round's themes by distinct
	// supporters; Shortlisted says whether it goes forward to the jury by
	// ShortlistRule, the rule of its round as applied (in English).
	Rank          int       `json:"rank"`
	Shortlisted   bool      `json:"shortlisted"`
	ShortlistRule string    `json:"shortlist_rule"`
	Created       time.Time `json:"created"`
	Updated       time.Time `json:"updated"`
}

// themesJSON: GET /themes.json, public.
func (h *Handler) themesJSON(w http.ResponseWriter, r *http.Request) error {
	themes, err := h.d.Themes.Themes(r.Context(), 0)
	if err != nil {
		return err
	}
	// Each round has its own shortlist: rank and mark the themes round by
	// round, keeping the rounds in the order they first appear.
	var rounds []int64
	byRound := map[int64][]gather.Theme{}
	for _, t := range themes {
		if _, ok := byRound[t.CycleID]; !ok {
			rounds = append(rounds, t.CycleID)
		}
		byRound[t.CycleID] = append(byRound[t.CycleID], t)
	}
	out := make([]PublicTheme, 0, len(themes))
	for _, c := range rounds {
		ranked, rule := gather.Shortlist(byRound[c], h.d.Themes.ShortlistSize())
		for i, t := range ranked {
			out = append(out, PublicTheme{ID: t.ID, URL: h.d.BaseURL + "/themes/" + strconv.FormatInt(t.ID, 10), CycleID: t.CycleID,
				Name: t.Name, Description: t.Description, Issues: t.Issues, Supporters: t.Supporters, Supports: t.Supports,
				Rank: i + 1, Shortlisted: t.Shortlisted, ShortlistRule: rule.Text(), Created: t.Created.UTC(), Updated: t.Updated.UTC()})
		}
	}
	w.Header().Set("Access-Control-Allow-Origin", "*")
	kit.WriteJSON(w, http.StatusOK, out)
	return nil
}
