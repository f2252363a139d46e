package jury

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/people"
)

// SetShortlist snapshots the round's leading themes by gather's shortlist
// rule (the themes, their supporters, summary and issues, the rule and
// where the cut-off fell) and sets the agenda size. Organisers, in the
// Agenda phase, before the vote opens.
func (s *Service) SetShortlist(ctx context.Context, actor people.User, cycleID int64, seats int) (Settings, error) {
	j, err := s.organiserStep(ctx, actor, cycleID, cycle.JuryVote)
	if err != nil {
		return j, err
	}
	if j.Status != Forming {
		return j, apperr.New(apperr.Conflict, "The shortlist can be changed only until the vote opens.")
	}
	ts, rule, err := s.themes.Shortlist(ctx, cycleID)
	if err != nil {
		return j, err
	}
	sl := &Shortlist{Rule: rule.Text(), Size: rule.Size, CutOff: rule.Threshold, Set: s.now()}
	names := map[string]int{}
	for i, t := range ts {
		th := Theme{ThemeID: t.ID, Title: strings.TrimSpace(t.Name), Summary: t.Description, Supporters: t.Supporters}
		if names[th.Title]++; names[th.Title] > 1 { // candidate names must differ in the ballot file
			th.Title = fmt.Sprintf("%s (%d)", th.Title, names[th.Title])
		}
		if i >= rule.Count {
			sl.Below = append(sl.Below, th)
			continue
		}
		page, err := s.themes.ListIssues(ctx, people.System, gather.IssueQuery{CycleID: cycleID, ThemeID: t.ID, PerPage: gather.MaxPerPage})
		if err != nil {
			return j, err
		}
		for _, iss := range page.Issues {
			th.IssueIDs = append(th.IssueIDs, iss.ID)
		}
		sl.Themes = append(sl.Themes, th)
	}
	if len(sl.Themes) < 2 {
		return j, apperr.New(apperr.Conflict, "The shortlist needs at least two themes with supporters. Group the round's issues into themes first.")
	}
	if seats <= 0 {
		seats = j.Seats
	}
	if seats >= len(sl.Themes) {
		return j, apperr.Field("seats", "The agenda must have fewer themes than the shortlist, which has %d", len(sl.Themes))
	}
	from := j.Status
	j.Shortlist, j.Seats = sl, seats
	ids := make([]int64, len(sl.Themes))
	for i, t := range sl.Themes {
		ids[i] = t.ThemeID
	}
	return j, s.save(ctx, j, from, s.event(actor, ActionShortlist, cycleID, map[string]string{"themes": joinIDs(ids), "seats": strconv.Itoa(seats)}))
}

// OpenVote opens the jury's vote: every juror can then rank the
// shortlisted themes. Organisers, in the Agenda phase, with jurors and a
// shortlist.
func (s *Service) OpenVote(ctx context.Context, actor people.User, cycleID int64) error {
	j, err := s.organiserStep(ctx, actor, cycleID, cycle.JuryVote)
	if err != nil {
		return err
	}
	js, err := s.store.Jurors(ctx, cycleID)
	if err != nil {
		return err
	}
	switch {
	case j.Status != Forming:
		return apperr.New(apperr.Conflict, "The vote is already open or closed.")
	case j.Shortlist == nil:
		return apperr.New(apperr.Conflict, "Set the shortlist before opening the vote.")
	case len(js) == 0:
		return apperr.New(apperr.Conflict, "Form the jury before opening the vote.")
	}
	j.Status = Voting
	return s.save(ctx, j, Forming, s.event(actor, ActionOpen, cycleID, nil))
}

