package notify

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/recommend"
)

// Recommendations is what the outcome rules read of the assembly's
// recommendations (the storage value satisfies it).
type Recommendations interface {
	RecRound(ctx context.Context, cycleID int64) (recommend.Round, error)
	RecItem(ctx context.Context, itemID int64) (recommend.Item, error)
	RecItems(ctx context.Context, cycleID int64) ([]recommend.Item, error)
	RecBallots(ctx context.Context, cycleID int64) ([]recommend.Ballot, error)
}

// The audit actions of the Board's answers and commitments (written by
// internal/response): each names the recommendation and its theme in its
// details ("recommendation", "theme"), a commitment's also the commitment
// ("commitment"); "decision" (an answer), "title", "status" (the status's
// English label), "status_cy" (its Welsh label) and "progress" (a
// commitment) are read when present.
const (
	ActionAnswer           = "response.answer"
	ActionCommitmentCreate = "commitment.create"
	ActionCommitmentUpdate = "commitment.update"
)

// outcomeRules: what happened to issues after the agenda, told to whoever
// raised, supports or follows an issue of the theme (KindOutcomes, one
// email per person per step whatever the number of their issues): the
// members' vote on the recommendations (recommend.close), the Board's
// answer to a recommendation (response.answer), and commitments made and
// updated (commitment.create, commitment.update). Each email names the
// person's issues with a link to each one's trace page.
func (n *Notifier) outcomeRules() {
	if n.d.Recommendations != nil {
		n.Rule(recommend.ActionClose, n.voteClosed)
		n.Rule(ActionAnswer, n.answered)
	}
	n.Rule(ActionCommitmentCreate, n.commitment(true))
	n.Rule(ActionCommitmentUpdate, n.commitment(false))
}

// tracePath is the address of an issue's trace page.
func (n *Notifier) traceLink(issueID int64) string { return n.issueLink(issueID) + "/trace" }

// yourIssues lists issues, each with its trace page.
func (n *Notifier) yourIssues(issues []gather.Issue) string {
	var b strings.Builder
	for _, iss := range issues {
		b.WriteString("• " + oneLine(iss.Title, 200) + "\n  " + n.traceLink(iss.ID) + "\n")
	}
	return b.String()
}

// audience is who is told of a step on some of a round's themes: for each
// person who raised, supports or follows an issue that went before the
// jury in one of those themes (but the actor), their issues and the
// themes, in the order met.
type audience struct {
	order  []int64
	issues map[int64][]gather.Issue
	themes map[int64][]int64
}

// themeAudience finds the audience of themes of a round, from the jury's
// shortlist (the issues each theme carried to the agenda).
func (n *Notifier) themeAudience(ctx context.Context, cycleID int64, themes []int64, actor int64) (audience, error) {
	a := audience{issues: map[int64][]gather.Issue{}, themes: map[int64][]int64{}}
	j, err := n.d.Juries.Jury(ctx, cycleID)
	if apperr.Is(err, apperr.NotFound) || (err == nil && j.Shortlist == nil) {
		return a, nil
	}
	if err != nil {
		return a, err
	}
	for _, th := range j.Shortlist.Themes {
		if !slices.Contains(themes, th.ThemeID) {
			continue
		}
		for _, iid := range th.IssueIDs {
			iss, err := n.d.Issues.Issue(ctx, iid)
			if apperr.Is(err, apperr.NotFound) || (err == nil && iss.Status == gather.StatusHidden) {
				continue
			}
			if err != nil {
				return a, err
			}
			ids, err := n.d.Audience.IssueAudience(ctx, iid)
			if err != nil {
				return a, err
			}
			for _, u := range ids {
				if u == actor {
					continue
				}
				if _, ok := a.issues[u]; !ok {
					a.order = append(a.order, u)
				}
				if !slices.ContainsFunc(a.issues[u], func(x gather.Issue) bool { return x.ID == iid }) {
					a.issues[u] = append(a.issues[u], iss)
				}
				if !slices.Contains(a.themes[u], th.ThemeID) {
					a.themes[u] = append(a.themes[u], th.ThemeID)
				}
			}
		}
	}
	return a, nil
}

