package selection

import (
	"fmt"
	"html/template"
	"io"
	"sort"
	"strings"
)

// Chart draws the sorted selection probabilities across the pool as an
// SVG image, with the line k/n (everyone's probability under a uniform
// draw without quotas) for reference.
func Chart(probs []float64, kn float64) string {
	const w, h, pad = 640.0, 320.0, 40.0
	p := append([]float64(nil), probs...)
	sort.Float64s(p)
	top := kn
	for _, x := range p {
		top = max(top, x)
	}
	top = max(top*1.05, 1e-9)
	x := func(i int) float64 { return pad + (w-2*pad)*float64(i)/float64(max(1, len(p)-1)) }
	y := func(v float64) float64 { return h - pad - (h-2*pad)*v/top }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %g %g" role="img" aria-label="Selection probability of every pool member, sorted">`, w, h)
	fmt.Fprintf(&b, `<rect width="%g" height="%g" fill="white"/>`, w, h)
	fmt.Fprintf(&b, `<line x1="%g" y1="%g" x2="%g" y2="%g" stroke="black"/>`, pad, h-pad, w-pad, h-pad)
	fmt.Fprintf(&b, `<line x1="%g" y1="%g" x2="%g" y2="%g" stroke="black"/>`, pad, pad, pad, h-pad)
	fmt.Fprintf(&b, `<line x1="%g" y1="%.2f" x2="%g" y2="%.2f" stroke="#999" stroke-dasharray="4 4"/>`, pad, y(kn), w-pad, y(kn))
	fmt.Fprintf(&b, `<text x="%g" y="%.2f" font-size="11" fill="#555">k/n = %.4f</text>`, w-pad-90, y(kn)-4, kn)
	b.WriteString(`<polyline fill="none" stroke="#005eb8" stroke-width="2" points="`)
	step := max(1, len(p)/600)
	for i := 0; i < len(p); i += step {
		fmt.Fprintf(&b, "%.1f,%.2f ", x(i), y(p[i]))
	}
	fmt.Fprintf(&b, "%.1f,%.2f", x(len(p)-1), y(p[len(p)-1]))
	b.WriteString(`"/>`)
	fmt.Fprintf(&b, `<text x="%g" y="%g" font-size="11">0</text><text x="4" y="%g" font-size="11">%.3f</text>`, pad-10, h-pad+4, pad+4, top)
	fmt.Fprintf(&b, `<text x="%g" y="%g" font-size="12" text-anchor="middle">pool members, sorted by selection probability</text>`, w/2, h-10)
	b.WriteString(`</svg>`)
	return b.String()
}

var reportTmpl = template.Must(template.New("report").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Selection report</title>
<style>body{font-family:Arial,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}</style></head>
<body><h1>Selection report</h1>
<p>Algorithm <strong>{{.Alg}}</strong>; panel size {{.K}} from a pool of {{.N}}; {{.Panels}} panel profiles with positive probability;
smallest selection probability {{printf "%.6f" .Min}} (k/n = {{printf "%.6f" .KN}}); computed in {{printf "%.1f" .Seconds}} s.</p>
{{if .Hash}}<h2>Verifiable lottery</h2><p>{{.Tickets}} tickets; list hash (SHA-256 of lottery.csv) <code>{{.Hash}}</code>.
{{if .Ticket}}Public seed drew ticket <strong>{{.Ticket}}</strong>.{{else}}No public seed given yet: no panel drawn.{{end}}</p>{{end}}
<h2>Selection probabilities</h2>{{.SVG}}
<h2>Quotas</h2><table>{{range $i, $r := .Quotas}}<tr>{{range $r}}{{if eq $i 0}}<th>{{.}}</th>{{else}}<td>{{.}}</td>{{end}}{{end}}</tr>{{end}}</table>
<h2>Selected</h2><ol>{{range .Selected}}<li>{{.}}</li>{{end}}</ol>
<h2>Reserves (in order)</h2><ol>{{range .Reserves}}<li>{{.}}</li>{{end}}</ol>
</body></html>
`))

// writeReport writes report.html: the whole outcome on one page, with
// the chart svg inline.
func (o *Outcome) writeReport(w io.Writer, svg string) error {
	in := o.Instance
	data := map[string]any{
		"Alg": o.Algorithm, "K": in.K, "N": len(in.People), "Panels": o.Panels, "Min": o.Min,
		"KN": float64(in.K) / float64(len(in.People)), "Seconds": o.Elapsed.Seconds(), "Hash": o.ListHash, "Ticket": o.Ticket,
		"SVG": template.HTML(svg), "Quotas": QuotaRows(in, o.Selected), "Selected": o.IDs(o.Selected), "Reserves": o.IDs(o.Reserves),
	}
	if o.Lottery != nil {
		data["Tickets"] = len(o.Lottery.Tickets)
	}
	return reportTmpl.Execute(w, data)
}
