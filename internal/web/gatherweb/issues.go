package gatherweb

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

type sortOption struct {
	Value, Label string // Label is translated
	Current      bool
}

// sorts are the orders of the issue list, with their labels (msgids).
var sorts = []struct{ value, label string }{
	{"supported", i18n.Mark("Most supported")},
	{"newest", i18n.Mark("Newest")},
	{"trending", i18n.Mark("Trending now")},
	{"relevance", i18n.Mark("Best match")},
}

type issueListData struct {
	Rounds  roundChoice
	Items   []listItem
	Page    gather.IssuePage
	Query   url.Values
	Search  string
	Tag     string
	Sorts   []sortOption
	PrevURL string
	NextURL string
	Pages   int
	Form    *kit.Form
	Tags    []gather.TagCount // the most used topics, to filter by
}

// parseListQuery reads sort, q, tag and page from a list URL.
func parseListQuery(v url.Values) gather.IssueQuery {
	q := gather.IssueQuery{Search: v.Get("q"), Tag: v.Get("tag")}
	q.Sort, _ = gather.ParseSort(v.Get("sort"))
	if v.Get("sort") == "" && q.Search != "" {
		q.Sort = gather.SortRelevance
	}
	if p, err := strconv.Atoi(v.Get("page")); err == nil && p > 0 && p < 1_000_000 {
		q.Page = p
	}
	q.After = v.Get("after") // keyset cursor of the "Next" link; page is then for display
	return q
}

// issueList: GET /issues?cycle=&sort=&q=&tag=&page=, public. The issues
// of one round: ?cycle=, else the current round.
func (h *Handler) issueList(w http.ResponseWriter, r *http.Request) error {
	v, p := r.URL.Query(), kit.Printer(r)
	v.Del("lang")
	rounds, err := h.roundOf(r)
	if err != nil {
		return err
	}
	q := parseListQuery(v)
	q.CycleID = rounds.Round.ID
	page, err := h.d.Issues.ListIssues(r.Context(), kit.User(r), q)
	var ae *apperr.Error
	if q.After != "" && errors.As(err, &ae) && ae.Field == "after" {
		// A stale or edited cursor: start the list again.
		q.After, q.Page = "", 1
		page, err = h.d.Issues.ListIssues(r.Context(), kit.User(r), q)
	}
	d := issueListData{Rounds: rounds, Query: v, Search: q.Search, Tag: q.Tag}
	if apperr.Is(err, apperr.Invalid) {
		f, _ := kit.FormFromError(r, v, err, map[string]string{"search": "q", "tag": "q"})
		if f == nil {
			f = &kit.Form{Values: v, Errs: []kit.FieldError{{Field: "q", Message: p.Err(err)}}}
		}
		d.Form = f
		h.rd.Page(w, r, http.StatusBadRequest, "issues", &kit.Page{Title: p.T("Issues"), Errors: f.Errs, Data: d})
		return nil
	}
	if err != nil {
		return err
	}
	if d.Items, err = h.items(r, page.Issues); err != nil {
		return err
	}
	d.Page, d.Form, d.Pages = page, &kit.Form{Values: v}, page.Pages()
	if d.Tags, err = h.topTags(r.Context()); err != nil {
		return err
	}
	d.Sorts = sortOptions(p, q)
	d.PrevURL, d.NextURL = pageLinks(v, page)
	title := p.T("Issues")
	if q.Search != "" {
		title = p.T("Issues matching “%s”", q.Search)
	} else if q.Tag != "" {
		title = p.T("Issues about “%s”", q.Tag)
	}
	h.rd.Render(w, r, http.StatusOK, "issues", title, d)
	return nil
}

// sortOptions lists the orders the list can be sorted in, marking q's.
func sortOptions(p *i18n.Printer, q gather.IssueQuery) []sortOption {
	cur := string(q.Sort)
	if q.Sort == gather.SortRelevance && q.Search == "" {
		cur = string(gather.SortSupported)
	}
	var out []sortOption
	for _, o := range sorts {
		if o.value == "relevance" && q.Search == "" {
			continue
		}
		out = append(out, sortOption{Value: o.value, Label: kit.Msg(p, o.label), Current: o.value == cur})
	}
	return out
}

// pageLinks returns the previous and next page links of a list.
func pageLinks(v url.Values, page gather.IssuePage) (prev, next string) {
	if page.Page > 1 {
		prev = "/issues" + kit.WithParam(without(v, "after"), "page", strconv.Itoa(page.Page-1))
	}
	switch {
	case page.Next != "": // keyset: as fast on page 5,000 as on page 1
		next = "/issues" + kit.WithParam(with(v, "after", page.Next), "page", strconv.Itoa(page.Page+1))
	case page.HasMore:
		next = "/issues" + kit.WithParam(without(v, "after"), "page", strconv.Itoa(page.Page+1))
	}
	return prev, next
}

// with returns a copy of q with key set to value.
func with(q url.Values, key, value string) url.Values {
	c := url.Values{}
	for k, v := range q {
		c[k] = v
	}
	c.Set(key, value)
	return c
}

// without returns a copy of q without key.
func without(q url.Values, key string) url.Values {
	c := url.Values{}
	for k, v := range q {
		if k != key {
			c[k] = v
		}
	}
	return c
}
