package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/folkmoot/folkmoot/internal/assembly"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/jury"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/recommend"
	"github.com/folkmoot/folkmoot/internal/response"
	"github.com/folkmoot/folkmoot/internal/storage"
)

// scaleRound is the size of the benchmark's synthetic round.
type scaleRound struct {
	Issues, Themes, Authors int
	Chosen                  int // themes the jury puts on the agenda
	Members                 int // the assembly's members, who all vote
	Recs                    int // recommendations, spread over the chosen themes
	PerRec                  int // commitments per recommendation
	Updates                 int // updates per commitment
}

func (r scaleRound) String() string {
	return fmt.Sprintf("%d issues in %d themes (%d chosen by the jury), %d recommendations voted on by %d members (%d ballots), %d commitments with %d updates each",
		r.Issues, r.Themes, r.Chosen, r.Recs, r.Members, r.Recs*r.Members, r.Recs*r.PerRec, r.Updates)
}

// seedScale builds one finished round of size r through the real services
// (every row validated and audited as in use), on the seeder's clock: its
// issues and themes, the jury's agenda, the assembly's vote, the Board's
// answers, commitments and updates, the published stocktake and the
// signed-off quality self-assessment. It returns the round's id.
func seedScale(ctx context.Context, st storage.Store, r scaleRound) (int64, error) {
	s := &seeder{ctx: ctx, st: st, users: map[string]people.User{}, orgs: map[string]int64{}, iss: map[string]int64{}, cmts: map[string]int64{}}
	clock := func() time.Time { return s.now }
	s.ps = people.NewService(st, people.Config{Now: clock})
	s.cs = cycle.NewService(st, cycle.Config{Now: clock, CacheTTL: time.Nanosecond})
	s.gs = gather.NewService(st, st, s.cs, gather.Config{Now: clock})
	s.now = time.Now().Add(-400 * 24 * time.Hour).UTC()
	tick := func(d time.Duration) { s.now = s.now.Add(d) }
	fail := func(what string, err error) (int64, error) {
		return 0, fmt.Errorf("the scale round: %s: %w", what, err)
	}

	org, err := s.ps.AddUser(ctx, people.System, "organiser@scale.example", "Scale Organiser", people.RoleOrganiser)
	if err != nil {
		return fail("organiser", err)
	}
	s.users["u01"] = org // the name pastQuality asks for
	p, err := s.cs.CreateProgramme(ctx, org, cycle.Programme{Name: "Scale programme", Description: "A synthetic programme for the accountability benchmark."})
	if err != nil {
		return fail("programme", err)
	}
	c, err := s.cs.CreateCycle(ctx, org, cycle.Draft{ProgrammeID: p.ID, Title: "The scale round", Description: "A synthetic round, as large as a big health board's."})
	if err != nil {
		return fail("round", err)
	}
	id := c.ID
	move := func(ph cycle.Phase) error {
		tick(24 * time.Hour)
		_, err := s.cs.MovePhase(ctx, org, id, ph, "")
		return err
	}

	// Gather: the issues, each theme's share, and supporters (fewer for
	// each later theme, so the shortlist's order is fixed).
	authors := make([]people.User, r.Authors)
	for i := range authors {
		if authors[i], err = s.ps.AddUser(ctx, people.System, fmt.Sprintf("citizen%05d@scale.example", i), fmt.Sprintf("Citizen %05d", i)); err != nil {
			return fail("author", err)
		}
	}
	supporters := make([]people.User, r.Themes+10)
	for i := range supporters {
		if supporters[i], err = s.ps.AddUser(ctx, people.System, fmt.Sprintf("supporter%03d@scale.example", i), fmt.Sprintf("Supporter %03d", i)); err != nil {
			return fail("supporter", err)
		}
	}
	byTheme := make([][]int64, r.Themes)
	for i := range r.Issues {
		tick(3 * time.Minute)
		iss, err := s.gs.SubmitIssue(ctx, authors[i%r.Authors], gather.IssueDraft{CycleID: id,
			Title:       fmt.Sprintf("Issue %d: waiting for a clinic appointment in area %d", i+1, i%r.Themes+1),
			Description: fmt.Sprintf("I waited %d weeks for an appointment at the clinic. Nobody told me why, or how long it would be.\n\nIt would help if the letter said where I was on the list.", i%17+2)})
		if err != nil {
			return fail("issue", err)
		}
		byTheme[i%r.Themes] = append(byTheme[i%r.Themes], iss.ID)
	}
	for k, ids := range byTheme {
		tick(time.Hour)
		if _, err := s.gs.CreateTheme(ctx, org, gather.ThemeDraft{CycleID: id, Name: fmt.Sprintf("Theme %02d: access to care", k+1), Description: "Issues about getting seen.", IssueIDs: ids}); err != nil {
			return fail("theme", err)
		}
		for u := range r.Themes + 10 - k {
			tick(time.Minute)
			if _, err := s.gs.Support(ctx, supporters[u], ids[u%len(ids)]); err != nil {
				return fail("support", err)
			}
		}
	}

	// Agenda: a jury the organisers chose votes on the shortlist and
	// publishes the agenda with its reasons.
	if err := move(cycle.Agenda); err != nil {
		return fail("agenda", err)
	}
	st2, ok := st.(juryStore)
	if !ok {
		return fail("jury", errSeed)
	}
	js := jury.NewService(st2, s.cs, s.gs, s.ps, st2, jury.Config{Now: clock})
	if _, err := js.Configure(ctx, org, id, jury.MinSize, jury.Chosen, "The organisers chose the jurors for the benchmark.", r.Chosen); err != nil {
		return fail("jury settings", err)
	}
	var jurors []string
	for i := range jury.MinSize {
		jurors = append(jurors, fmt.Sprintf("juror%d@scale.example", i))
	}
	if _, err := js.EnterJurors(ctx, org, id, jurors); err != nil {
		return fail("jurors", err)
	}
	j, err := js.SetShortlist(ctx, org, id, r.Chosen)
	if err != nil {
		return fail("shortlist", err)
	}
	if err := js.OpenVote(ctx, org, id); err != nil {
		return fail("jury vote", err)
	}
	jrs, err := js.Jurors(ctx, org, id)
	if err != nil {
		return fail("jurors", err)
	}
	for _, jr := range jrs {
		ranks := make([]int, len(j.Shortlist.Themes))
		for i := range ranks {
			ranks[i] = i + 1
		}
		tick(time.Hour)
		if err := js.Vote(ctx, people.User{ID: jr.UserID}, id, ranks); err != nil {
			return fail("jury ballot", err)
		}
	}
	tick(24 * time.Hour)
	if j, err = js.CloseVote(ctx, org, id); err != nil {
		return fail("jury count", err)
	}
	reasons := make([]string, len(j.Shortlist.Themes))
	for i := range reasons {
		reasons[i] = "The jury heard that this is where waiting hurts most."
	}
	if _, err := js.SetReasons(ctx, org, id, reasons, "The others matter, but fewer people are waiting."); err != nil {
		return fail("jury reasons", err)
	}
	if _, err := js.Publish(ctx, org, id); err != nil {
		return fail("agenda", err)
	}

	// The assembly: members, a facilitator and a Board member.
	for _, ph := range []cycle.Phase{cycle.Selection, cycle.Learning} {
		if err := move(ph); err != nil {
			return fail("moving on", err)
		}
	}
	asm := s.assemblyService()
	var members []string
	for i := range r.Members {
		members = append(members, fmt.Sprintf("member%03d@scale.example", i))
	}
	if _, err := asm.Add(ctx, org, id, assembly.Member, strings.Join(members, "\n")); err != nil {
		return fail("members", err)
	}
	if _, err := asm.Add(ctx, org, id, assembly.Board, "board@scale.example"); err != nil {
		return fail("Board", err)
	}

	// Recommendations: drafted on the agenda's themes, all voted on by
	// every member (about four in five agree, so all pass).
	if err := move(cycle.Meetings); err != nil {
		return fail("meetings", err)
	}
	rs, err := s.recommendService()
	if err != nil {
		return fail("recommendations", err)
	}
	ag, err := s.agendaThemes(id)
	if err != nil {
		return fail("agenda", err)
	}
	var chosen []int64
	for _, tid := range ag {
		chosen = append(chosen, tid)
	}
	for i := range r.Recs {
		tick(time.Hour)
		if _, err := rs.Create(ctx, org, id, recommend.Draft{ThemeID: chosen[i%len(chosen)], Kind: recommend.Agreement,
			Text: fmt.Sprintf("Recommendation %d: every letter about an appointment says where the person is on the list and how long the wait is likely to be.", i+1)}); err != nil {
			return fail("draft", err)
		}
	}
	if _, err := rs.SetThreshold(ctx, org, id, 0.7); err != nil {
		return fail("threshold", err)
	}
	if err := move(cycle.Recommendations); err != nil {
		return fail("recommendations", err)
	}
	if err := rs.OpenVote(ctx, org, id); err != nil {
		return fail("vote", err)
	}
	its, err := rs.Items(ctx, id)
	if err != nil {
		return fail("items", err)
	}
	ms, err := asm.People(ctx, id, assembly.Member)
	if err != nil {
		return fail("members", err)
	}
	for m, p := range ms {
		var as []recommend.Answer
		for k, it := range its {
			as = append(as, recommend.Answer{ItemID: it.ID, Choice: []string{recommend.StronglyAgree, recommend.StronglyAgree, recommend.Agree, recommend.Agree, recommend.Disagree}[(m+k)%5]})
		}
		tick(10 * time.Minute)
		if _, err := rs.Vote(ctx, people.User{ID: p.UserID, DisplayName: p.DisplayName}, id, as); err != nil {
			return fail("ballot", err)
		}
	}
	tick(24 * time.Hour)
	if _, err := rs.CloseVote(ctx, org, id); err != nil {
		return fail("closing the vote", err)
	}

	// The Board's response: an answer to each, commitments, updates.
	if err := move(cycle.Response); err != nil {
		return fail("response", err)
	}
	resp, err := s.responseService()
	if err != nil {
		return fail("response", err)
	}
	if _, err := resp.SetDeadline(ctx, org, id, s.now.Add(90*24*time.Hour)); err != nil {
		return fail("deadline", err)
	}
	var commitments []int64
	for k, it := range its {
		tick(time.Hour)
		d := []response.Decision{response.Accepted, response.PartlyAccepted}[k%2]
		if _, err := resp.Answer(ctx, org, id, it.ID, response.AnswerDraft{Decision: d, Reasons: "The Board agrees that people should know how long they will wait, and will change the letters."}); err != nil {
			return fail("answer", err)
		}
		for n := range r.PerRec {
			zero := 0
			c, err := resp.AddCommitment(ctx, org, id, it.ID, response.CommitmentDraft{Title: fmt.Sprintf("Commitment %d.%d: rewrite the appointment letters", k+1, n+1),
				Owner: "Director of Operations", Measure: "Letters sent that give the likely wait", Due: s.now.Add(180 * 24 * time.Hour), Status: response.Planned, Progress: &zero})
			if err != nil {
				return fail("commitment", err)
			}
			commitments = append(commitments, c.ID)
		}
	}
	statuses := []string{response.InProgress, response.InProgress, response.Delayed, response.InProgress, response.Done}
	for u := range r.Updates {
		tick(7 * 24 * time.Hour)
		if u == r.Updates/2 {
			if err := move(cycle.FollowUp); err != nil {
				return fail("follow-up", err)
			}
		}
		for _, cid := range commitments {
			tick(time.Minute)
			pg := (u + 1) * 100 / r.Updates
			if _, err := resp.AddUpdate(ctx, org, cid, response.UpdateDraft{Date: s.now, Status: statuses[u%len(statuses)], Progress: &pg,
				Text: "The new letter was tested with patients and is being sent in two more areas.", Links: []string{"https://example.org/board/papers"}}); err != nil {
				return fail("update", err)
			}
		}
	}
	tick(24 * time.Hour)
	if _, err := resp.SaveStocktake(ctx, org, id, response.StocktakeDraft{Held: s.now, Place: "Board room", Notes: "The Board and the assembly's members reviewed every commitment."}); err != nil {
		return fail("stocktake", err)
	}
	if _, err := resp.PublishStocktake(ctx, org, id); err != nil {
		return fail("stocktake", err)
	}
	if err := s.pastQuality(id, s.now); err != nil {
		return 0, err
	}
	return id, nil
}
