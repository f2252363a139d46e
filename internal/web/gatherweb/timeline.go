package gatherweb

import (
	"context"
	"net/http"
	"time"

	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// stepView is a step of the issue's timeline in the reader's language.
type stepView struct {
	gather.Step
	Title, Text string
}

// themedAt is the storage's record of when an issue joined its theme;
// Lookups may offer it (the storage value does).
type themedAt interface {
	IssueThemedAt(ctx context.Context, issueID int64) (time.Time, error)
}

// roundMoves is the round's phase timeline; Rounds may offer it
// (*cycle.Service does).
type roundMoves interface {
	Timeline(ctx context.Context, cycleID int64) ([]cycle.Move, error)
}

// timeline computes the issue's timeline for its page, in p's language.
func (h *Handler) timeline(ctx context.Context, p *i18n.Printer, d *issueData) error {
	in := gather.TimelineInput{Issue: d.Issue, Theme: d.Theme, Round: d.Round}
	if tl, ok := h.d.Lookups.(themedAt); ok && d.Theme != nil {
		at, err := tl.IssueThemedAt(ctx, d.Issue.ID)
		if err != nil {
			return err
		}
		in.ThemedAt = at
	}
	if rm, ok := h.d.Rounds.(roundMoves); ok {
		moves, err := rm.Timeline(ctx, d.Round.ID)
		if err != nil {
			return err
		}
		in.Moves = moves
	}
	for _, st := range gather.Timeline(in) {
		v := stepView{Step: st, Title: p.T(st.Title), Text: p.T(st.Text)}
		if st.Arg != "" {
			v.Text = p.T(st.Text, st.Arg)
		}
		d.Timeline = append(d.Timeline, v)
	}
	return nil
}

// timelineJSON: GET /issues/{id}/timeline.json, public: the issue's
// timeline in the request's language, for other sites and apps. Dates are
// RFC 3339; a step without a known date has none.
func (h *Handler) timelineJSON(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.ParseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	ctx := r.Context()
	iss, err := h.d.Issues.Issue(ctx, kit.User(r), id)
	if err != nil {
		return err
	}
	d := issueData{Issue: iss}
	if d.Round, err = h.d.Rounds.Cycle(ctx, iss.CycleID); err != nil {
		return err
	}
	if iss.ThemeID != 0 {
		if t, err := h.d.Themes.Theme(ctx, iss.ThemeID); err == nil {
			d.Theme = &t
		}
	}
	if err := h.timeline(ctx, kit.Printer(r), &d); err != nil {
		return err
	}
	type step struct {
		Key   string `json:"key"`
		State string `json:"state"`
		Title string `json:"title"`
		Text  string `json:"text"`
		Link  string `json:"link,omitempty"`
		At    string `json:"at,omitempty"`
	}
	out := struct {
		Issue int64  `json:"issue"`
		Steps []step `json:"steps"`
	}{Issue: iss.ID}
	for _, s := range d.Timeline {
		st := step{Key: s.Key, State: string(s.State), Title: s.Title, Text: s.Text, Link: s.Link}
		if !s.At.IsZero() {
			st.At = s.At.UTC().Format(time.RFC3339)
		}
		out.Steps = append(out.Steps, st)
	}
	kit.WriteJSON(w, http.StatusOK, out)
	return nil
}
