package main

import (
	"context"
	"fmt"
	"github.com/folkmoot/folkmoot/internal/assembly"
	"strings"
	"time"
	"unicode"

	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/demo"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/storage"
)

// seeder maps the demo data set into the store through the services, so
// that every row is validated and audited like a real one. The services'
// clock is moved to each record's time as it is created.
type seeder struct {
	ctx   context.Context
	st    storage.Store
	now   time.Time
	ps    *people.Service
	cs    *cycle.Service
	gs    *gather.Service
	prog  cycle.Programme
	round int64 // the round whose records are being seeded
	users map[string]people.User
	orgs  map[string]int64
	iss   map[string]int64
	cmts  map[string]int64
	asm   *assembly.Service // demo_assembly.go: who takes part in the past round's assembly
}

func seedDemo(ctx context.Context, st storage.Store, ds demo.Dataset) error {
	s := &seeder{ctx: ctx, st: st, users: map[string]people.User{}, orgs: map[string]int64{}, iss: map[string]int64{}, cmts: map[string]int64{}}
	clock := func() time.Time { return s.now }
	s.ps = people.NewService(st, people.Config{Now: clock})
	s.cs = cycle.NewService(st, cycle.Config{Now: clock, CacheTTL: time.Nanosecond})
	s.gs = gather.NewService(st, st, s.cs, gather.Config{Now: clock})
	s.now = ds.Past.Moves[0].At.Add(-400 * 24 * time.Hour)
	for _, step := range []func(demo.Dataset) error{s.programme, s.people, s.past, s.current} {
		if err := step(ds); err != nil {
			return err
		}
	}
	return nil
}

func (s *seeder) programme(ds demo.Dataset) error {
	p, err := s.cs.CreateProgramme(s.ctx, people.System, cycle.Programme{Name: ds.Programme.Name, Description: ds.Programme.Description})
	if err != nil {
		return fmt.Errorf("programme: %w", err)
	}
	s.prog = p
	return nil
}

// past seeds the finished round: it opens, gathers its records, then moves
// through every phase at the dates of its timeline.
func (s *seeder) past(ds demo.Dataset) error {
	p := ds.Past
	s.now = p.Moves[0].At
	c, err := s.cs.CreateCycle(s.ctx, people.System, cycle.Draft{ProgrammeID: s.prog.ID, Title: p.Title, Description: p.Description, Plan: plan(p.Plan)})
	if err != nil {
		return fmt.Errorf("past round: %w", err)
	}
	s.round = c.ID
	for _, step := range []func() error{
		func() error { return s.issues(p.Issues) },
		func() error { return s.supports(p.Supports) },
		func() error { return s.comments(p.Comments) },
		func() error { return s.themes(p.Themes) },
	} {
		if err := step(); err != nil {
			return fmt.Errorf("past round: %w", err)
		}
	}
	for _, m := range p.Moves[1:] {
		s.now = m.At
		u, err := s.user(m.By)
		if err != nil {
			return err
		}
		if _, err := s.cs.MovePhase(s.ctx, u, c.ID, cycle.Phase(m.Phase), m.Note); err != nil {
			return fmt.Errorf("past round: moving to %s: %w", m.Phase, err)
		}
		if err := s.pastJury(ds, c.ID, m.Phase); err != nil { // the jury's records, in its Agenda phase
			return err
		}
		if err := s.recruitPast(c.ID, m.Phase); err != nil {
			return err
		}
		if err := s.afterMove(c.ID, m); err != nil { // demo_selection.go
			return err
		}
		if err := s.pastAssembly(c.ID, m); err != nil { // demo_assembly.go: members, facilitators, Board, committee
			return err
		}
		if err := s.pastEvidence(c.ID, m.Phase, s.assemblyService()); err != nil { // demo_evidence.go
			return err
		}
		if err := s.pastMeetings(c.ID, m); err != nil { // demo_meetings.go: sessions, groups, notes
			return err
		}
		if err := s.pastRoomAt(c.ID, m); err != nil { // demo_room.go: the groups' live pages
			return err
		}
		if err := s.pastRecommend(c.ID, m); err != nil { // demo_recommend.go: drafts in Meetings, the vote in Recommendations
			return err
		}
		if err := s.pastResponse(c.ID, m); err != nil { // demo_response.go: the Board's answers, commitments, updates, the stocktake
			return err
		}
		if err := s.pastConsult(c.ID, m); err != nil { // demo_consult.go: the public consultation, in Response
			return err
		}
	}
	// demo_quality.go: the finished round's self-assessment, signed off.
	return s.pastQuality(c.ID, p.Moves[len(p.Moves)-1].At)
}

