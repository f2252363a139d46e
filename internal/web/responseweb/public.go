package responseweb

import (
	"bytes"
	"net/http"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/response"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// updateView is a progress update as the pages show it.
type updateView struct {
	response.Update
	StatusText string
}

// commitView is a commitment as the pages show it.
type commitView struct {
	response.Commitment
	URL        string
	StatusText string
	Overdue    bool // past its due date and not at 100%
	Last       *updateView
	Updates    []updateView
}

// recView is a passed recommendation with its answer, as pages show it.
type recView struct {
	response.RecReport
	Decision    string // in the page's language
	Tag         string // the NHS.UK tag colour of the decision
	Reasons     string // in the page's language
	Commitments []commitView
	Public      string // what the public consultation said of it, in the page's language; "" when nothing
}

// themeView is a theme with its recommendations.
type themeView struct {
	ID          int64
	Title       string
	Progress    int
	HasProgress bool
	Recs        []recView
	Commitments int
}

func tagOf(d response.Decision) string {
	switch d {
	case response.Accepted:
		return "green"
	case response.PartlyAccepted:
		return "yellow"
	}
	return "red"
}

func (h *Handler) commitView(r *http.Request, sts []response.Status, c response.Commitment) commitView {
	lang := kit.Lang(r)
	v := commitView{Commitment: c, URL: kit.RoundPath(c.CycleID, "/commitments/"+itoa(c.ID)), StatusText: statusLabel(sts, c.Status, lang),
		Overdue: c.Progress < 100 && response.Day(h.env.Now()).After(c.Due)}
	for _, u := range c.Updates {
		v.Updates = append(v.Updates, updateView{Update: u, StatusText: statusLabel(sts, u.Status, lang)})
	}
	if len(v.Updates) > 0 {
		v.Last = &v.Updates[0]
	}
	return v
}

func (h *Handler) recView(r *http.Request, sts []response.Status, rr response.RecReport, pub map[int64]Public) recView {
	v := recView{RecReport: rr, Public: publicSentence(r, pub[rr.ID])}
	if a := rr.Answer; a != nil {
		v.Decision, v.Tag, v.Reasons = kit.Msg(kit.Printer(r), a.Decision.Label()), tagOf(a.Decision), a.ReasonsIn(kit.Lang(r))
	}
	for _, c := range rr.Commitments {
		v.Commitments = append(v.Commitments, h.commitView(r, sts, c))
	}
	return v
}

func (h *Handler) themes(r *http.Request, rep response.Report, pub map[int64]Public) []themeView {
	var out []themeView
	for _, t := range rep.Themes {
		tv := themeView{ID: t.ID, Title: t.Title, Progress: t.Progress, HasProgress: t.HasProgress, Commitments: t.Commitments}
		for _, rr := range t.Recs {
			tv.Recs = append(tv.Recs, h.recView(r, rep.Statuses, rr, pub))
		}
		out = append(out, tv)
	}
	return out
}

type pageData struct {
	Cycle          cycle.Cycle
	Report         response.Report
	Themes         []themeView
	HasDeadline    bool
	DeadlinePassed bool
	Deadline       time.Time
	Accepted       int
	Partly         int
	NotAccepted    int
	CanRespond     bool
	CanOrganise    bool
	RespondAllowed bool
	Stocktake      bool // the stocktake report is published
}

// page: GET /cycles/{id}/response, public. The Board's answers beside each
// recommendation that passed, commitments and roll-ups.
func (h *Handler) page(w http.ResponseWriter, r *http.Request) error {
	c, err := h.cycle(r)
	if err != nil {
		return err
	}
	ctx, u, p := r.Context(), kit.User(r), kit.Printer(r)
	rep, err := h.d.Response.Report(ctx, c.ID)
	if err != nil {
		return err
	}
	pub, err := h.public(r, c.ID)
	if err != nil {
		return err
	}
	d := pageData{Cycle: c, Report: rep, Themes: h.themes(r, rep, pub), HasDeadline: !rep.Deadline.IsZero(), Deadline: rep.Deadline,
		DeadlinePassed: !rep.Deadline.IsZero() && h.env.Now().After(rep.Deadline),
		Accepted:       rep.Decisions[response.Accepted], Partly: rep.Decisions[response.PartlyAccepted], NotAccepted: rep.Decisions[response.NotAccepted],
		CanOrganise: u.Has(people.RoleOrganiser), RespondAllowed: c.Allows(cycle.Respond)}
	if d.CanRespond, err = h.d.Response.CanRespond(ctx, u, c.ID); err != nil {
		return err
	}
	if st, err := h.d.Response.Stocktake(ctx, c.ID); err == nil {
		d.Stocktake = st.IsPublished()
	} else if !apperr.Is(err, apperr.NotFound) {
		return err
	}
	h.rd.Page(w, r, http.StatusOK, "resp_page", &kit.Page{Title: p.T("The Board's response to %s", c.Title), Data: d, Breadcrumbs: crumbs(p, c)[:3]})
	return nil
}

// jsonFile: GET /cycles/{id}/responses.json, public.
func (h *Handler) jsonFile(w http.ResponseWriter, r *http.Request) error {
	c, err := h.cycle(r)
	if err != nil {
		return err
	}
	rep, err := h.d.Response.Report(r.Context(), c.ID)
	if err != nil {
		return err
	}
	return published(w, "application/json; charset=utf-8", response.MarshalJSON(response.Publish(rep)))
}

// csvFile: GET /cycles/{id}/commitments.csv, public: one row per commitment.
func (h *Handler) csvFile(w http.ResponseWriter, r *http.Request) error {
	c, err := h.cycle(r)
	if err != nil {
		return err
	}
	rep, err := h.d.Response.Report(r.Context(), c.ID)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Disposition", `attachment; filename="commitments.csv"`)
	return published(w, "text/csv; charset=utf-8", response.CSV(rep))
}

type commitmentData struct {
	Cycle      cycle.Cycle
	Rec        recView
	Commitment commitView
	CanRespond bool
}

// commitmentPage: GET /cycles/{id}/commitments/{cid}, public. One
// commitment with its updates, newest first.
func (h *Handler) commitmentPage(w http.ResponseWriter, r *http.Request) error {
	c, err := h.cycle(r)
	if err != nil {
		return err
	}
	cm, err := h.commitment(r, c.ID)
	if err != nil {
		return err
	}
	ctx, p := r.Context(), kit.Printer(r)
	rep, err := h.d.Response.Report(ctx, c.ID)
	if err != nil {
		return err
	}
	rr, _ := rep.Rec(cm.RecommendationID)
	d := commitmentData{Cycle: c, Rec: h.recView(r, rep.Statuses, rr, nil), Commitment: h.commitView(r, rep.Statuses, cm)}
	if d.CanRespond, err = h.d.Response.CanRespond(ctx, kit.User(r), c.ID); err != nil {
		return err
	}
	h.rd.Page(w, r, http.StatusOK, "resp_commitment", &kit.Page{Title: cm.Title, Data: d, Breadcrumbs: crumbs(p, c)})
	return nil
}

// chartRow is one bar of a chart.
type chartRow struct {
	Label, Value string // the label (shortened) and the value as shown
	Full         string // the label in full, for the table
	N            int    // the value
	Width        int    // the bar's length in the chart's units
	Y, TextY     int
}

// chart is a horizontal bar chart drawn as inline SVG, with a table of
// the same numbers for those who cannot see it.
type chart struct {
	ID, Title string
	Rows      []chartRow
	Height    int
}

const (
	barSpace = 36  // each row's height
	barMax   = 330 // the longest bar
)

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func makeChart(id, title string, rows []chartRow, max int) chart {
	ch := chart{ID: id, Title: title, Height: len(rows)*barSpace + 8}
	for i, row := range rows {
		row.Full = row.Label
		row.Label = shorten(row.Label, 32)
		if max > 0 {
			row.Width = row.N * barMax / max
		}
		row.Y = 4 + i*barSpace
		row.TextY = row.Y + 19
		ch.Rows = append(ch.Rows, row)
	}
	return ch
}

// charts are the stocktake's two charts: progress per theme, commitments
// per status.
func charts(p *i18n.Printer, rep response.Report) (chart, chart) {
	var themes, statuses []chartRow
	for _, t := range rep.Themes {
		themes = append(themes, chartRow{Label: t.Title, N: t.Progress, Value: pct(t.Progress)})
	}
	max := 1
	for _, c := range rep.Counts {
		max = maxInt(max, c.N)
	}
	for _, c := range rep.Counts {
		statuses = append(statuses, chartRow{Label: c.LabelIn(p.Lang()), N: c.N, Value: p.Number(c.N)})
	}
	return makeChart("chart-themes", p.T("Progress by theme"), themes, 100), makeChart("chart-statuses", p.T("Commitments by status"), statuses, max)
}

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}

