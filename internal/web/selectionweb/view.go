package selectionweb

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/lottery"
	"github.com/folkmoot/folkmoot/internal/recruit"
)

// quotaRow is one value of one category: its census target, quota, and
// how many of the pool and of the panel have it.
type quotaRow struct {
	Category, CategoryLabel string
	Value, ValueLabel       string
	First                   bool // the first value of its category
	Census                  string
	Target                  string
	Min, Max                string // form values
	MinID, MaxID            string
	MinErr, MaxErr          string
	Pool, Panel, Members    int
	PoolShare, PanelShare   string
	MembersShare            string
}

func percent(p *i18n.Printer, part, whole int) string {
	if whole == 0 {
		return "–"
	}
	return strconv.FormatFloat(100*float64(part)/float64(whole), 'f', 0, 64) + "%"
}

// labels are the category and value labels of a pool, in the page's
// language, keyed by key (category) and category+"\x00"+value.
func labels(pool recruit.Pool, lang i18n.Lang) map[string]string {
	out := map[string]string{}
	for _, c := range pool.Categories {
		out[c.Key] = c.Question
		if lang == i18n.Welsh && c.QuestionCy != "" {
			out[c.Key] = c.QuestionCy
		}
		for _, v := range c.Values {
			l := v.Label
			if lang == i18n.Welsh && v.LabelCy != "" {
				l = v.LabelCy
			}
			out[c.Key+"\x00"+v.Key] = l
		}
	}
	return out
}

// composition counts, per category and value, the people in a
// people.csv, among all of them and among the ids given.
type composition struct {
	n      int
	counts map[string]int // category\x00value → count in the pool
	of     map[string]map[string]string
}

func readPeople(data []byte) (*composition, error) {
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil || len(rows) == 0 {
		return nil, fmt.Errorf("selectionweb: people.csv: %v", err)
	}
	c := &composition{counts: map[string]int{}, of: map[string]map[string]string{}}
	head := rows[0]
	for _, row := range rows[1:] {
		c.n++
		m := map[string]string{}
		for i, h := range head[1:] {
			m[h] = row[i+1]
			c.counts[h+"\x00"+row[i+1]]++
		}
		c.of[row[0]] = m
	}
	return c, nil
}

func (c *composition) count(ids []string, cat, val string) int {
	n := 0
	for _, id := range ids {
		if c.of[id][cat] == val {
			n++
		}
	}
	return n
}

// quotaRows builds the quota table of qs (in its order) with the pool's
// composition and the panel's (both optional).
func quotaRows(p *i18n.Printer, qs []lottery.Quota, k int, lbl map[string]string, comp *composition, panel, members []string) []quotaRow {
	var rows []quotaRow
	for i, q := range qs {
		r := quotaRow{Category: q.Category, Value: q.Value, CategoryLabel: q.Category, ValueLabel: q.Value,
			First: i == 0 || qs[i-1].Category != q.Category, Min: strconv.Itoa(q.Min), Max: strconv.Itoa(q.Max),
			MinID: lottery.FieldName(q), MaxID: "max-" + q.Category + "-" + q.Value, Census: "–", Target: "–"}
		if l, ok := lbl[q.Category]; ok {
			r.CategoryLabel = l
		}
		if l, ok := lbl[q.Category+"\x00"+q.Value]; ok {
			r.ValueLabel = l
		}
		if q.Census > 0 {
			r.Census = strconv.FormatFloat(100*q.Census, 'f', 0, 64) + "%"
			r.Target = strconv.FormatFloat(q.Census*float64(k), 'f', 1, 64)
		}
		if comp != nil {
			r.Pool = comp.counts[q.Category+"\x00"+q.Value]
			r.PoolShare = percent(p, r.Pool, comp.n)
			r.Panel = comp.count(panel, q.Category, q.Value)
			r.PanelShare = percent(p, r.Panel, len(panel))
			r.Members = comp.count(members, q.Category, q.Value)
			r.MembersShare = percent(p, r.Members, len(members))
		}
		rows = append(rows, r)
	}
	return rows
}

// band is one bar of the distribution of selection probabilities.
type band struct {
	From, To string
	People   int
}

// distribution reads probabilities.csv into bands of equal width from
// the smallest to the largest probability, with summary figures.
type distribution struct {
	Bands          []band
	Min, Max, Mean string
	KN             string // panel size over pool size
	People         int
}

func readDistribution(r io.Reader, k int) (*distribution, error) {
	rows, err := csv.NewReader(r).ReadAll()
	if err != nil || len(rows) < 2 {
		return nil, fmt.Errorf("selectionweb: probabilities.csv: %v", err)
	}
	var ps []float64
	sum := 0.0
	for _, row := range rows[1:] {
		v, err := strconv.ParseFloat(row[1], 64)
		if err != nil {
			return nil, err
		}
		ps = append(ps, v)
		sum += v
	}
	lo, hi := slices.Min(ps), slices.Max(ps)
	d := &distribution{People: len(ps), Min: fmtP(lo), Max: fmtP(hi), Mean: fmtP(sum / float64(len(ps))),
		KN: fmtP(float64(k) / float64(len(ps)))}
	const n = 5
	w := (hi - lo) / n
	counts := make([]int, n)
	for _, v := range ps {
		i := n - 1
		if w > 0 {
			i = min(n-1, int((v-lo)/w))
		}
		counts[i]++
	}
	for i := range n {
		if w == 0 && i < n-1 {
			continue
		}
		d.Bands = append(d.Bands, band{From: fmtP(lo + float64(i)*w), To: fmtP(lo + float64(i+1)*w), People: counts[i]})
	}
	return d, nil
}

func fmtP(v float64) string { return strconv.FormatFloat(v, 'f', 4, 64) }
