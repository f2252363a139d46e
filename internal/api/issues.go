package api

import (
	"context"
	"strings"
	"time"

	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/people"
)

// PublicIssue is an issue as exported: everything public about it.
type PublicIssue struct {
	ID           int64     `json:"id"`
	URL          string    `json:"url"`
	CycleID      int64     `json:"cycle_id"`
	Title        string    `json:"title"`
	Description  string    `json:"description"`
	Tags         []string  `json:"tags"`
	Author       string    `json:"author"`
	Organisation string    `json:"organisation,omitempty"`
	Status       string    `json:"status"`
	Supports     int       `json:"supports"`
	Comments     int       `json:"comments"`
	ThemeID      int64     `json:"theme_id,omitempty"`
	Created      time.Time `json:"created"`
	Updated      time.Time `json:"updated"`
}

func (h *Handler) public(iss gather.Issue) PublicIssue {
	tags := iss.Tags
	if tags == nil {
		tags = []string{}
	}
	return PublicIssue{
		ID: iss.ID, URL: h.issueURL(iss.ID), CycleID: iss.CycleID,
		Title: iss.Title, Description: iss.Description, Tags: tags,
		Author: iss.AuthorName, Organisation: iss.OrgName, Status: string(iss.Status),
		Supports: iss.Supports, Comments: iss.Comments, ThemeID: iss.ThemeID,
		Created: iss.Created.UTC(), Updated: iss.Updated.UTC(),
	}
}

// eachPublicIssue calls fn for every open issue, then every withdrawn one,
// newest first within each, a page at a time (keyset paging), so exports
// stream in constant memory and time per row. (One status per pass: the
// stores list a single status from an index.)
func (h *Handler) eachPublicIssue(ctx context.Context, fn func(gather.Issue) error) error {
	for _, st := range []gather.Status{gather.StatusOpen, gather.StatusWithdrawn} {
		q := gather.IssueQuery{Sort: gather.SortNewest, PerPage: gather.MaxPerPage, Statuses: []gather.Status{st}}
		for page := 1; ; page++ {
			q.Page = page
			p, err := h.d.Issues.ListIssues(ctx, people.Anonymous, q)
			if err != nil {
				return err
			}
			for _, iss := range p.Issues {
				if err := fn(iss); err != nil {
					return err
				}
			}
			if !p.HasMore {
				break
			}
			q.After = p.Next
		}
	}
	return nil
}

// csvSafe defuses cells that spreadsheet programs would run as formulas.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
