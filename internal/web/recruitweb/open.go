package recruitweb

import (
	"net/http"
	"time"

	"github.com/folkmoot/folkmoot/internal/recruit"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// openData is a round's recruitment as open data: the figures of the
// public page, nothing personal.
type openData struct {
	Cycle      int64          `json:"cycle"`
	Addresses  int            `json:"addresses"`
	Invited    int            `json:"invited"`
	Registered int            `json:"registered"`
	Withdrawn  int            `json:"withdrawn"`
	Draws      []openDraw     `json:"draws"`
	Categories []openCategory `json:"categories"`
	// SmallCount: an answer given by fewer people (but some) has count
	// null and few true.
	SmallCount int `json:"small_count"`
}

type openDraw struct {
	Seed      string    `json:"seed"`
	Requested int       `json:"requested"`
	Eligible  int       `json:"eligible"`
	Drawn     int       `json:"drawn"`
	At        time.Time `json:"at"`
}

type openCategory struct {
	Key        string      `json:"key"`
	Question   string      `json:"question"`
	QuestionCy string      `json:"question_cy,omitempty"`
	Derive     string      `json:"derive,omitempty"`
	Values     []openValue `json:"values"`
}

type openValue struct {
	Key     string  `json:"key"`
	Label   string  `json:"label"`
	LabelCy string  `json:"label_cy,omitempty"`
	Census  float64 `json:"census"`
	Count   *int    `json:"count"`
	Few     bool    `json:"few,omitempty"`
}

// openJSON: GET /cycles/{id}/recruitment.json, anyone.
func (h *Handler) openJSON(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	n, err := h.d.Recruit.Counts(ctx, id)
	if err != nil {
		return err
	}
	draws, err := h.d.Recruit.Draws(ctx, id)
	if err != nil {
		return err
	}
	cats, err := h.d.Recruit.ByCategory(ctx, kit.User(r), id, false)
	if err != nil {
		return err
	}
	d := openData{Cycle: id, Addresses: n.Addresses, Invited: n.Invited, Registered: n.Registered, Withdrawn: n.Withdrawn,
		Draws: []openDraw{}, Categories: []openCategory{}, SmallCount: recruit.SmallCount}
	for _, dr := range draws {
		d.Draws = append(d.Draws, openDraw{dr.Seed, dr.Requested, dr.Eligible, dr.Drawn, dr.At})
	}
	for _, c := range cats {
		oc := openCategory{Key: c.Key, Question: c.Question, QuestionCy: c.QuestionCy, Derive: c.Derive}
		for _, v := range c.Values {
			ov := openValue{Key: v.Key, Label: v.Label, LabelCy: v.LabelCy, Census: v.Census, Few: v.Few}
			if !v.Few {
				cnt := v.Count
				ov.Count = &cnt
			}
			oc.Values = append(oc.Values, ov)
		}
		d.Categories = append(d.Categories, oc)
	}
	w.Header().Set("Cache-Control", "public, max-age=60")
	kit.WriteJSON(w, http.StatusOK, d)
	return nil
}
