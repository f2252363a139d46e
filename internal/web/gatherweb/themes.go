package gatherweb

import (
	"net/http"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// themeList: GET /themes?cycle=, public. The themes of one round (?cycle=,
// else the current round) ranked by distinct supporters, with the rule
// that sends some of them to the jury and where its cut-off falls.
func (h *Handler) themeList(w http.ResponseWriter, r *http.Request) error {
	rounds, err := h.roundOf(r)
	if err != nil {
		return err
	}
	d := themesData{Rounds: rounds}
	if rounds.Has {
		var all []gather.Theme
		if all, d.Rule, err = h.d.Themes.Shortlist(r.Context(), rounds.Round.ID); err != nil {
			return err
		}
		d.Forward, d.Below = all[:d.Rule.Count], all[d.Rule.Count:]
		d.Provisional = rounds.Round.Allows(cycle.ShapeThemes) || rounds.Round.Allows(cycle.Support)
	}
	h.rd.Render(w, r, http.StatusOK, "themes", kit.Printer(r).T("Themes"), d)
	return nil
}

// themesData is the data of the themes page.
type themesData struct {
	Rounds      roundChoice
	Rule        gather.ShortlistRule
	Forward     []gather.Theme // going forward to the jury, ranked
	Below       []gather.Theme // below the cut-off, ranked after them
	Provisional bool           // supports and themes can still change
}

type themeData struct {
	Theme    gather.Theme
	Items    []listItem
	More     bool
	Others   []gather.Theme // for organisers' merge tool
	Unthemed []listItem     // for organisers' add tool: popular issues in no theme
	Form     *kit.Form
	Rule     gather.ShortlistRule
	Rank     int // 1-based rank among the round's themes
}

// themeShow: GET /themes/{id}, public; organisers also get the theme tools.
func (h *Handler) themeShow(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.ParseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	return h.showTheme(w, r, id, http.StatusOK, &kit.Form{}, nil)
}

func (h *Handler) showTheme(w http.ResponseWriter, r *http.Request, id int64, code int, f *kit.Form, errs []kit.FieldError) error {
	ctx, u := r.Context(), kit.User(r)
	t, err := h.d.Themes.Theme(ctx, id)
	if err != nil {
		return err
	}
	list, err := h.d.Issues.ListIssues(ctx, u, gather.IssueQuery{ThemeID: id, Sort: gather.SortSupported, PerPage: gather.MaxPerPage})
	if err != nil {
		return err
	}
	d := themeData{Theme: t, More: list.HasMore, Form: f}
	if d.Items, err = h.items(r, list.Issues); err != nil {
		return err
	}
	all, rule, err := h.d.Themes.Shortlist(ctx, t.CycleID)
	if err != nil {
		return err
	}
	d.Rule = rule
	for i, o := range all {
		if o.ID == t.ID {
			d.Theme.Shortlisted, d.Rank = o.Shortlisted, i+1
		}
	}
	if u.Has(people.RoleOrganiser) {
		for _, o := range all {
			if o.ID != t.ID {
				d.Others = append(d.Others, o)
			}
		}
		if d.Unthemed, err = h.unthemed(r, t.CycleID, unthemedShown); err != nil {
			return err
		}
		if f.Values == nil {
			f.Values = map[string][]string{"name": {t.Name}, "description": {t.Description}}
		}
	}
	h.rd.Page(w, r, code, "theme", &kit.Page{Title: t.Name, Errors: errs, Data: d, Breadcrumbs: homeCrumbs(r, kit.Printer(r).T("Themes"), "/themes")})
	return nil
}

// themeCreate: POST /themes, organisers; name and issue ids (from a
// suggestion).
func (h *Handler) themeCreate(w http.ResponseWriter, r *http.Request) error {
	u := kit.User(r)
	ids, err := kit.ParseIDs(r.PostForm, "issue")
	if err == nil && len(ids) == 0 {
		err = apperr.Field("issues", "Choose at least one issue for the theme")
	}
	var t gather.Theme
	if err == nil {
		var c cycle.Cycle
		if c, err = h.d.Rounds.Current(r.Context()); err != nil {
			return err
		}
		t, err = h.d.Themes.CreateTheme(r.Context(), u, gather.ThemeDraft{CycleID: c.ID, Name: r.PostFormValue("name"), Description: r.PostFormValue("description"), IssueIDs: ids})
	}
	if err != nil {
		if !apperr.Is(err, apperr.Invalid) {
			return err
		}
		// The suggestion forms share field names; link the summary to the
		// name field of the form that was sent.
		idx := r.PostFormValue("index")
		r.PostForm.Set("name-"+idx, r.PostForm.Get("name")) // the inputs' ids, for showing the values again
		r.PostForm.Set("description-"+idx, r.PostForm.Get("description"))
		f, ok := kit.FormFromError(r, r.PostForm, err, map[string]string{"name": "name-" + idx, "issues": "name-" + idx, "description": "description-" + idx})
		if !ok {
			return err
		}
		return h.showSuggestions(w, r, http.StatusUnprocessableEntity, f)
	}
	if rq := r.PostFormValue("request"); rq != "" {
		if rid, err := kit.ParseID(rq); err == nil {
			if err := h.d.Moderation.ResolveCombine(r.Context(), u, rid, gather.OutcomeCombined, ""); err != nil && !apperr.Is(err, apperr.Conflict) {
				return err
			}
		}
	}
	h.themesChanged(r.Context())
	return h.rd.SeeOther(w, r, themePath(t.ID), kit.Printer(r).T("The theme “%s” has been made.", t.Name))
}

// themeTool runs one organiser tool on theme {id} and shows the theme
// page again with field errors, or redirects to the theme it names with
// the message done (translated).
func (h *Handler) themeTool(w http.ResponseWriter, r *http.Request, fields map[string]string, run func(u people.User, id int64) (gather.Theme, string, error)) error {
	id, err := kit.ParseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	t, done, err := run(kit.User(r), id)
	if err != nil {
		f, ok := kit.FormFromError(r, r.PostForm, err, fields)
		if !ok {
			return err
		}
		return h.showTheme(w, r, id, http.StatusUnprocessableEntity, f, f.Errs)
	}
	h.themesChanged(r.Context())
	return h.rd.SeeOther(w, r, themePath(t.ID), done)
}

// themeRename: POST /themes/{id}/rename, organisers.
func (h *Handler) themeRename(w http.ResponseWriter, r *http.Request) error {
	return h.themeTool(w, r, nil, func(u people.User, id int64) (gather.Theme, string, error) {
		t, err := h.d.Themes.RenameTheme(r.Context(), u, id, r.PostFormValue("name"), r.PostFormValue("description"))
		return t, kit.Printer(r).T("The theme has been renamed."), err
	})
}

// themeMerge: POST /themes/{id}/merge, organisers; from = theme ids.
// Without confirm=yes it shows what the merge would do and asks first
// (merging cannot be undone: the merged themes are deleted).
func (h *Handler) themeMerge(w http.ResponseWriter, r *http.Request) error {
	if r.PostFormValue("confirm") != "yes" {
		id, err := kit.ParseID(r.PathValue("id"))
		if err != nil {
			return err
		}
		from, err := kit.ParseIDs(r.PostForm, "from")
		if err != nil {
			return err
		}
		return h.themeMergeConfirm(w, r, id, from)
	}
	return h.themeTool(w, r, nil, func(u people.User, id int64) (gather.Theme, string, error) {
		from, err := kit.ParseIDs(r.PostForm, "from")
		if err != nil {
			return gather.Theme{}, "", err
		}
		t, err := h.d.Themes.MergeThemes(r.Context(), u, id, from)
		return t, kit.Printer(r).T("The themes have been merged."), err
	})
}

// themeSplit: POST /themes/{id}/split, organisers; issue ids and a new name.
func (h *Handler) themeSplit(w http.ResponseWriter, r *http.Request) error {
	return h.themeTool(w, r, map[string]string{"name": "split-name", "issues": "split-issues"}, func(u people.User, id int64) (gather.Theme, string, error) {
		ids, err := kit.ParseIDs(r.PostForm, "issue")
		if err != nil {
			return gather.Theme{}, "", apperr.Field("issues", "Choose from the list")
		}
		t, err := h.d.Themes.SplitTheme(r.Context(), u, id, ids, r.PostFormValue("split-name"))
		return t, kit.Printer(r).T("The chosen issues are now a theme of their own."), err
	})
}
