package main

import (
	"fmt"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/assembly"
	"github.com/folkmoot/folkmoot/internal/demo"
	"github.com/folkmoot/folkmoot/internal/jury"
	"github.com/folkmoot/folkmoot/internal/lottery"
	"github.com/folkmoot/folkmoot/internal/meeting"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/recruit"
)

// meetingService returns a meetings service over the seeder's store,
// reading the agenda from the jury and members' answers from the lottery.
func (s *seeder) meetingService() *meeting.Service {
	clock := func() time.Time { return s.now }
	js := jury.NewService(s.st, s.cs, s.gs, s.ps, s.st, jury.Config{Now: clock})
	pools := recruit.NewService(s.st, s.cs, nil, recruit.Config{Now: clock})
	sel := lottery.New(s.st, s.cs, pools, &heldQueue{}, nil, lottery.Config{Now: clock})
	return meeting.NewService(s.st, s.cs, js, s.assemblyService(), &lotteryProfiles{sel: sel, users: s.st}, clock)
}

// pastMeetings seeds the past round's meetings. On the move into
// Learning: the two sessions, the members' rankings of the themes, the
// allocation to two groups per theme by the real allocator (a build
// without the solver has no groups) and the facilitators and Board
// members seated with them. On the move into Meetings: registrations with
// some access needs, check-in on the day, expense claims (most paid), and
// each group's key points written and published after each session.
func (s *seeder) pastMeetings(cycleID int64, m demo.PhaseMove) error {
	if m.Phase != "learning" && m.Phase != "meetings" {
		return nil
	}
	org, err := s.user(m.By)
	if err != nil {
		return err
	}
	ms := s.meetingService()
	fail := func(what string, err error) error { return fmt.Errorf("past round's meetings: %s: %w", what, err) }
	members, err := s.assemblyService().People(s.ctx, cycleID, assembly.Member)
	if err != nil {
		return fail("members", err)
	}
	if m.Phase == "learning" {
		return s.pastMeetingsPlan(ms, org, cycleID, m, members, fail)
	}
	return s.pastMeetingsHeld(ms, org, cycleID, m, members, fail)
}

func (s *seeder) pastMeetingsPlan(ms *meeting.Service, org people.User, cycleID int64, m demo.PhaseMove, members []assembly.Person, fail func(string, error) error) error {
	meetingsAt := m.At.Add(28 * 24 * time.Hour) // the move into Meetings (pastMoves: day 154 after 126)
	s.now = m.At.Add(2 * time.Hour)
	for i, ps := range demo.PastSessions {
		day := meetingsAt.Add(time.Duration(ps.Day) * 24 * time.Hour)
		starts := time.Date(day.Year(), day.Month(), day.Day(), ps.Hour, 0, 0, 0, time.UTC)
		if _, err := ms.SaveSession(s.ctx, org, meeting.Session{CycleID: cycleID, Title: ps.Title, Mode: meeting.Mode(ps.Mode), Starts: starts,
			Place: ps.Place, Webcast: ps.Webcast, Agenda: ps.Agenda}); err != nil {
			return fail(fmt.Sprintf("session %d", i+1), err)
		}
	}
	themes, err := ms.Themes(s.ctx, cycleID)
	if err != nil {
		return fail("agenda", err)
	}
	titles := make([]string, len(themes))
	for i, t := range themes {
		titles[i] = t.Title
	}
	for i, p := range members {
		s.now = m.At.Add(3*24*time.Hour + time.Duration(i)*47*time.Minute)
		var ranking []int64
		for _, k := range demo.PastThemeRanking(i, titles) {
			ranking = append(ranking, themes[k].ThemeID)
		}
		if err := ms.Rank(s.ctx, people.User{ID: p.UserID, Roles: []people.Role{people.RoleCitizen}}, cycleID, ranking); err != nil {
			return fail("ranking", err)
		}
	}
	if len(members) == 0 {
		return nil
	}
	s.now = m.At.Add(16 * 24 * time.Hour)
	per := 2
	size := len(members) / (per * len(themes))
	if _, err := ms.Allocate(s.ctx, org, cycleID, meeting.Settings{PerTheme: per, Min: max(1, size-2), Max: size + 3, Slack: 0}); err != nil {
		if apperr.Is(err, apperr.Unavailable) {
			return nil // a build without the solver: no groups
		}
		return fail("allocation", err)
	}
	groups, err := ms.GroupsOf(s.ctx, cycleID)
	if err != nil {
		return fail("groups", err)
	}
	asm := s.assemblyService()
	facs, err := asm.People(s.ctx, cycleID, assembly.Facilitator)
	if err != nil {
		return fail("facilitators", err)
	}
	board, err := asm.People(s.ctx, cycleID, assembly.Board)
	if err != nil {
		return fail("board", err)
	}
	byEmail := map[string]int64{}
	for _, p := range append(facs, board...) {
		u, err := s.st.UserByID(s.ctx, p.UserID)
		if err != nil {
			return fail("helpers", err)
		}
		byEmail[u.Email] = p.UserID
	}
	var facIDs, boardIDs []int64
	for _, h := range demo.PastAssemblyHelpers {
		switch h.Role {
		case "facilitator":
			facIDs = append(facIDs, byEmail[h.Email])
		case "board":
			boardIDs = append(boardIDs, byEmail[h.Email])
		}
	}
	for i, g := range groups {
		s.now = s.now.Add(10 * time.Minute)
		if len(facIDs) > 0 {
			if err := ms.Seat(s.ctx, org, g.ID, facIDs[i%len(facIDs)], meeting.SeatFacilitator, false); err != nil {
				return fail("seating a facilitator", err)
			}
		}
		if len(boardIDs) > 0 {
			if err := ms.Seat(s.ctx, org, g.ID, boardIDs[(i/per)%len(boardIDs)], meeting.SeatBoard, false); err != nil {
				return fail("seating a Board member", err)
			}
		}
	}
	return nil
}

