package jury

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/voting"
)

// Election returns the jury's vote as the counter reads it: the
// shortlisted themes' titles as candidates (in shortlist order), seats =
// the agenda size, and one ballot per juror in the canonical order of
// SortBallots.
func Election(title string, j Settings, bs []Ballot) *voting.Election {
	e := &voting.Election{Title: title, Seats: j.Seats}
	if j.Shortlist != nil {
		for _, t := range j.Shortlist.Themes {
			e.Candidates = append(e.Candidates, t.Title)
		}
	}
	for _, b := range SortBallots(bs) {
		e.Ballots = append(e.Ballots, voting.Ballot{Count: 1, Ranks: slices.Clone(b.Ranking)})
	}
	return e
}

// SortBallots returns the ballots in their published, canonical order: by
// ranking (lexicographically), so the order says nothing of who voted
// when.
func SortBallots(bs []Ballot) []Ballot {
	out := slices.Clone(bs)
	slices.SortFunc(out, func(a, b Ballot) int { return slices.Compare(a.Ranking, b.Ranking) })
	return out
}

// Count counts the jury's ballots exactly as `folkmoot count --method
// scottish-stv --seats <seats>` counts the published ballots.blt: Scottish
// STV, ties the method leaves broken by lot from seed CountSeed.
func Count(title string, j Settings, bs []Ballot) (*voting.Result, error) {
	e := Election(title, j, bs)
	return voting.Count(CountMethod, e, voting.Options{Seats: j.Seats, Seed: CountSeed, Rand: rand.New(rand.NewPCG(CountSeed, 0))})
}

// BLT writes the anonymised ballots as a BLT file: the theme titles as
// candidate names, one line per ballot in canonical order, the title last.
func BLT(title string, j Settings, bs []Ballot) []byte {
	e := Election(title, j, bs)
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
	b.WriteString(quote(title) + "\n")
	return b.Bytes()
}

func quote(s string) string {
	s = strings.NewReplacer("\r", " ", "\n", " ").Replace(s)
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// PublishedResult is /cycles/{id}/agenda/result.json.
type PublishedResult struct {
	Method    string   `json:"method"`
	Seats     int      `json:"seats"`
	Seed      uint64   `json:"seed"`
	Winners   []string `json:"winners"` // theme titles in order of election, as in ballots.blt
	Ballots   int      `json:"ballots"`
	Jurors    int      `json:"jurors"`
	Shortlist []Theme  `json:"shortlist"`
	Rule      string   `json:"shortlist_rule"`
	CutOff    int      `json:"shortlist_cutoff"`
	Published bool     `json:"agenda_published"`
	Files     Files    `json:"files"`
	Recount   string   `json:"recount"` // the command that repeats the count
}

// Files are the URLs of the published files.
type Files struct {
	Ballots string `json:"ballots"`
	Count   string `json:"count_sheet"`
	Text    string `json:"count_sheet_text"`
	Page    string `json:"page"`
}

// Result makes result.json's content for a counted jury; base is the
// agenda's URL ("https://…/cycles/7/agenda").
func Result(j Settings, jurors, ballots int, base string) PublishedResult {
	r := PublishedResult{Method: CountMethod, Seats: j.Seats, Seed: CountSeed, Ballots: ballots, Jurors: jurors,
		Published: j.Status == Published, Winners: []string{},
		Files:   Files{Ballots: base + "/ballots.blt", Count: base + "/count.json", Text: base + "/count.txt", Page: base},
		Recount: fmt.Sprintf("folkmoot count --method %s --seats %d ballots.blt", CountMethod, j.Seats)}
	if j.Shortlist != nil {
		r.Shortlist, r.Rule, r.CutOff = j.Shortlist.Themes, j.Shortlist.Rule, j.Shortlist.CutOff
		for _, w := range j.Winners {
			r.Winners = append(r.Winners, j.Shortlist.Themes[w].Title)
		}
	}
	return r
}

// MarshalResult is Result as indented JSON.
func MarshalResult(r PublishedResult) []byte {
	b, _ := json.MarshalIndent(r, "", "  ")
	return append(b, '\n')
}

// Links returns what a round's jury has published, by name, as paths on
// the site (for /cycles.json's "links"): the jury's and the agenda's pages
// once there is a draw or a shortlist, and the files to recount the vote
// once it is counted.
func (s *Service) Links(ctx context.Context, cycleID int64) (map[string]string, error) {
	j, err := s.store.Jury(ctx, cycleID)
	if apperr.Is(err, apperr.NotFound) {
		return nil, nil
	}
	if err != nil || (j.Draw == nil && j.Shortlist == nil) {
		return nil, err
	}
	base := "/cycles/" + itoa(cycleID)
	out := map[string]string{"jury": base + "/jury", "agenda": base + "/agenda"}
	if j.Status == Counted || j.Status == Published {
		for _, f := range []string{"ballots.blt", "result.json", "count.json", "count.txt"} {
			out["agenda/"+f] = base + "/agenda/" + f
		}
	}
	return out, nil
}
