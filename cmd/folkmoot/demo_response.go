package main

import (
	"fmt"
	"time"

	"github.com/folkmoot/folkmoot/internal/assembly"
	"github.com/folkmoot/folkmoot/internal/demo"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/response"
)

// responseService returns the Board's response service over the seeder's
// clock.
func (s *seeder) responseService() (*response.Service, error) {
	rs, err := s.recommendService()
	if err != nil {
		return nil, err
	}
	return response.NewService(s.st, s.cs, rs, s.assemblyService(), response.Config{Now: func() time.Time { return s.now }}), nil
}

// pastResponse seeds the Board's response to the past round
// (demo.FirstRoundResponse): when the round moves into Response, the
// deadline, the answers, the commitments and the updates made before the
// move into Follow-up; when it moves into Follow-up, the later updates
// and the review and stocktake meeting, its report published. The Board's
// first member answers (the organiser who moved the round when the
// assembly has no Board); a build without a vote gets no response.
func (s *seeder) pastResponse(cycleID int64, m demo.PhaseMove) error {
	if m.Phase != "response" && m.Phase != "followup" {
		return nil
	}
	rs, err := s.responseService()
	if err != nil {
		return err
	}
	recs, err := rs.Passed(s.ctx, cycleID)
	if err != nil || len(recs) == 0 {
		return err
	}
	org, err := s.user(m.By)
	if err != nil {
		return err
	}
	answerer := org
	bs, err := s.assemblyService().People(s.ctx, cycleID, assembly.Board)
	if err != nil {
		return err
	}
	if len(bs) > 0 {
		answerer = people.User{ID: bs[0].UserID, DisplayName: bs[0].DisplayName}
	}
	rsIts, err := s.recommendItems(cycleID)
	if err != nil {
		return err
	}
	pr := demo.FirstRoundResponse()
	// The response's day 0 is the move into Response; the Follow-up move
	// is day 63.
	start := m.At
	followup := 0
	if m.Phase == "followup" {
		followup = 63
	}
	start = start.Add(-time.Duration(followup) * 24 * time.Hour)
	inPhase := func(day int) bool {
		if m.Phase == "response" {
			return day < 63
		}
		return day >= 63
	}
	at := func(day int, hour int) {
		s.now = start.Add(time.Duration(day)*24*time.Hour + time.Duration(hour)*time.Hour)
	}
	fail := func(what string, err error) error { return fmt.Errorf("past round's response: %s: %w", what, err) }
	defer func() { s.now = m.At }()

	if m.Phase == "response" {
		at(1, 1)
		d := start.Add(time.Duration(pr.DeadlineDay) * 24 * time.Hour).In(i18n.UK)
		deadline := time.Date(d.Year(), d.Month(), d.Day(), 23, 59, 59, 0, i18n.UK)
		if _, err := rs.SetDeadline(s.ctx, org, cycleID, deadline); err != nil {
			return fail("deadline", err)
		}
		for _, a := range pr.Answers {
			if a.Rec >= len(rsIts) {
				return fail("answer", fmt.Errorf("no recommendation %d", a.Rec))
			}
			at(a.Day, 2)
			if _, err := rs.Answer(s.ctx, answerer, cycleID, rsIts[a.Rec], response.AnswerDraft{Decision: response.Decision(a.Decision), Reasons: a.Reasons, ReasonsCy: a.ReasonsCy}); err != nil {
				return fail("answer", err)
			}
			for k, c := range a.Commitments {
				at(a.Day+1, 3+k)
				p := c.Progress
				if _, err := rs.AddCommitment(s.ctx, answerer, cycleID, rsIts[a.Rec], response.CommitmentDraft{Title: c.Title, Owner: c.Owner, Measure: c.Measure,
					Due: start.Add(time.Duration(c.DueDay) * 24 * time.Hour), Status: c.Status, Progress: &p}); err != nil {
					return fail("commitment", err)
				}
			}
		}
	}
	cs, err := rs.Commitments(s.ctx, cycleID)
	if err != nil {
		return err
	}
	byTitle := map[string]int64{}
	for _, c := range cs {
		byTitle[c.Title] = c.ID
	}
	// The updates of the phase, in time order.
	for day := 0; day <= pr.Stocktake.Day; day++ {
		if !inPhase(day) {
			continue
		}
		n := 0
		for _, a := range pr.Answers {
			for _, c := range a.Commitments {
				for _, u := range c.Updates {
					if u.Day != day {
						continue
					}
					at(day, 9+n)
					n++
					p := u.Progress
					if _, err := rs.AddUpdate(s.ctx, answerer, byTitle[c.Title], response.UpdateDraft{Date: s.now, Status: u.Status, Progress: &p, Text: u.Text, Links: u.Links}); err != nil {
						return fail("update", err)
					}
				}
			}
		}
	}
	if m.Phase == "followup" {
		at(pr.Stocktake.Day, 14)
		if _, err := rs.SaveStocktake(s.ctx, org, cycleID, response.StocktakeDraft{Held: s.now, Place: pr.Stocktake.Place, Notes: pr.Stocktake.Notes}); err != nil {
			return fail("stocktake", err)
		}
		at(pr.Stocktake.Day+2, 10)
		if _, err := rs.PublishStocktake(s.ctx, org, cycleID); err != nil {
			return fail("publishing the stocktake", err)
		}
	}
	return nil
}

// recommendItems returns the ids of the round's recommendations, in the
// order they were drafted (demo.FirstRoundRecommendations' order).
func (s *seeder) recommendItems(cycleID int64) ([]int64, error) {
	rs, err := s.recommendService()
	if err != nil {
		return nil, err
	}
	its, err := rs.Items(s.ctx, cycleID)
	var out []int64
	for _, it := range its {
		out = append(out, it.ID)
	}
	return out, err
}
