package main

import (
	"fmt"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/assembly"
	"github.com/folkmoot/folkmoot/internal/demo"
	"github.com/folkmoot/folkmoot/internal/lottery"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/recruit"
)

// assemblyService returns the seeder's assembly membership service (made
// once), which names members from the past round's selection.
func (s *seeder) assemblyService() *assembly.Service {
	if s.asm == nil {
		clock := func() time.Time { return s.now }
		pools := recruit.NewService(s.st, s.cs, nil, recruit.Config{Now: clock})
		sel := lottery.New(s.st, s.cs, pools, &heldQueue{}, nil, lottery.Config{Now: clock})
		s.asm = assembly.NewService(s.st, s.cs, s.ps, s.st, sel, clock)
	}
	return s.asm
}

// pastAssembly names, when the past round moves into Learning, its
// assembly: the members the lottery chose who confirmed (those who gave an
// email address; the others take part by post and phone), the
// facilitators, the Board members who sit with the groups, and the
// advisory committee.
func (s *seeder) pastAssembly(cycleID int64, m demo.PhaseMove) error {
	if m.Phase != "learning" {
		return nil
	}
	org, err := s.user(m.By)
	if err != nil {
		return err
	}
	asm := s.assemblyService()
	// A build without the COIN-OR solvers has no selection: no members.
	if _, err := asm.EnrolSelected(s.ctx, org, cycleID); err != nil && !apperr.Is(err, apperr.Conflict) && !apperr.Is(err, apperr.NotFound) {
		return fmt.Errorf("past round's members: %w", err)
	}
	for _, h := range demo.PastAssemblyHelpers {
		if _, err := s.ps.AddUser(s.ctx, people.System, h.Email, h.Name); err != nil {
			return fmt.Errorf("past round's %s %s: %w", h.Role, h.Name, err)
		}
		if _, err := asm.Add(s.ctx, org, cycleID, assembly.Role(h.Role), h.Email); err != nil {
			return fmt.Errorf("past round's %s %s: %w", h.Role, h.Name, err)
		}
	}
	return nil
}
