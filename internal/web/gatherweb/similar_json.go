package gatherweb

import (
	"net/http"
	"strings"

	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// similarMatch is one issue in the answer of /issues/similar.
type similarMatch struct {
	ID       int64  `json:"id"`
	Title    string `json:"title"`
	Supports int    `json:"supports"`
	// SupportersText is the support count as a person reads it, in the
	// request's language ("3 supporters"), for scripts to show as is.
	SupportersText string `json:"supporters_text"`
	URL            string `json:"url"`
}

// similarJSON: GET /issues/similar?text=, public. Issues like a draft, for
// scripts that suggest them while someone types (progressive enhancement
// of the check step, which works without it).
func (h *Handler) similarJSON(w http.ResponseWriter, r *http.Request) error {
	text := r.URL.Query().Get("text")
	if len(text) > 4000 {
		text = strings.ToValidUTF8(text[:4000], "")
	}
	p := kit.Printer(r)
	out := []similarMatch{}
	if strings.TrimSpace(text) != "" {
		items, err := h.similarTo(r, text)
		if err != nil {
			return err
		}
		for _, it := range items {
			n := it.Issue.Supports
			out = append(out, similarMatch{it.Issue.ID, it.Issue.Title, n, p.N(n, "%d supporter", "%d supporters"), issuePath(it.Issue.ID)})
		}
	}
	w.Header().Set("Vary", "Cookie, Accept-Language")
	kit.WriteJSON(w, http.StatusOK, out)
	return nil
}
