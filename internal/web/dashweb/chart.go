package dashweb

import (
	"time"

	"github.com/folkmoot/folkmoot/internal/gather"
)

// Chart geometry, in SVG user units: the SVG scales to the page's width.
const (
	chartW, chartH = 600, 200
	chartTop       = 30 // room for the largest value's label
	chartBottom    = 30 // room for the first and last dates
)

// chart is one measure over the round's days, drawn as bars.
type chart struct {
	ID      string // for aria-labelledby
	Title   string // translated: "Issues raised each day"
	Summary string // translated: the total, the busiest day
	Max     int
	Bars    []bar
	W, H    int
	BaseY   int // the y of the bars' base line
	First   string
	Last    string
}

// bar is one day's bar.
type bar struct {
	X, Y, W, H float64
	Label      string // "3 on 12 March 2026", the SVG title of the bar
}

// days fills the gaps between the first and last day of activity (or
// from until to) with zero days, so that each bar is one calendar day.
func days(counts []gather.DayCount, from, to time.Time) []gather.DayCount {
	from, to = from.UTC().Truncate(24*time.Hour), to.UTC().Truncate(24*time.Hour)
	if len(counts) > 0 {
		if counts[0].Day.Before(from) || from.IsZero() {
			from = counts[0].Day
		}
		if last := counts[len(counts)-1].Day; last.After(to) {
			to = last
		}
	}
	if from.IsZero() || to.Before(from) {
		return counts
	}
	if to.Sub(from) > 400*24*time.Hour { // a long round: the last 400 days
		from = to.Add(-400 * 24 * time.Hour)
	}
	byDay := make(map[time.Time]gather.DayCount, len(counts))
	for _, c := range counts {
		byDay[c.Day] = c
	}
	var out []gather.DayCount
	for d := from; !d.After(to); d = d.Add(24 * time.Hour) {
		c := byDay[d]
		c.Day = d
		out = append(out, c)
	}
	return out
}

// newChart draws value over ds; label formats one bar's title.
func newChart(id, title string, ds []gather.DayCount, value func(gather.DayCount) int, label func(n int, day time.Time) string, date func(time.Time) string) chart {
	c := chart{ID: id, Title: title, W: chartW, H: chartH, BaseY: chartH - chartBottom}
	for _, d := range ds {
		c.Max = max(c.Max, value(d))
	}
	if len(ds) == 0 {
		return c
	}
	c.First, c.Last = date(ds[0].Day), date(ds[len(ds)-1].Day)
	step := float64(chartW) / float64(len(ds))
	plot := float64(c.BaseY - chartTop)
	for i, d := range ds {
		n := value(d)
		h := 0.0
		if c.Max > 0 {
			h = plot * float64(n) / float64(c.Max)
		}
		c.Bars = append(c.Bars, bar{X: float64(i)*step + step*0.1, W: step * 0.8, Y: float64(c.BaseY) - h, H: h, Label: label(n, d.Day)})
	}
	return c
}
