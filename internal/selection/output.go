package selection

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/sortition"
)

// File is one output file: its name within the output folder and its
// content.
type File struct {
	Name string
	Data []byte
}

// Files returns the output files, in this order: selected.csv,
// reserves.csv (ranked), probabilities.csv, quotas.csv (min, max, pool
// and selected count of every value), distribution.csv (the whole
// distribution over panels of people) and, for a LEXIMIN result with a
// proof, certificate.json, in lottery mode lottery.csv and
// lottery.sha256, then chart.svg and report.html.
func (o *Outcome) Files() ([]File, error) {
	in := o.Instance
	sel := [][]string{personHeader(in)}
	for _, i := range o.Selected {
		sel = append(sel, personRow(in, i))
	}
	res := [][]string{personHeader(in, "rank")}
	for r, i := range o.Reserves {
		res = append(res, append([]string{strconv.Itoa(r + 1)}, personRow(in, i)...))
	}
	pr := [][]string{{"id", "probability"}}
	for i, p := range o.Probabilities {
		pr = append(pr, []string{in.People[i].ID, strconv.FormatFloat(p, 'f', 8, 64)})
	}
	var files []File
	for _, f := range []struct {
		name string
		rows [][]string
	}{{"selected.csv", sel}, {"reserves.csv", res}, {"probabilities.csv", pr}, {"quotas.csv", QuotaRows(in, o.Selected)}} {
		data, err := csvBytes(f.rows)
		if err != nil {
			return nil, err
		}
		files = append(files, File{f.name, data})
	}
	if o.DistPanels != nil {
		data, err := csvBytes(o.distributionRows())
		if err != nil {
			return nil, err
		}
		files = append(files, File{"distribution.csv", data})
	}
	if o.Certificate != nil {
		data, err := json.MarshalIndent(o.Certificate, "", " ")
		if err != nil {
			return nil, apperr.Wrap(apperr.Internal, err, "writing the certificate")
		}
		files = append(files, File{"certificate.json", append(data, '\n')})
	}
	if o.Lottery != nil {
		files = append(files,
			File{"lottery.csv", []byte(o.Lottery.Text())},
			File{"lottery.sha256", []byte(o.ListHash + "  lottery.csv\n")})
	}
	svg := Chart(o.Probabilities, float64(in.K)/float64(len(in.People)))
	var report bytes.Buffer
	if err := o.writeReport(&report, svg); err != nil {
		return nil, apperr.Wrap(apperr.Internal, err, "writing the selection report")
	}
	files = append(files, File{"chart.svg", []byte(svg)}, File{"report.html", report.Bytes()})
	return files, nil
}

// WriteDir writes the output files (see Files) into dir, creating it if
// needed. Files are readable by everyone (mode 0644 before the umask):
// they are meant to be published.
func (o *Outcome) WriteDir(dir string) error {
	files, err := o.Files()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func csvBytes(rows [][]string) ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.WriteAll(rows); err != nil {
		return nil, apperr.Wrap(apperr.Internal, err, "writing CSV")
	}
	return b.Bytes(), nil
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

// QuotaRows is the quota table of a panel, header first: for every value
// of every category its target (min–max), its count in the pool and on
// the panel.
func QuotaRows(in *sortition.Instance, panel []int) [][]string {
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
