package web

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/gather"
)

// maxIDs bounds the number of ids one form may name (theme tools).
const maxIDs = 500

// parseID parses a positive decimal id from a path or form value.
func parseID(s string) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || len(s) > 19 || s[0] == '+' {
		return 0, apperr.New(apperr.NotFound, "There is nothing at this address.")
	}
	return n, nil
}

// parseOptionalID parses an id that may be empty or "0" (meaning none).
func parseOptionalID(field, s string) (int64, error) {
	if s == "" || s == "0" {
		return 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || s[0] == '+' {
		return 0, apperr.Field(field, "Choose one of the options")
	}
	return n, nil
}

// parseIDs parses every value of field as an id, dropping duplicates.
func parseIDs(v url.Values, field string) ([]int64, error) {
	vals := v[field]
	if len(vals) > maxIDs {
		return nil, apperr.Field(field, "Choose %d or fewer", maxIDs)
	}
	seen := map[int64]bool{}
	var out []int64
	for _, s := range vals {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 || s[0] == '+' {
			return nil, apperr.Field(field, "Choose from the list")
		}
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out, nil
}

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
	org, err := parseOptionalID("org", v.Get("org"))
	if err != nil {
		return d, err
	}
	d.OrgID = org
	return d, nil
}

// parseCommentForm reads a comment or reply.
func parseCommentForm(issueID int64, v url.Values) (gather.CommentDraft, error) {
	d := gather.CommentDraft{IssueID: issueID, Body: v.Get("body")}
	var err error
	if d.ParentID, err = parseOptionalID("parent", v.Get("parent")); err != nil {
		return d, err
	}
	if d.OrgID, err = parseOptionalID("org", v.Get("org")); err != nil {
		return d, err
	}
	return d, nil
}

// parseTarget reads what a report or moderation is about: the issue in the
// path and an optional comment.
func parseTarget(issueID int64, v url.Values) (gather.Target, error) {
	c, err := parseOptionalID("comment", v.Get("comment"))
	return gather.Target{IssueID: issueID, CommentID: c}, err
}

// formFromError turns a field error into form errors for re-display; ok is
// false when err is not about a field.
func formFromError(v url.Values, err error, fieldIDs map[string]string) (*form, bool) {
	var e *apperr.Error
	if !asAppErr(err, &e) || e.Kind != apperr.Invalid || e.Field == "" {
		return nil, false
	}
	id := e.Field
	if m, ok := fieldIDs[e.Field]; ok {
		id = m
	}
	return &form{Values: v, Errs: []fieldError{{Field: id, Message: e.Message}}}, true
}
