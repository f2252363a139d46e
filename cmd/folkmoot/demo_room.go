package main

import (
	"fmt"
	"time"

	"github.com/folkmoot/folkmoot/internal/demo"
	"github.com/folkmoot/folkmoot/internal/opinions"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/room"
)

// roomGroup is a discussion group whose live page the demo fills: the
// round, the group (made by the meetings seeding) and its theme's title.
type roomGroup struct {
	CycleID, GroupID int64
	Theme            string
}

// pastRoom seeds the live pages of the past round's discussion groups
// while the round is in its Meetings phase: online participants post
// comments and questions, the organiser (u01) approves them (one post per
// group is rejected and never shown), and people react to the comments.
// Call it after the Meetings move, once the groups exist.
func (s *seeder) pastRoom(groups []roomGroup) error {
	if len(groups) == 0 {
		return nil
	}
	st, ok := s.ps.Store().(room.Store)
	if !ok {
		return fmt.Errorf("%w: the store holds no live pages", errSeed)
	}
	pr := demo.FirstRoundRoom()
	gs := room.NewStaticGroups()
	for _, g := range groups {
		gs.Add(room.Group{ID: g.GroupID, CycleID: g.CycleID, ThemeTitle: g.Theme})
	}
	sv := room.NewService(st, gs, s.cs, room.Config{Now: func() time.Time { return s.now }})
	org, err := s.user("u01")
	if err != nil {
		return err
	}
	online := make([]people.User, len(pr.People))
	for i, p := range pr.People {
		if online[i], err = s.ps.AddUser(s.ctx, people.System, p[1], p[0]); err != nil {
			return fmt.Errorf("live pages: %s: %w", p[0], err)
		}
	}
	start := s.now
	step := 0
	tick := func() { step++; s.now = start.Add(time.Duration(step) * 47 * time.Second) }
	for _, g := range groups {
		posts, ok := pr.Posts[g.Theme]
		if !ok {
			posts = pr.Other
		}
		for _, p := range posts {
			tick()
			k := room.Comment
			if p.Question {
				k = room.Question
			}
			made, err := sv.Post(s.ctx, online[p.By], g.CycleID, g.GroupID, k, p.Text)
			if err != nil {
				return fmt.Errorf("live page of group %d: %w", g.GroupID, err)
			}
			tick()
			if err := sv.Decide(s.ctx, org, g.CycleID, g.GroupID, made.ID, !p.Rejected); err != nil {
				return fmt.Errorf("live page of group %d: %w", g.GroupID, err)
			}
			if p.Rejected || p.Question {
				continue
			}
			for _, r := range []struct {
				who []int
				v   opinions.Vote
			}{{p.Agree, opinions.Agree}, {p.Disagree, opinions.Disagree}, {p.Pass, opinions.Pass}} {
				for _, i := range r.who {
					s.now = s.now.Add(3 * time.Second)
					if err := sv.React(s.ctx, online[i], g.CycleID, g.GroupID, made.ID, r.v); err != nil {
						return fmt.Errorf("live page of group %d: %w", g.GroupID, err)
					}
				}
			}
		}
	}
	s.now = start
	return nil
}

// pastRoomAt seeds the live pages once the past round has moved into
// Meetings and its discussion groups exist: the first group of each theme
// took questions from people online (the others met without).
func (s *seeder) pastRoomAt(cycleID int64, m demo.PhaseMove) error {
	if m.Phase != "meetings" {
		return nil
	}
	gs, err := s.meetingService().GroupsOf(s.ctx, cycleID)
	if err != nil {
		return fmt.Errorf("past round's live pages: %w", err)
	}
	var groups []roomGroup
	for _, g := range gs {
		if g.Number == 1 {
			groups = append(groups, roomGroup{CycleID: cycleID, GroupID: g.ID, Theme: g.ThemeTitle})
		}
	}
	return s.pastRoom(groups)
}
