package ballotfile

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/folkmoot/folkmoot/internal/voting"
)

// Limits on what a file may declare, so a short malformed file cannot make
// a reader allocate without bound.
const (
	MaxCandidates = 10000
	MaxCount      = voting.MaxPapers // papers on one ballot line
)

// ReadBLT reads a BLT file:
//
//	<candidates> <seats>
//	[-c1 -c2 ...]                         withdrawn candidates (optional)
//	[(id)] <weight> <pref> <pref> ... 0   one line per ballot
//	0                                     end of ballots
//	"Name"                                one line per candidate, quoted or not
//	"Title"                               optional
//
// A preference "-" marks an empty rank and "a=b" an overvote (equal ranks).
// Lines starting with '#' are comments.
func ReadBLT(r io.Reader) (*voting.Election, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	line := 0
	next := func() (string, bool) {
		for sc.Scan() {
			line++
			s := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff"))
			if s == "" || strings.HasPrefix(s, "#") {
				continue
			}
			return s, true
		}
		return "", false
	}
	errf := func(format string, a ...any) error {
		return fmt.Errorf("blt: line %d: %s", line, fmt.Sprintf(format, a...))
	}
	s, ok := next()
	if !ok {
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("blt: %w", err)
		}
		return nil, fmt.Errorf("blt: empty file")
	}
	head := strings.Fields(s)
	if len(head) != 2 {
		return nil, errf("want \"<candidates> <seats>\", got %q", s)
	}
	n, err1 := strconv.Atoi(head[0])
	seats, err2 := strconv.Atoi(head[1])
	if err1 != nil || err2 != nil || n < 1 || n > MaxCandidates || seats < 1 {
		return nil, errf("bad header %q: want a candidate count in 1..%d and at least 1 seat", s, MaxCandidates)
	}
	e := &voting.Election{Seats: seats}
	var arena []int
	for {
		if !sc.Scan() {
			if err := sc.Err(); err != nil {
				return nil, fmt.Errorf("blt: line %d: %w", line+1, err)
			}
			return nil, errf("file ends before the 0 line that closes the ballots")
		}
		line++
		// fast path: a plain ballot line, parsed without allocating
		if b, ok := fastBLTBallot(sc.Bytes(), n, &arena); ok {
			e.Ballots = append(e.Ballots, b)
			continue
		}
		s = strings.TrimSpace(sc.Text())
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		f := strings.Fields(s)
		if strings.HasPrefix(f[0], "-") && len(e.Ballots) == 0 {
			for _, t := range f {
				w, err := strconv.Atoi(t)
				if err != nil || w >= 0 || -w > n {
					return nil, errf("bad withdrawn candidate %q: want -1..-%d", t, n)
				}
				e.Withdrawn = append(e.Withdrawn, -w-1)
			}
			continue
		}
		if f[0] == "0" && len(f) == 1 {
			break
		}
		b, err := parseBLTBallot(f, n)
		if err != nil {
			return nil, errf("%v", err)
		}
		e.Ballots = append(e.Ballots, b)
	}
	var names []string
	for len(names) < n {
		s, ok = next()
		if !ok {
			return nil, errf("found %d candidate names, want %d", len(names), n)
		}
		got, err := bltStrings(s)
		if err != nil {
			return nil, errf("%v", err)
		}
		names = append(names, got...)
	}
	if len(names) > n {
		e.Title = names[n]
		names = names[:n]
	} else if s, ok = next(); ok {
		t, err := bltStrings(s)
		if err != nil {
			return nil, errf("%v", err)
		}
		e.Title = strings.Join(t, " ")
	}
	if s, ok = next(); ok {
		return nil, errf("unexpected text after the title: %q", s)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("blt: line %d: %w", line+1, err)
	}
	seen := make(map[string]bool, n)
	for _, nm := range names {
		if seen[nm] {
			return nil, fmt.Errorf("blt: candidate name %q appears twice", nm)
		}
		seen[nm] = true
	}
	e.Candidates = names
	return e, nil
}

// fastBLTBallot parses "weight pref ... 0" made only of numbers, appending
// the ranks to arena. It reports false for anything else (ids, "-", "=",
// the closing "0", bad numbers), which the general parser then handles or
// reports.
func fastBLTBallot(line []byte, n int, arena *[]int) (voting.Ballot, bool) {
	var nums [64]int64
	k := 0
	i := 0
	for {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r') {
			i++
		}
		if i == len(line) {
			break
		}
		if k == len(nums) {
			return voting.Ballot{}, false
		}
		var v int64
		start := i
		for i < len(line) && line[i] >= '0' && line[i] <= '9' {
			v = v*10 + int64(line[i]-'0')
			if v > MaxCount {
				return voting.Ballot{}, false
			}
			i++
		}
		if i == start || (i < len(line) && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') {
			return voting.Ballot{}, false
		}
		nums[k] = v
		k++
	}
	if k < 2 || nums[k-1] != 0 {
		return voting.Ballot{}, false
	}
	start := len(*arena)
	for _, c := range nums[1 : k-1] {
		if c < 1 || c > int64(n) {
			*arena = (*arena)[:start]
			return voting.Ballot{}, false
		}
		*arena = append(*arena, int(c-1))
	}
	a := *arena
	return voting.Ballot{Count: nums[0], Ranks: a[start:len(a):len(a)]}, true
}

func parseBLTBallot(f []string, n int) (voting.Ballot, error) {
	if strings.HasPrefix(f[0], "(") {
		f = f[1:] // ballot id
		if len(f) == 0 {
			return voting.Ballot{}, fmt.Errorf("ballot has an id but no weight")
		}
	}
	w, err := strconv.ParseInt(f[0], 10, 64)
	if err != nil || w < 0 || w > MaxCount {
		return voting.Ballot{}, fmt.Errorf("bad ballot weight %q: want a whole number 0..%d", f[0], int64(MaxCount))
	}
	if f[len(f)-1] != "0" || len(f) < 2 {
		return voting.Ballot{}, fmt.Errorf("ballot does not end with 0")
	}
	b := voting.Ballot{Count: w, Ranks: make([]int, 0, len(f)-2)}
	for _, t := range f[1 : len(f)-1] {
		switch {
		case t == "-":
			b.Ranks = append(b.Ranks, voting.Undervote)
		case strings.Contains(t, "="):
			for _, u := range strings.Split(t, "=") {
				if c, err := strconv.Atoi(u); err != nil || c < 1 || c > n {
					return b, fmt.Errorf("bad preference %q: want candidates 1..%d", t, n)
				}
			}
			b.Ranks = append(b.Ranks, voting.Overvote)
		default:
			c, err := strconv.Atoi(t)
			if err != nil || c < 1 || c > n {
				return b, fmt.Errorf("bad preference %q: want a candidate number 1..%d", t, n)
			}
			b.Ranks = append(b.Ranks, c-1)
		}
	}
	return b, nil
}

// bltStrings reads a name line: one or more "quoted" strings, or the whole
// line unquoted.
func bltStrings(s string) ([]string, error) {
	if !strings.HasPrefix(s, "\"") {
		return []string{s}, nil
	}
	var out []string
	for s != "" {
		if s[0] != '"' {
			return nil, fmt.Errorf("unexpected %q between quoted names", s)
		}
		end := strings.IndexByte(s[1:], '"')
		if end < 0 {
			return nil, fmt.Errorf("unterminated quoted name %q", s)
		}
		out = append(out, s[1:end+1])
		s = strings.TrimSpace(s[end+2:])
	}
	return out, nil
}
