package main

import (
	"context"
	"fmt"
	"github.com/folkmoot/folkmoot/internal/solver"
	"sync"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/demo"
	"github.com/folkmoot/folkmoot/internal/jobs"
	"github.com/folkmoot/folkmoot/internal/lottery"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/recruit"
)

// demoPoolSize is the generated pool of a demo round without
// registrations: enough for a browser test's selection, small enough to
// solve in seconds.
const demoPoolSize = 2000

// demoPools is the demo's recruitment pools: a round's registrations
// (recruitment's pool) when it has any, else — demo only, documented in
// docs/selection-web.md — a generated pool of demoPoolSize people with
// the census questions of demo.PoolCategories, so that a round moved to
// its selection phase in a demo or a browser test can be selected without
// registering hundreds of people first. It implements lottery.Pools.
type demoPools struct {
	real lottery.Pools
	mu   sync.Mutex
	gen  map[int64][]demo.PoolMember
}

func newDemoPools(real lottery.Pools) *demoPools {
	return &demoPools{real: real, gen: map[int64][]demo.PoolMember{}}
}

func (p *demoPools) generated(cycleID int64) []demo.PoolMember {
	p.mu.Lock()
	defer p.mu.Unlock()
	ms, ok := p.gen[cycleID]
	if !ok {
		ms = demo.GeneratePool(cycleID, fmt.Sprintf("r%d", cycleID), demoPoolSize)
		p.gen[cycleID] = ms
	}
	return ms
}

// Pool implements lottery.Pools.
func (p *demoPools) Pool(ctx context.Context, actor people.User, cycleID int64) (recruit.Pool, error) {
	pool, err := p.real.Pool(ctx, actor, cycleID)
	if err != nil || len(pool.Members) > 0 {
		return pool, err
	}
	pool = recruit.Pool{CycleID: cycleID}
	for _, c := range demo.PoolCategories {
		rc := recruit.Category{Key: c.Key, Question: c.Question, QuestionCy: c.QuestionCy}
		for _, v := range c.Values {
			rc.Values = append(rc.Values, recruit.Value{Key: v.Key, Label: v.Label, LabelCy: v.LabelCy, Census: v.Census})
		}
		pool.Categories = append(pool.Categories, rc)
	}
	for _, m := range p.generated(cycleID) {
		pool.Members = append(pool.Members, recruit.Member{ID: m.ID, Answers: m.Answers})
	}
	return pool, nil
}

// Contact implements lottery.Pools.
func (p *demoPools) Contact(ctx context.Context, actor people.User, cycleID int64, memberID string) (recruit.Contact, error) {
	c, err := p.real.Contact(ctx, actor, cycleID, memberID)
	if !apperr.Is(err, apperr.NotFound) {
		return c, err
	}
	for _, m := range p.generated(cycleID) {
		if m.ID == memberID {
			return recruit.Contact{MemberID: m.ID, Name: m.Name, Email: m.Email, Lang: m.Lang, Address: "1 Demo Street"}, nil
		}
	}
	return c, err
}

// heldQueue is the seeder's job queue: it keeps the job, which the seeder
// then runs itself (no worker runs while the demo is seeded).
type heldQueue struct{ n int64 }

func (q *heldQueue) Enqueue(context.Context, jobs.Request) (int64, error) { q.n++; return q.n, nil }

// afterMove seeds what happens within a phase of the past round once it
// has moved into it: the selection of its assembly.
func (s *seeder) afterMove(cycleID int64, m demo.PhaseMove) error {
	if m.Phase != string(cycle.Selection) || !solver.Available {
		return nil // a build without the COIN-OR solvers cannot compute the selection: the past round has none
	}
	if err := s.pastSelection(cycleID, m); err != nil {
		return fmt.Errorf("past round's selection: %w", err)
	}
	return nil
}

// pastSelection runs the past round's selection as its organiser did:
// quotas from the census, the lottery computed, announced, drawn with the
// public seed, invitations, two decliners replaced from the reserves, the
// rest confirmed.
func (s *seeder) pastSelection(cycleID int64, m demo.PhaseMove) error {
	org, err := s.user(m.By)
	if err != nil {
		return err
	}
	ps := demo.PastSelectionOf()
	start := s.now
	pools := recruit.NewService(s.st, s.cs, nil, recruit.Config{Now: func() time.Time { return s.now }})
	svc := lottery.New(s.st, s.cs, pools, &heldQueue{}, nil, lottery.Config{Now: func() time.Time { return s.now }, Tickets: ps.Tickets,
		NewSeed: func() string { return ps.Seed }})
	ctx := s.ctx
	at := func(days float64) { s.now = start.Add(time.Duration(days * 24 * float64(time.Hour))) }
	at(7)
	qs, _, err := svc.Suggest(ctx, org, cycleID, ps.PanelSize)
	if err != nil {
		return err
	}
	if _, err := svc.SetQuotas(ctx, org, cycleID, ps.PanelSize, qs); err != nil {
		return err
	}
	at(14)
	sel, err := svc.Start(ctx, org, cycleID)
	if err != nil {
		return err
	}
	// One computation with the public seed gives both the lottery and the
	// draw (the CLI's --public-seed run): half the seeding time.
	o, err := svc.Compute(ctx, cycleID, ps.PublicSeed)
	if err != nil {
		return err
	}
	if err := svc.Record(ctx, lottery.JobPayload{CycleID: cycleID, Run: sel.Run}, o); err != nil {
		return err
	}
	if sel, err = svc.Get(ctx, cycleID); err != nil {
		return err
	} else if sel.State != lottery.Ready {
		return fmt.Errorf("the run did not finish: %s: %s", sel.State, sel.Error)
	}
	at(15)
	if _, err := svc.Announce(ctx, org, cycleID, ps.Source); err != nil {
		return err
	}
	at(18)
	if _, err := svc.Draw(ctx, org, cycleID, ps.PublicSeed); err != nil {
		return err
	}
	if err := svc.Record(ctx, lottery.JobPayload{CycleID: cycleID, Run: sel.Run, Draw: true}, o); err != nil {
		return err
	}
	if sel, err = svc.Get(ctx, cycleID); err != nil {
		return err
	}
	if sel.State != lottery.Drawn {
		return fmt.Errorf("the draw did not happen: %s %s", sel.State, sel.Error)
	}
	if _, err := svc.Invite(ctx, org, cycleID); err != nil {
		return err
	}
	at(24)
	for _, pos := range ps.Decliners {
		if _, err := svc.RecordReply(ctx, org, cycleID, sel.Selected[pos-1], false); err != nil {
			return err
		}
	}
	at(25)
	for _, pos := range ps.Decliners {
		// A seat no reserve can take within the quotas would stay empty,
		// as in the web app; with the pool and the seed fixed
		// (demo.PastMemberIDs), both seats are filled on every install.
		if _, err := svc.Replace(ctx, org, cycleID, sel.Selected[pos-1]); err != nil && !apperr.Is(err, apperr.Conflict) {
			return err
		}
	}
	at(30)
	ms, err := svc.Members(ctx, cycleID)
	if err != nil {
		return err
	}
	for _, mb := range ms {
		if mb.Current() && mb.Status != lottery.Confirmed {
			if _, err := svc.RecordReply(ctx, org, cycleID, mb.ID, true); err != nil {
				return err
			}
		}
	}
	return nil
}