type stocktakeData struct {
	Cycle       cycle.Cycle
	Stocktake   response.Stocktake
	Report      response.Report
	Themes      []themeView
	ThemeChart  chart
	StatusChart chart
	CanOrganise bool
}

// stocktakeReport returns the published stocktake and the report; NotFound
// until it is published.
func (h *Handler) stocktakeReport(r *http.Request, cycleID int64) (response.Stocktake, response.Report, error) {
	st, err := h.d.Response.Stocktake(r.Context(), cycleID)
	if err != nil {
		return st, response.Report{}, err
	}
	if !st.IsPublished() {
		return st, response.Report{}, apperr.New(apperr.NotFound, "The stocktake report has not been published yet.")
	}
	rep, err := h.d.Response.Report(r.Context(), cycleID)
	return st, rep, err
}

// stocktakePage: GET /cycles/{id}/stocktake, public once published. Where
// every commitment stands, with charts; it prints without the site's
// header and navigation.
func (h *Handler) stocktakePage(w http.ResponseWriter, r *http.Request) error {
	c, err := h.cycle(r)
	if err != nil {
		return err
	}
	st, rep, err := h.stocktakeReport(r, c.ID)
	if err != nil {
		return err
	}
	p := kit.Printer(r)
	d := stocktakeData{Cycle: c, Stocktake: st, Report: rep, Themes: h.themes(r, rep, nil), CanOrganise: kit.User(r).Has(people.RoleOrganiser)}
	d.ThemeChart, d.StatusChart = charts(p, rep)
	h.rd.Page(w, r, http.StatusOK, "resp_stocktake", &kit.Page{Title: p.T("Stocktake report: %s", c.Title), Data: d, Breadcrumbs: crumbs(p, c)})
	return nil
}

