package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/folkmoot/folkmoot/internal/voting"
	"github.com/folkmoot/folkmoot/internal/voting/ballotfile"
)

// checkReport is what `folkmoot count --check` says it understood of a
// ballot file, without counting it.
type checkReport struct {
	File       string           `json:"file"`
	Format     string           `json:"format"`
	Title      string           `json:"title"`
	Seats      int              `json:"seats"`
	Candidates []checkCandidate `json:"candidates"`
	Withdrawn  []string         `json:"withdrawn"`
	// Ballots is the number of ballot papers; Lines the ballot lines (or
	// records) they were written on; Empty the papers with no preference.
	Ballots int64 `json:"ballots"`
	Lines   int   `json:"ballot_lines"`
	Empty   int64 `json:"empty_ballots"`
	// EqualRankings counts ballot lines that rank candidates equal.
	EqualRankings int `json:"equal_rankings"`
	// Dialect lists the BLT dialect features met (empty for plain files).
	Dialect []string `json:"dialect"`
}

type checkCandidate struct {
	Number    int    `json:"number"`
	Name      string `json:"name"`
	Withdrawn bool   `json:"withdrawn"`
}

// runCountCheck reads path and writes what it understood.
func runCountCheck(path, format string, asJSON bool, stdout io.Writer) error {
	var r io.Reader = os.Stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	e, info, err := ballotfile.ReadInfo(path, format, r)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	rep := checkReport{File: path, Format: "csv", Title: e.Title, Seats: e.Seats, Lines: len(e.Ballots), Withdrawn: []string{}, Dialect: []string{}}
	switch {
	case info != nil:
		rep.Format = "blt"
	case format == "json" || strings.HasSuffix(strings.ToLower(path), ".json"):
		rep.Format = "json"
	}
	withdrawn := make(map[int]bool)
	for _, w := range e.Withdrawn {
		withdrawn[w] = true
		rep.Withdrawn = append(rep.Withdrawn, e.Candidates[w])
	}
	for i, c := range e.Candidates {
		rep.Candidates = append(rep.Candidates, checkCandidate{Number: i + 1, Name: c, Withdrawn: withdrawn[i]})
	}
	for _, b := range e.Ballots {
		rep.Ballots += b.Count
		if b.Equal != nil {
			rep.EqualRankings++
		}
		empty := b.Scores == nil
		for _, c := range b.Ranks {
			if c != voting.Undervote {
				empty = false
			}
		}
		if empty {
			rep.Empty += b.Count
		}
	}
	if info != nil {
		for _, f := range []struct {
			on   bool
			what string
		}{
			{info.BOM, "UTF-8 byte-order mark"},
			{info.CRLF, "CRLF line ends"},
			{info.Latin1, "names in Latin-1 (ISO 8859-1), not UTF-8"},
			{info.NamesFromComments, "no name lines: names from # ALTERNATIVE NAME comments"},
			{info.BallotIDs > 0, fmt.Sprintf("%d ballot lines with an id in parentheses", info.BallotIDs)},
			{len(e.Withdrawn) > 0, "a line of withdrawn candidates"},
		} {
			if f.on {
				rep.Dialect = append(rep.Dialect, f.what)
			}
		}
	}
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	seats := fmt.Sprint(rep.Seats)
	if rep.Seats == 0 {
		seats = "not given (1 unless --seats)"
	}
	fmt.Fprintf(stdout, "File: %s (%s)\nTitle: %s\nSeats: %s\n", rep.File, rep.Format, rep.Title, seats)
	fmt.Fprintf(stdout, "Candidates: %d (%d withdrawn)\n", len(rep.Candidates), len(rep.Withdrawn))
	for _, c := range rep.Candidates {
		mark := ""
		if c.Withdrawn {
			mark = "  (withdrawn)"
		}
		fmt.Fprintf(stdout, "  %3d  %s%s\n", c.Number, c.Name, mark)
	}
	fmt.Fprintf(stdout, "Ballots: %d papers on %d lines, %d with no preference\n", rep.Ballots, rep.Lines, rep.Empty)
	if rep.EqualRankings > 0 {
		fmt.Fprintf(stdout, "Equal rankings: on %d ballot lines (read by schulze and approval; an overvote for the STV methods; refused by borda)\n", rep.EqualRankings)
	}
	if len(rep.Dialect) > 0 {
		fmt.Fprintf(stdout, "Read: %s\n", strings.Join(rep.Dialect, "; "))
	}
	return nil
}
