package report

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"

	"github.com/folkmoot/folkmoot/internal/opinions"
)

//go:embed report.html.tmpl
var reportTmpl string

var tmpl = template.Must(template.New("report").Parse(reportTmpl))

// Page is what the HTML report shows beyond the result itself.
type Page struct {
	Title      string
	Statements map[int]string // statement id -> text
	// Attribution is shown at the foot of the page, e.g. the CC BY 4.0
	// statement required for Pol.is open data.
	Attribution string
}

type repRow struct {
	ID          int
	Text        string
	RepfulFor   string
	AgreePct    int
	DisagreePct int
	Votes       int
}

type groupView struct {
	Label  string
	Colour string
	Size   int
	Reps   []repRow
}

type consRow struct {
	ID    int
	Text  string
	Pct   int
	Votes int
}

type view struct {
	Page
	Res                *opinions.Result
	Map                template.HTML
	Groups             []groupView
	ConsAgree, ConsDis []consRow
}

// HTML writes a self-contained report of res.
func HTML(w io.Writer, res *opinions.Result, page Page) error {
	var svg bytes.Buffer
	if err := SVG(&svg, res, 640, 480); err != nil {
		return err
	}
	v := view{Page: page, Res: res, Map: template.HTML(svg.String())}
	stats := map[int]opinions.StatementStats{}
	for _, s := range res.StatementStats {
		stats[s.Statement] = s
	}
	text := func(id int) string {
		if t, ok := page.Statements[id]; ok {
			return t
		}
		return fmt.Sprintf("statement %d", id)
	}
	pct := func(n, d int) int {
		if d == 0 {
			return 0
		}
		return (200*n + d) / (2 * d)
	}
	for _, g := range res.Groups {
		gv := groupView{Label: GroupLabel(g.ID), Colour: Palette[g.ID%len(Palette)], Size: g.Size}
		for _, r := range res.Representative[g.ID] {
			gs := stats[r.Statement].Groups
			row := repRow{ID: r.Statement, Text: text(r.Statement), RepfulFor: r.RepfulFor}
			if g.ID < len(gs) {
				row.Votes = gs[g.ID].Votes
				row.AgreePct = pct(gs[g.ID].Agrees, gs[g.ID].Votes)
				row.DisagreePct = pct(gs[g.ID].Disagrees, gs[g.ID].Votes)
			}
			gv.Reps = append(gv.Reps, row)
		}
		v.Groups = append(v.Groups, gv)
	}
	for _, c := range res.Consensus.Agree {
		v.ConsAgree = append(v.ConsAgree, consRow{c.Statement, text(c.Statement), pct(c.NSuccess, c.NTrials), c.NTrials})
	}
	for _, c := range res.Consensus.Disagree {
		v.ConsDis = append(v.ConsDis, consRow{c.Statement, text(c.Statement), pct(c.NSuccess, c.NTrials), c.NTrials})
	}
	return tmpl.Execute(w, v)
}
