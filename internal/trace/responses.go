package trace

import (
	"context"

	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/response"
)

// FromResponse reads the Board's answers and the commitments of
// internal/response as traces need them (Responses).
func FromResponse(r *response.Service) Responses { return fromResponse{r} }

type fromResponse struct{ r *response.Service }

func (a fromResponse) Answers(ctx context.Context, cycleID int64) ([]Answer, error) {
	as, err := a.r.Answers(ctx, cycleID)
	if err != nil {
		return nil, err
	}
	out := make([]Answer, 0, len(as))
	for _, x := range as {
		out = append(out, Answer{RecommendationID: x.RecommendationID, ThemeID: x.ThemeID, Decision: string(x.Decision), Reasons: x.Reasons, ReasonsCy: x.ReasonsCy, AnsweredAt: x.AnsweredAt, Late: x.Late})
	}
	return out, nil
}

func (a fromResponse) Commitments(ctx context.Context, cycleID int64) ([]Commitment, error) {
	cs, err := a.r.Commitments(ctx, cycleID)
	if err != nil {
		return nil, err
	}
	set, err := a.r.Settings(ctx, cycleID)
	if err != nil {
		return nil, err
	}
	labels := func(key string) (string, string) {
		if st, ok := set.Status(key); ok {
			return st.Label, st.LabelIn(i18n.Welsh)
		}
		return "", ""
	}
	out := make([]Commitment, 0, len(cs))
	for _, c := range cs {
		tc := Commitment{ID: c.ID, RecommendationID: c.RecommendationID, ThemeID: c.ThemeID, Title: c.Title, Owner: c.Owner, Measure: c.Measure, Due: c.Due,
			Status: c.Status, StatusLabel: c.StatusLabel, Progress: c.Progress, Created: c.Created}
		_, tc.StatusLabelCy = labels(c.Status)
		for _, u := range c.Updates {
			en, cy := labels(u.Status)
			tc.Updates = append(tc.Updates, Update{At: u.At, Status: u.Status, StatusLabel: en, StatusLabelCy: cy, Progress: u.Progress, Text: u.Text, Links: u.Links, Created: u.Created})
		}
		out = append(out, tc)
	}
	return out, nil
}
