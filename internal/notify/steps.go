package notify

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/people"
)

// Audience is what the step rules read besides Issues (the storage value
// satisfies it).
type Audience interface {
	// IssueAudience returns the ids of the people who raised, support or
	// follow an issue, each once.
	IssueAudience(ctx context.Context, issueID int64) ([]int64, error)
	// ThemeJoiners returns the ids of the issues in a theme that joined it
	// at the instant at (a theme change's audit time).
	ThemeJoiners(ctx context.Context, themeID int64, at time.Time) ([]int64, error)
	Theme(ctx context.Context, id int64) (gather.Theme, error)
	Report(ctx context.Context, id int64) (gather.Report, error)
	// ResolvedReports returns the reports on a target that moderator
	// resolved by hiding it, at most a minute before at.
	ResolvedReports(ctx context.Context, t gather.Target, moderatorID int64, at time.Time) ([]gather.Report, error)
}

// ThemeJoinActions are the audit actions after which issues may have
// joined a theme: theme.create (a new theme, also the new half of a
// split), theme.add (issues added to a theme) and theme.merge (the issues
// of other themes moved into one). Each names the theme as "theme:<id>";
// the issues that joined are those whose themed_at is the entry's time.
// theme.remove and theme.delete take issues out of themes: the issue's
// timeline shows that, and nobody is emailed.
var ThemeJoinActions = []string{"theme.create", "theme.add", "theme.merge"}

// stepRules: the steps of an issue's life its people are told of — it
// joins a theme (KindTheme, to whoever raised, supports or follows it), a
// report is decided (KindReports, to the reporter), and something is
// hidden (KindHidden to its author with the reason and how to ask for a
// second look; KindReports to those who reported it; KindIssues to the
// issue's other followers).
func (n *Notifier) stepRules() {
	for _, a := range ThemeJoinActions {
		n.Rule(a, n.themeJoined)
	}
	n.Rule("report.dismiss", n.reportDismissed)
	n.Rule("moderation.hide", n.hidden)
}

func (n *Notifier) settingsLink() string { return n.cfg.BaseURL + "/account/notifications" }

// footer ends every step email: where to choose what to hear.
func (n *Notifier) footer(p *i18n.Printer) string {
	return p.T("To choose which emails you get, or to get a weekly summary instead, go to %s", n.settingsLink()) +
		"\n\n" + n.cfg.OrgName + " " + n.cfg.ServiceName
}

// themeJoined: theme.create, theme.add, theme.merge → whoever raised,
// supports or follows an open issue that joined the theme, but the
// organiser who did it. A person with several such issues gets one email.
func (n *Notifier) themeJoined(ctx context.Context, e audit.Entry) ([]Notice, error) {
	themeID, err := ObjectID(e, "theme")
	if err != nil {
		return nil, err
	}
	t, err := n.d.Audience.Theme(ctx, themeID)
	if err != nil {
		return nil, err
	}
	ids, err := n.d.Audience.ThemeJoiners(ctx, themeID, e.Time)
	if err != nil {
		return nil, err
	}
	byUser := map[int64][]gather.Issue{}
	var order []int64
	for _, id := range ids {
		iss, err := n.d.Issues.Issue(ctx, id)
		if err != nil || iss.Status != gather.StatusOpen {
			continue
		}
		aud, err := n.d.Audience.IssueAudience(ctx, id)
		if err != nil {
			return nil, err
		}
		for _, u := range aud {
			if u == ActorID(e) {
				continue
			}
			if _, seen := byUser[u]; !seen {
				order = append(order, u)
			}
			byUser[u] = append(byUser[u], iss)
		}
	}
	var out []Notice
	for _, u := range order {
		issues := byUser[u]
		link := n.issueLink(issues[0].ID)
		out = append(out, Notice{UserID: u, Kind: KindTheme, Link: link, Compose: func(p *i18n.Printer, to people.User) (string, string) {
			var list strings.Builder
			for _, iss := range issues {
				list.WriteString("• " + oneLine(iss.Title, 200) + "\n  " + n.issueLink(iss.ID) + "\n")
			}
			subject := p.T("Grouped into the theme “%s”: %s", oneLine(t.Name, 80), oneLine(issues[0].Title, 80))
			if len(issues) > 1 {
				subject = p.T("%d issues grouped into the theme “%s”", len(issues), oneLine(t.Name, 80))
			}
			body := p.T("Hello %s,\n\nOrganisers have grouped issues you raised, support or follow with similar issues into the theme “%s”:\n\n%s\nWhat happens next: the themes with the most support go to a citizens' jury, a small group of people chosen by lottery, who choose the ones the assembly will work on. Each issue's page shows its timeline.\n\nSee the theme at %s",
				to.DisplayName, t.Name, list.String(), n.cfg.BaseURL+"/themes/"+strconv.FormatInt(t.ID, 10))
			return subject, body + "\n\n" + n.footer(p)
		}})
	}
	return out, nil
}

