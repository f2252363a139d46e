package main

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/folkmoot/folkmoot/internal/assembly"
	"github.com/folkmoot/folkmoot/internal/demo"
	"github.com/folkmoot/folkmoot/internal/jury"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/recommend"
)

// recommendService returns a recommendations service over the seeder's
// clock, its members from the seeder's assembly service.
func (s *seeder) recommendService() (*recommend.Service, error) {
	st, ok := s.ps.Store().(juryStore)
	if !ok {
		return nil, fmt.Errorf("%w: the store holds no juries", errSeed)
	}
	clock := func() time.Time { return s.now }
	js := jury.NewService(st, s.cs, s.gs, s.ps, st, jury.Config{Now: clock})
	return recommend.NewService(s.st, s.cs, js, s.assemblyService(), recommend.Config{Now: clock}), nil
}

// pastRecommend seeds the past round's recommendations: when it moves into
// Meetings, the discussion groups' drafts, their versions, the members'
// amendments (one accepted, one declined) and minority views, and the
// threshold; when it moves into Recommendations, the vote: opened, every
// member but two voting (a believable spread, demo.FirstRoundRecommendations
// scaled to the members there are), closed and published before the round
// moves on. A build without a selection has no members and gets no vote.
func (s *seeder) pastRecommend(cycleID int64, m demo.PhaseMove) error {
	if m.Phase != "meetings" && m.Phase != "recommendations" {
		return nil
	}
	rs, err := s.recommendService()
	if err != nil {
		return err
	}
	asm := s.assemblyService()
	org, err := s.user(m.By)
	if err != nil {
		return err
	}
	ms, err := asm.People(s.ctx, cycleID, assembly.Member)
	if err != nil {
		return err
	}
	fs, err := asm.People(s.ctx, cycleID, assembly.Facilitator)
	if err != nil {
		return err
	}
	if len(ms) < 10 {
		return nil
	}
	user := func(p assembly.Person) people.User { return people.User{ID: p.UserID, DisplayName: p.DisplayName} }
	drafter := org
	if len(fs) > 0 {
		drafter = user(fs[0])
	}
	pr := demo.FirstRoundRecommendations()
	start := s.now
	at := func(d time.Duration) { s.now = start.Add(d) }
	fail := func(what string, err error) error {
		return fmt.Errorf("past round's recommendations: %s: %w", what, err)
	}
	if m.Phase == "meetings" {
		ag, err := rs.Items(s.ctx, cycleID)
		if err != nil || len(ag) > 0 {
			return err
		}
		themes, err := s.agendaThemes(cycleID)
		if err != nil {
			return err
		}
		for i, r := range pr.Items {
			at(time.Duration(2+i%5)*24*time.Hour + time.Duration(i)*time.Hour)
			d := recommend.Draft{ThemeID: themes[r.Theme], Kind: recommend.Agreement, Text: r.Drafts[0]}
			if len(r.Options) > 0 {
				d.Kind, d.Method, d.Options = recommend.Choice, r.Method, r.Options
			}
			it, err := rs.Create(s.ctx, drafter, cycleID, d)
			if err != nil {
				return fail("draft", err)
			}
			for k, text := range r.Drafts[1:] {
				at(time.Duration(9+k)*24*time.Hour + time.Duration(i)*time.Hour)
				if it, err = rs.Edit(s.ctx, user(ms[(i+k)%len(ms)]), it.ID, text, "after the group's second session"); err != nil {
					return fail("new version", err)
				}
			}
			if r.Amendment != "" {
				at(14*24*time.Hour + time.Duration(i)*time.Hour)
				if it, err = rs.Amend(s.ctx, user(ms[(i+3)%len(ms)]), it.ID, r.Amendment, r.AmendWhy); err != nil {
					return fail("amendment", err)
				}
				at(16*24*time.Hour + time.Duration(i)*time.Hour)
				if it, err = rs.Decide(s.ctx, drafter, it.ID, 1, r.Accept, r.Declined); err != nil {
					return fail("deciding an amendment", err)
				}
			}
			for k, mv := range r.Minority {
				at(18*24*time.Hour + time.Duration(i*3+k)*time.Hour)
				if it, err = rs.AddMinorityView(s.ctx, user(ms[(i*7+k+5)%len(ms)]), it.ID, mv.Text, mv.Signed); err != nil {
					return fail("minority view", err)
				}
			}
		}
		at(20 * 24 * time.Hour)
		if _, err := rs.SetThreshold(s.ctx, org, cycleID, pr.Threshold); err != nil {
			return fail("threshold", err)
		}
		return nil
	}
	its, err := rs.Items(s.ctx, cycleID)
	if err != nil || len(its) != len(pr.Items) {
		return err
	}
	at(6 * time.Hour)
	if err := rs.OpenVote(s.ctx, org, cycleID); err != nil {
		return fail("opening the vote", err)
	}
	voters := ms[:len(ms)-2] // two members did not vote
	rnd := rand.New(rand.NewPCG(2015, 14))
	answers := make([][]recommend.Answer, len(voters))
	for k, it := range its {
		r := pr.Items[k]
		var pool []recommend.Answer
		if len(r.Options) > 0 {
			ns := make([]int, len(r.Rankings))
			for j, x := range r.Rankings {
				ns[j] = x.N
			}
			for j, n := range scale(ns, len(voters)) {
				ranks := make([]int, len(r.Options))
				for pos, opt := range r.Rankings[j].Order {
					ranks[opt-1] = pos + 1
				}
				for range n {
					pool = append(pool, recommend.Answer{ItemID: it.ID, Ranks: ranks})
				}
			}
		} else {
			for j, n := range scaleVotes(r.Votes, len(voters), pr.Threshold) {
				for range n {
					pool = append(pool, recommend.Answer{ItemID: it.ID, Choice: recommend.Scale[j]})
				}
			}
		}
		rnd.Shuffle(len(pool), func(a, b int) { pool[a], pool[b] = pool[b], pool[a] })
		for v := range voters {
			answers[v] = append(answers[v], pool[v])
		}
	}
	order := rnd.Perm(len(voters))
	for n, v := range order {
		at(30*time.Hour + time.Duration(n)*83*time.Minute)
		if _, err := rs.Vote(s.ctx, user(voters[v]), cycleID, answers[v]); err != nil {
			return fail("vote", err)
		}
	}
	at(19 * 24 * time.Hour)
	if _, err := rs.CloseVote(s.ctx, org, cycleID); err != nil {
		return fail("closing the vote", err)
	}
	return nil
}

