package main

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"html/template"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/folkmoot/folkmoot/internal/sortition"
)

// readIDs reads the already-selected file: a CSV whose header has an id
// column (id or nationbuilder_id), or one id per line.
func readIDs(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if s := strings.TrimSpace(sc.Text()); s != "" {
			lines = append(lines, s)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(lines) == 0 {
		return nil, nil
	}
	if strings.Contains(lines[0], ",") {
		r := csv.NewReader(strings.NewReader(strings.Join(lines, "\n")))
		rows, err := r.ReadAll()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		col := -1
		for i, h := range rows[0] {
			if h := strings.ToLower(strings.TrimSpace(h)); h == "id" || h == "nationbuilder_id" {
				col = i
			}
		}
		if col < 0 {
			return nil, fmt.Errorf("%s: no id column in the header", path)
		}
		var ids []string
		for _, r := range rows[1:] {
			ids = append(ids, strings.TrimSpace(r[col]))
		}
		return ids, nil
	}
	if l := strings.ToLower(lines[0]); l == "id" || l == "nationbuilder_id" {
		lines = lines[1:]
	}
	return lines, nil
}

func writeCSV(path string, rows [][]string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	if err := w.WriteAll(rows); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func personRow(in *sortition.Instance, i int) []string {
	row := []string{in.People[i].ID}
	for c, v := range in.People[i].Values {
		row = append(row, in.Categories[c].Values[v].Name)
	}
	return row
}

func personHeader(in *sortition.Instance, first ...string) []string {
	h := append([]string{}, first...)
	h = append(h, "id")
	for _, c := range in.Categories {
		h = append(h, c.Name)
	}
	return h
}

// quotaRows is the quota table: target (min–max), pool and selected counts.
func quotaRows(in *sortition.Instance, panel []int) [][]string {
	rows := [][]string{{"category", "value", "min", "max", "pool", "selected"}}
	for c, cat := range in.Categories {
		for v, val := range cat.Values {
			pool, sel := 0, 0
			for _, p := range in.People {
				if p.Values[c] == v {
					pool++
				}
			}
			for _, i := range panel {
				if in.People[i].Values[c] == v {
					sel++
				}
			}
			rows = append(rows, []string{cat.Name, val.Name, strconv.Itoa(val.Min), strconv.Itoa(val.Max), strconv.Itoa(pool), strconv.Itoa(sel)})
		}
	}
	return rows
}

type outputs struct {
	in       *sortition.Instance
	alg      sortition.Algorithm
	probs    []float64
	min      float64
	panels   int
	selected []int
	reserves []int
	lottery  *sortition.Lottery
	listHash string
	ticket   int
	minLabel string
	seconds  float64
	kept     []int
}

// writeFiles writes the CSV files, chart.svg and report.html into dir.
func writeFiles(dir string, o *outputs) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	in := o.in
	sel := [][]string{personHeader(in)}
	for _, i := range o.selected {
		sel = append(sel, personRow(in, i))
	}
	res := [][]string{personHeader(in, "rank")}
	for r, i := range o.reserves {
		res = append(res, append([]string{strconv.Itoa(r + 1)}, personRow(in, i)...))
	}
	pr := [][]string{{"id", "probability"}}
	for i, p := range o.probs {
		pr = append(pr, []string{in.People[i].ID, strconv.FormatFloat(p, 'f', 8, 64)})
	}
	files := map[string][][]string{"selected.csv": sel, "reserves.csv": res, "probabilities.csv": pr, "quotas.csv": quotaRows(in, o.selected)}
	for name, rows := range files {
		if err := writeCSV(filepath.Join(dir, name), rows); err != nil {
			return err
		}
	}
	if o.lottery != nil {
		if err := os.WriteFile(filepath.Join(dir, "lottery.csv"), []byte(o.lottery.Text()), 0o644); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "lottery.sha256"), []byte(o.listHash+"  lottery.csv\n"), 0o644); err != nil {
			return err
		}
	}
	svg := chartSVG(o.probs, float64(in.K)/float64(len(in.People)))
	if err := os.WriteFile(filepath.Join(dir, "chart.svg"), []byte(svg), 0o644); err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(dir, "report.html"))
	if err != nil {
		return err
	}
	if err := writeReport(f, o, svg); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// chartSVG draws the sorted selection probabilities across the pool, with
// the k/n line for reference.
func chartSVG(probs []float64, kn float64) string {
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

func writeReport(w io.Writer, o *outputs, svg string) error {
	ids := func(idx []int) []string {
		out := make([]string, len(idx))
		for j, i := range idx {
			out[j] = o.in.People[i].ID
		}
		return out
	}
	data := map[string]any{
		"Alg": o.alg, "K": o.in.K, "N": len(o.in.People), "Panels": o.panels, "Min": o.min,
		"KN": float64(o.in.K) / float64(len(o.in.People)), "Seconds": o.seconds, "Hash": o.listHash, "Ticket": o.ticket,
		"SVG": template.HTML(svg), "Quotas": quotaRows(o.in, o.selected), "Selected": ids(o.selected), "Reserves": ids(o.reserves),
	}
	if o.lottery != nil {
		data["Tickets"] = len(o.lottery.Tickets)
	}
	return reportTmpl.Execute(w, data)
}
