package report

import (
	"fmt"
	"html"
	"io"
	"math"
	"slices"

	"github.com/folkmoot/folkmoot/internal/opinions"
)

// Palette is the Okabe–Ito colour-blind-safe palette; group g gets
// Palette[g % len(Palette)]. Unclustered participants are grey.
var Palette = []string{"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442"}

const unclusteredColour = "#b0b0b0"

// SVG writes the opinion map of res as an SVG image of the given size in
// pixels: one dot per participant at its projection, coloured by group, with
// each group's label at its centre. Extreme outliers beyond the 99th
// percentile of distance from the origin are drawn at the edge.
func SVG(w io.Writer, res *opinions.Result, width, height int) error {
	const margin = 24.0
	radius := 1.0
	for _, p := range res.Points {
		if p.Group >= 0 {
			radius = max(radius, math.Abs(p.X), math.Abs(p.Y))
		}
	}
	if d := distances(res.Points); len(d) > 0 {
		radius = max(d[len(d)*99/100], 1e-9)
	}
	sx := (float64(width) - 2*margin) / (2 * radius)
	sy := (float64(height) - 2*margin) / (2 * radius)
	s := min(sx, sy)
	cx, cy := float64(width)/2, float64(height)/2
	clamp := func(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }
	px := func(x float64) float64 { return clamp(cx+x*s, margin/2, float64(width)-margin/2) }
	py := func(y float64) float64 { return clamp(cy-y*s, margin/2, float64(height)-margin/2) }

	var err error
	pf := func(format string, args ...any) {
		if err == nil {
			_, err = fmt.Fprintf(w, format, args...)
		}
	}
	pf(`<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-labelledby="om-title">`+"\n", width, height, width, height)
	pf(`<title id="om-title">Opinion map: %d participants, %d clustered into %d groups</title>`+"\n", res.Participants, res.Clustered, res.K)
	pf(`<rect width="100%%" height="100%%" fill="#ffffff"/>` + "\n")
	pf(`<line x1="%g" y1="%.1f" x2="%g" y2="%.1f" stroke="#e0e0e0"/><line x1="%.1f" y1="%g" x2="%.1f" y2="%g" stroke="#e0e0e0"/>`+"\n",
		margin/2, cy, float64(width)-margin/2, cy, cx, margin/2, cx, float64(height)-margin/2)
	// Unclustered first, so groups are drawn on top.
	for pass := range 2 {
		for _, p := range res.Points {
			if (p.Group >= 0) != (pass == 1) {
				continue
			}
			colour, r := unclusteredColour, 1.5
			if p.Group >= 0 {
				colour, r = Palette[p.Group%len(Palette)], 2.5
			}
			pf(`<circle cx="%.1f" cy="%.1f" r="%g" fill="%s" fill-opacity="0.75"><title>participant %d</title></circle>`+"\n",
				px(p.X), py(p.Y), r, colour, p.Participant)
		}
	}
	for _, g := range res.Groups {
		x, y := px(g.Center[0]), py(g.Center[1])
		pf(`<g><circle cx="%.1f" cy="%.1f" r="11" fill="#ffffff" stroke="%s" stroke-width="2"/>`, x, y, Palette[g.ID%len(Palette)])
		pf(`<text x="%.1f" y="%.1f" text-anchor="middle" font-family="sans-serif" font-size="12" font-weight="bold">%s</text></g>`+"\n",
			x, y+4, html.EscapeString(GroupLabel(g.ID)))
	}
	pf("</svg>\n")
	return err
}

// GroupLabel names group g as Pol.is does: A, B, C, ...
func GroupLabel(g int) string {
	if g >= 0 && g < 26 {
		return string(rune('A' + g))
	}
	return fmt.Sprintf("G%d", g)
}

func distances(pts []opinions.Point) []float64 {
	var d []float64
	for _, p := range pts {
		if p.Group >= 0 {
			d = append(d, math.Hypot(p.X, p.Y))
		}
	}
	slices.Sort(d)
	return d
}
