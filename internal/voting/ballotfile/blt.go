package ballotfile

import (
	"bufio"
	"bytes"
	"cmp"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/folkmoot/folkmoot/internal/voting"
)

// Limits on what a file may declare, so a short malformed file cannot make
// a reader allocate without bound.
const (
	MaxCandidates = 10000
	MaxCount      = voting.MaxPapers // papers on one ballot line
)

// ReadBLT reads a BLT file (see ReadBLTInfo for the dialects it accepts).
func ReadBLT(r io.Reader) (*voting.Election, error) {
	e, _, err := ReadBLTInfo(r)
	return e, err
}

// BLTInfo says how a BLT file was read: the dialect features met, for
// `folkmoot count --check`.
type BLTInfo struct {
	BOM, CRLF bool
	// Latin1 is set when names were not UTF-8 and were read as ISO 8859-1.
	Latin1 bool
	// NamesFromComments is set when the file has no name lines and the names
	// came from "# ALTERNATIVE NAME k: ..." comments.
	NamesFromComments bool
	// BallotIDs counts ballot lines with an id in parentheses; EqualRanks
	// ballot lines with an "=" (candidates ranked equal).
	BallotIDs, EqualRanks int
}

// ReadBLTInfo reads a BLT file, in every dialect that droop, OpenSTV and
// RCTab's BLT import read:
//
//	<candidates> <seats>
//	[-c1 -c2 ...]                         withdrawn candidates (optional)
//	[(id)] <weight> <pref> <pref> ... 0   one line per ballot
//	0                                     end of ballots
//	"Name"                                one line per candidate, quoted or not
//	"Title"                               optional, quoted or not
//
// A preference "-" marks an empty rank and "a=b" candidates ranked equal.
// In a quoted name a doubled quote is a quote, as in CSV:
// "Esme HOUSTON ""Scottish Green Party""". Files with no name lines may
// give the names as comments "# ALTERNATIVE NAME 1: Gary Barton (Ind)",
// one per candidate, followed by the title alone. '#' starts a comment
// (whole line, or the rest of a line outside quotes); blank lines, CRLF, a
// UTF-8 byte-order mark and Latin-1 names are accepted. A file that can be
// read two ways is refused with the line and the reading it would need.
func ReadBLTInfo(r io.Reader) (*voting.Election, *BLTInfo, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	info := &BLTInfo{}
	sc.Split(func(data []byte, atEOF bool) (int, []byte, error) {
		adv, tok, err := bufio.ScanLines(data, atEOF)
		if adv >= 2 && data[adv-1] == '\n' && data[adv-2] == '\r' {
			info.CRLF = true
		}
		return adv, tok, err
	})
	line := 0
	// text returns the current line (without its line end) as text, less a
	// byte-order mark on the first line; names not in UTF-8 are decoded
	// later (decodeNames).
	text := func() string {
		b := sc.Bytes()
		if line == 1 && bytes.HasPrefix(b, []byte("\ufeff")) {
			info.BOM = true
			b = b[3:]
		}
		return string(b)
	}
	// next returns the next line that is neither blank nor a comment, with
	// any trailing comment removed.
	next := func() (string, bool) {
		for sc.Scan() {
			line++
			s := strings.TrimSpace(stripComment(text()))
			if s == "" {
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
			return nil, nil, fmt.Errorf("blt: %w", err)
		}
		return nil, nil, fmt.Errorf("blt: empty file")
	}
	head := strings.Fields(s)
	if len(head) != 2 {
		return nil, nil, errf("want \"<candidates> <seats>\", got %q", s)
	}
	n, err1 := strconv.Atoi(head[0])
	seats, err2 := strconv.Atoi(head[1])
	if err1 != nil || err2 != nil || n < 1 || n > MaxCandidates || seats < 1 {
		return nil, nil, errf("bad header %q: want a candidate count in 1..%d and at least 1 seat", s, MaxCandidates)
	}
	e := &voting.Election{Seats: seats}
	var arena []int
	for {
		if !sc.Scan() {
			if err := sc.Err(); err != nil {
				return nil, nil, fmt.Errorf("blt: line %d: %w", line+1, err)
			}
			return nil, nil, errf("file ends before the 0 line that closes the ballots")
		}
		line++
		// fast path: a plain ballot line, parsed without allocating
		if b, ok := fastBLTBallot(sc.Bytes(), n, &arena); ok {
			e.Ballots = append(e.Ballots, b)
			continue
		}
		s = strings.TrimSpace(stripComment(text()))
		if s == "" {
			continue
		}
		f := strings.Fields(s)
		if strings.HasPrefix(f[0], "-") && len(e.Ballots) == 0 {
			for _, t := range f {
				w, err := strconv.Atoi(t)
				if err != nil || w >= 0 || -w > n {
					return nil, nil, errf("bad withdrawn candidate %q: want -1..-%d", t, n)
				}
				if slices.Contains(e.Withdrawn, -w-1) {
					return nil, nil, errf("candidate %d is withdrawn twice", -w)
				}
				e.Withdrawn = append(e.Withdrawn, -w-1)
			}
			continue
		}
		if f[0] == "0" && len(f) == 1 {
			break
		}
		b, err := parseBLTBallot(f, n, info)
		if err != nil {
			return nil, nil, errf("%v", err)
		}
		e.Ballots = append(e.Ballots, b)
	}
	if err := readBLTNames(sc, &line, text, n, e, info); err != nil {
		return nil, nil, err
	}
	return e, info, nil
}

// A nameLine is a line after the ballots: its number and text.
type nameLine struct {
	n    int
	text string
}

var alternativeName = regexp.MustCompile(`(?i)^#\s*ALTERNATIVE\s+NAME\s+(\d+)\s*:\s*(.*?)\s*$`)

// readBLTNames reads what follows the ballots: the candidates' names and the
// title, from name lines or, in files without them, from ALTERNATIVE NAME
// comments.
func readBLTNames(sc *bufio.Scanner, line *int, text func() string, n int, e *voting.Election, info *BLTInfo) error {
	var lines []nameLine
	alt := map[int]string{}
	altLine := 0
	var altErr error // a malformed ALTERNATIVE NAME matters only if the names come from them
	for sc.Scan() {
		*line++
		raw := text()
		s := strings.TrimSpace(raw)
		if m := alternativeName.FindStringSubmatch(s); m != nil {
			k, err := strconv.Atoi(m[1])
			if err != nil || k < 1 || k > n {
				altErr = cmp.Or(altErr, fmt.Errorf("blt: line %d: ALTERNATIVE NAME %s: want a candidate number 1..%d", *line, m[1], n))
				continue
			}
			if _, dup := alt[k]; dup {
				altErr = cmp.Or(altErr, fmt.Errorf("blt: line %d: ALTERNATIVE NAME %d is given twice; want one comment per candidate", *line, k))
				continue
			}
			alt[k] = m[2]
			altLine = *line
			continue
		}
		if s = strings.TrimSpace(stripComment(raw)); s != "" {
			lines = append(lines, nameLine{*line, s})
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("blt: line %d: %w", *line+1, err)
	}
	if err := decodeNames(lines, alt, info); err != nil {
		return err
	}
	var names []string
	var rest []nameLine // lines after the n-th name
	for i, l := range lines {
		if len(names) >= n {
			rest = lines[i:]
			break
		}
		got, err := bltStrings(l.text)
		if err != nil {
			return fmt.Errorf("blt: line %d: %v", l.n, err)
		}
		if len(names)+len(got) > n+1 {
			return fmt.Errorf("blt: line %d: %d quoted strings on this line take the names past %d candidates and a title; "+
				"a name with a quote in it needs the quote doubled (\"A \"\"B\"\"\")", l.n, len(got), n)
		}
		names = append(names, got...)
	}
	if len(names) < n && altErr != nil {
		return altErr
	}
	switch {
	case len(names) > n:
		e.Title = names[n]
		names = names[:n]
		if len(rest) > 0 {
			return fmt.Errorf("blt: line %d: unexpected text after the title: %q", rest[0].n, rest[0].text)
		}
	case len(names) == n:
		if len(rest) > 1 {
			return fmt.Errorf("blt: line %d: unexpected text after the title: %q", rest[1].n, rest[1].text)
		}
		if len(rest) == 1 {
			t, err := bltStrings(rest[0].text)
			if err != nil {
				return fmt.Errorf("blt: line %d: %v", rest[0].n, err)
			}
			e.Title = strings.Join(t, " ")
		}
	case len(alt) == n && len(lines) <= 1:
		// names only as comments; the one line left, if any, is the title
		names = names[:0]
		for k := 1; k <= n; k++ {
			names = append(names, alt[k])
		}
		info.NamesFromComments = true
		if len(lines) == 1 {
			t, err := bltStrings(lines[0].text)
			if err != nil {
				return fmt.Errorf("blt: line %d: %v", lines[0].n, err)
			}
			e.Title = strings.Join(t, " ")
		}
	case len(alt) > 0:
		at := *line
		if len(lines) > 0 {
			at = lines[len(lines)-1].n
		} else if altLine > 0 {
			at = altLine
		}
		return fmt.Errorf("blt: line %d: found %d name lines and %d ALTERNATIVE NAME comments for %d candidates; "+
			"want %d name lines, or comments numbered 1 to %d followed by at most a title line", at, len(lines), len(alt), n, n, n)
	default:
		return fmt.Errorf("blt: line %d: found %d candidate names, want %d", *line, len(names), n)
	}
	seen := make(map[string]bool, n)
	for _, nm := range names {
		if seen[nm] {
			return fmt.Errorf("blt: candidate name %q appears twice", nm)
		}
		seen[nm] = true
	}
	e.Candidates = names
	return nil
}

// decodeNames reads name lines (and ALTERNATIVE NAME comments) that are not
// UTF-8 as Latin-1 (ISO 8859-1), as older counting programs wrote them. A
// file whose names mix UTF-8 and Latin-1 is refused: either reading would
// garble some of them.
func decodeNames(lines []nameLine, alt map[int]string, info *BLTInfo) error {
	utf8At, latinAt := 0, 0
	for _, l := range lines {
		switch {
		case !utf8.ValidString(l.text):
			latinAt = cmp.Or(latinAt, l.n)
		case hasMultibyte(l.text):
			utf8At = cmp.Or(utf8At, l.n)
		}
	}
	altLatin := false
	for _, a := range alt {
		if !utf8.ValidString(a) {
			altLatin = true
		} else if hasMultibyte(a) && utf8At == 0 {
			utf8At = -1
		}
	}
	if latinAt == 0 && !altLatin {
		return nil
	}
	if utf8At != 0 {
		at := latinAt
		if at == 0 {
			at = utf8At
		}
		return fmt.Errorf("blt: line %d: this name is not UTF-8 but others are; re-save the file in one encoding (UTF-8)", at)
	}
	info.Latin1 = true
	for i := range lines {
		lines[i].text = latin1(lines[i].text)
	}
	for k, a := range alt {
		alt[k] = latin1(a)
	}
	return nil
}

func hasMultibyte(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return true
		}
	}
	return false
}