// agendaThemes returns the round's agenda themes by title.
func (s *seeder) agendaThemes(cycleID int64) (map[string]int64, error) {
	st, ok := s.ps.Store().(juryStore)
	if !ok {
		return nil, fmt.Errorf("%w: the store holds no juries", errSeed)
	}
	ag, err := jury.NewService(st, s.cs, s.gs, s.ps, st, jury.Config{}).Agenda(s.ctx, cycleID)
	if err != nil {
		return nil, err
	}
	out := map[string]int64{}
	for _, c := range ag.Chosen {
		out[c.Theme.Title] = c.Theme.ThemeID
	}
	return out, nil
}

// scaleVotes shares n voters among an agreement item's votes (strongly
// agree … strongly disagree) in proportion, as scale does, then keeps the
// timeline's outcome: the panel the lottery draws is not the same size on
// every run (a decliner's seat stays empty when no reserve fits the
// quotas), and an item close to the threshold (47 of 58 is 81%) would
// otherwise pass with 51 voters and fail with 49, and the Board's seeded
// answer to it fail. Votes move one at a time between neutral and agree
// until the outcome is the timeline's.
func scaleVotes(votes [5]int, n int, threshold float64) []int {
	out := scale(votes[:], n)
	passes := func(c []int) bool {
		return recommend.Counts{StronglyAgree: c[0], Agree: c[1], Neutral: c[2], Disagree: c[3], StronglyDisagree: c[4]}.Passes(threshold)
	}
	want := passes(votes[:])
	for passes(out) != want {
		from, to := 2, 1 // neutral → agree
		if !want {
			from, to = 1, 2
		}
		for out[from] == 0 && from != 4 && from != 0 { // nobody left there: the next further out
			if want {
				from++
			} else {
				from--
			}
		}
		if out[from] == 0 {
			break
		}
		out[from]--
		out[to]++
	}
	return out
}

// scale shares n among counts in proportion, by largest remainder (ties
// to the earlier), so the spread keeps its shape for any number of voters.
func scale(counts []int, n int) []int {
	total := 0
	for _, c := range counts {
		total += c
	}
	out := make([]int, len(counts))
	if total == 0 {
		return out
	}
	rem := make([]int, len(counts))
	left := n
	for i, c := range counts {
		out[i] = c * n / total
		rem[i] = c * n % total
		left -= out[i]
	}
	for ; left > 0; left-- {
		best := 0
		for i := range rem {
			if rem[i] > rem[best] {
				best = i
			}
		}
		out[best]++
		rem[best] = -1
	}
	return out
}
