package recommend

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/folkmoot/folkmoot/internal/voting"
)

// Counts are the answers to an agreement item.
type Counts struct {
	StronglyAgree    int `json:"strongly_agree"`
	Agree            int `json:"agree"`
	Neutral          int `json:"neutral"`
	Disagree         int `json:"disagree"`
	StronglyDisagree int `json:"strongly_disagree"`
}

// Of returns the count of answer v.
func (c Counts) Of(v string) int {
	switch v {
	case StronglyAgree:
		return c.StronglyAgree
	case Agree:
		return c.Agree
	case Neutral:
		return c.Neutral
	case Disagree:
		return c.Disagree
	case StronglyDisagree:
		return c.StronglyDisagree
	}
	return 0
}

func (c *Counts) add(v string) {
	switch v {
	case StronglyAgree:
		c.StronglyAgree++
	case Agree:
		c.Agree++
	case Neutral:
		c.Neutral++
	case Disagree:
		c.Disagree++
	case StronglyDisagree:
		c.StronglyDisagree++
	}
}

// Total is the number of answers.
func (c Counts) Total() int {
	return c.StronglyAgree + c.Agree + c.Neutral + c.Disagree + c.StronglyDisagree
}

// Passes reports whether agree + strongly agree reach threshold of the
// answers, compared exactly in ten-thousandths.
func (c Counts) Passes(threshold float64) bool {
	t := c.Total()
	return t > 0 && int64(c.StronglyAgree+c.Agree)*10000 >= int64(threshold*10000+0.5)*int64(t)
}

// Result is one item's count.
type Result struct {
	Item    Item
	Counts  Counts         // Agreement
	Ballots int            // ballots for the item
	Passed  bool           // Agreement: reached the threshold; Choice: a winner
	Count   *voting.Result // Choice
	Winners []string       // Choice: the winning option
}

// CountAll counts every item from the ballots.
func CountAll(threshold float64, its []Item, bs []Ballot) ([]Result, error) {
	var out []Result
	for _, it := range its {
		r := Result{Item: it}
		var mine []Ballot
		for _, b := range bs {
			if b.ItemID == it.ID {
				mine = append(mine, b)
			}
		}
		r.Ballots = len(mine)
		if it.Kind == Choice {
			if len(mine) > 0 {
				res, err := Count(it, mine)
				if err != nil {
					return nil, err
				}
				r.Count, r.Winners, r.Passed = res, res.WinnerNames(), len(res.Winners) > 0
			}
		} else {
			for _, b := range mine {
				r.Counts.add(b.Choice)
			}
			r.Passed = r.Counts.Passes(threshold)
		}
		out = append(out, r)
	}
	return out, nil
}

// ParseRanking reads "3>1>2" as option indices (0-based).
func ParseRanking(s string) []int {
	var out []int
	for _, f := range strings.Split(s, ">") {
		if n, err := strconv.Atoi(f); err == nil && n > 0 {
			out = append(out, n-1)
		}
	}
	return out
}

// Title is the title of a choice item's ballot file.
func Title(it Item) string {
	return "Recommendation " + strconv.FormatInt(it.ID, 10) + ": " + it.Text()
}

// Election is a choice item's vote as the counter reads it: the options
// as candidates, one seat, and one ballot per voter in canonical order (by
// ranking), so the order says nothing of who voted when.
func Election(it Item, bs []Ballot) *voting.Election {
	e := &voting.Election{Title: Title(it), Seats: 1, Candidates: slices.Clone(it.Options)}
	var ranks [][]int
	for _, b := range bs {
		if b.ItemID == it.ID {
			ranks = append(ranks, ParseRanking(b.Choice))
		}
	}
	slices.SortFunc(ranks, slices.Compare)
	for _, r := range ranks {
		e.Ballots = append(e.Ballots, voting.Ballot{Count: 1, Ranks: r})
	}
	return e
}

// Count counts a choice item exactly as `folkmoot count --method <method>`
// counts its published ballots.blt (one seat, ties by lot from seed 0).
func Count(it Item, bs []Ballot) (*voting.Result, error) {
	return voting.Count(it.Method, Election(it, bs), voting.Options{Seats: 1, Seed: CountSeed, Rand: rand.New(rand.NewPCG(CountSeed, 0))})
}