// latin1 decodes ISO 8859-1: each byte is the code point of the same value.
func latin1(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		b.WriteRune(rune(s[i]))
	}
	return b.String()
}

// stripComment removes a '#' comment: the whole line if it starts with '#',
// else from a '#' outside double quotes that follows a space.
func stripComment(s string) string {
	quoted := false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			quoted = !quoted
		case '#':
			if !quoted && (i == 0 || s[i-1] == ' ' || s[i-1] == '\t') {
				return s[:i]
			}
		}
	}
	return s
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

func parseBLTBallot(f []string, n int, info *BLTInfo) (voting.Ballot, error) {
	if strings.HasPrefix(f[0], "(") {
		if !strings.HasSuffix(f[0], ")") {
			return voting.Ballot{}, fmt.Errorf("ballot id %q: want an id without spaces, in parentheses", f[0])
		}
		info.BallotIDs++
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
			var eq []int
			for _, u := range strings.Split(t, "=") {
				c, err := strconv.Atoi(u)
				if err != nil || c < 1 || c > n {
					return b, fmt.Errorf("bad preference %q: want candidates 1..%d", t, n)
				}
				if !slices.Contains(eq, c-1) {
					eq = append(eq, c-1)
				}
			}
			if b.Equal == nil {
				b.Equal = make([][]int, len(f)-2)
			}
			b.Equal[len(b.Ranks)] = eq
			b.Ranks = append(b.Ranks, voting.Overvote)
		default:
			c, err := strconv.Atoi(t)
			if err != nil || c < 1 || c > n {
				return b, fmt.Errorf("bad preference %q: want a candidate number 1..%d", t, n)
			}
			b.Ranks = append(b.Ranks, c-1)
		}
	}
	if b.Equal != nil {
		info.EqualRanks++
	}
	return b, nil
}

// bltStrings reads a name line: one or more "quoted" strings (a doubled
// quote inside one is a quote, as in CSV), or the whole line unquoted.
func bltStrings(s string) ([]string, error) {
	if !strings.HasPrefix(s, "\"") {
		return []string{s}, nil
	}
	var out []string
	for s != "" {
		if s[0] != '"' {
			return nil, fmt.Errorf("unexpected %q after a quoted name; a name with a quote in it needs the quote doubled (\"A \"\"B\"\"\")", s)
		}
		var name strings.Builder
		i := 1
		for {
			j := strings.IndexByte(s[i:], '"')
			if j < 0 {
				return nil, fmt.Errorf("unterminated quoted name %q", s)
			}
			name.WriteString(s[i : i+j])
			i += j + 1
			if i < len(s) && s[i] == '"' { // doubled quote
				name.WriteByte('"')
				i++
				continue
			}
			break
		}
		out = append(out, name.String())
		s = strings.TrimSpace(s[i:])
	}
	return out, nil
}
