package gatherweb

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// queuePer is the number of reports on one page of the queue.
const queuePer = 50

// queueFilter is what the moderation queue shows, from the query string.
type queueFilter struct {
	Status   string // open (default), hidden, dismissed, all
	Kind     string // "", issue, comment
	Category string // "" or a gather.ReportCategory
	Page     int
}

// parseQueueFilter reads the filter; unknown values fall back to the
// default rather than fail, so an old bookmark still opens the queue.
func parseQueueFilter(v url.Values) (queueFilter, gather.ReportQuery) {
	f := queueFilter{Status: "open", Page: 1}
	q := gather.ReportQuery{Limit: queuePer + 1}
	if s := v.Get("status"); s == "all" {
		f.Status = s
	} else if o, ok := gather.ParseOutcome(s); ok && o != gather.OutcomeCombined && o != gather.OutcomeDeclined {
		f.Status = s
	}
	if f.Status != "all" {
		q.Outcome, q.Has = gather.ReportOutcome(f.Status), true
		if f.Status == "open" {
			q.Outcome = gather.OutcomeOpen
		}
	}
	switch k := gather.TargetKind(v.Get("kind")); k {
	case gather.KindIssue, gather.KindComment:
		f.Kind, q.Kind = string(k), k
	}
	if c := gather.ReportCategory(v.Get("category")); c.Valid() && c != gather.CategoryCombine {
		f.Category, q.Category = string(c), c
	}
	if p, err := strconv.Atoi(v.Get("page")); err == nil && p > 1 && p < 100000 {
		f.Page = p
	}
	q.Offset = (f.Page - 1) * queuePer
	return f, q
}

// query is the filter as a query string, for paging links.
func (f queueFilter) query(page int) string {
	v := url.Values{"status": {f.Status}}
	if f.Kind != "" {
		v.Set("kind", f.Kind)
	}
	if f.Category != "" {
		v.Set("category", f.Category)
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	return "/moderation?" + v.Encode()
}

// queueCounts are the numbers shown above the queue.
type queueCounts struct {
	Status     map[string]int // open, hidden, dismissed, all
	Category   map[string]int // within the chosen status
	Kind       map[string]int // within the chosen status
	Categories []gather.ReportCategory
}

func countQueue(cs []gather.ReportCount, f queueFilter) queueCounts {
	qc := queueCounts{Status: map[string]int{}, Category: map[string]int{}, Kind: map[string]int{}, Categories: gather.ModerationCategories}
	for _, c := range cs {
		st := string(c.Outcome)
		if st == "" {
			st = "open"
		}
		qc.Status[st] += c.N
		qc.Status["all"] += c.N
		if f.Status == "all" || f.Status == st {
			qc.Category[string(c.Category)] += c.N
			qc.Kind[string(c.Kind)] += c.N
			qc.Kind["all"] += c.N
		}
	}
	return qc
}

type queueData struct {
	Filter           queueFilter
	Counts           queueCounts
	Reports          []gather.Report
	PrevURL, NextURL string
	Form             *kit.Form
}

// moderationQueue: GET /moderation[?status=&kind=&category=&page=],
// moderators. Counts, filters, and one form to hide or dismiss the chosen
// reports with one reason.
func (h *Handler) moderationQueue(w http.ResponseWriter, r *http.Request) error {
	return h.showQueue(w, r, http.StatusOK, r.URL.Query(), &kit.Form{})
}

func (h *Handler) showQueue(w http.ResponseWriter, r *http.Request, code int, v url.Values, form *kit.Form) error {
	ctx, u := r.Context(), kit.User(r)
	f, q := parseQueueFilter(v)
	reports, err := h.d.Moderation.Reports(ctx, u, q)
	if err != nil {
		return err
	}
	counts, err := h.d.Moderation.ReportCounts(ctx, u, false)
	if err != nil {
		return err
	}
	d := queueData{Filter: f, Counts: countQueue(counts, f), Reports: reports, Form: form}
	if len(reports) > queuePer {
		d.Reports, d.NextURL = reports[:queuePer], f.query(f.Page+1)
	}
	if f.Page > 1 {
		d.PrevURL = f.query(f.Page - 1)
	}
	h.rd.Page(w, r, code, "moderation", &kit.Page{Title: kit.Printer(r).T("Reports to review"), Errors: form.Errs, Data: d})
	return nil
}

// moderationBulk: POST /moderation/bulk, moderators; report = ids,
// action = hide|dismiss, reason, withhold. The filter the queue showed
// comes back in hidden fields so the queue opens as it was.
func (h *Handler) moderationBulk(w http.ResponseWriter, r *http.Request) error {
	ctx, u, p := r.Context(), kit.User(r), kit.Printer(r)
	ids, err := kit.ParseIDs(r.PostForm, "report")
	var n int
	var done string
	if err == nil {
		switch r.PostFormValue("action") {
		case "hide":
			n, err = h.d.Moderation.HideReported(ctx, u, ids, r.PostFormValue("reason"), r.PostFormValue("withhold") == "yes")
			done = p.N(n, "%d item hidden. The reason is shown in the public moderation log.", "%d items hidden. The reason is shown in the public moderation log.")
		case "dismiss":
			n, err = h.d.Moderation.DismissReports(ctx, u, ids, r.PostFormValue("reason"))
			done = p.N(n, "%d report dismissed.", "%d reports dismissed.")
		default:
			err = apperr.Field("action", "Choose what to do with the chosen reports")
		}
	}
	back := url.Values{"status": {r.PostFormValue("status")}, "kind": {r.PostFormValue("kind")}, "category": {r.PostFormValue("category")}}
	if err != nil {
		f, ok := kit.FormFromError(r, r.PostForm, err, map[string]string{"report": "reports", "action": "action-hide"})
		if !ok {
			return err
		}
		return h.showQueue(w, r, http.StatusUnprocessableEntity, back, f)
	}
	f, _ := parseQueueFilter(back)
	return h.rd.SeeOther(w, r, f.query(1), done)
}
