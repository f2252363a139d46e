package gatherweb

import (
	"errors"
	"net/url"
	"strings"

	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// parseIssueForm reads title, description, tags (comma-separated) and org
// from a submitted form. Validation of lengths and characters is the gather
// package's; this only turns the form into a draft.
func parseIssueForm(v url.Values) (gather.IssueDraft, error) {
	d := gather.IssueDraft{
		Title:       v.Get("title"),
		Description: v.Get("description"),
	}
	if t := strings.TrimSpace(v.Get("tags")); t != "" {
		d.Tags = gather.SplitTags(t)
	}
	org, err := kit.ParseOptionalID("org", v.Get("org"))
	if err != nil {
		// Report the draft's other problems with this one, all at once.
		check := d
		check.Normalise()
		return d, errors.Join(check.Validate(), err)
	}
	d.OrgID = org
	return d, nil
}

// parseCommentForm reads a comment or reply.
func parseCommentForm(issueID int64, v url.Values) (gather.CommentDraft, error) {
	d := gather.CommentDraft{IssueID: issueID, Body: v.Get("body")}
	var err error
	if d.ParentID, err = kit.ParseOptionalID("parent", v.Get("parent")); err != nil {
		return d, err
	}
	if d.OrgID, err = kit.ParseOptionalID("org", v.Get("org")); err != nil {
		return d, err
	}
	return d, nil
}

// parseTarget reads what a report or moderation is about: the issue in the
// path and an optional comment.
func parseTarget(issueID int64, v url.Values) (gather.Target, error) {
	c, err := kit.ParseOptionalID("comment", v.Get("comment"))
	return gather.Target{IssueID: issueID, CommentID: c}, err
}