// themeTitles names a round's shortlisted themes by id.
func (n *Notifier) themeTitles(ctx context.Context, cycleID int64) (map[int64]string, error) {
	j, err := n.d.Juries.Jury(ctx, cycleID)
	out := map[int64]string{}
	if err != nil || j.Shortlist == nil {
		return out, err
	}
	for _, th := range j.Shortlist.Themes {
		out[th.ThemeID] = th.Title
	}
	return out, nil
}

// voteClosed: recommend.close → the audience of every theme with a
// recommendation: which passed and which did not, on their themes.
func (n *Notifier) voteClosed(ctx context.Context, e audit.Entry) ([]Notice, error) {
	id, c, err := n.roundOf(ctx, e)
	if err != nil {
		return nil, err
	}
	r, err := n.d.Recommendations.RecRound(ctx, id)
	if err != nil {
		return nil, err
	}
	items, err := n.d.Recommendations.RecItems(ctx, id)
	if err != nil {
		return nil, err
	}
	ballots, err := n.d.Recommendations.RecBallots(ctx, id)
	if err != nil {
		return nil, err
	}
	results, err := recommend.CountAll(r.Threshold, items, ballots)
	if err != nil {
		return nil, err
	}
	var themes []int64
	byTheme := map[int64][]recommend.Result{}
	for _, res := range results {
		if _, ok := byTheme[res.Item.ThemeID]; !ok {
			themes = append(themes, res.Item.ThemeID)
		}
		byTheme[res.Item.ThemeID] = append(byTheme[res.Item.ThemeID], res)
	}
	titles, err := n.themeTitles(ctx, id)
	if err != nil {
		return nil, err
	}
	aud, err := n.themeAudience(ctx, id, themes, ActorID(e))
	if err != nil {
		return nil, err
	}
	link := n.roundLink(id, "/recommendations")
	var out []Notice
	for _, u := range aud.order {
		issues, mine := aud.issues[u], aud.themes[u]
		out = append(out, Notice{UserID: u, Kind: KindOutcomes, Link: n.traceLink(issues[0].ID), Compose: func(p *i18n.Printer, to people.User) (string, string) {
			var b strings.Builder
			for _, th := range mine {
				b.WriteString(p.T("On the theme “%s”:", titles[th]) + "\n")
				for _, res := range byTheme[th] {
					if res.Passed {
						b.WriteString("• " + p.T("Passed: %s", oneLine(res.Item.Text(), 200)) + "\n")
					} else {
						b.WriteString("• " + p.T("Did not pass: %s", oneLine(res.Item.Text(), 200)) + "\n")
					}
				}
				b.WriteString("\n")
			}
			return p.T("The assembly has voted on its recommendations: %s", oneLine(c.Title, 100)),
				p.T("Hello %s,\n\nThe citizens' assembly of “%s” has voted, by secret ballot, on the recommendations it drafted. On the themes of issues you raised, support or follow:\n\n%sNext, the Board answers each recommendation in public. The tallies are at %s\n\nWhat happened to your issues, step by step:\n%s",
					to.DisplayName, c.Title, b.String(), link, n.yourIssues(issues)) + "\n" + n.footer(p)
		}})
	}
	return out, nil
}

// detailID reads an id from an entry's details.
func detailID(e audit.Entry, key string) (int64, error) {
	id, err := strconv.ParseInt(e.Details[key], 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.New(apperr.NotFound, "Not found.")
	}
	return id, nil
}

// decisionLabel is a Board decision in plain words (an English msgid).
func decisionLabel(d string) string {
	switch d {
	case "accepted":
		return i18n.Mark("Accepted")
	case "partly_accepted":
		return i18n.Mark("Accepted in part")
	case "not_accepted":
		return i18n.Mark("Not accepted")
	}
	return ""
}

