package notify

import (
	"context"
	"slices"
	"strconv"

	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/quality"
)

// QualityAssessments reads a round's quality self-assessment (the storage
// value satisfies it).
type QualityAssessments interface {
	QualityAssessment(ctx context.Context, cycleID int64) (quality.Assessment, error)
}

// qualityRules: the independent assessor named by the organisers is told
// that the self-assessment waits for them (quality.assessor), and when the
// assessor returns it, everyone who wrote part of it hears the comments
// (quality.return). Both are duties, sent whatever the person's settings.
func (n *Notifier) qualityRules() {
	n.Rule(quality.ActionAssessor, n.assessorNamed)
	if n.d.Quality != nil {
		n.Rule(quality.ActionReturn, n.assessmentReturned)
	}
}

// assessorNamed: quality.assessor → the assessor.
func (n *Notifier) assessorNamed(ctx context.Context, e audit.Entry) ([]Notice, error) {
	id, c, err := n.roundOf(ctx, e)
	if err != nil {
		return nil, err
	}
	u, err := strconv.ParseInt(e.Details["assessor"], 10, 64)
	if err != nil || u <= 0 {
		return nil, nil
	}
	link := n.roundLink(id, "/quality/review")
	return []Notice{{UserID: u, Kind: KindDuty, Link: link, Compose: func(p *i18n.Printer, to people.User) (string, string) {
		return p.T("Please assess the quality of %s", oneLine(c.Title, 100)),
			p.T("Hello %s,\n\nThe organisers of the round “%s” have asked you to be the independent assessor of their self-assessment against the OECD's Good Practice Principles for deliberative processes. For each principle they give a rating and their reasons, and the platform shows what it could check for itself.\n\nSign in with this email address and read it at:\n\n%s\n\nThen either sign it off with a statement, which is published with your name, or return it to the organisers with comments.",
				to.DisplayName, c.Title, link) + "\n\n" + n.footer(p)
	}}}, nil
}

// assessmentReturned: quality.return → whoever wrote part of the
// assessment, but the assessor.
func (n *Notifier) assessmentReturned(ctx context.Context, e audit.Entry) ([]Notice, error) {
	id, c, err := n.roundOf(ctx, e)
	if err != nil {
		return nil, err
	}
	a, err := n.d.Quality.QualityAssessment(ctx, id)
	if err != nil {
		return nil, err
	}
	var authors []int64
	for _, en := range a.Entries {
		if en.AuthorID > 0 && en.AuthorID != ActorID(e) && !slices.Contains(authors, en.AuthorID) {
			authors = append(authors, en.AuthorID)
		}
	}
	slices.Sort(authors)
	link := n.roundLink(id, "/quality")
	comments := a.Comments
	var out []Notice
	for _, u := range authors {
		out = append(out, Notice{UserID: u, Kind: KindDuty, Link: link, Compose: func(p *i18n.Printer, to people.User) (string, string) {
			return p.T("The assessor has returned the self-assessment of %s", oneLine(c.Title, 100)),
				p.T("Hello %s,\n\nThe independent assessor has returned the quality self-assessment of “%s” with these comments:\n\n%s\n\nChange what they ask, then name the assessor again to send it back for review:\n\n%s",
					to.DisplayName, c.Title, comments, link) + "\n\n" + n.footer(p)
		}})
	}
	return out, nil
}
