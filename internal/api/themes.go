package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// PublicTheme is a theme as exported.
type PublicTheme struct {
	ID          int64     `json:"id"`
	URL         string    `json:"url"`
	CycleID     int64     `json:"cycle_id"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	Issues      int       `json:"issues"`
	Supporters  int       `json:"distinct_supporters"`
	Supports    int       `json:"supports"`
	Created     time.Time `json:"created"`
	Updated     time.Time `json:"updated"`
}

// themesJSON: GET /themes.json, public.
func (h *Handler) themesJSON(w http.ResponseWriter, r *http.Request) error {
	themes, err := h.d.Themes.Themes(r.Context(), 0)
	if err != nil {
		return err
	}
	out := make([]PublicTheme, len(themes))
	for i, t := range themes {
		out[i] = PublicTheme{t.ID, h.d.BaseURL + "/themes/" + strconv.FormatInt(t.ID, 10), t.CycleID, t.Name, t.Description, t.Issues, t.Supporters, t.Supports, t.Created.UTC(), t.Updated.UTC()}
	}
	w.Header().Set("Access-Control-Allow-Origin", "*")
	kit.WriteJSON(w, http.StatusOK, out)
	return nil
}