// stocktakeJSON: GET /cycles/{id}/stocktake.json, public once published.
func (h *Handler) stocktakeJSON(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	st, rep, err := h.stocktakeReport(r, id)
	if err != nil {
		return err
	}
	return published(w, "application/json; charset=utf-8", response.MarshalJSON(response.PublishStocktake(st, rep)))
}

// stocktakePDF: GET /cycles/{id}/stocktake.pdf, public once published: the
// report as a PDF in the request's language.
func (h *Handler) stocktakePDF(w http.ResponseWriter, r *http.Request) error {
	c, err := h.cycle(r)
	if err != nil {
		return err
	}
	st, rep, err := h.stocktakeReport(r, c.ID)
	if err != nil {
		return err
	}
	p := kit.Printer(r)
	k := pdfKey{c.ID, p.Lang()}
	sum, keep := pdfInputs(k.lang, c, st, rep)
	if e, ok := h.pdfs.get(k, sum); keep && ok {
		servePDF(w, r, e)
		return nil
	}
	var b bytes.Buffer
	if err := StocktakePDF(&b, p, c, st, rep, PDFOptions{Compress: true, Now: h.env.Now()}); err != nil {
		return apperr.Wrap(apperr.Internal, err, "making the stocktake PDF")
	}
	e := pdfEntry{sum: sum, body: b.Bytes()}
	if keep {
		h.pdfs.put(k, e)
	}
	servePDF(w, r, e)
	return nil
}
