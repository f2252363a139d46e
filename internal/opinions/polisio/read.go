package polisio

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/folkmoot/folkmoot/internal/opinions"
)

// Comment is one row of comments.csv.
type Comment struct {
	ID        int
	Author    int
	Time      int64
	Agrees    int
	Disagrees int
	Moderated opinions.Moderation
	Body      string
}

// Report counts the rows a reader skipped, with the first few reasons.
type Report struct {
	Rows       int      // data rows read
	Malformed  int      // rows with a missing or unparsable field or a bad vote value
	Duplicates int      // rows identical to an earlier row (votes) or repeating an id (comments)
	Unknown    int      // votes on statements absent from comments.csv
	Examples   []string // up to maxExamples messages naming the line and the problem
}

const maxExamples = 5

// Skipped returns the number of skipped rows.
func (r *Report) Skipped() int { return r.Malformed + r.Duplicates + r.Unknown }

func (r *Report) note(format string, args ...any) {
	if len(r.Examples) < maxExamples {
		r.Examples = append(r.Examples, fmt.Sprintf(format, args...))
	}
}

// String summarises the report in one line.
func (r *Report) String() string {
	s := fmt.Sprintf("%d rows, %d skipped (%d malformed, %d duplicate, %d on unknown statements)",
		r.Rows, r.Skipped(), r.Malformed, r.Duplicates, r.Unknown)
	if len(r.Examples) > 0 {
		s += "; " + strings.Join(r.Examples, "; ")
	}
	return s
}

// ErrHeader is returned (wrapped) when a required column is missing.
var ErrHeader = errors.New("polisio: missing column")

// table reads a CSV with a header row and resolves the named columns.
type table struct {
	r    *csv.Reader
	cols map[string]int
}

func newTable(rd io.Reader, required ...string) (*table, error) {
	r := csv.NewReader(rd)
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	r.LazyQuotes = true
	head, err := r.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%w: the file is empty (want a header with %s)", ErrHeader, strings.Join(required, ", "))
	}
	if err != nil {
		return nil, fmt.Errorf("polisio: reading header: %w", err)
	}
	cols := map[string]int{}
	for i, h := range head {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if _, dup := cols[h]; !dup {
			cols[h] = i
		}
	}
	for _, name := range required {
		if _, ok := cols[name]; !ok {
			return nil, fmt.Errorf("%w %q (header is %q)", ErrHeader, name, strings.Join(head, ","))
		}
	}
	return &table{r: r, cols: cols}, nil
}

// field returns the trimmed value of column name in rec, or "" if absent.
func (t *table) field(rec []string, name string) string {
	i, ok := t.cols[name]
	if !ok || i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

// next returns the next record and its line, io.EOF at the end. A record
// the CSV parser rejects is returned as a parse error with its line.
func (t *table) next() ([]string, int, error) {
	rec, err := t.r.Read()
	line, _ := t.r.FieldPos(0)
	return rec, line, err
}

// row reads the next row of the file named what (as the report names it):
// io.EOF at the end; a nil row, counted and noted in rep as malformed, for
// a line the CSV reader cannot parse; any other error wrapped, to stop on.
func (t *table) row(rep *Report, what string) ([]string, int, error) {
	rec, line, err := t.next()
	if err == io.EOF {
		return nil, 0, err
	}
	rep.Rows++
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			rep.Malformed++
			rep.note("%s line %d: %v", what, pe.Line, pe.Err)
			return nil, line, nil
		}
		return nil, 0, fmt.Errorf("polisio: reading %s: %w", what, err)
	}
	return rec, line, nil
}