func (s *seeder) pastMeetingsHeld(ms *meeting.Service, org people.User, cycleID int64, m demo.PhaseMove, members []assembly.Person, fail func(string, error) error) error {
	sessions, err := ms.Sessions(s.ctx, cycleID)
	if err != nil {
		return fail("sessions", err)
	}
	if len(sessions) == 0 {
		return nil
	}
	member := func(p assembly.Person) people.User {
		return people.User{ID: p.UserID, Roles: []people.Role{people.RoleCitizen}}
	}
	// Registrations, a few hours apart, the day after the move.
	for i, p := range members {
		s.now = m.At.Add(6*time.Hour + time.Duration(i)*13*time.Minute)
		for k, se := range sessions {
			a := meeting.AttendInPerson
			if se.Mode == meeting.Online {
				a = meeting.AttendOnline
			}
			if (i+k)%9 == 4 {
				a = meeting.NotAttending
			}
			access := ""
			if k == 0 && i%7 == 2 {
				access = demo.PastAccessNeeds[(i/7)%len(demo.PastAccessNeeds)]
			}
			if err := ms.Register(s.ctx, member(p), cycleID, se.ID, a, access); err != nil {
				return fail("registration", err)
			}
		}
	}
	groups, err := ms.GroupsOf(s.ctx, cycleID)
	if err != nil {
		return fail("groups", err)
	}
	type claim struct{ session, id int64 }
	var claims []claim
	for k, se := range sessions {
		// Check-in on the day, by the organiser.
		regs, err := ms.Registrations(s.ctx, org, cycleID, se.ID)
		if err != nil {
			return fail("registrations", err)
		}
		s.now = se.Starts.Add(-30 * time.Minute)
		for i, r := range regs {
			if r.Attendance == meeting.NotAttending || i%11 == 10 {
				continue
			}
			s.now = s.now.Add(time.Minute)
			if err := ms.CheckIn(s.ctx, org, cycleID, se.ID, r.UserID); err != nil {
				return fail("check-in", err)
			}
		}
		// Each facilitator writes and publishes the key points that evening.
		s.now = se.Starts.Add(9 * time.Hour)
		for _, g := range groups {
			facs, err := ms.FacilitatorsOf(s.ctx, g.ID)
			if err != nil || len(facs) == 0 {
				continue
			}
			fac := people.User{ID: facs[0], Roles: []people.Role{people.RoleCitizen}}
			s.now = s.now.Add(7 * time.Minute)
			if err := ms.SaveNote(s.ctx, fac, g.ID, se.ID, demo.PastNote(g.ThemeTitle, g.Number, k)); err != nil {
				return fail("notes", err)
			}
			s.now = s.now.Add(25 * time.Minute)
			if err := ms.PublishNote(s.ctx, fac, g.ID, se.ID); err != nil {
				return fail("publishing notes", err)
			}
		}
		if se.Mode == meeting.Online {
			continue
		}
		// Expenses for the day in person, claimed in the following days.
		n := 0
		for i, r := range regs {
			if r.Attendance != meeting.AttendInPerson || i%4 != 1 {
				continue
			}
			e := demo.PastExpenses[n%len(demo.PastExpenses)]
			n++
			s.now = se.Starts.Add(time.Duration(24+i) * time.Minute * 50)
			id, err := ms.ClaimExpense(s.ctx, people.User{ID: r.UserID, Roles: []people.Role{people.RoleCitizen}}, cycleID, se.ID, e.Pence, e.What)
			if err != nil {
				return fail("expense", err)
			}
			claims = append(claims, claim{se.ID, id})
		}
	}
	// Most claims are paid three days after the last session.
	s.now = sessions[len(sessions)-1].Starts.Add(3 * 24 * time.Hour)
	for i, c := range claims {
		if i%5 == 4 {
			continue // still to pay
		}
		s.now = s.now.Add(3 * time.Minute)
		if err := ms.PayExpense(s.ctx, org, cycleID, c.session, c.id); err != nil {
			return fail("paying an expense", err)
		}
	}
	return nil
}
