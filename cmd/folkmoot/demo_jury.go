package main

import (
	"fmt"
	"slices"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/demo"
	"github.com/folkmoot/folkmoot/internal/jury"
	"github.com/folkmoot/folkmoot/internal/people"
)

// juryStore is what the demo's jury needs of the store.
type juryStore interface {
	jury.Store
	jury.UserLookup
}

// pastJury seeds the past round's citizens' jury once the round has moved
// to its Agenda phase: volunteers, the lottery, the shortlist, the votes,
// the count, the reasons and the published agenda, each at a believable
// time before the round moves on. For other phases it does nothing.
func (s *seeder) pastJury(ds demo.Dataset, cycleID int64, phase string) error {
	if phase != "agenda" {
		return nil
	}
	st, ok := s.ps.Store().(juryStore)
	if !ok {
		return fmt.Errorf("%w: the store holds no juries", errSeed)
	}
	pj := demo.FirstRoundJury()
	clock := func() time.Time { return s.now }
	js := jury.NewService(st, s.cs, s.gs, s.ps, st, jury.Config{Now: clock})
	org, err := s.user("u01")
	if err != nil {
		return err
	}
	start := s.now
	at := func(d time.Duration) { s.now = start.Add(d) }
	byID := map[int64]people.User{}
	for i, v := range pj.Volunteers {
		at(time.Duration(i+1) * 90 * time.Minute)
		u, err := s.ps.AddUser(s.ctx, people.System, v.Email, v.Name)
		if err != nil {
			return fmt.Errorf("jury volunteer %s: %w", v.Name, err)
		}
		byID[u.ID] = u
		if err := js.Volunteer(s.ctx, u, cycleID, jury.Answers{AgeBand: v.Age, Gender: v.Gender, Area: v.Area, Availability: v.Avail}); err != nil {
			return fmt.Errorf("jury volunteer %s: %w", v.Name, err)
		}
	}
	fail := func(what string, err error) error { return fmt.Errorf("past round's jury: %s: %w", what, err) }
	at(4 * 24 * time.Hour)
	if _, err := js.Configure(s.ctx, org, cycleID, pj.Size, jury.Lottery, "", pj.Seats); err != nil {
		return fail("settings", err)
	}
	at(5 * 24 * time.Hour)
	if _, err := js.DrawJurors(s.ctx, org, cycleID, pj.Seed); err != nil {
		return fail("draw", err)
	}
	j, err := js.SetShortlist(s.ctx, org, cycleID, pj.Seats)
	if err != nil {
		return fail("shortlist", err)
	}
	at(12 * 24 * time.Hour)
	if err := js.OpenVote(s.ctx, org, cycleID); err != nil {
		return fail("opening the vote", err)
	}
	jurors, err := js.Jurors(s.ctx, org, cycleID)
	if err != nil {
		return err
	}
	if len(jurors) != len(pj.Ballots) {
		return fail("votes", apperr.New(apperr.Internal, "%d jurors for %d ballots", len(jurors), len(pj.Ballots)))
	}
	for i, jr := range jurors {
		at(12*24*time.Hour + time.Duration(i+1)*7*time.Minute)
		ranks := make([]int, len(j.Shortlist.Themes))
		for r, name := range pj.Ballots[i] {
			k := slices.IndexFunc(j.Shortlist.Themes, func(t jury.Theme) bool { return t.Title == name })
			if k < 0 {
				return fail("votes", apperr.New(apperr.Internal, "no theme %q on the shortlist", name))
			}
			ranks[k] = r + 1
		}
		if err := js.Vote(s.ctx, byID[jr.UserID], cycleID, ranks); err != nil {
			return fail("votes", err)
		}
	}
	at(13 * 24 * time.Hour)
	if j, err = js.CloseVote(s.ctx, org, cycleID); err != nil {
		return fail("count", err)
	}
	reasons := make([]string, len(j.Shortlist.Themes))
	for i, t := range j.Shortlist.Themes {
		reasons[i] = pj.Reasons[t.Title]
	}
	at(14 * 24 * time.Hour)
	if _, err := js.SetReasons(s.ctx, org, cycleID, reasons, pj.Why); err != nil {
		return fail("reasons", err)
	}
	if _, err := js.Publish(s.ctx, org, cycleID); err != nil {
		return fail("publishing the agenda", err)
	}
	return nil
}