// reportDismissed: report.dismiss → the reporter: a moderator looked at
// what they reported and left it.
func (n *Notifier) reportDismissed(ctx context.Context, e audit.Entry) ([]Notice, error) {
	id, err := ObjectID(e, "report")
	if err != nil {
		return nil, err
	}
	r, err := n.d.Audience.Report(ctx, id)
	if err != nil {
		return nil, err
	}
	iss, err := n.d.Issues.Issue(ctx, r.IssueID)
	if err != nil {
		return nil, err
	}
	if r.ReporterID == ActorID(e) {
		return nil, nil
	}
	link, title, comment := n.issueLink(iss.ID), iss.Title, r.CommentID != 0
	return []Notice{{UserID: r.ReporterID, Kind: KindReports, Link: link, Compose: func(p *i18n.Printer, to people.User) (string, string) {
		what := p.T("the issue “%s”", title)
		if comment {
			what = p.T("a comment on the issue “%s”", title)
		}
		return p.T("Your report has been decided: %s stays", oneLine(title, 100)),
			p.T("Hello %s,\n\nThank you for your report about %s. A moderator has looked at it and decided to leave it as it is: they found it keeps to the house rules.\n\nSee it at %s", to.DisplayName, what, link) +
				"\n\n" + n.footer(p)
	}}}, nil
}

// hidden: moderation.hide → the author of what was hidden (KindHidden: the
// reason, and how to ask for a second look), those whose reports the hiding
// decided (KindReports), and, for an issue, its other followers
// (KindIssues) — never the moderator who hid it.
func (n *Notifier) hidden(ctx context.Context, e audit.Entry) ([]Notice, error) {
	var t gather.Target
	var author int64
	var iss gather.Issue
	var err error
	if cid, cerr := ObjectID(e, "comment"); cerr == nil {
		c, err := n.d.Issues.Comment(ctx, cid)
		if err != nil {
			return nil, err
		}
		t, author = gather.Target{IssueID: c.IssueID, CommentID: cid}, c.AuthorID
	} else {
		if t.IssueID, err = ObjectID(e, "issue"); err != nil {
			return nil, err
		}
	}
	if iss, err = n.d.Issues.Issue(ctx, t.IssueID); err != nil {
		return nil, err
	}
	if t.CommentID == 0 {
		author = iss.AuthorID
	}
	actor, reason, title := ActorID(e), e.Details["reason"], iss.Title
	link := n.issueLink(iss.ID)
	appeal := link + "/report"
	if t.CommentID != 0 {
		appeal += "?comment=" + strconv.FormatInt(t.CommentID, 10)
	}
	told := []int64{actor}
	var out []Notice
	if author != actor {
		comment := t.CommentID != 0
		out = append(out, Notice{UserID: author, Kind: KindHidden, Link: link, Compose: func(p *i18n.Printer, to people.User) (string, string) {
			what := p.T("your issue “%s”", title)
			if comment {
				what = p.T("your comment on the issue “%s”", title)
			}
			return p.T("A moderator has hidden something you wrote: %s", oneLine(title, 100)),
				p.T("Hello %s,\n\nA moderator has hidden %s.\n\nReason: %s\n\nIt stays in the public moderation log with that reason, but its words are no longer shown.\n\nIf you think this is wrong, you can ask for a second look: open %s, say why it should be shown again, and send it. It goes to the moderators' queue, and you will be told what they decide.\n\nSee it at %s",
					to.DisplayName, what, reason, appeal, link) + "\n\n" + n.footer(p)
		}})
		told = append(told, author)
	}
	reports, err := n.d.Audience.ResolvedReports(ctx, t, actor, e.Time)
	if err != nil {
		return nil, err
	}
	for _, r := range reports {
		if slices.Contains(told, r.ReporterID) {
			continue
		}
		told = append(told, r.ReporterID)
		out = append(out, Notice{UserID: r.ReporterID, Kind: KindReports, Link: link, Compose: func(p *i18n.Printer, to people.User) (string, string) {
			return p.T("Your report has been decided: hidden by a moderator: %s", oneLine(title, 100)),
				p.T("Hello %s,\n\nThank you for your report about “%s”. A moderator agreed and has hidden what you reported.\n\nReason: %s\n\nSee it at %s", to.DisplayName, title, reason, link) +
					"\n\n" + n.footer(p)
		}})
	}
	if t.CommentID == 0 {
		rest, err := n.issueChanged(issueHidden)(ctx, e)
		if err != nil {
			return nil, err
		}
		for _, nt := range rest {
			if !slices.Contains(told, nt.UserID) {
				out = append(out, nt)
			}
		}
	}
	return out, nil
}
