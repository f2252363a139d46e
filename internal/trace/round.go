package trace

import (
	"context"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/i18n"
)

// RoundSteps returns what happened to a round's recommendations after the
// agenda, for the round's feed: the vote's result, then each Board answer
// and each commitment update, oldest first (the agenda has its own entry).
func (s *Service) RoundSteps(ctx context.Context, cycleID int64) ([]Step, error) {
	if s.d.Recommendations == nil {
		return nil, nil
	}
	r, results, _, err := s.d.Recommendations.Results(ctx, cycleID)
	if apperr.Is(err, apperr.NotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	passed := 0
	text := map[int64]string{}
	for _, res := range results {
		if res.Passed {
			passed++
		}
		text[res.Item.ID] = res.Item.Text()
	}
	out := []Step{{Key: "vote", State: Done, Title: i18n.Mark("The assembly voted on its recommendations"),
		Text: i18n.Mark("The assembly voted on its recommendations: %d of %d passed."), Args: []any{passed, len(results)},
		At: at(r.Closed), Link: roundPath(cycleID, "/recommendations")}}
	if s.d.Responses == nil {
		return out, nil
	}
	answers, err := s.d.Responses.Answers(ctx, cycleID)
	if err != nil {
		return nil, err
	}
	for _, a := range answers {
		out = append(out, Step{Key: "answer", State: Done, Title: i18n.Mark("The Board answered"), Text: i18n.Mark("The Board answered the recommendation “%s”: %s."),
			Args: []any{excerpt(text[a.RecommendationID], 120), Msg(DecisionLabel(a.Decision))}, Detail: a.Reasons, DetailCy: a.ReasonsCy, At: at(a.AnsweredAt),
			Link: "/recommendations/" + itoa(a.RecommendationID)})
	}
	cs, err := s.d.Responses.Commitments(ctx, cycleID)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		for _, u := range c.Updates {
			out = append(out, Step{Key: "update", State: Done, Title: i18n.Mark("Commitment updated"), Text: i18n.Mark("“%s”: %s, %d%% done."),
				Args: []any{c.Title, updateLabel(c, u), min(max(u.Progress, 0), 100)}, Detail: u.Text, At: at(updateAt(u)),
				Link: "/recommendations/" + itoa(c.RecommendationID)})
		}
	}
	return out, nil
}
