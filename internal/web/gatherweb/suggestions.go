package gatherweb

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// suggestionsPer is the number of suggested themes on one page.
const suggestionsPer = 10

type suggestion struct {
	Index int // 0-based over every suggestion, so ids stay unique across pages
	Name  string
	Items []listItem
	IDs   []int64
}

// combineRequest is someone's "could these be combined?" report with both
// issues.
type combineRequest struct {
	Report gather.Report
	Items  []listItem
}

type suggestionsData struct {
	Suggestions      []suggestion
	Total            int
	PrevURL, NextURL string
	Requests         []combineRequest
	Unthemed         []listItem
	Form             *kit.Form
}

// themeSuggestions: GET /themes/suggestions[?page=], organisers. Requests
// to combine two issues, proposed groups of similar issues (each to
// confirm as a theme or reject), and the most supported issues in no
// theme.
func (h *Handler) themeSuggestions(w http.ResponseWriter, r *http.Request) error {
	return h.showSuggestions(w, r, http.StatusOK, &kit.Form{})
}

func (h *Handler) showSuggestions(w http.ResponseWriter, r *http.Request, code int, form *kit.Form) error {
	ctx, u := r.Context(), kit.User(r)
	d := suggestionsData{Form: form}
	c, err := h.d.Rounds.Current(ctx)
	switch {
	case apperr.Is(err, apperr.NotFound):
	case err != nil:
		return err
	default:
		if err := h.fillSuggestions(r, c, &d); err != nil {
			return err
		}
	}
	reqs, err := h.d.Moderation.Reports(ctx, u, gather.ReportQuery{Combine: true, Open: true, Limit: 50})
	if err != nil {
		return err
	}
	for _, rq := range reqs {
		var issues []gather.Issue
		for _, id := range []int64{rq.IssueID, rq.OtherIssueID} {
			if iss, err := h.d.Issues.Issue(ctx, u, id); err == nil {
				issues = append(issues, iss)
			}
		}
		items, err := h.items(r, issues)
		if err != nil {
			return err
		}
		d.Requests = append(d.Requests, combineRequest{Report: rq, Items: items})
	}
	p := kit.Printer(r)
	h.rd.Page(w, r, code, "suggestions", &kit.Page{Title: p.T("Suggested themes"), Errors: form.Errs,
		Data: d, Breadcrumbs: homeCrumbs(r, p.T("Themes"), "/themes")})
	return nil
}

// fillSuggestions adds the round's suggested themes (not rejected, issues
// still open and in no theme), one page of them, and its issues in no
// theme.
func (h *Handler) fillSuggestions(r *http.Request, c cycle.Cycle, d *suggestionsData) error {
	ctx, u := r.Context(), kit.User(r)
	var err error
	if d.Unthemed, err = h.unthemed(r, c.ID, unthemedShown); err != nil {
		return err
	}
	if h.d.Similar == nil {
		return nil
	}
	groups, err := h.d.Similar.Groups(ctx)
	if err != nil {
		return err
	}
	rejected, err := h.d.Themes.RejectedSuggestions(ctx, u, c.ID)
	if err != nil {
		return err
	}
	var all []suggestion
	for _, g := range groups {
		var issues []gather.Issue
		for _, id := range g.IssueIDs {
			iss, err := h.d.Issues.Issue(ctx, u, id)
			if err == nil && iss.Status == gather.StatusOpen && iss.ThemeID == 0 && iss.CycleID == c.ID {
				issues = append(issues, iss)
			}
		}
		if len(issues) < 2 {
			continue
		}
		s := suggestion{Name: g.Name}
		for _, iss := range issues {
			s.IDs = append(s.IDs, iss.ID)
		}
		slices.Sort(s.IDs)
		if gather.Rejected(rejected, s.IDs) {
			continue
		}
		if s.Items, err = h.items(r, issues); err != nil {
			return err
		}
		s.Index = len(all)
		all = append(all, s)
	}
	d.Total = len(all)
	pg, _ := strconv.Atoi(r.URL.Query().Get("page"))
	pg = max(1, min(pg, (len(all)+suggestionsPer-1)/suggestionsPer))
	lo := (pg - 1) * suggestionsPer
	d.Suggestions = all[lo:min(len(all), lo+suggestionsPer)]
	if lo+suggestionsPer < len(all) {
		d.NextURL = "/themes/suggestions?page=" + strconv.Itoa(pg+1)
	}
	if pg > 1 {
		d.PrevURL = "/themes/suggestions?page=" + strconv.Itoa(pg-1)
	}
	return nil
}

// suggestionReject: POST /themes/suggestions/reject, organisers; issue =
// the ids the suggestion grouped, reason optional. The grouping is not
// suggested again.
func (h *Handler) suggestionReject(w http.ResponseWriter, r *http.Request) error {
	ids, err := kit.ParseIDs(r.PostForm, "issue")
	if err != nil {
		return err
	}
	c, err := h.d.Rounds.Current(r.Context())
	if err != nil {
		return err
	}
	if err := h.d.Themes.RejectSuggestion(r.Context(), kit.User(r), c.ID, ids, r.PostFormValue("reason")); err != nil {
		return err
	}
	return h.rd.SeeOther(w, r, "/themes/suggestions", kit.Printer(r).T("The suggestion has been rejected: it will not be suggested again."))
}

// combineAnswer: POST /themes/requests/{id}/decline, organisers; declines a
// request to combine two issues (note optional). Accepting one is making
// a theme of both (POST /themes with request={id}).
func (h *Handler) combineAnswer(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.ParseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := h.d.Moderation.ResolveCombine(r.Context(), kit.User(r), id, gather.OutcomeDeclined, r.PostFormValue("note")); err != nil {
		nid := "note-" + strconv.FormatInt(id, 10)
		r.PostForm.Set(nid, r.PostForm.Get("note"))
		f, ok := kit.FormFromError(r, r.PostForm, err, map[string]string{"reason": nid})
		if !ok {
			return err
		}
		return h.showSuggestions(w, r, http.StatusUnprocessableEntity, f)
	}
	return h.rd.SeeOther(w, r, "/themes/suggestions", kit.Printer(r).T("The request has been answered: the two issues stay apart."))
}