// BLT writes a choice item's ballots as a BLT file for `folkmoot count`.
func BLT(it Item, bs []Ballot) []byte {
	e := Election(it, bs)
	var b bytes.Buffer
	fmt.Fprintf(&b, "%d %d\n", len(e.Candidates), e.Seats)
	for _, bal := range e.Ballots {
		b.WriteString("1")
		for _, r := range bal.Ranks {
			b.WriteString(" " + strconv.Itoa(r+1))
		}
		b.WriteString(" 0\n")
	}
	b.WriteString("0\n")
	for _, c := range e.Candidates {
		b.WriteString(quote(c) + "\n")
	}
	b.WriteString(quote(e.Title) + "\n")
	return b.Bytes()
}

func quote(s string) string {
	s = strings.NewReplacer("\r", " ", "\n", " ").Replace(s)
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// neutralise keeps a spreadsheet from reading a cell as a formula.
func neutralise(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// CSV writes the published ballots: receipt,recommendation,choice, one
// row per ballot, sorted by receipt.
func CSV(bs []Ballot) []byte {
	bs = slices.Clone(bs)
	slices.SortFunc(bs, func(a, b Ballot) int { return strings.Compare(a.Receipt, b.Receipt) })
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"receipt", "recommendation", "choice"})
	for _, x := range bs {
		w.Write([]string{neutralise(x.Receipt), strconv.FormatInt(x.ItemID, 10), neutralise(x.Choice)})
	}
	w.Flush()
	return b.Bytes()
}

// Published is one item of recommendations.json.
type Published struct {
	ID        int64          `json:"id"`
	Theme     string         `json:"theme"`
	ThemeID   int64          `json:"theme_id"`
	GroupID   int64          `json:"group_id,omitempty"`
	Text      string         `json:"text"`
	Version   int            `json:"version"`
	Versions  []Version      `json:"versions"`
	Method    string         `json:"method"`
	Threshold *float64       `json:"threshold,omitempty"`
	Counts    *Counts        `json:"counts,omitempty"`
	Ballots   int            `json:"ballots"`
	Passed    bool           `json:"passed"`
	Options   []string       `json:"options,omitempty"`
	Winners   []string       `json:"winners,omitempty"`
	Result    string         `json:"result,omitempty"`
	BLT       string         `json:"ballots_blt,omitempty"`
	Recount   string         `json:"recount,omitempty"`
	Minority  []MinorityView `json:"minority_views"`
	Amended   []Amendment    `json:"-"`
}

// Publish makes recommendations.json's content; base is the round's
// recommendations path ("/cycles/7/recommendations").
func Publish(threshold float64, rs []Result, base string) []Published {
	out := []Published{}
	for _, r := range rs {
		it := r.Item
		p := Published{ID: it.ID, Theme: it.ThemeTitle, ThemeID: it.ThemeID, GroupID: it.GroupID, Text: it.Text(), Version: it.Version(),
			Versions: it.Versions, Method: string(Agreement), Ballots: r.Ballots, Passed: r.Passed, Minority: it.Minority}
		if p.Minority == nil {
			p.Minority = []MinorityView{}
		}
		if it.Kind == Choice {
			p.Method, p.Options, p.Winners = it.Method, it.Options, r.Winners
			if len(r.Winners) > 0 {
				p.Result = r.Winners[0]
			}
			p.BLT = base + "/" + strconv.FormatInt(it.ID, 10) + "/ballots.blt"
			p.Recount = fmt.Sprintf("folkmoot count --method %s ballots.blt", it.Method)
		} else {
			th, c := threshold, r.Counts
			p.Threshold, p.Counts = &th, &c
		}
		out = append(out, p)
	}
	return out
}

// MarshalPublished is Publish's list as indented JSON.
func MarshalPublished(ps []Published) []byte {
	b, _ := json.MarshalIndent(ps, "", "  ")
	return append(b, '\n')
}
