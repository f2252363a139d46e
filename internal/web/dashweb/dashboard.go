package dashweb

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// maxSubjects bounds the subjects listed under who is taking part.
const maxSubjects = 10

// roundOption is a round in the chooser.
type roundOption struct {
	ID       int64
	Title    string
	Selected bool
}

// phaseRow is one phase of the round's timeline.
type phaseRow struct {
	cycle.PhaseState
	Title string
}

// share is a row of a participation table with its bar's width (percent
// of the largest row).
type share struct {
	Name    string
	URL     string
	Figures []int
	Percent int
}

type dashData struct {
	Cycle    cycle.Cycle
	Rounds   []roundOption
	Totals   gather.DayCount // sums over the round (People: the busiest day's)
	Days     []gather.DayCount
	Charts   []chart
	Orgs     []share
	Subjects []share
	Phases   []phaseRow
}

// dashboard: GET /dashboard[?cycle=ID], organisers. The round's activity,
// who takes part, and its phases.
func (h *Handler) dashboard(w http.ResponseWriter, r *http.Request) error {
	if err := people.MustRole(kit.User(r), people.RoleOrganiser); err != nil {
		return err
	}
	ctx, p := r.Context(), kit.Printer(r)
	var c cycle.Cycle
	var err error
	if s := r.URL.Query().Get("cycle"); s != "" {
		id, perr := kit.ParseID(s)
		if perr != nil {
			return perr
		}
		c, err = h.d.Rounds.Cycle(ctx, id)
	} else {
		c, err = h.d.Rounds.Current(ctx)
	}
	if err != nil {
		return err
	}
	rounds, err := h.d.Rounds.Cycles(ctx, 0)
	if err != nil {
		return err
	}
	moves, err := h.d.Rounds.Timeline(ctx, c.ID)
	if err != nil {
		return err
	}
	counts, err := h.d.Stats.DailyActivity(ctx, c.ID)
	if err != nil {
		return err
	}
	orgs, tags, err := h.d.Stats.Participation(ctx, c.ID, maxSubjects)
	if err != nil {
		return err
	}
	d := dashData{Cycle: c}
	for _, rc := range rounds {
		d.Rounds = append(d.Rounds, roundOption{ID: rc.ID, Title: rc.Title, Selected: rc.ID == c.ID})
	}
	end := h.env.Now()
	if g := c.Planned(cycle.Gather); !g.Ends.IsZero() && g.Ends.Before(end) {
		end = g.Ends
	}
	d.Days = days(counts, c.Planned(cycle.Gather).Starts, end)
	for _, dc := range d.Days {
		d.Totals.Issues += dc.Issues
		d.Totals.Supports += dc.Supports
		d.Totals.People = max(d.Totals.People, dc.People)
	}
	d.Charts = h.charts(p, d.Days)
	d.Orgs = orgShares(orgs)
	d.Subjects = tagShares(tags)
	for _, s := range c.States(moves) {
		d.Phases = append(d.Phases, phaseRow{PhaseState: s, Title: kit.Msg(p, s.Phase.Title())})
	}
	h.rd.Page(w, r, http.StatusOK, "dashboard", &kit.Page{Title: p.T("Dashboard: %s", c.Title), Data: d,
		Breadcrumbs: []kit.Crumb{{Label: p.T("Home"), URL: "/"}, {Label: p.T("Rounds"), URL: "/cycles"}}})
	return nil
}

// charts draws the three measures.
func (h *Handler) charts(p *i18n.Printer, ds []gather.DayCount) []chart {
	day := func(t time.Time) string { return p.Date(t) }
	return []chart{
		newChart("chart-issues", p.T("Issues raised each day"), ds, func(c gather.DayCount) int { return c.Issues },
			func(n int, t time.Time) string { return p.T("Issues raised on %s: %s", day(t), strconv.Itoa(n)) }, day),
		newChart("chart-supports", p.T("Supports given each day"), ds, func(c gather.DayCount) int { return c.Supports },
			func(n int, t time.Time) string { return p.T("Supports given on %s: %s", day(t), strconv.Itoa(n)) }, day),
		newChart("chart-people", p.T("People taking part each day"), ds, func(c gather.DayCount) int { return c.People },
			func(n int, t time.Time) string { return p.T("People taking part on %s: %s", day(t), strconv.Itoa(n)) }, day),
	}
}

func orgShares(orgs []gather.OrgShare) []share {
	top := 1
	for _, o := range orgs {
		top = max(top, o.Supports)
	}
	out := make([]share, len(orgs))
	for i, o := range orgs {
		out[i] = share{Name: o.Name, Figures: []int{o.Representatives, o.Issues, o.Supports}, Percent: 100 * o.Supports / top}
	}
	return out
}

func tagShares(tags []gather.TagShare) []share {
	top := 1
	for _, t := range tags {
		top = max(top, t.People)
	}
	out := make([]share, len(tags))
	for i, t := range tags {
		out[i] = share{Name: t.Tag, URL: "/issues?tag=" + url.QueryEscape(t.Tag), Figures: []int{t.Issues, t.People}, Percent: 100 * t.People / top}
	}
	return out
}
