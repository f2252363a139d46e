package web

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/people"
)

// publicIssue is an issue as exported: everything public about it.
type publicIssue struct {
	ID           int64     `json:"id"`
	URL          string    `json:"url"`
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

func (s *Server) public(iss gather.Issue) publicIssue {
	tags := iss.Tags
	if tags == nil {
		tags = []string{}
	}
	return publicIssue{
		ID: iss.ID, URL: s.cfg.BaseURL + "/issues/" + strconv.FormatInt(iss.ID, 10),
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
func (s *Server) eachPublicIssue(r *http.Request, fn func(gather.Issue) error) error {
	for _, st := range []gather.Status{gather.StatusOpen, gather.StatusWithdrawn} {
		q := gather.IssueQuery{Sort: gather.SortNewest, PerPage: gather.MaxPerPage, Statuses: []gather.Status{st}}
		for page := 1; ; page++ {
			q.Page = page
			p, err := s.gather.ListIssues(r.Context(), people.Anonymous, q)
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
func (s *Server) issuesJSON(w http.ResponseWriter, r *http.Request) error {
	// Read the first page before writing, so an error still gets a proper
	// status; later errors can only cut the stream short.
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Access-Control-Allow-Origin", "*")
	bw := bufio.NewWriterSize(w, 32<<10)
	enc := json.NewEncoder(bw)
	n := 0
	err := s.eachPublicIssue(r, func(iss gather.Issue) error {
		if n == 0 {
			bw.WriteString("[\n")
		} else {
			bw.WriteString(",")
		}
		n++
		return enc.Encode(s.public(iss))
	})
	if err != nil && n == 0 {
		return err
	}
	if n == 0 {
		bw.WriteString("[\n")
	}
	bw.WriteString("]\n")
	return bw.Flush()
}

// csvSafe defuses cells that spreadsheet programs would run as formulas.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// issuesCSV: GET /issues.csv, public. One row per public issue.
func (s *Server) issuesCSV(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="issues.csv"`)
	cw := csv.NewWriter(w)
	cw.Write([]string{"id", "url", "title", "description", "tags", "author", "organisation", "status", "supports", "comments", "theme_id", "created", "updated"})
	err := s.eachPublicIssue(r, func(iss gather.Issue) error {
		p := s.public(iss)
		return cw.Write([]string{
			strconv.FormatInt(p.ID, 10), p.URL, csvSafe(p.Title), csvSafe(p.Description), csvSafe(strings.Join(p.Tags, ";")),
			csvSafe(p.Author), csvSafe(p.Organisation), p.Status, strconv.Itoa(p.Supports), strconv.Itoa(p.Comments),
			strconv.FormatInt(p.ThemeID, 10), p.Created.Format(time.RFC3339), p.Updated.Format(time.RFC3339),
		})
	})
	cw.Flush()
	if err != nil {
		s.log.Error("issues.csv", "err", err)
	}
	return cw.Error()
}

// themesJSON: GET /themes.json, public.
func (s *Server) themesJSON(w http.ResponseWriter, r *http.Request) error {
	themes, err := s.gather.Themes(r.Context(), 0)
	if err != nil {
		return err
	}
	type publicTheme struct {
		ID          int64     `json:"id"`
		URL         string    `json:"url"`
		Name        string    `json:"name"`
		Description string    `json:"description"`
		Issues      int       `json:"issues"`
		Supporters  int       `json:"distinct_supporters"`
		Supports    int       `json:"supports"`
		Created     time.Time `json:"created"`
		Updated     time.Time `json:"updated"`
	}
	out := make([]publicTheme, len(themes))
	for i, t := range themes {
		out[i] = publicTheme{t.ID, s.cfg.BaseURL + "/themes/" + strconv.FormatInt(t.ID, 10), t.Name, t.Description, t.Issues, t.Supporters, t.Supports, t.Created.UTC(), t.Updated.UTC()}
	}
	w.Header().Set("Access-Control-Allow-Origin", "*")
	writeJSON(w, http.StatusOK, out)
	return nil
}

// Atom (RFC 4287) feed structures.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomPerson  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Title   string     `xml:"title"`
	ID      string     `xml:"id"`
	Updated string     `xml:"updated"`
	Link    atomLink   `xml:"link"`
	Author  atomPerson `xml:"author"`
	Content atomText   `xml:"content"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

func writeAtom(w http.ResponseWriter, f atomFeed) error {
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Write([]byte(xml.Header))
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	return enc.Encode(f)
}

func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// feed: GET /feed.atom, public. The 50 newest issues.
func (s *Server) feed(w http.ResponseWriter, r *http.Request) error {
	p, err := s.gather.ListIssues(r.Context(), people.Anonymous, gather.IssueQuery{Sort: gather.SortNewest, PerPage: 50})
	if err != nil {
		return err
	}
	f := atomFeed{
		Title: s.cfg.OrgName + " " + s.cfg.ServiceName + ": new issues", ID: s.cfg.BaseURL + "/feed.atom",
		Links:  []atomLink{{Rel: "self", Href: s.cfg.BaseURL + "/feed.atom"}, {Href: s.cfg.BaseURL + "/issues?sort=newest"}},
		Author: atomPerson{s.cfg.OrgName}, Updated: atomTime(time.Unix(0, 0)),
	}
	for i, iss := range p.Issues {
		if i == 0 {
			f.Updated = atomTime(iss.Created)
		}
		u := s.cfg.BaseURL + "/issues/" + strconv.FormatInt(iss.ID, 10)
		f.Entries = append(f.Entries, atomEntry{
			Title: iss.Title, ID: u, Updated: atomTime(iss.Updated), Link: atomLink{Href: u},
			Author: atomPerson{byline(iss.AuthorName, iss.OrgName)}, Content: atomText{"text", iss.Description},
		})
	}
	return writeAtom(w, f)
}

func byline(author, org string) string {
	if org != "" {
		return author + " for " + org
	}
	return author
}

// issueFeed: GET /issues/{id}/feed.atom, public. The issue and its
// comments, newest first: what someone following it wants to know.
func (s *Server) issueFeed(w http.ResponseWriter, r *http.Request) error {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	iss, err := s.gather.Issue(r.Context(), people.Anonymous, id)
	if err != nil {
		return err
	}
	comments, err := s.gather.Comments(r.Context(), people.Anonymous, id)
	if err != nil {
		return err
	}
	u := s.cfg.BaseURL + "/issues/" + strconv.FormatInt(id, 10)
	f := atomFeed{
		Title: "Updates on: " + iss.Title, ID: u + "/feed.atom", Updated: atomTime(iss.Updated),
		Links: []atomLink{{Rel: "self", Href: u + "/feed.atom"}, {Href: u}}, Author: atomPerson{s.cfg.OrgName},
	}
	var entries []atomEntry
	status := "Raised"
	if iss.Status != gather.StatusOpen {
		status = "Now " + string(iss.Status)
		if iss.HiddenReason != "" {
			status += ": " + iss.HiddenReason
		}
	}
	entries = append(entries, atomEntry{Title: status + ": " + iss.Title, ID: u, Updated: atomTime(iss.Updated), Link: atomLink{Href: u},
		Author: atomPerson{byline(iss.AuthorName, iss.OrgName)}, Content: atomText{"text", iss.Description}})
	var add func(c gather.Comment)
	add = func(c gather.Comment) {
		if c.Status == gather.StatusVisible {
			cu := u + "#comment-" + strconv.FormatInt(c.ID, 10)
			title := "Comment by " + byline(c.AuthorName, c.OrgName)
			if c.ParentID != 0 {
				title = "Reply by " + byline(c.AuthorName, c.OrgName)
			}
			entries = append(entries, atomEntry{Title: title, ID: cu, Updated: atomTime(c.Created), Link: atomLink{Href: cu},
				Author: atomPerson{byline(c.AuthorName, c.OrgName)}, Content: atomText{"text", c.Body}})
			if c.Created.After(iss.Updated) {
				f.Updated = atomTime(c.Created)
			}
		}
		for _, rep := range c.Replies {
			add(rep)
		}
	}
	for _, c := range comments {
		add(c)
	}
	// newest first
	for i, j := 0, len(entries)-1; i < j; i, j = i+1, j-1 {
		entries[i], entries[j] = entries[j], entries[i]
	}
	f.Entries = entries
	return writeAtom(w, f)
}
