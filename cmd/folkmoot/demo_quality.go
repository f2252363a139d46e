package main

import (
	"fmt"
	"github.com/folkmoot/folkmoot/internal/response"
	"strconv"
	"strings"
	"time"

	"github.com/folkmoot/folkmoot/internal/demo"
	"github.com/folkmoot/folkmoot/internal/evidence"
	"github.com/folkmoot/folkmoot/internal/jury"
	"github.com/folkmoot/folkmoot/internal/lottery"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/quality"
	"github.com/folkmoot/folkmoot/internal/recommend"
	"github.com/folkmoot/folkmoot/internal/recruit"
)

// qualityService returns the quality self-assessment over the seeder's
// store and clock, its proofs read from the same services the server
// wires (cmd/folkmoot/quality.go).
func (s *seeder) qualityService() *quality.Service {
	clock := func() time.Time { return s.now }
	js := jury.NewService(s.st, s.cs, s.gs, s.ps, s.st, jury.Config{Now: clock})
	pools := recruit.NewService(s.st, s.cs, nil, recruit.Config{Now: clock})
	asm := s.assemblyService()
	rs := recommend.NewService(s.st, s.cs, js, asm, recommend.Config{Now: clock})
	resp := response.NewService(s.st, s.cs, rs, asm, response.Config{Now: clock})
	return newQuality(s.st, s.ps, qualityFrom{
		Rounds:    s.cs,
		Selection: lottery.New(s.st, s.cs, pools, &heldQueue{}, nil, lottery.Config{Now: clock}),
		Evidence:  evidence.NewService(s.st, s.cs, js, asm, clock),
		Jury:      js,
		Recommend: rs,
		Responses: qualityResponses{resp},
		Meetings:  s.meetingService(),
		Recruit:   pools,
	}, clock)
}

// pastQuality seeds the finished round's quality self-assessment after it
// has moved into Follow-up (from, the move's time): the organisers rate
// all eleven principles, name an independent assessor (an invented
// academic, made a citizen account), who returns it with a comment; the
// organisers revise one entry and send it again, and the assessor signs
// it off, which snapshots the automatic proofs.
func (s *seeder) pastQuality(cycleID int64, from time.Time) error {
	pq := demo.FirstRoundQuality()
	qs := s.qualityService()
	org, err := s.user("u01")
	if err != nil {
		return err
	}
	fail := func(what string, err error) error {
		return fmt.Errorf("past round's quality self-assessment: %s: %w", what, err)
	}
	at := func(i int) { s.now = from.Add(time.Duration(pq.DaysAfterFollow[i] * 24 * float64(time.Hour))) }
	entry := func(e demo.PastQualityEntry) quality.Entry {
		var links []string
		for _, l := range e.Links {
			links = append(links, strings.ReplaceAll(l, "{round}", strconv.FormatInt(cycleID, 10)))
		}
		return quality.Entry{Principle: e.Principle, Rating: quality.Rating(e.Rating), Narrative: e.Narrative, NarrativeCy: e.NarrativeCy, Links: links}
	}
	at(0)
	for i, e := range pq.Entries {
		s.now = s.now.Add(time.Duration(i) * 17 * time.Minute)
		if _, err := qs.Assess(s.ctx, org, cycleID, entry(e)); err != nil {
			return fail(e.Principle, err)
		}
	}
	assessor, err := s.ps.AddUser(s.ctx, people.System, pq.AssessorEmail, "Rhiannon Pryce")
	if err != nil {
		return fail("the assessor's account", err)
	}
	s.now = s.now.Add(time.Hour)
	if _, err := qs.NameAssessor(s.ctx, org, cycleID, pq.AssessorEmail); err != nil {
		return fail("naming the assessor", err)
	}
	at(1)
	if _, err := qs.Review(s.ctx, assessor, cycleID, quality.Decision{Statement: pq.Returned}); err != nil {
		return fail("the first review", err)
	}
	at(2)
	if _, err := qs.Assess(s.ctx, org, cycleID, entry(pq.Revised)); err != nil {
		return fail("the revision", err)
	}
	if _, err := qs.NameAssessor(s.ctx, org, cycleID, pq.AssessorEmail); err != nil {
		return fail("sending it again", err)
	}
	at(3)
	if _, err := qs.Review(s.ctx, assessor, cycleID, quality.Decision{SignOff: true, Name: pq.AssessorName, Statement: pq.Statement}); err != nil {
		return fail("the sign-off", err)
	}
	return nil
}
