package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/folkmoot/folkmoot/internal/demo"
	"github.com/folkmoot/folkmoot/internal/recruit"
)

// The past round's recruitment: 12,000 households in its list, 8,000
// invited by a seeded draw, 640 registered (internal/demo/past_recruit.go).
const (
	demoAddresses     = 12000
	demoInvitations   = 8000
	demoRegistrations = 640
)

// recruitPast seeds the past round's recruitment when the round has just
// moved into its selection phase (phase): the list of addresses imported,
// the invitations drawn with the published seed, and the registrations
// made with the letters' codes over the following weeks, each through the
// recruitment service (validated, sealed and audited like real ones).
func (s *seeder) recruitPast(cycleID int64, phase string) error {
	if phase != "selection" {
		return nil
	}
	org, err := s.user("u01")
	if err != nil {
		return err
	}
	rs := recruit.NewService(s.st, s.cs, nil, recruit.Config{Now: func() time.Time { return s.now }, MemberIDs: demo.PastMemberIDs()})
	pr := demo.PastRecruit(demoAddresses, demoInvitations, demoRegistrations)
	start := s.now
	s.now = start.Add(2 * time.Hour)
	res, err := rs.ImportAddresses(s.ctx, org, cycleID, strings.NewReader(pr.AddressesCSV))
	if err != nil {
		return fmt.Errorf("past round: importing addresses: %w (%v)", err, res.Errors)
	}
	s.now = start.Add(24 * time.Hour)
	d, err := rs.DrawInvitations(s.ctx, org, cycleID, pr.Invitations, pr.Seed)
	if err != nil {
		return fmt.Errorf("past round: drawing invitations: %w", err)
	}
	letters, err := rs.Letters(s.ctx, org, cycleID, d.ID)
	if err != nil {
		return err
	}
	for _, r := range pr.Registrations {
		s.now = start.Add(24*time.Hour + r.After)
		inv := letters[r.Letter]
		lines := strings.Split(inv.Address, "\n")
		answers := map[string]string{"region": demo.RegionOfTown(lines[len(lines)-2])}
		for k, v := range r.Answers {
			answers[k] = v
		}
		day, month, year := demo.PastDOB(r, s.now)
		if _, err := rs.Register(s.ctx, inv.Code, recruit.Details{Lang: r.Lang, Name: r.Name, Email: r.Email, Phone: r.Phone,
			Address: inv.Address, DOBDay: day, DOBMonth: month, DOBYear: year, Answers: answers,
			AccessNeeds: r.AccessNeeds, Availability: r.Availability, Consent: true}); err != nil {
			return fmt.Errorf("past round: registering %s: %w", r.Name, err)
		}
	}
	return nil
}
