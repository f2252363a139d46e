package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/people"
)

// listItem is one issue in a list, with what the viewer did to it.
type listItem struct {
	Issue     gather.Issue
	Supported bool
}

// items wraps issues for a list, marking those the viewer supports.
func (s *Server) items(r *http.Request, issues []gather.Issue) ([]listItem, error) {
	out := make([]listItem, len(issues))
	for i, iss := range issues {
		out[i].Issue = iss
	}
	u := userOf(r)
	if !u.SignedIn() || s.lookups == nil || len(issues) == 0 {
		return out, nil
	}
	ids := make([]int64, len(issues))
	for i, iss := range issues {
		ids[i] = iss.ID
	}
	sup, err := s.lookups.SupportedIssues(r.Context(), u.ID, ids)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Supported = sup[out[i].Issue.ID]
	}
	return out, nil
}

type homeData struct {
	Cycle       cycle.Cycle
	HasCycle    bool
	Open        bool
	Total       int
	TopIssues   []listItem
	NewIssues   []listItem
	Themes      []gather.Theme
	SignInToAct bool
}

// home: GET /, public.
func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), userOf(r)
	var d homeData
	c, err := s.rounds.Current(ctx)
	switch {
	case err == nil:
		d.Cycle, d.HasCycle, d.Open = c, true, c.Allows(cycle.RaiseIssue)
	case !apperr.Is(err, apperr.NotFound):
		return err
	}
	top, err := s.gather.ListIssues(ctx, u, gather.IssueQuery{Sort: gather.SortSupported, PerPage: 5})
	if err != nil {
		return err
	}
	d.Total = top.Total
	if d.TopIssues, err = s.items(r, top.Issues); err != nil {
		return err
	}
	newest, err := s.gather.ListIssues(ctx, u, gather.IssueQuery{Sort: gather.SortNewest, PerPage: 5})
	if err != nil {
		return err
	}
	if d.NewIssues, err = s.items(r, newest.Issues); err != nil {
		return err
	}
	themes, err := s.gather.Themes(ctx, 0)
	if err != nil {
		return err
	}
	if len(themes) > 5 {
		themes = themes[:5]
	}
	d.Themes = themes
	d.SignInToAct = !u.SignedIn()
	s.render(w, r, http.StatusOK, "home", "Raise and support issues for the assembly", d)
	return nil
}

type sortOption struct {
	Value, Label string
	Current      bool
}

type issueListData struct {
	Items   []listItem
	Page    gather.IssuePage
	Query   url.Values
	Search  string
	Tag     string
	Sorts   []sortOption
	PrevURL string
	NextURL string
	Pages   int
	Form    *form
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

// issueList: GET /issues?sort=&q=&tag=&page=, public.
func (s *Server) issueList(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	q := parseListQuery(v)
	p, err := s.gather.ListIssues(r.Context(), userOf(r), q)
	var ae *apperr.Error
	if q.After != "" && asAppErr(err, &ae) && ae.Field == "after" {
		// A stale or edited cursor: start the list again.
		q.After, q.Page = "", 1
		p, err = s.gather.ListIssues(r.Context(), userOf(r), q)
	}
	d := issueListData{Query: v, Search: q.Search, Tag: q.Tag}
	if apperr.Is(err, apperr.Invalid) {
		f, _ := formFromError(v, err, map[string]string{"search": "q", "tag": "q"})
		if f == nil {
			f = &form{Values: v, Errs: []fieldError{{"q", apperr.Message(err)}}}
		}
		d.Form = f
		s.renderPage(w, r, http.StatusBadRequest, "issues", &page{Title: "Issues", Errors: f.Errs, Data: d})
		return nil
	}
	if err != nil {
		return err
	}
	if d.Items, err = s.items(r, p.Issues); err != nil {
		return err
	}
	d.Page, d.Form, d.Pages = p, &form{Values: v}, p.Pages()
	if d.Tags, err = s.topTags(r.Context()); err != nil {
		return err
	}
	cur := string(q.Sort)
	if q.Sort == gather.SortRelevance && q.Search == "" {
		cur = string(gather.SortSupported)
	}
	for _, o := range []sortOption{{"supported", "Most supported", false}, {"newest", "Newest", false}, {"trending", "Trending now", false}, {"relevance", "Best match", false}} {
		if o.Value == "relevance" && q.Search == "" {
			continue
		}
		o.Current = o.Value == cur
		d.Sorts = append(d.Sorts, o)
	}
	if p.Page > 1 {
		d.PrevURL = "/issues" + withParam(without(v, "after"), "page", strconv.Itoa(p.Page-1))
	}
	switch {
	case p.Next != "": // keyset: as fast on page 5,000 as on page 1
		d.NextURL = "/issues" + withParam(with(v, "after", p.Next), "page", strconv.Itoa(p.Page+1))
	case p.HasMore:
		d.NextURL = "/issues" + withParam(without(v, "after"), "page", strconv.Itoa(p.Page+1))
	}
	title := "Issues"
	if q.Search != "" {
		title = "Issues matching “" + q.Search + "”"
	} else if q.Tag != "" {
		title = "Issues about “" + q.Tag + "”"
	}
	s.render(w, r, http.StatusOK, "issues", title, d)
	return nil
}

type issueData struct {
	Issue         gather.Issue
	Viewer        gather.Viewer
	Comments      []gather.Comment
	CanEdit       bool
	EditableUntil string
	IsAuthor      bool
	Open          bool // the issue can be supported (open status)
	Theme         *gather.Theme
	Form          *form // the comment form
	Orgs          []people.Organisation
}

// issueShow: GET /issues/{id}, public; hidden issues are redacted by the
// service except for moderators and the author.
func (s *Server) issueShow(w http.ResponseWriter, r *http.Request) error {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.showIssue(w, r, id, http.StatusOK, &form{}, nil)
}

// showIssue renders an issue page, with a comment form f (values and errors).
func (s *Server) showIssue(w http.ResponseWriter, r *http.Request, id int64, code int, f *form, errs []fieldError) error {
	ctx, u := r.Context(), userOf(r)
	iss, err := s.gather.Issue(ctx, u, id)
	if err != nil {
		return err
	}
	d := issueData{Issue: iss, Form: f, IsAuthor: u.SignedIn() && u.ID == iss.AuthorID, Open: iss.Status == gather.StatusOpen}
	if d.Viewer, err = s.gather.Viewer(ctx, u, id); err != nil {
		return err
	}
	if d.Comments, err = s.gather.Comments(ctx, u, id); err != nil {
		return err
	}
	d.CanEdit = s.gather.CanEdit(u, iss)
	if d.CanEdit {
		d.EditableUntil = s.gather.EditableUntil(iss).UTC().Format("15:04 (UTC) on 2 January")
	}
	if iss.ThemeID != 0 {
		if t, err := s.gather.Theme(ctx, iss.ThemeID); err == nil {
			d.Theme = &t
		}
	}
	if d.Orgs, err = s.userOrgs(r); err != nil {
		return err
	}
	s.renderPage(w, r, code, "issue", &page{Title: iss.Title, Errors: errs, Data: d, Breadcrumbs: []crumb{{"Home", "/"}, {"Issues", "/issues"}}})
	return nil
}

// userOrgs lists the organisations the signed-in person acts for.
func (s *Server) userOrgs(r *http.Request) ([]people.Organisation, error) {
	u := userOf(r)
	if !u.SignedIn() || s.lookups == nil || !u.Has(people.RoleOrgRep) {
		return nil, nil
	}
	return s.lookups.UserOrganisations(r.Context(), u.ID)
}