// parseInt accepts an integer, also written as a float with no fraction
// ("1.0"), as some exports do.
func parseInt(s string) (int64, error) {
	if v, err := strconv.ParseInt(s, 10, 64); err == nil {
		return v, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != float64(int64(f)) || f > 1<<53 || f < -(1<<53) {
		return 0, fmt.Errorf("%q is not an integer", s)
	}
	return int64(f), nil
}

// ReadVotes reads votes.csv (columns timestamp, comment-id, voter-id, vote;
// others are ignored) and returns the events sorted by time, stably, so that
// the latest row of a (voter, comment) pair is its effective vote. Rows with a
// bad field or a vote other than -1, 0, 1 are skipped as malformed; a row
// identical to an earlier one is skipped as a duplicate.
func ReadVotes(rd io.Reader) ([]opinions.Event, *Report, error) {
	t, err := newTable(rd, "timestamp", "comment-id", "voter-id", "vote")
	if err != nil {
		return nil, nil, err
	}
	rep := &Report{}
	var evs []opinions.Event
	seen := map[opinions.Event]struct{}{}
	for {
		rec, line, err := t.row(rep, "votes")
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		if rec == nil {
			continue // malformed, noted in rep
		}
		e, err := voteRow(t, rec)
		if err != nil {
			rep.Malformed++
			rep.note("votes line %d: %v", line, err)
			continue
		}
		if _, dup := seen[e]; dup {
			rep.Duplicates++
			rep.note("votes line %d: duplicate row", line)
			continue
		}
		seen[e] = struct{}{}
		evs = append(evs, e)
	}
	if !slices.IsSortedFunc(evs, byTime) {
		slices.SortStableFunc(evs, byTime)
	}
	return evs, rep, nil
}

func byTime(a, b opinions.Event) int {
	switch {
	case a.Time < b.Time:
		return -1
	case a.Time > b.Time:
		return 1
	}
	return 0
}

func voteRow(t *table, rec []string) (opinions.Event, error) {
	var e opinions.Event
	var v [4]int64
	for i, name := range [...]string{"timestamp", "comment-id", "voter-id", "vote"} {
		s := t.field(rec, name)
		if s == "" {
			return e, fmt.Errorf("%s is empty", name)
		}
		n, err := parseInt(s)
		if err != nil {
			return e, fmt.Errorf("%s: %v", name, err)
		}
		v[i] = n
	}
	if v[1] < 0 || v[2] < 0 || v[1] > 1<<31-1 || v[2] > 1<<31-1 {
		return e, fmt.Errorf("comment-id %d or voter-id %d out of range", v[1], v[2])
	}
	if v[3] < -1 || v[3] > 1 {
		return e, fmt.Errorf("vote %d is not -1, 0 or 1", v[3])
	}
	return opinions.Event{Time: v[0], Statement: int(v[1]), Participant: int(v[2]), Vote: opinions.Vote(v[3])}, nil
}

// ReadComments reads comments.csv. Required columns: comment-id and
// moderated; timestamp, author-id, agrees, disagrees and comment-body are read
// when present. A row repeating an earlier comment-id is skipped as a
// duplicate; a row with an unparsable id or moderation state as malformed.
func ReadComments(rd io.Reader) ([]Comment, *Report, error) {
	t, err := newTable(rd, "comment-id", "moderated")
	if err != nil {
		return nil, nil, err
	}
	rep := &Report{}
	var cs []Comment
	seen := map[int]bool{}
	for {
		rec, line, err := t.row(rep, "comments")
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		if rec == nil {
			continue // malformed, noted in rep
		}
		c, err := commentRow(t, rec)
		if err != nil {
			rep.Malformed++
			rep.note("comments line %d: %v", line, err)
			continue
		}
		if seen[c.ID] {
			rep.Duplicates++
			rep.note("comments line %d: comment-id %d repeated", line, c.ID)
			continue
		}
		seen[c.ID] = true
		cs = append(cs, c)
	}
	slices.SortFunc(cs, func(a, b Comment) int { return a.ID - b.ID })
	return cs, rep, nil
}

func commentRow(t *table, rec []string) (Comment, error) {
	var c Comment
	id, err := parseInt(t.field(rec, "comment-id"))
	if err != nil || id < 0 || id > 1<<31-1 {
		return c, fmt.Errorf("comment-id %q is not a non-negative integer", t.field(rec, "comment-id"))
	}
	c.ID = int(id)
	m, err := parseInt(t.field(rec, "moderated"))
	if err != nil || m < -1 || m > 1 {
		return c, fmt.Errorf("moderated %q is not -1, 0 or 1", t.field(rec, "moderated"))
	}
	c.Moderated = opinions.Moderation(m)
	// Optional columns: a bad value leaves the zero value.
	if v, err := parseInt(t.field(rec, "timestamp")); err == nil {
		c.Time = v
	}
	if v, err := parseInt(t.field(rec, "author-id")); err == nil && v >= -1<<31 && v < 1<<31 {
		c.Author = int(v)
	}
	if v, err := parseInt(t.field(rec, "agrees")); err == nil && v >= 0 && v < 1<<31 {
		c.Agrees = int(v)
	}
	if v, err := parseInt(t.field(rec, "disagrees")); err == nil && v >= 0 && v < 1<<31 {
		c.Disagrees = int(v)
	}
	if i, ok := t.cols["comment-body"]; ok && i < len(rec) {
		c.Body = rec[i]
	}
	return c, nil
}

// Build makes a conversation from the events of ReadVotes (in time order)
// and the comments of ReadComments: Moderate, then every event Known keeps.
func Build(evs []opinions.Event, comments []Comment, rep *Report) *opinions.Conversation {
	conv := Moderate(comments)
	for _, e := range Known(evs, comments, rep) {
		// ReadVotes validated the values, so Add cannot fail here.
		_ = conv.Add(e)
	}
	return conv
}

// Moderate returns an empty conversation with the moderation states of
// comments.
func Moderate(comments []Comment) *opinions.Conversation {
	conv := opinions.NewConversation()
	for _, c := range comments {
		conv.SetModeration(c.ID, c.Moderated)
	}
	return conv
}

// Known returns the events on statements listed in comments, counting the
// others in rep.Unknown (rep may be nil, or the Report of ReadVotes). With
// comments nil, every event is kept.
func Known(evs []opinions.Event, comments []Comment, rep *Report) []opinions.Event {
	if comments == nil {
		return evs
	}
	known := make(map[int]bool, len(comments))
	for _, c := range comments {
		known[c.ID] = true
	}
	out := make([]opinions.Event, 0, len(evs))
	for _, e := range evs {
		if !known[e.Statement] {
			if rep != nil {
				rep.Unknown++
				rep.note("vote by participant %d on unknown statement %d", e.Participant, e.Statement)
			}
			continue
		}
		out = append(out, e)
	}
	return out
}