// stepOn reads the recommendation and theme an answer or commitment entry
// names, and the audience of that theme.
func (n *Notifier) stepOn(ctx context.Context, e audit.Entry) (recommend.Item, string, audience, error) {
	recID, err := detailID(e, "recommendation")
	if err != nil {
		return recommend.Item{}, "", audience{}, err
	}
	themeID, err := detailID(e, "theme")
	if err != nil {
		return recommend.Item{}, "", audience{}, err
	}
	var it recommend.Item
	if n.d.Recommendations != nil {
		if it, err = n.d.Recommendations.RecItem(ctx, recID); err != nil {
			return it, "", audience{}, err
		}
	} else {
		it = recommend.Item{ID: recID, ThemeID: themeID}
	}
	th, err := n.d.Audience.Theme(ctx, themeID)
	if err != nil {
		return it, "", audience{}, err
	}
	if it.CycleID == 0 {
		it.CycleID = th.CycleID
	}
	titles, err := n.themeTitles(ctx, th.CycleID)
	if err != nil {
		return it, "", audience{}, err
	}
	title := titles[themeID]
	if title == "" {
		title = th.Name
	}
	aud, err := n.themeAudience(ctx, th.CycleID, []int64{themeID}, ActorID(e))
	return it, title, aud, err
}

// answered: response.answer → the theme's audience: the Board has
// answered one of its recommendations.
func (n *Notifier) answered(ctx context.Context, e audit.Entry) ([]Notice, error) {
	it, theme, aud, err := n.stepOn(ctx, e)
	if err != nil {
		return nil, err
	}
	decision := decisionLabel(e.Details["decision"])
	var out []Notice
	for _, u := range aud.order {
		issues := aud.issues[u]
		out = append(out, Notice{UserID: u, Kind: KindOutcomes, Link: n.traceLink(issues[0].ID), Compose: func(p *i18n.Printer, to people.User) (string, string) {
			said := ""
			if decision != "" {
				said = p.T("The Board's decision: %s.", p.T(decision)) + "\n\n"
			}
			return p.T("The Board has answered a recommendation on “%s”", oneLine(theme, 100)),
				p.T("Hello %s,\n\nThe Board has answered in public a recommendation the citizens' assembly made on the theme “%s”:\n\n“%s”\n\n%sIts answer, its reasons and what it commits to are on the trace of each of your issues, step by step:\n%s",
					to.DisplayName, theme, oneLine(it.Text(), 400), said, n.yourIssues(issues)) + "\n" + n.footer(p)
		}})
	}
	return out, nil
}

// commitment: commitment.create, commitment.update → the theme's
// audience: a commitment was made, or moved on.
func (n *Notifier) commitment(created bool) Rule {
	return func(ctx context.Context, e audit.Entry) ([]Notice, error) {
		it, theme, aud, err := n.stepOn(ctx, e)
		if err != nil {
			return nil, err
		}
		title, status, statusCy := e.Details["title"], e.Details["status"], e.Details["status_cy"]
		progress, perr := strconv.Atoi(e.Details["progress"])
		var out []Notice
		for _, u := range aud.order {
			issues := aud.issues[u]
			out = append(out, Notice{UserID: u, Kind: KindOutcomes, Link: n.traceLink(issues[0].ID), Compose: func(p *i18n.Printer, to people.User) (string, string) {
				var b strings.Builder
				if title != "" {
					b.WriteString(p.T("The commitment: %s", title) + "\n")
				}
				if st := status; st != "" {
					if p.Lang() == i18n.Welsh && statusCy != "" {
						st = statusCy
					}
					b.WriteString(p.T("Where it stands: %s", st) + "\n")
				}
				if perr == nil {
					b.WriteString(p.T("Progress: %d%%", min(max(progress, 0), 100)) + "\n")
				}
				subject := p.T("Progress on a commitment on “%s”", oneLine(theme, 100))
				what := p.T("The Board has reported progress on a commitment it made in answer to a recommendation on the theme “%s”:", theme)
				if created {
					subject = p.T("A new commitment on “%s”", oneLine(theme, 100))
					what = p.T("The Board has made a commitment in answer to a recommendation on the theme “%s”:", theme)
				}
				return subject, p.T("Hello %s,\n\n%s\n\n“%s”\n\n%s\nFollow it on the trace of each of your issues, step by step:\n%s",
					to.DisplayName, what, oneLine(it.Text(), 400), b.String(), n.yourIssues(issues)) + "\n" + n.footer(p)
			}})
		}
		return out, nil
	}
}
