package main

import (
	"fmt"
	"time"

	"github.com/folkmoot/folkmoot/internal/assembly"
	"github.com/folkmoot/folkmoot/internal/demo"
	"github.com/folkmoot/folkmoot/internal/evidence"
	"github.com/folkmoot/folkmoot/internal/jury"
	"github.com/folkmoot/folkmoot/internal/people"
)

// pastEvidence seeds the past round's evidence once the round has moved
// to its Learning phase: an evidence pack for each theme of the agenda,
// each document with its easy-read version (one with a second version),
// witnesses approved and declined with reasons, and two published
// submissions, at believable times in the next three weeks. The advisory
// committee's chair decides on the witnesses, and a member's request is
// answered, when the assembly is named (asm; without members, a build
// without the solvers, the request is left out). For other phases it does
// nothing.
func (s *seeder) pastEvidence(cycleID int64, phase string, asm *assembly.Service) error {
	if phase != "learning" {
		return nil
	}
	st, ok := s.ps.Store().(interface {
		juryStore
		evidence.Store
	})
	if !ok {
		return fmt.Errorf("%w: the store holds no evidence", errSeed)
	}
	clock := func() time.Time { return s.now }
	js := jury.NewService(st, s.cs, s.gs, s.ps, st, jury.Config{Now: clock})
	var parts evidence.Parts
	if asm != nil { // a nil *assembly.Service must not become a non-nil Parts
		parts = asm
	}
	ev := evidence.NewService(st, s.cs, js, parts, clock)
	themes, err := ev.Themes(s.ctx, cycleID)
	if err != nil {
		return err
	}
	byName := map[string]int64{}
	for _, t := range themes {
		byName[t.Title] = t.ThemeID
	}
	org, err := s.user("u01")
	if err != nil {
		return err
	}
	mod, err := s.user("u03")
	if err != nil {
		return err
	}
	// The advisory committee's chair decides on witnesses and answers
	// requests when the assembly is named; else the organiser does.
	chair, member := org, people.User{}
	if asm != nil {
		if cs, err := asm.People(s.ctx, cycleID, assembly.Committee); err == nil && len(cs) > 0 {
			if chair, err = s.ps.Store().UserByID(s.ctx, cs[0].UserID); err != nil {
				return err
			}
		}
		if ms, err := asm.People(s.ctx, cycleID, assembly.Member); err == nil && len(ms) > 0 {
			if member, err = s.ps.Store().UserByID(s.ctx, ms[len(ms)/2].UserID); err != nil {
				return err
			}
		}
	}
	start := s.now
	at := func(d time.Duration) { s.now = start.Add(d) }
	fail := func(what string, err error) error { return fmt.Errorf("past round's evidence: %s: %w", what, err) }
	md := func(body string) evidence.Content { return evidence.Content{Format: evidence.Markdown, Body: body} }
	pe := demo.FirstRoundEvidence()
	step := time.Duration(0)
	for _, p := range pe.Packs {
		themeID, ok := byName[p.Theme]
		if !ok {
			return fail(p.Theme, fmt.Errorf("%w: not on the agenda", errSeed))
		}
		for _, d := range p.Documents {
			step += 5 * time.Hour
			at(step)
			docID, err := ev.AddDocument(s.ctx, org, cycleID, themeID, d.Title, md(d.Versions[0]))
			if err != nil {
				return fail(d.Title, err)
			}
			at(step + 26*time.Hour)
			if _, err := ev.AddVersion(s.ctx, org, cycleID, docID, true, md(d.EasyRead)); err != nil {
				return fail(d.Title+" (easy read)", err)
			}
			for i, v := range d.Versions[1:] {
				at(step + time.Duration(9+i)*24*time.Hour)
				if _, err := ev.AddVersion(s.ctx, org, cycleID, docID, false, md(v)); err != nil {
					return fail(d.Title, err)
				}
			}
		}
		for i, w := range p.Witnesses {
			at(step + time.Duration(2*24+i)*time.Hour)
			by, err := s.user(w.NominatedBy)
			if err != nil {
				return err
			}
			wid, err := ev.Nominate(s.ctx, by, evidence.Witness{CycleID: cycleID, ThemeID: themeID, Name: w.Name, Organisation: w.Organisation, Topic: w.Topic, Interests: w.Interests})
			if err != nil {
				return fail(w.Name, err)
			}
			at(step + time.Duration(5*24+i)*time.Hour)
			if err := ev.DecideWitness(s.ctx, chair, cycleID, wid, w.Approved, w.Reason, w.View); err != nil {
				return fail(w.Name, err)
			}
		}
	}
	if member.SignedIn() { // a build without the solvers names no members
		for i, q := range pe.Requests {
			at(6*24*time.Hour + time.Duration(i)*time.Hour)
			qid, err := ev.Ask(s.ctx, member, cycleID, byName[q.Theme], evidence.Kind(q.Kind), q.Text)
			if err != nil {
				return fail("request", err)
			}
			at(8*24*time.Hour + time.Duration(i)*time.Hour)
			if err := ev.Answer(s.ctx, chair, cycleID, qid, q.Answer); err != nil {
				return fail("answer", err)
			}
		}
	}
	for i, sub := range pe.Submissions {
		at(3*24*time.Hour + time.Duration(i)*7*time.Hour)
		by, err := s.user(sub.By)
		if err != nil {
			return err
		}
		sid, err := ev.Submit(s.ctx, by, evidence.Submission{CycleID: cycleID, ThemeID: byName[sub.Theme], Organisation: sub.Organisation, Interests: sub.Interests, Body: sub.Body})
		if err != nil {
			return fail(sub.Organisation, err)
		}
		at(4*24*time.Hour + time.Duration(i)*time.Hour)
		if err := ev.Moderate(s.ctx, mod, cycleID, sid, true, ""); err != nil {
			return fail(sub.Organisation, err)
		}
	}
	at(step + 12*24*time.Hour)
	return nil
}
