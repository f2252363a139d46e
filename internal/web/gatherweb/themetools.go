package gatherweb

import (
	"net/http"
	"strings"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// unthemedShown is how many of the most supported issues in no theme the
// organisers' pages offer to add to a theme.
const unthemedShown = 15

// unthemed returns up to n of a round's most supported open issues that
// are in no theme.
func (h *Handler) unthemed(r *http.Request, cycleID int64, n int) ([]listItem, error) {
	list, err := h.d.Issues.ListIssues(r.Context(), kit.User(r), gather.IssueQuery{CycleID: cycleID, Sort: gather.SortSupported, PerPage: 200})
	if err != nil {
		return nil, err
	}
	var out []gather.Issue
	for _, iss := range list.Issues {
		if iss.ThemeID == 0 && len(out) < n {
			out = append(out, iss)
		}
	}
	return h.items(r, out)
}

// parseNumbers reads the "numbers" field: issue numbers separated by
// commas or spaces, as organisers type them ("12, 15 31").
func parseNumbers(s string) ([]int64, error) {
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\r' || r == '\t' || r == ';' })
	ids := gather.SplitIDs(strings.Join(fields, ","))
	if len(ids) != len(fields) {
		return nil, apperr.Field("numbers", "Enter issue numbers separated by commas, like 12, 15")
	}
	if len(ids) > kit.MaxIDs {
		return nil, apperr.Field("numbers", "Enter %d numbers or fewer", kit.MaxIDs)
	}
	return ids, nil
}

// themeAdd: POST /themes/{id}/add, organisers; add = ids chosen from the
// list, numbers = ids typed.
func (h *Handler) themeAdd(w http.ResponseWriter, r *http.Request) error {
	return h.themeTool(w, r, nil, func(u people.User, id int64) (gather.Theme, string, error) {
		ids, err := kit.ParseIDs(r.PostForm, "add")
		if err != nil {
			return gather.Theme{}, "", err
		}
		typed, err := parseNumbers(r.PostFormValue("numbers"))
		if err != nil {
			return gather.Theme{}, "", err
		}
		ids = append(ids, typed...)
		if len(ids) == 0 {
			return gather.Theme{}, "", apperr.Field("add", "Choose the issues to add, or type their numbers")
		}
		if err := h.d.Themes.AddToTheme(r.Context(), u, id, ids); err != nil {
			if apperr.Is(err, apperr.NotFound) {
				err = apperr.Field("numbers", "One of those numbers is not an issue")
			} else if e, ok := err.(*apperr.Error); ok && e.Field == "issues" {
				err = apperr.Field("numbers", "%s", e.Message)
			}
			return gather.Theme{}, "", err
		}
		t, err := h.d.Themes.Theme(r.Context(), id)
		return t, kit.Printer(r).N(len(ids), "%d issue added to the theme.", "%d issues added to the theme."), err
	})
}

// themeRemove: POST /themes/{id}/remove, organisers; remove = ids.
func (h *Handler) themeRemove(w http.ResponseWriter, r *http.Request) error {
	return h.themeTool(w, r, nil, func(u people.User, id int64) (gather.Theme, string, error) {
		ids, err := kit.ParseIDs(r.PostForm, "remove")
		if err != nil {
			return gather.Theme{}, "", err
		}
		// Only issues of this theme: a stale form must not empty another.
		list, err := h.d.Issues.ListIssues(r.Context(), u, gather.IssueQuery{ThemeID: id, Sort: gather.SortNewest, PerPage: gather.MaxPerPage, Statuses: []gather.Status{gather.StatusOpen, gather.StatusWithdrawn, gather.StatusHidden}})
		if err != nil {
			return gather.Theme{}, "", err
		}
		in := map[int64]bool{}
		for _, iss := range list.Issues {
			in[iss.ID] = true
		}
		for _, i := range ids {
			if !in[i] {
				return gather.Theme{}, "", apperr.Field("remove", "Choose only issues that are in this theme")
			}
		}
		if err := h.d.Themes.RemoveFromTheme(r.Context(), u, ids); err != nil {
			return gather.Theme{}, "", err
		}
		t, err := h.d.Themes.Theme(r.Context(), id)
		return t, kit.Printer(r).N(len(ids), "%d issue taken out of the theme.", "%d issues taken out of the theme."), err
	})
}

// confirmData is the data of the page that asks before merging or
// deleting themes.
type confirmData struct {
	Theme  gather.Theme   // kept (merge) or deleted (delete)
	Merged []gather.Theme // merge: the themes that will be deleted
	Issues int            // merge: issues the kept theme will have
	Delete bool
}

// themeMergeConfirm shows what a merge will do and asks to confirm.
func (h *Handler) themeMergeConfirm(w http.ResponseWriter, r *http.Request, id int64, from []int64) error {
	t, err := h.d.Themes.Theme(r.Context(), id)
	if err != nil {
		return err
	}
	d := confirmData{Theme: t, Issues: t.Issues}
	for _, f := range from {
		if f == id {
			continue
		}
		o, err := h.d.Themes.Theme(r.Context(), f)
		if err != nil {
			return err
		}
		d.Merged = append(d.Merged, o)
		d.Issues += o.Issues
	}
	if len(d.Merged) == 0 {
		f := &kit.Form{Values: r.PostForm, Errs: []kit.FieldError{{Field: "from", Message: kit.Printer(r).T("Choose at least one other theme to merge")}}}
		return h.showTheme(w, r, id, http.StatusUnprocessableEntity, f, f.Errs)
	}
	h.confirmPage(w, r, kit.Printer(r).T("Merge themes into “%s”?", t.Name), d)
	return nil
}

// confirmPage shows the page asking to confirm a merge or a deletion.
func (h *Handler) confirmPage(w http.ResponseWriter, r *http.Request, title string, d confirmData) {
	h.rd.Page(w, r, http.StatusOK, "theme_confirm", &kit.Page{Title: title, Data: d,
		Breadcrumbs: []kit.Crumb{{Label: kit.Printer(r).T("Themes"), URL: "/themes"}, {Label: d.Theme.Name, URL: themePath(d.Theme.ID)}}})
}

// pathTheme reads the theme named by the path's {id}.
func (h *Handler) pathTheme(r *http.Request) (gather.Theme, error) {
	id, err := kit.ParseID(r.PathValue("id"))
	if err != nil {
		return gather.Theme{}, err
	}
	return h.d.Themes.Theme(r.Context(), id)
}

// themeDeleteForm: GET /themes/{id}/delete, organisers: asks to confirm.
func (h *Handler) themeDeleteForm(w http.ResponseWriter, r *http.Request) error {
	t, err := h.pathTheme(r)
	if err != nil {
		return err
	}
	h.confirmPage(w, r, kit.Printer(r).T("Delete the theme “%s”?", t.Name), confirmData{Theme: t, Delete: true})
	return nil
}

// themeDelete: POST /themes/{id}/delete, organisers. Its issues stay, in
// no theme.
func (h *Handler) themeDelete(w http.ResponseWriter, r *http.Request) error {
	t, err := h.pathTheme(r)
	if err != nil {
		return err
	}
	if err := h.d.Themes.DeleteTheme(r.Context(), kit.User(r), t.ID); err != nil {
		return err
	}
	h.themesChanged(r.Context())
	return h.rd.SeeOther(w, r, "/themes", kit.Printer(r).T("The theme “%s” has been deleted. Its issues are in no theme now.", t.Name))
}
