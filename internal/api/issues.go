package api

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strconv"
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
func (h *Handler) eachPublicIssue(r *http.Request, fn func(gather.Issue) error) error {
	for _, st := range []gather.Status{gather.StatusOpen, gather.StatusWithdrawn} {
		q := gather.IssueQuery{Sort: gather.SortNewest, PerPage: gather.MaxPerPage, Statuses: []gather.Status{st}}
		for page := 1; ; page++ {
			q.Page = page
			p, err := h.d.Issues.ListIssues(r.Context(), people.Anonymous, q)
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

// issuesJSON: GET /issues.json, public. A JSON array of every public issue.
// The first page is read before anything is written, so an error still
// gets a proper status; later errors can only cut the stream short.
func (h *Handler) issuesJSON(w http.ResponseWriter, r *http.Request) error {
	bw := bufio.NewWriterSize(w, 32<<10)
	enc := json.NewEncoder(bw)
	n := 0
	err := h.eachPublicIssue(r, func(iss gather.Issue) error {
		if n == 0 {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.Header().Set("Access-Control-Allow-Origin", "*")
			bw.WriteString("[\n")
		} else {
			bw.WriteString(",")
		}
		n++
		return enc.Encode(h.public(iss))
	})
	if err != nil && n == 0 {
		return err
	}
	if err != nil {
		h.env.Log.Error("issues.json", "err", err)
	}
	if n == 0 {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Access-Control-Allow-Origin", "*")
		bw.WriteString("[\n")
	}
	bw.WriteString("]\n")
	h.flush("issues.json", bw.Flush())
	return nil
}

// csvSafe defuses cells that spreadsheet programs would run as formulas.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// issuesCSV: GET /issues.csv, public. One row per public issue.
func (h *Handler) issuesCSV(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="issues.csv"`)
	cw := csv.NewWriter(w)
	cw.Write([]string{"id", "url", "title", "description", "tags", "author", "organisation", "status", "supports", "comments", "theme_id", "created", "updated", "cycle_id"})
	err := h.eachPublicIssue(r, func(iss gather.Issue) error {
		p := h.public(iss)
		return cw.Write([]string{
			strconv.FormatInt(p.ID, 10), p.URL, csvSafe(p.Title), csvSafe(p.Description), csvSafe(strings.Join(p.Tags, ";")),
			csvSafe(p.Author), csvSafe(p.Organisation), p.Status, strconv.Itoa(p.Supports), strconv.Itoa(p.Comments),
			strconv.FormatInt(p.ThemeID, 10), p.Created.Format(time.RFC3339), p.Updated.Format(time.RFC3339),
			strconv.FormatInt(p.CycleID, 10),
		})
	})
	cw.Flush()
	if err != nil {
		h.env.Log.Error("issues.csv", "err", err)
	}
	h.flush("issues.csv", cw.Error())
	return nil
}

// flush logs a write error at the end of a stream: the response has
// started, so nothing more can be answered (the client went away).
func (h *Handler) flush(what string, err error) {
	if err != nil {
		h.env.Log.Debug(what+": writing", "err", err)
	}
}
