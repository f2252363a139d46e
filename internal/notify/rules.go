package notify

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/mail"
	"github.com/folkmoot/folkmoot/internal/people"
)

// The issue rules: everyone following an issue hears of a new comment on
// it, of its withdrawal, and of a moderator hiding it or showing it again
// — everyone but the person who did it.
func (n *Notifier) issueRules() {
	n.Rule("comment.add", n.commentAdded)
	n.Rule("issue.withdraw", n.issueChanged(issueWithdrawn))
	if n.d.Audience == nil { // else stepRules tells the author and reporters too
		n.Rule("moderation.hide", n.issueChanged(issueHidden))
	}
	n.Rule("moderation.unhide", n.issueChanged(issueShown))
}

// ObjectID returns the id in e.Object when it names a kind of object
// ("comment:12" for kind "comment"), else an apperr.NotFound error (the
// scan then skips the entry).
func ObjectID(e audit.Entry, kind string) (int64, error) {
	rest, ok := strings.CutPrefix(e.Object, kind+":")
	id, err := strconv.ParseInt(rest, 10, 64)
	if !ok || err != nil || id <= 0 {
		return 0, apperr.New(apperr.NotFound, "Not found.")
	}
	return id, nil
}

// ActorID returns the user id of e's actor ("user:7"), or 0 for the system
// or the command line.
func ActorID(e audit.Entry) int64 {
	rest, ok := strings.CutPrefix(e.Actor, "user:")
	id, err := strconv.ParseInt(rest, 10, 64)
	if !ok || err != nil {
		return 0
	}
	return id
}

// followers returns a notice of kind for each follower of issue but those
// in except, each composed by compose.
func (n *Notifier) followers(ctx context.Context, issueID int64, kind Kind, except []int64, compose func(p *i18n.Printer, to people.User) (string, string)) ([]Notice, error) {
	ids, err := n.d.Issues.Followers(ctx, issueID)
	if err != nil {
		return nil, err
	}
	var out []Notice
	for _, id := range ids {
		if !slices.Contains(except, id) {
			out = append(out, Notice{UserID: id, Kind: kind, Link: n.issueLink(issueID), Compose: compose})
		}
	}
	return out, nil
}

func (n *Notifier) issueLink(id int64) string {
	return n.cfg.BaseURL + "/issues/" + strconv.FormatInt(id, 10)
}

// byline names a comment's author: "Ann", or "Ann for Healthwatch Leeds".
func byline(p *i18n.Printer, author, org string) string {
	if org != "" {
		return p.T("%s for %s", author, org)
	}
	return author
}

// commentAdded: comment.add → the issue's followers but the author. A
// comment hidden before the scan reached it is not sent.
func (n *Notifier) commentAdded(ctx context.Context, e audit.Entry) ([]Notice, error) {
	id, err := ObjectID(e, "comment")
	if err != nil {
		return nil, err
	}
	c, err := n.d.Issues.Comment(ctx, id)
	if err != nil || c.Status == gather.StatusHidden {
		return nil, err
	}
	iss, err := n.d.Issues.Issue(ctx, c.IssueID)
	if err != nil {
		return nil, err
	}
	link, cfg := n.issueLink(iss.ID), n.cfg
	return n.followers(ctx, iss.ID, KindComments, []int64{c.AuthorID}, func(p *i18n.Printer, to people.User) (string, string) {
		by := byline(p, c.AuthorName, c.OrgName)
		return p.T("A new comment by %s: %s", by, oneLine(iss.Title, 120)),
			p.T("Hello %s,\n\nA new comment by %s on an issue you follow, “%s”:\n\n%s\n\nSee it at %s\n\nTo stop these emails, open the issue and choose “Stop following”.\n\n%s %s",
				to.DisplayName, by, iss.Title, c.Body, link, cfg.OrgName, cfg.ServiceName)
	})
}

// issueChange is what happened to an issue, for issueChanged.
type issueChange int

const (
	issueWithdrawn issueChange = iota
	issueHidden
	issueShown
)

// issueChanged: issue.withdraw and moderation.hide/unhide of an issue (not
// of a comment) → the issue's followers but whoever did it.
func (n *Notifier) issueChanged(what issueChange) Rule {
	return func(ctx context.Context, e audit.Entry) ([]Notice, error) {
		id, err := ObjectID(e, "issue")
		if err != nil {
			return nil, err
		}
		iss, err := n.d.Issues.Issue(ctx, id)
		if err != nil {
			return nil, err
		}
		link, cfg, reason := n.issueLink(iss.ID), n.cfg, e.Details["reason"]
		title := oneLine(iss.Title, 120)
		return n.followers(ctx, iss.ID, KindIssues, []int64{ActorID(e)}, func(p *i18n.Printer, to people.User) (string, string) {
			switch what {
			case issueWithdrawn:
				return p.T("Withdrawn by the person who raised it: %s", title),
					p.T("Hello %s,\n\nAn issue you follow, “%s”, has been withdrawn by the person who raised it. It stays readable but can no longer be supported.\n\nSee it at %s\n\nTo stop these emails, open the issue and choose “Stop following”.\n\n%s %s",
						to.DisplayName, iss.Title, link, cfg.OrgName, cfg.ServiceName)
			case issueHidden:
				return p.T("Hidden by a moderator: %s", title),
					p.T("Hello %s,\n\nAn issue you follow, “%s”, has been hidden by a moderator.\n\nReason: %s\n\nSee it at %s\n\nTo stop these emails, open the issue and choose “Stop following”.\n\n%s %s",
						to.DisplayName, iss.Title, reason, link, cfg.OrgName, cfg.ServiceName)
			default:
				return p.T("Shown again by a moderator: %s", title),
					p.T("Hello %s,\n\nAn issue you follow, “%s”, has been shown again by a moderator.\n\nReason: %s\n\nSee it at %s\n\nTo stop these emails, open the issue and choose “Stop following”.\n\n%s %s",
						to.DisplayName, iss.Title, reason, link, cfg.OrgName, cfg.ServiceName)
			}
		})
	}
}

// oneLine returns s without line breaks, cut to n runes.
func oneLine(s string, n int) string {
	r := []rune(s)
	for i, c := range r {
		if c == '\n' || c == '\r' {
			r[i] = ' '
		}
	}
	if len(r) > n {
		r = append(r[:n-1], '…')
	}
	return string(r)
}

func jsonMessage(m mail.Message) ([]byte, error) {
	b, err := json.Marshal(m)
	if err != nil {
		return nil, apperr.Wrap(apperr.Internal, err, "notify: encoding a message")
	}
	return b, nil
}
