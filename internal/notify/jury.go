package notify

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/jury"
	"github.com/folkmoot/folkmoot/internal/people"
)

// Juries is what the jury rules read (the storage value satisfies it).
type Juries interface {
	Jury(ctx context.Context, cycleID int64) (jury.Settings, error)
	Jurors(ctx context.Context, cycleID int64) ([]jury.Juror, error)
}

// juryRules: the citizens' jury's steps — the people drawn or entered as
// jurors are told (jury.draw, jury.add), every juror is told when the vote
// opens (jury.open), and when the agenda is published (agenda.publish)
// everyone who raised, supports or follows an issue of a shortlisted theme
// is told whether it was chosen, and the jury's reason, with a link to
// each of their issues' trace (KindOutcomes).
func (n *Notifier) juryRules() {
	n.Rule(jury.ActionDraw, n.jurorsChosen)
	n.Rule(jury.ActionAdd, n.jurorsChosen)
	n.Rule(jury.ActionOpen, n.voteOpened)
	if n.d.Audience != nil && n.d.Issues != nil {
		n.Rule(jury.ActionPublish, n.agendaPublished)
	}
}

func (n *Notifier) roundLink(id int64, rest string) string {
	return n.cfg.BaseURL + "/cycles/" + strconv.FormatInt(id, 10) + rest
}

// jurorsChosen: jury.draw, jury.add → each person made a juror.
func (n *Notifier) jurorsChosen(ctx context.Context, e audit.Entry) ([]Notice, error) {
	id, c, err := n.roundOf(ctx, e)
	if err != nil {
		return nil, err
	}
	link := n.roundLink(id, "/jury")
	drawn := e.Action == jury.ActionDraw
	var out []Notice
	for _, u := range gather.SplitIDs(e.Details["users"]) {
		out = append(out, Notice{UserID: u, Kind: KindDuty, Link: link, Compose: func(p *i18n.Printer, to people.User) (string, string) {
			how := p.T("The organisers have asked you to sit on it.")
			if drawn {
				how = p.T("You volunteered, and the lottery has chosen you.")
			}
			return p.T("You are on the citizens' jury of %s", oneLine(c.Title, 100)),
				p.T("Hello %s,\n\nYou are a member of the citizens' jury of the round “%s”. %s\n\nThe jury looks at the leading themes raised in the round and chooses the ones the assembly will work on. When the vote opens we will email you a link to your ballot; you vote by ranking the themes, and your vote is secret.\n\nAbout the jury: %s",
					to.DisplayName, c.Title, how, link) + "\n\n" + n.footer(p)
		}})
	}
	return out, nil
}

// voteOpened: jury.open → every juror.
func (n *Notifier) voteOpened(ctx context.Context, e audit.Entry) ([]Notice, error) {
	id, c, err := n.roundOf(ctx, e)
	if err != nil {
		return nil, err
	}
	j, err := n.d.Juries.Jury(ctx, id)
	if err != nil || j.Shortlist == nil {
		return nil, err
	}
	ids, err := n.jurorIDs(ctx, id)
	if err != nil {
		return nil, err
	}
	link := n.roundLink(id, "/agenda/ballot")
	var out []Notice
	for _, u := range ids {
		out = append(out, Notice{UserID: u, Kind: KindDuty, Link: link, Compose: func(p *i18n.Printer, to people.User) (string, string) {
			return p.T("The jury's vote is open: %s", oneLine(c.Title, 100)),
				p.T("Hello %s,\n\nThe citizens' jury of “%s” is voting on its agenda: %d themes on the shortlist, %d places on the agenda. Rank the themes on your ballot, after signing in with this email address:\n\n%s\n\nYou can vote once, and your vote is secret.",
					to.DisplayName, c.Title, len(j.Shortlist.Themes), j.Seats, link) + "\n\n" + n.footer(p)
		}})
	}
	return out, nil
}

// jurorIDs returns the round's jurors.
func (n *Notifier) jurorIDs(ctx context.Context, cycleID int64) ([]int64, error) {
	list, err := n.d.Juries.Jurors(ctx, cycleID)
	ids := make([]int64, len(list))
	for i, j := range list {
		ids[i] = j.UserID
	}
	return ids, err
}

// agendaPublished: agenda.publish → whoever raised, supports or follows an
// open issue of a shortlisted theme (one email each, about all their
// themes), but the organiser who published it: which themes were chosen,
// which were not, and why.
func (n *Notifier) agendaPublished(ctx context.Context, e audit.Entry) ([]Notice, error) {
	id, c, err := n.roundOf(ctx, e)
	if err != nil {
		return nil, err
	}
	j, err := n.d.Juries.Jury(ctx, id)
	if err != nil || j.Shortlist == nil {
		return nil, err
	}
	a := jury.AgendaOf(j)
	items := append(append([]jury.Item{}, a.Chosen...), a.NotChosen...)
	byUser := map[int64][]jury.Item{}
	issuesOf := map[int64][]gather.Issue{}
	var order []int64
	for _, it := range items {
		seen := map[int64]bool{}
		for _, iid := range it.Theme.IssueIDs {
			iss, err := n.d.Issues.Issue(ctx, iid)
			if err != nil || iss.Status != gather.StatusOpen {
				continue
			}
			aud, err := n.d.Audience.IssueAudience(ctx, iid)
			if err != nil {
				return nil, err
			}
			for _, u := range aud {
				if u == ActorID(e) {
					continue
				}
				if !slices.ContainsFunc(issuesOf[u], func(x gather.Issue) bool { return x.ID == iid }) {
					issuesOf[u] = append(issuesOf[u], iss)
				}
				if seen[u] {
					continue
				}
				seen[u] = true
				if _, ok := byUser[u]; !ok {
					order = append(order, u)
				}
				byUser[u] = append(byUser[u], it)
			}
		}
	}
	link := n.roundLink(id, "/agenda")
	why := j.Why
	var out []Notice
	for _, u := range order {
		its, issues := byUser[u], issuesOf[u]
		out = append(out, Notice{UserID: u, Kind: KindOutcomes, Link: link, Compose: func(p *i18n.Printer, to people.User) (string, string) {
			var b strings.Builder
			chosen := false
			for _, it := range its {
				if it.Rank > 0 {
					chosen = true
					b.WriteString(p.T("• “%s”: chosen for the agenda (elected %d).", it.Theme.Title, it.Rank) + "\n")
				} else {
					b.WriteString(p.T("• “%s”: not chosen.", it.Theme.Title) + "\n")
				}
				if it.Reason != "" {
					b.WriteString("  " + p.T("The jury's reason: %s", it.Reason) + "\n")
				}
			}
			if !chosen && why != "" {
				b.WriteString("\n" + p.T("Why the jury did not choose the other themes: %s", why) + "\n")
			}
			subject := p.T("The jury has chosen the agenda of %s", oneLine(c.Title, 100))
			body := p.T("Hello %s,\n\nThe citizens' jury of “%s” has chosen the themes the assembly will work on. You raised, support or follow issues in these themes:\n\n%s\nSee the agenda, the count and the jury's reasons at %s",
				to.DisplayName, c.Title, b.String(), link)
			body += "\n\n" + p.T("What happened to your issues, step by step:") + "\n" + n.yourIssues(issues)
			return subject, body + "\n" + n.footer(p)
		}})
	}
	return out, nil
}
