package ballotfile

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/folkmoot/folkmoot/internal/voting"
)

// ReadCSV reads a ranked CSV file: each record is
//
//	count,rank1,rank2,...
//
// with candidate names at each rank; "undervote" or an empty field marks an
// empty rank and "overvote" a rank with more than one mark. An optional first
// record whose first field is "count" is a header. Candidates are numbered
// in order of first appearance. Identical records are kept as they are
// (counting methods aggregate).
func ReadCSV(r io.Reader) (*voting.Election, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	e := &voting.Election{}
	index := map[string]int{}
	for rec := 0; ; rec++ {
		fields, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("csv: %w", err)
		}
		line, _ := cr.FieldPos(0)
		if rec == 0 && strings.EqualFold(strings.TrimSpace(strings.TrimPrefix(fields[0], "\ufeff")), "count") {
			continue
		}
		if len(fields) == 1 && strings.TrimSpace(fields[0]) == "" {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSpace(fields[0]), 10, 64)
		if err != nil || n < 0 || n > MaxCount {
			return nil, fmt.Errorf("csv: line %d: bad count %q: want a whole number 0..%d", line, fields[0], int64(MaxCount))
		}
		b := voting.Ballot{Count: n, Ranks: make([]int, 0, len(fields)-1)}
		for _, f := range fields[1:] {
			name := strings.TrimSpace(f)
			switch strings.ToLower(name) {
			case "", "undervote":
				b.Ranks = append(b.Ranks, voting.Undervote)
				continue
			case "overvote":
				b.Ranks = append(b.Ranks, voting.Overvote)
				continue
			}
			c, ok := index[name]
			if !ok {
				if len(e.Candidates) >= MaxCandidates {
					return nil, fmt.Errorf("csv: line %d: more than %d candidates", line, MaxCandidates)
				}
				c = len(e.Candidates)
				index[name] = c
				e.Candidates = append(e.Candidates, name)
			}
			b.Ranks = append(b.Ranks, c)
		}
		e.Ballots = append(e.Ballots, b)
	}
	if len(e.Candidates) == 0 {
		return nil, fmt.Errorf("csv: no candidates named in any ballot")
	}
	return e, nil
}