// current seeds the round that is gathering issues now.
func (s *seeder) current(ds demo.Dataset) error {
	s.now = ds.Cycle.GatherOpens
	c, err := s.cs.CreateCycle(s.ctx, people.System, cycle.Draft{ProgrammeID: s.prog.ID, Title: ds.Cycle.Title, Description: ds.Cycle.Description, Plan: plan(ds.Cycle.Plan)})
	if err != nil {
		return fmt.Errorf("round: %w", err)
	}
	s.round = c.ID
	for _, step := range []func() error{
		func() error { return s.issues(ds.Issues) },
		func() error { return s.activity(ds) },
		func() error { return s.themes(ds.Themes) },
	} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

func plan(ps []demo.Planned) []cycle.PlannedPhase {
	out := make([]cycle.PlannedPhase, len(ps))
	for i, p := range ps {
		out[i] = cycle.PlannedPhase{Phase: cycle.Phase(p.Phase), Starts: p.Starts, Ends: p.Ends}
	}
	return out
}

func (s *seeder) people(ds demo.Dataset) error {
	for _, o := range ds.Organisations {
		org, err := s.ps.CreateOrganisation(s.ctx, people.System, people.Organisation{Name: o.Name, Description: o.Description})
		if err != nil {
			return fmt.Errorf("organisation %s: %w", o.Name, err)
		}
		s.orgs[o.Key] = org.ID
	}
	for _, u := range ds.Users {
		s.now = u.Created
		var roles []people.Role
		for _, r := range u.Roles {
			if r != demo.RoleOrgRep { // granted by verifying the representative below
				roles = append(roles, people.Role(r))
			}
		}
		pu, err := s.ps.AddUser(s.ctx, people.System, u.Email, u.Name, roles...)
		if err != nil {
			return fmt.Errorf("user %s: %w", u.Email, err)
		}
		if u.Org != "" {
			if err := s.ps.AddRepresentative(s.ctx, people.System, s.orgs[u.Org], pu.ID); err != nil {
				return fmt.Errorf("representative %s: %w", u.Email, err)
			}
			pu.Roles = append(pu.Roles, people.RoleOrgRep)
		}
		s.users[u.Key] = pu
	}
	return nil
}

func (s *seeder) user(key string) (people.User, error) {
	u, ok := s.users[key]
	if !ok {
		return u, fmt.Errorf("%w: user %q", errSeed, key)
	}
	return u, nil
}

func (s *seeder) issues(issues []demo.Issue) error {
	for _, is := range issues {
		s.now = is.Created
		u, err := s.user(is.Author)
		if err != nil {
			return err
		}
		iss, err := s.gs.SubmitIssue(s.ctx, u, gather.IssueDraft{CycleID: s.round, Title: is.Title, Description: is.Description, Tags: cleanTags(is.Tags), OrgID: s.orgs[is.Org]})
		if err != nil {
			return fmt.Errorf("issue %q: %w", is.Title, err)
		}
		s.iss[is.Key] = iss.ID
	}
	return nil
}

// activity replays supports, comments, follows, reports, withdrawals and
// moderations in time order per kind (supports before the issue changes
// status, so hidden and withdrawn issues keep theirs).
func (s *seeder) activity(ds demo.Dataset) error {
	if err := s.supports(ds.Supports); err != nil {
		return err
	}
	if err := s.comments(ds.Comments); err != nil {
		return err
	}
	for _, f := range ds.Follows {
		s.now = f.At
		u, err := s.user(f.User)
		if err != nil {
			return err
		}
		if _, err := s.gs.Follow(s.ctx, u, s.iss[f.Issue]); err != nil {
			return fmt.Errorf("follow: %w", err)
		}
	}
	for _, r := range ds.Reports {
		s.now = r.At
		u, err := s.user(r.Reporter)
		if err != nil {
			return err
		}
		if _, err := s.gs.Report(s.ctx, u, gather.Target{IssueID: s.iss[r.Issue], CommentID: s.cmts[r.Comment]}, r.Reason); err != nil {
			return fmt.Errorf("report: %w", err)
		}
	}
	for _, is := range ds.Issues {
		if is.Status != demo.StatusWithdrawn {
			continue
		}
		u, err := s.user(is.Author)
		if err != nil {
			return err
		}
		s.now = is.Created.Add(time.Hour)
		if err := s.gs.WithdrawIssue(s.ctx, u, s.iss[is.Key]); err != nil {
			return fmt.Errorf("withdraw: %w", err)
		}
	}
	for _, m := range ds.Moderations {
		s.now = m.At
		u, err := s.user(m.Moderator)
		if err != nil {
			return err
		}
		if _, err := s.gs.Hide(s.ctx, u, gather.Target{IssueID: s.iss[m.Issue]}, m.Reason); err != nil {
			return fmt.Errorf("moderation: %w", err)
		}
	}
	return nil
}

func (s *seeder) supports(sups []demo.Support) error {
	for _, sp := range sups {
		s.now = sp.At
		u, err := s.user(sp.User)
		if err != nil {
			return err
		}
		if _, err := s.gs.Support(s.ctx, u, s.iss[sp.Issue]); err != nil {
			return fmt.Errorf("support: %w", err)
		}
	}
	return nil
}

func (s *seeder) comments(cms []demo.Comment) error {
	for _, cm := range cms {
		s.now = cm.At
		u, err := s.user(cm.Author)
		if err != nil {
			return err
		}
		c, err := s.gs.AddComment(s.ctx, u, gather.CommentDraft{IssueID: s.iss[cm.Issue], ParentID: s.cmts[cm.Parent], Body: cm.Body})
		if err != nil {
			return fmt.Errorf("comment: %w", err)
		}
		s.cmts[cm.Key] = c.ID
	}
	return nil
}

func (s *seeder) themes(themes []demo.Theme) error {
	for _, t := range themes {
		s.now = t.At
		u, err := s.user(t.ConfirmedBy)
		if err != nil {
			return err
		}
		ids := make([]int64, 0, len(t.Issues))
		for _, k := range t.Issues {
			ids = append(ids, s.iss[k])
		}
		if _, err := s.gs.CreateTheme(s.ctx, u, gather.ThemeDraft{CycleID: s.round, Name: t.Name, Description: t.Description, IssueIDs: ids}); err != nil {
			return fmt.Errorf("theme %q: %w", t.Name, err)
		}
	}
	return nil
}

// cleanTags keeps only the characters gather accepts in a topic (letters,
// digits, spaces, hyphens), e.g. "A&E" becomes "a and e".
func cleanTags(tags []string) []string {
	out := make([]string, 0, len(tags))
	for _, t := range tags {
		t = strings.ReplaceAll(t, "&", " and ")
		t = strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) || r == ' ' || r == '-' {
				return r
			}
			return -1
		}, t)
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}
