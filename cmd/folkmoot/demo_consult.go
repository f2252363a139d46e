package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/folkmoot/folkmoot/internal/consult"
	"github.com/folkmoot/folkmoot/internal/demo"
	"github.com/folkmoot/folkmoot/internal/people"
)

// pastConsult seeds the public consultation the past round held when it
// moved into Response (demo.FirstRoundConsultation): the organiser opens
// it on the passed recommendations and adds two questions; members of the
// public sign up and respond over four weeks; the organiser publishes
// most comments, rejects one that broke the house rules, and closes the
// consultation before the Board answers. A build without a selection has
// no vote and so no consultation.
func (s *seeder) pastConsult(cycleID int64, m demo.PhaseMove) error {
	if m.Phase != "response" {
		return nil
	}
	rs, err := s.recommendService()
	if err != nil {
		return err
	}
	st, ok := s.ps.Store().(consult.Store)
	if !ok {
		return fmt.Errorf("%w: the store holds no consultations", errSeed)
	}
	start := s.now
	defer func() { s.now = start }()
	at := func(d time.Duration) { s.now = start.Add(d) }
	sv := consult.NewService(st, s.cs, rs, consult.Config{Now: func() time.Time { return s.now }})
	fail := func(what string, err error) error { return fmt.Errorf("past round's consultation: %s: %w", what, err) }
	its, err := sv.Recommendations(s.ctx, cycleID)
	if err != nil || len(its) == 0 {
		return err
	}
	pc := demo.FirstRoundConsultation()
	recs := make([]int64, len(pc.Recs)) // Recs index -> recommendation id
	for i, c := range pc.Recs {
		for _, it := range its {
			if strings.Contains(it.Text(), c.Phrase) {
				recs[i] = it.ID
			}
		}
		if recs[i] == 0 {
			return fail("matching the recommendations", fmt.Errorf("none says %q", c.Phrase))
		}
	}
	org, err := s.user(m.By)
	if err != nil {
		return err
	}
	at(2 * time.Hour)
	if err := sv.Open(s.ctx, org, cycleID); err != nil {
		return fail("opening", err)
	}
	qids := make([]int64, len(pc.Questions))
	for i, q := range pc.Questions {
		at(3*time.Hour + time.Duration(i)*time.Minute)
		d := consult.QuestionDraft{RecID: recs[q.Rec], Kind: consult.Choice, Text: q.Text, TextCy: q.TextCy}
		if q.Scale {
			d.Kind = consult.Scale
		}
		for _, o := range q.Options {
			d.Options, d.OptionsCy = append(d.Options, o[0]), append(d.OptionsCy, o[1])
		}
		made, err := sv.AddQuestion(s.ctx, org, cycleID, d)
		if err != nil {
			return fail("adding a question", err)
		}
		qids[i] = made.ID
	}
	comments := map[[2]int]string{}
	for _, c := range pc.Comments {
		comments[[2]int{c.By, c.Rec}] = c.Text
	}
	for i, p := range pc.Respondents {
		at(time.Duration(p.Day)*24*time.Hour + 8*time.Hour + time.Duration(i%53)*11*time.Minute)
		u, err := s.ps.AddUser(s.ctx, people.System, p.Email, p.Name)
		if err != nil {
			return fail("a respondent", err)
		}
		for k := range pc.Recs {
			v, ok := p.Answers[k]
			if !ok {
				continue
			}
			s.now = s.now.Add(40 * time.Second)
			a := consult.Answer{Agree: v, Answers: map[int64]string{}, Comment: comments[[2]int{i, k}]}
			for qi, q := range pc.Questions {
				if c, ok := p.Choices[qi]; ok && q.Rec == k {
					a.Answers[qids[qi]] = c
				}
			}
			if _, err := sv.Respond(s.ctx, u, cycleID, recs[k], a); err != nil {
				return fail("a response", err)
			}
		}
	}
	at(time.Duration(pc.Days) * 24 * time.Hour)
	pending, err := sv.Comments(s.ctx, org, cycleID, consult.Pending)
	if err != nil {
		return err
	}
	for _, c := range pc.Comments {
		if !c.Publish && !c.Reject {
			continue
		}
		for _, pd := range pending {
			if pd.Text == c.Text {
				s.now = s.now.Add(5 * time.Minute)
				if err := sv.Moderate(s.ctx, org, cycleID, pd.ResponseID, pd.Updated, c.Publish); err != nil {
					return fail("moderating", err)
				}
			}
		}
	}
	s.now = s.now.Add(time.Hour)
	if err := sv.Close(s.ctx, org, cycleID); err != nil {
		return fail("closing", err)
	}
	return nil
}
