package web

import (
	"net/http"
	"strconv"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/people"
)

// themeList: GET /themes, public.
func (s *Server) themeList(w http.ResponseWriter, r *http.Request) error {
	themes, err := s.gather.Themes(r.Context(), 0)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "themes", "Themes", struct{ Themes []gather.Theme }{themes})
	return nil
}

type themeData struct {
	Theme  gather.Theme
	Items  []listItem
	More   bool
	Others []gather.Theme // for organisers' merge tool
	Form   *form
}

// themeShow: GET /themes/{id}, public; organisers also get the theme tools.
func (s *Server) themeShow(w http.ResponseWriter, r *http.Request) error {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.showTheme(w, r, id, http.StatusOK, &form{}, nil)
}

func (s *Server) showTheme(w http.ResponseWriter, r *http.Request, id int64, code int, f *form, errs []fieldError) error {
	ctx, u := r.Context(), userOf(r)
	t, err := s.gather.Theme(ctx, id)
	if err != nil {
		return err
	}
	p, err := s.gather.ListIssues(ctx, u, gather.IssueQuery{ThemeID: id, Sort: gather.SortSupported, PerPage: gather.MaxPerPage})
	if err != nil {
		return err
	}
	d := themeData{Theme: t, More: p.HasMore, Form: f}
	if d.Items, err = s.items(r, p.Issues); err != nil {
		return err
	}
	if u.Has(people.RoleOrganiser) {
		all, err := s.gather.Themes(ctx, t.CycleID)
		if err != nil {
			return err
		}
		for _, o := range all {
			if o.ID != t.ID {
				d.Others = append(d.Others, o)
			}
		}
		if f.Values == nil {
			f.Values = map[string][]string{"name": {t.Name}, "description": {t.Description}}
		}
	}
	s.renderPage(w, r, code, "theme", &page{Title: t.Name, Errors: errs, Data: d, Breadcrumbs: []crumb{{"Home", "/"}, {"Themes", "/themes"}}})
	return nil
}

type suggestion struct {
	Index int
	Name  string
	Items []listItem
}

// themeSuggestions: GET /themes/suggestions, organisers. Proposed groups of
// similar issues, each with a form to confirm it as a theme.
func (s *Server) themeSuggestions(w http.ResponseWriter, r *http.Request) error {
	if _, err := requireRole(r, people.RoleOrganiser, "make themes"); err != nil {
		return err
	}
	return s.showSuggestions(w, r, http.StatusOK, nil)
}

func (s *Server) showSuggestions(w http.ResponseWriter, r *http.Request, code int, errs []fieldError) error {
	var sugg []suggestion
	if s.similar != nil {
		groups, err := s.similar.Groups(r.Context())
		if err != nil {
			return err
		}
		for i, g := range groups {
			var issues []gather.Issue
			for _, id := range g.IssueIDs {
				iss, err := s.gather.Issue(r.Context(), userOf(r), id)
				if err == nil && iss.Status == gather.StatusOpen && iss.ThemeID == 0 {
					issues = append(issues, iss)
				}
			}
			if len(issues) < 2 {
				continue
			}
			items, err := s.items(r, issues)
			if err != nil {
				return err
			}
			sugg = append(sugg, suggestion{Index: i, Name: g.Name, Items: items})
		}
	}
	s.renderPage(w, r, code, "suggestions", &page{Title: "Suggested themes", Errors: errs, Data: struct{ Suggestions []suggestion }{sugg}, Breadcrumbs: []crumb{{"Home", "/"}, {"Themes", "/themes"}}})
	return nil
}

// themeCreate: POST /themes, organisers; name and issue ids.
func (s *Server) themeCreate(w http.ResponseWriter, r *http.Request) error {
	u, err := requireRole(r, people.RoleOrganiser, "make themes")
	if err != nil {
		return err
	}
	ids, err := parseIDs(r.PostForm, "issue")
	if err == nil && len(ids) == 0 {
		err = apperr.Field("issues", "Choose at least one issue for the theme")
	}
	var t gather.Theme
	if err == nil {
		var c cycle.Cycle
		if c, err = s.rounds.Current(r.Context()); err != nil {
			return err
		}
		t, err = s.gather.CreateTheme(r.Context(), u, gather.ThemeDraft{CycleID: c.ID, Name: r.PostFormValue("name"), Description: r.PostFormValue("description"), IssueIDs: ids})
	}
	if err != nil {
		if !apperr.Is(err, apperr.Invalid) {
			return err
		}
		// The suggestion forms share field names; link the summary to the
		// first form's name field.
		return s.showSuggestions(w, r, http.StatusUnprocessableEntity, []fieldError{{Field: "name-" + r.PostFormValue("index"), Message: apperr.Message(err)}})
	}
	s.themesChanged(r)
	s.flash(w, "The theme “"+t.Name+"” has been made.")
	http.Redirect(w, r, "/themes/"+strconv.FormatInt(t.ID, 10), http.StatusSeeOther)
	return nil
}

// themeTool runs one organiser tool on theme {id} and re-shows the theme
// page with field errors, or redirects to the theme it names.
func (s *Server) themeTool(w http.ResponseWriter, r *http.Request, what string, fields map[string]string, run func(u people.User, id int64) (gather.Theme, string, error)) error {
	u, err := requireRole(r, people.RoleOrganiser, what)
	if err != nil {
		return err
	}
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	t, msg, err := run(u, id)
	if err != nil {
		f, ok := formFromError(r.PostForm, err, fields)
		if !ok {
			return err
		}
		return s.showTheme(w, r, id, http.StatusUnprocessableEntity, f, f.Errs)
	}
	s.themesChanged(r)
	s.flash(w, msg)
	http.Redirect(w, r, "/themes/"+strconv.FormatInt(t.ID, 10), http.StatusSeeOther)
	return nil
}

// themeRename: POST /themes/{id}/rename, organisers.
func (s *Server) themeRename(w http.ResponseWriter, r *http.Request) error {
	return s.themeTool(w, r, "rename themes", nil, func(u people.User, id int64) (gather.Theme, string, error) {
		t, err := s.gather.RenameTheme(r.Context(), u, id, r.PostFormValue("name"), r.PostFormValue("description"))
		return t, "The theme has been renamed.", err
	})
}

// themeMerge: POST /themes/{id}/merge, organisers; from = theme ids.
func (s *Server) themeMerge(w http.ResponseWriter, r *http.Request) error {
	return s.themeTool(w, r, "merge themes", nil, func(u people.User, id int64) (gather.Theme, string, error) {
		from, err := parseIDs(r.PostForm, "from")
		if err != nil {
			return gather.Theme{}, "", err
		}
		t, err := s.gather.MergeThemes(r.Context(), u, id, from)
		return t, "The themes have been merged.", err
	})
}

// themeSplit: POST /themes/{id}/split, organisers; issue ids and a new name.
func (s *Server) themeSplit(w http.ResponseWriter, r *http.Request) error {
	return s.themeTool(w, r, "split themes", map[string]string{"name": "split-name", "issues": "split-issues"}, func(u people.User, id int64) (gather.Theme, string, error) {
		ids, err := parseIDs(r.PostForm, "issue")
		if err != nil {
			return gather.Theme{}, "", apperr.Field("issues", "Choose from the list")
		}
		t, err := s.gather.SplitTheme(r.Context(), u, id, ids, r.PostFormValue("split-name"))
		return t, "The chosen issues are now a theme of their own.", err
	})
}
