package sheet

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/folkmoot/folkmoot/internal/voting"
)

// Formats lists the sheet formats Write accepts.
var Formats = []string{"text", "csv", "json"}

// Write writes r to w in the named format.
func Write(w io.Writer, format string, r *voting.Result) error {
	switch format {
	case "text":
		return Text(w, r)
	case "csv":
		return CSV(w, r)
	case "json":
		return JSON(w, r)
	}
	return fmt.Errorf("sheet: unknown format %q (want one of %v)", format, Formats)
}

func names(r *voting.Result, cs []int) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = r.Candidates[c]
	}
	return out
}

func signed(r *voting.Result, v int64) string {
	if v > 0 {
		return "+" + r.Format(v)
	}
	return r.Format(v)
}

// Text writes a sheet for people: the election, the winners, then each
// round with every candidate who has votes or received a transfer.
func Text(w io.Writer, r *voting.Result) error {
	var b strings.Builder
	if r.Title != "" {
		fmt.Fprintf(&b, "%s\n", r.Title)
	}
	fmt.Fprintf(&b, "Method: %s; seats: %d; candidates: %d; valid votes: %s", r.Method, r.Seats, len(r.Candidates), r.Format(r.Valid))
	if r.Quota != 0 {
		fmt.Fprintf(&b, "; quota: %s", r.Format(r.Quota))
	}
	fmt.Fprintf(&b, "\nElected, in order: %s\n", strings.Join(r.WinnerNames(), "; "))
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "Note: %s\n", n)
	}
	fmt.Fprintf(&b, "Ties: %s; lot drawn from seed %d\n", r.TieRule, r.Seed)
	for _, t := range r.Ties {
		fmt.Fprintf(&b, "  round %d, %s tie between %s: %s chosen by %s\n", t.Round, t.Purpose,
			strings.Join(names(r, t.Candidates), ", "), r.Candidates[t.Chosen], t.Rule)
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	nameW := len("lost to rounding")
	for _, n := range r.Candidates {
		nameW = max(nameW, utf8.RuneCountInString(n))
	}
	numW := 0
	for _, rd := range r.Rounds {
		for c := range r.Candidates {
			numW = max(numW, len(r.Format(rd.Totals[c])), len(signed(r, rd.Transfers[c])))
		}
		numW = max(numW, len(r.Format(rd.Exhausted)), len(r.Format(rd.Loss)))
	}
	row := func(name, total, transfer string) {
		pad := nameW - utf8.RuneCountInString(name)
		line := fmt.Sprintf("  %s%s  %*s  %*s", name, strings.Repeat(" ", pad), numW, total, numW, transfer)
		b.WriteString(strings.TrimRight(line, " "))
		b.WriteByte('\n')
	}
	var lastQuota int64
	for i, rd := range r.Rounds {
		b.Reset()
		fmt.Fprintf(&b, "\nRound %d: %s\n", rd.Number, rd.Action)
		if i > 0 && rd.Quota != lastQuota { // meek's quota falls as votes become excess
			fmt.Fprintf(&b, "  quota now %s\n", r.Format(rd.Quota))
		}
		lastQuota = rd.Quota
		for c, name := range r.Candidates {
			if rd.Totals[c] == 0 && rd.Transfers[c] == 0 {
				continue
			}
			row(name, r.Format(rd.Totals[c]), signed(r, rd.Transfers[c]))
		}
		row("non-transferable", r.Format(rd.Exhausted), "")
		if rd.Loss != 0 {
			row("lost to rounding", r.Format(rd.Loss), "")
		}
		for _, why := range rd.Reasons {
			fmt.Fprintf(&b, "  %s\n", why)
		}
		if _, err := io.WriteString(w, b.String()); err != nil {
			return err
		}
	}
	return nil
}

