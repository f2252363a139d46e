package api

import (
	"encoding/xml"
	"net/http"
	"strconv"
	"time"

	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// Atom (RFC 4287) feed structures.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr,omitempty"`
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

// writeAtom writes a feed. Feeds' titles are in the request's language, so
// they vary like pages.
func writeAtom(w http.ResponseWriter, f atomFeed) error {
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Header().Add("Vary", "Cookie, Accept-Language")
	w.Write([]byte(xml.Header))
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	return enc.Encode(f)
}

func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// byline names who wrote something: "Ada" or "Ada for Healthwatch Leeds".
func byline(p *i18n.Printer, author, org string) string {
	if org != "" {
		return p.T("%s for %s", author, org)
	}
	return author
}

// feed: GET /feed.atom, public. The 50 newest issues.
func (h *Handler) feed(w http.ResponseWriter, r *http.Request) error {
	page, err := h.d.Issues.ListIssues(r.Context(), people.Anonymous, gather.IssueQuery{Sort: gather.SortNewest, PerPage: 50})
	if err != nil {
		return err
	}
	p := kit.Printer(r)
	self := h.d.BaseURL + "/feed.atom"
	f := atomFeed{
		Lang: p.Lang().Tag(), Title: p.T("%s %s: new issues", h.d.OrgName, h.d.Service), ID: self,
		Links:  []atomLink{{Rel: "self", Href: self}, {Href: h.d.BaseURL + "/issues?sort=newest"}},
		Author: atomPerson{h.d.OrgName}, Updated: atomTime(time.Unix(0, 0)),
	}
	for i, iss := range page.Issues {
		if i == 0 {
			f.Updated = atomTime(iss.Created)
		}
		u := h.issueURL(iss.ID)
		f.Entries = append(f.Entries, atomEntry{
			Title: iss.Title, ID: u, Updated: atomTime(iss.Updated), Link: atomLink{Href: u},
			Author: atomPerson{byline(p, iss.AuthorName, iss.OrgName)}, Content: atomText{"text", iss.Description},
		})
	}
	return writeAtom(w, f)
}

// statusTitle is the title of an issue's own entry in its feed: one
// message per status.
func statusTitle(p *i18n.Printer, iss gather.Issue) string {
	switch {
	case iss.Status == gather.StatusWithdrawn:
		return p.T("Withdrawn: %s", iss.Title)
	case iss.Status == gather.StatusHidden && iss.HiddenReason != "":
		return p.T("Hidden by a moderator (%s): %s", iss.HiddenReason, iss.Title)
	case iss.Status == gather.StatusHidden:
		return p.T("Hidden by a moderator: %s", iss.Title)
	}
	return p.T("Raised: %s", iss.Title)
}

// issueFeed: GET /issues/{id}/feed.atom, public. The issue and its
// comments, newest first: what someone following it wants to know.
func (h *Handler) issueFeed(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.ParseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	iss, err := h.d.Issues.Issue(r.Context(), people.Anonymous, id)
	if err != nil {
		return err
	}
	comments, err := h.d.Issues.Comments(r.Context(), people.Anonymous, id)
	if err != nil {
		return err
	}
	p := kit.Printer(r)
	u := h.issueURL(id)
	f := atomFeed{
		Lang: p.Lang().Tag(), Title: p.T("Updates on: %s", iss.Title), ID: u + "/feed.atom", Updated: atomTime(iss.Updated),
		Links: []atomLink{{Rel: "self", Href: u + "/feed.atom"}, {Href: u}}, Author: atomPerson{h.d.OrgName},
	}
	entries := []atomEntry{{Title: statusTitle(p, iss), ID: u, Updated: atomTime(iss.Updated), Link: atomLink{Href: u},
		Author: atomPerson{byline(p, iss.AuthorName, iss.OrgName)}, Content: atomText{"text", iss.Description}}}
	var add func(c gather.Comment)
	add = func(c gather.Comment) {
		if c.Status == gather.StatusVisible {
			cu := u + "#comment-" + strconv.FormatInt(c.ID, 10)
			by := byline(p, c.AuthorName, c.OrgName)
			title := p.T("Comment by %s", by)
			if c.ParentID != 0 {
				title = p.T("Reply by %s", by)
			}
			entries = append(entries, atomEntry{Title: title, ID: cu, Updated: atomTime(c.Created), Link: atomLink{Href: cu},
				Author: atomPerson{by}, Content: atomText{"text", c.Body}})
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
	if err := h.traceEntries(r, id, &f); err != nil {
		return err
	}
	return writeAtom(w, f)
}