// ParseRanks checks a ballot given as one rank per shortlisted theme (0:
// not ranked) and returns the ranking, most preferred first. Its field
// errors name "rank-<i>" for the i-th theme.
func ParseRanks(ranks []int, themes int) ([]int, error) {
	if len(ranks) != themes {
		return nil, apperr.Field("rank-0", "Rank the themes on the ballot")
	}
	at := make([]int, themes+1) // rank → theme index + 1
	var errs []error
	ranked := 0
	for i, r := range ranks {
		switch {
		case r == 0:
			continue
		case r < 0 || r > themes:
			errs = append(errs, apperr.Field("rank-"+strconv.Itoa(i), "Choose a rank from the list"))
		case at[r] != 0:
			errs = append(errs, apperr.Field("rank-"+strconv.Itoa(i), "You gave two themes the same rank. Give each rank to one theme only"))
		default:
			at[r] = i + 1
			ranked++
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if ranked == 0 {
		return nil, apperr.Field("rank-0", "Rank at least one theme")
	}
	var out []int
	for r := 1; r <= themes; r++ {
		if at[r] == 0 {
			if r <= ranked {
				return nil, apperr.Field("rank-0", "Give the ranks in order from 1st, without gaps: no theme is ranked %s", strconv.Itoa(r))
			}
			break
		}
		out = append(out, at[r]-1)
	}
	return out, nil
}

// Vote records actor's ballot: ranks holds one rank per shortlisted theme
// (0: not ranked). Jurors only, once, while the vote is open. Who voted
// and the ranking are stored apart (see Store.CastBallot).
func (s *Service) Vote(ctx context.Context, actor people.User, cycleID int64, ranks []int) error {
	if !actor.SignedIn() {
		return apperr.New(apperr.Unauthenticated, "Sign in to vote.")
	}
	if _, err := s.gate(ctx, cycleID, cycle.JuryVote); err != nil {
		return err
	}
	j, err := s.Settings(ctx, cycleID)
	if err != nil {
		return err
	}
	juror, voted, err := s.IsJuror(ctx, actor, cycleID)
	switch {
	case err != nil:
		return err
	case !juror:
		return apperr.New(apperr.Forbidden, "Only the members of the round's citizens' jury can vote on its agenda.")
	case voted:
		return apperr.New(apperr.Conflict, "You have already voted. Each juror votes once.")
	case j.Status != Voting || j.Shortlist == nil:
		return apperr.New(apperr.Conflict, "The jury's vote is not open.")
	}
	ranking, err := ParseRanks(ranks, len(j.Shortlist.Themes))
	if err != nil {
		return err
	}
	b := Ballot{ID: newBallotID(), Ranking: ranking}
	return s.store.CastBallot(ctx, cycleID, actor.ID, b, s.event(actor, ActionVote, cycleID, nil))
}

func newBallotID() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// CloseVote closes the vote and counts it (see Count); the result is
// stored. Organisers, in the Agenda phase, with at least one ballot.
func (s *Service) CloseVote(ctx context.Context, actor people.User, cycleID int64) (Settings, error) {
	if err := organiser(actor); err != nil {
		return Settings{}, err
	}
	c, err := s.gate(ctx, cycleID, cycle.JuryVote)
	if err != nil {
		return Settings{}, err
	}
	j, err := s.Settings(ctx, cycleID)
	if err != nil {
		return j, err
	}
	if j.Status != Voting {
		return j, apperr.New(apperr.Conflict, "The jury's vote is not open.")
	}
	bs, err := s.store.Ballots(ctx, cycleID)
	if err != nil {
		return j, err
	}
	if len(bs) == 0 {
		return j, apperr.New(apperr.Conflict, "No juror has voted yet: the vote can be closed once at least one has.")
	}
	res, err := Count(c.Title, j, bs)
	if err != nil {
		return j, apperr.Wrap(apperr.Internal, err, "counting the jury's vote")
	}
	j.Winners, j.Status = res.Winners, Counted
	j.Reasons = make([]string, len(j.Shortlist.Themes))
	ids := make([]int64, len(res.Winners))
	for i, w := range res.Winners {
		ids[i] = j.Shortlist.Themes[w].ThemeID
	}
	return j, s.save(ctx, j, Voting, s.event(actor, ActionClose, cycleID, map[string]string{"winners": joinIDs(ids)}))
}

// SetReasons stores the jury's written reasons: one per shortlisted theme
// (in shortlist order), and why the themes not chosen were not. Organisers,
// after the count and before publishing.
func (s *Service) SetReasons(ctx context.Context, actor people.User, cycleID int64, reasons []string, why string) (Settings, error) {
	j, err := s.organiserStep(ctx, actor, cycleID, "")
	if err != nil {
		return j, err
	}
	if j.Status != Counted || j.Shortlist == nil {
		return j, apperr.New(apperr.Conflict, "The jury's reasons are written after the count and before the agenda is published.")
	}
	if len(reasons) != len(j.Shortlist.Themes) {
		return j, apperr.Field("reason-0", "Write the jury's reason for each theme")
	}
	var errs []error
	for i := range reasons {
		reasons[i] = strings.TrimSpace(strings.ReplaceAll(reasons[i], "\r\n", "\n"))
		if len([]rune(reasons[i])) > 2000 {
			errs = append(errs, apperr.Field("reason-"+strconv.Itoa(i), "A reason must be 2,000 characters or fewer"))
		}
	}
	why = strings.TrimSpace(strings.ReplaceAll(why, "\r\n", "\n"))
	if len([]rune(why)) > 4000 {
		errs = append(errs, apperr.Field("why", "The reason must be 4,000 characters or fewer"))
	}
	if err := errors.Join(errs...); err != nil {
		return j, err
	}
	j.Reasons, j.Why = reasons, why
	return j, s.save(ctx, j, Counted, s.event(actor, ActionReasons, cycleID, nil))
}

// Publish publishes the agenda: the chosen themes in order of election
// with the jury's reasons. Every chosen theme needs its reason. Organisers.
func (s *Service) Publish(ctx context.Context, actor people.User, cycleID int64) (Agenda, error) {
	j, err := s.organiserStep(ctx, actor, cycleID, "")
	if err != nil {
		return Agenda{}, err
	}
	if j.Status != Counted {
		return Agenda{}, apperr.New(apperr.Conflict, "The agenda can be published once the vote is counted, and only once.")
	}
	var errs []error
	for _, w := range j.Winners {
		if j.Reasons[w] == "" {
			errs = append(errs, apperr.Field("reason-"+strconv.Itoa(w), "Write the jury's reason for choosing “%s”", j.Shortlist.Themes[w].Title))
		}
	}
	if len(j.Winners) < len(j.Shortlist.Themes) && j.Why == "" {
		errs = append(errs, apperr.Field("why", "Write why the jury did not choose the other themes"))
	}
	if err := errors.Join(errs...); err != nil {
		return Agenda{}, err
	}
	var chosen, others []int64
	for i, t := range j.Shortlist.Themes {
		if isWinner(j, i) {
			chosen = append(chosen, t.ThemeID)
		} else {
			others = append(others, t.ThemeID)
		}
	}
	ev := s.event(actor, ActionPublish, cycleID, map[string]string{"chosen": joinIDs(chosen), "others": joinIDs(others)})
	j.Status, j.Published = Published, ev.Time
	if err := s.save(ctx, j, Counted, ev); err != nil {
		return Agenda{}, err
	}
	return s.Agenda(ctx, cycleID)
}

func isWinner(j Settings, i int) bool {
	for _, w := range j.Winners {
		if w == i {
			return true
		}
	}
	return false
}

// Agenda returns a round's published agenda; NotFound before it is
// published. The assembly (issue 14) builds on it.
func (s *Service) Agenda(ctx context.Context, cycleID int64) (Agenda, error) {
	j, err := s.store.Jury(ctx, cycleID)
	if err != nil {
		return Agenda{}, err
	}
	if j.Status != Published {
		return Agenda{}, apperr.New(apperr.NotFound, "The round's agenda has not been published yet.")
	}
	return s.agendaOf(ctx, j)
}

func (s *Service) agendaOf(ctx context.Context, j Settings) (Agenda, error) {
	a := AgendaOf(j)
	jn, _, err := s.JurorCount(ctx, j.CycleID)
	if err != nil {
		return a, err
	}
	bs, err := s.store.Ballots(ctx, j.CycleID)
	a.Jurors, a.Ballots = jn, len(bs)
	return a, err
}

// AgendaOf makes the agenda of a counted jury j (chosen themes in order of
// election with their reasons).
func AgendaOf(j Settings) Agenda {
	a := Agenda{CycleID: j.CycleID, Why: j.Why, Method: CountMethod, Seats: j.Seats, Published: j.Published}
	if j.Shortlist == nil {
		return a
	}
	reason := func(i int) string {
		if i < len(j.Reasons) {
			return j.Reasons[i]
		}
		return ""
	}
	for n, w := range j.Winners {
		a.Chosen = append(a.Chosen, Item{Theme: j.Shortlist.Themes[w], Reason: reason(w), Rank: n + 1})
	}
	for i, t := range j.Shortlist.Themes {
		if !isWinner(j, i) {
			a.NotChosen = append(a.NotChosen, Item{Theme: t, Reason: reason(i)})
		}
	}
	return a
}

// Ballots returns the round's anonymised ballots once the vote is counted
// (NotFound before).
func (s *Service) Ballots(ctx context.Context, cycleID int64) (Settings, []Ballot, error) {
	j, err := s.store.Jury(ctx, cycleID)
	if err != nil {
		return j, nil, err
	}
	if j.Status != Counted && j.Status != Published {
		return j, nil, apperr.New(apperr.NotFound, "The jury's vote has not been counted yet.")
	}
	bs, err := s.store.Ballots(ctx, cycleID)
	return j, bs, err
}