// CSV writes one row per candidate per round, then rows for the
// non-transferable and lost-to-rounding values:
//
//	round,action,candidate,total,transfer,status
func CSV(w io.Writer, r *voting.Result) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"round", "action", "candidate", "total", "transfer", "status"})
	status := make([]string, len(r.Candidates))
	for _, rd := range r.Rounds {
		n := strconv.Itoa(rd.Number)
		for _, c := range rd.Elected {
			status[c] = "elected"
		}
		for _, c := range rd.Excluded {
			status[c] = "excluded"
		}
		for c, name := range r.Candidates {
			cw.Write([]string{n, rd.Action, name, r.Format(rd.Totals[c]), r.Format(rd.Transfers[c]), status[c]})
		}
		cw.Write([]string{n, rd.Action, "(non-transferable)", r.Format(rd.Exhausted), "", ""})
		cw.Write([]string{n, rd.Action, "(lost to rounding)", r.Format(rd.Loss), "", ""})
	}
	cw.Flush()
	return cw.Error()
}

type jsonTally struct {
	Candidate string      `json:"candidate"`
	Total     json.Number `json:"total"`
	Transfer  json.Number `json:"transfer"`
}

type jsonRound struct {
	Round     int         `json:"round"`
	Action    string      `json:"action"`
	Quota     json.Number `json:"quota,omitempty"`
	Tallies   []jsonTally `json:"tallies"`
	Exhausted json.Number `json:"non_transferable"`
	Loss      json.Number `json:"lost_to_rounding"`
	Elected   []string    `json:"elected,omitempty"`
	Excluded  []string    `json:"excluded,omitempty"`
	Reasons   []string    `json:"reasons,omitempty"`
}

type jsonTie struct {
	Round      int      `json:"round"`
	Purpose    string   `json:"purpose"`
	Candidates []string `json:"candidates"`
	Rule       string   `json:"rule"`
	Chosen     string   `json:"chosen"`
}

type jsonSheet struct {
	Method     string      `json:"method"`
	Title      string      `json:"title,omitempty"`
	Seats      int         `json:"seats"`
	Decimals   int         `json:"decimals"`
	Valid      json.Number `json:"valid_votes"`
	Quota      json.Number `json:"quota,omitempty"`
	Candidates []string    `json:"candidates"`
	Winners    []string    `json:"winners"`
	Rounds     []jsonRound `json:"rounds"`
	TieRule    string      `json:"tie_rule"`
	Seed       uint64      `json:"seed"`
	LotOrder   []string    `json:"lot_order"`
	Ties       []jsonTie   `json:"ties"`
	Pairwise   [][]int64   `json:"pairwise,omitempty"`
	Strength   [][]int64   `json:"strongest_paths,omitempty"`
	Notes      []string    `json:"notes,omitempty"`
}

// JSON writes the sheet as one JSON object with at least "winners"
// (names in order of election) and "rounds". Vote values are JSON numbers
// written with exactly the Result's decimal places.
func JSON(w io.Writer, r *voting.Result) error {
	num := func(v int64) json.Number { return json.Number(r.Format(v)) }
	s := jsonSheet{
		Method: r.Method, Title: r.Title, Seats: r.Seats, Decimals: r.Decimals,
		Valid: num(r.Valid), Candidates: r.Candidates, Winners: r.WinnerNames(),
		TieRule: r.TieRule, Seed: r.Seed, LotOrder: names(r, r.LotOrder),
		Ties: []jsonTie{}, Rounds: []jsonRound{},
		Pairwise: r.Pairwise, Strength: r.Strength, Notes: r.Notes,
	}
	if r.Quota != 0 {
		s.Quota = num(r.Quota)
	}
	for _, t := range r.Ties {
		s.Ties = append(s.Ties, jsonTie{t.Round, t.Purpose, names(r, t.Candidates), t.Rule, r.Candidates[t.Chosen]})
	}
	for _, rd := range r.Rounds {
		jr := jsonRound{
			Round: rd.Number, Action: rd.Action, Exhausted: num(rd.Exhausted), Loss: num(rd.Loss),
			Elected: names(r, rd.Elected), Excluded: names(r, rd.Excluded), Reasons: rd.Reasons,
		}
		if rd.Quota != 0 {
			jr.Quota = num(rd.Quota)
		}
		for c, name := range r.Candidates {
			jr.Tallies = append(jr.Tallies, jsonTally{name, num(rd.Totals[c]), num(rd.Transfers[c])})
		}
		s.Rounds = append(s.Rounds, jr)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(s)
}
