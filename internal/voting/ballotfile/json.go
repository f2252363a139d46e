package ballotfile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/folkmoot/folkmoot/internal/voting"
)

// jsonFile is Folkmoot's JSON ballot format:
//
//	{"title": "Jury agenda 2026", "seats": 5,
//	 "candidates": ["Waiting times", "Mental health", ...],
//	 "withdrawn": ["..."],
//	 "ballots": [
//	   {"count": 3, "ranking": ["Mental health", "Waiting times"]},
//	   {"ranking": ["Waiting times", "", ["A", "B"]]},
//	   {"scores": {"Mental health": 5, "Waiting times": 2}}
//	 ]}
//
// In a ranking, "" or null is an empty rank and a list of names is an
// overvote (several marks at one rank). count defaults to 1. scores are on
// the 5-point agreement scale (1 strongly disagree ... 5 strongly agree).
type jsonFile struct {
	Title      string       `json:"title"`
	Seats      int          `json:"seats"`
	Candidates []string     `json:"candidates"`
	Withdrawn  []string     `json:"withdrawn"`
	Ballots    []jsonBallot `json:"ballots"`
}

type jsonBallot struct {
	Count   *int64            `json:"count"`
	Ranking []json.RawMessage `json:"ranking"`
	Scores  map[string]int    `json:"scores"`
}

// ReadJSON reads Folkmoot's JSON ballot format (see jsonFile above and
// docs/voting.md).
func ReadJSON(r io.Reader) (*voting.Election, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("json: %w", err)
	}
	var f jsonFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return nil, fmt.Errorf("json: line %d: %w", lineAt(data, se.Offset), err)
		case errors.As(err, &te):
			return nil, fmt.Errorf("json: line %d: %w", lineAt(data, te.Offset), err)
		}
		return nil, fmt.Errorf("json: %w", err)
	}
	if len(f.Candidates) == 0 || len(f.Candidates) > MaxCandidates {
		return nil, fmt.Errorf("json: want 1..%d candidates, got %d", MaxCandidates, len(f.Candidates))
	}
	e := &voting.Election{Title: f.Title, Seats: f.Seats, Candidates: f.Candidates}
	index := make(map[string]int, len(f.Candidates))
	for i, c := range f.Candidates {
		if _, dup := index[c]; dup {
			return nil, fmt.Errorf("json: candidate %q listed twice", c)
		}
		index[c] = i
	}
	lookup := func(b int, name string) (int, error) {
		c, ok := index[name]
		if !ok {
			return 0, fmt.Errorf("json: ballot %d: %q is not a candidate", b+1, name)
		}
		return c, nil
	}
	for _, w := range f.Withdrawn {
		c, err := lookup(-1, w)
		if err != nil {
			return nil, fmt.Errorf("json: withdrawn %q is not a candidate", w)
		}
		e.Withdrawn = append(e.Withdrawn, c)
	}
	e.Ballots = make([]voting.Ballot, 0, len(f.Ballots))
	for i, jb := range f.Ballots {
		b := voting.Ballot{Count: 1}
		if jb.Count != nil {
			b.Count = *jb.Count
		}
		if b.Count < 0 || b.Count > MaxCount {
			return nil, fmt.Errorf("json: ballot %d: count %d outside 0..%d", i+1, b.Count, int64(MaxCount))
		}
		for _, raw := range jb.Ranking {
			var name *string
			if json.Unmarshal(raw, &name) == nil {
				if name == nil || *name == "" {
					b.Ranks = append(b.Ranks, voting.Undervote)
					continue
				}
				c, err := lookup(i, *name)
				if err != nil {
					return nil, err
				}
				b.Ranks = append(b.Ranks, c)
				continue
			}
			var names []string
			if err := json.Unmarshal(raw, &names); err != nil {
				return nil, fmt.Errorf("json: ballot %d: a rank must be a name, null or a list of names, got %s", i+1, raw)
			}
			for _, n := range names {
				if _, err := lookup(i, n); err != nil {
					return nil, err
				}
			}
			switch len(names) {
			case 0:
				b.Ranks = append(b.Ranks, voting.Undervote)
			case 1:
				b.Ranks = append(b.Ranks, index[names[0]])
			default:
				if b.Equal == nil {
					b.Equal = make([][]int, len(jb.Ranking))
				}
				for _, n := range names {
					if c := index[n]; !slices.Contains(b.Equal[len(b.Ranks)], c) {
						b.Equal[len(b.Ranks)] = append(b.Equal[len(b.Ranks)], c)
					}
				}
				b.Ranks = append(b.Ranks, voting.Overvote)
			}
		}
		if jb.Scores != nil {
			b.Scores = make([]int8, len(f.Candidates))
			for name, s := range jb.Scores {
				c, err := lookup(i, name)
				if err != nil {
					return nil, err
				}
				if s < 1 || s > 5 {
					return nil, fmt.Errorf("json: ballot %d: score %d for %q outside 1..5", i+1, s, name)
				}
				b.Scores[c] = int8(s)
			}
		}
		e.Ballots = append(e.Ballots, b)
	}
	return e, nil
}

func lineAt(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	return bytes.Count(data[:off], []byte("\n")) + 1
}
