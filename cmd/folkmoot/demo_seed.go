package main

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"

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
	now   time.Time
	ps    *people.Service
	gs    *gather.Service
	users map[string]people.User
	orgs  map[string]int64
	iss   map[string]int64
	cmts  map[string]int64
}

func seedDemo(ctx context.Context, st storage.Store, ds demo.Dataset) error {
	s := &seeder{ctx: ctx, users: map[string]people.User{}, orgs: map[string]int64{}, iss: map[string]int64{}, cmts: map[string]int64{}}
	clock := func() time.Time { return s.now }
	s.ps = people.NewService(st, people.Config{Now: clock})
	s.gs = gather.NewService(st, st, gather.Config{Now: clock})
	s.now = ds.Cycle.GatherOpens.Add(-24 * time.Hour)
	for _, step := range []func(demo.Dataset) error{s.setup, s.people, s.issues, s.activity, s.themes} {
		if err := step(ds); err != nil {
			return err
		}
	}
	return nil
}

func (s *seeder) setup(ds demo.Dataset) error {
	p, err := s.gs.CreateProgramme(s.ctx, people.System, gather.Programme{Slug: slug(ds.Programme.Name), Name: ds.Programme.Name, Description: ds.Programme.Description})
	if err != nil {
		return fmt.Errorf("programme: %w", err)
	}
	_, err = s.gs.CreateCycle(s.ctx, people.System, gather.Cycle{ProgrammeID: p.ID, Name: ds.Cycle.Name, GatherOpens: ds.Cycle.GatherOpens, GatherCloses: ds.Cycle.GatherCloses})
	if err != nil {
		return fmt.Errorf("cycle: %w", err)
	}
	return nil
}

func slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.Trim(b.String(), "-")
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

func (s *seeder) issues(ds demo.Dataset) error {
	c, err := s.gs.CurrentCycle(s.ctx)
	if err != nil {
		return err
	}
	for _, is := range ds.Issues {
		s.now = is.Created
		u, err := s.user(is.Author)
		if err != nil {
			return err
		}
		iss, err := s.gs.SubmitIssue(s.ctx, u, gather.IssueDraft{CycleID: c.ID, Title: is.Title, Description: is.Description, Tags: cleanTags(is.Tags), OrgID: s.orgs[is.Org]})
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
	for _, sp := range ds.Supports {
		s.now = sp.At
		u, err := s.user(sp.User)
		if err != nil {
			return err
		}
		if _, err := s.gs.Support(s.ctx, u, s.iss[sp.Issue]); err != nil {
			return fmt.Errorf("support: %w", err)
		}
	}
	for _, cm := range ds.Comments {
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

func (s *seeder) themes(ds demo.Dataset) error {
	c, err := s.gs.CurrentCycle(s.ctx)
	if err != nil {
		return err
	}
	for _, t := range ds.Themes {
		s.now = t.At
		u, err := s.user(t.ConfirmedBy)
		if err != nil {
			return err
		}
		ids := make([]int64, 0, len(t.Issues))
		for _, k := range t.Issues {
			ids = append(ids, s.iss[k])
		}
		if _, err := s.gs.CreateTheme(s.ctx, u, gather.ThemeDraft{CycleID: c.ID, Name: t.Name, Description: t.Description, IssueIDs: ids}); err != nil {
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
