package polisio

import (
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/folkmoot/folkmoot/internal/opinions"
)

// ReadParticipantsVotes reads the votes from Pol.is's wide export,
// participants-votes.csv: one row per participant (column participant), one
// column per statement, headed by its comment-id, holding the participant's
// final vote (1 agree, -1 disagree, 0 pass; blank: no vote). The other
// columns (group-id, n-comments, n-votes, n-agree, n-disagree, xid) are
// ignored; ReadGroups reads group-id. Use it when votes.csv is absent.
//
// The file has no times: the events come in row order, then column order,
// all with Time 0, and a conversation built from them should take them as
// one update (BuildUpdate), since the order carries no meaning. A row with
// an unparsable participant id, or repeating one, is skipped; a cell other
// than 1, -1, 0 or blank is skipped and its row counted as malformed.
func ReadParticipantsVotes(rd io.Reader) ([]opinions.Event, *Report, error) {
	t, err := newTable(rd, "participant")
	if err != nil {
		return nil, nil, err
	}
	// Statement columns: every column whose header is a comment-id.
	type stmt struct{ col, tid int }
	var stmts []stmt
	for name, i := range t.cols {
		if id, err := strconv.Atoi(name); err == nil && id >= 0 {
			stmts = append(stmts, stmt{i, id})
		}
	}
	sortStmts := func(a, b stmt) int { return a.col - b.col }
	slices.SortFunc(stmts, sortStmts)

	rep := &Report{}
	var evs []opinions.Event
	seen := map[int]bool{}
	for {
		rec, line, err := t.row(rep, "participants-votes")
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		if rec == nil {
			continue // malformed, noted in rep
		}
		pid, err := parseInt(t.field(rec, "participant"))
		if err != nil || pid < 0 || pid > 1<<31-1 {
			rep.Malformed++
			rep.note("participants-votes line %d: participant %q is not a non-negative integer", line, t.field(rec, "participant"))
			continue
		}
		if seen[int(pid)] {
			rep.Duplicates++
			rep.note("participants-votes line %d: participant %d repeated", line, pid)
			continue
		}
		seen[int(pid)] = true
		bad := false
		for _, s := range stmts {
			if s.col >= len(rec) {
				continue
			}
			cell := strings.TrimSpace(rec[s.col])
			if cell == "" {
				continue
			}
			v, err := parseInt(cell)
			if err != nil || v < -1 || v > 1 {
				if !bad {
					rep.note("participants-votes line %d: statement %d: vote %q is not -1, 0 or 1", line, s.tid, cell)
				}
				bad = true
				continue
			}
			evs = append(evs, opinions.Event{Participant: int(pid), Statement: s.tid, Vote: opinions.Vote(v)})
		}
		if bad {
			rep.Malformed++
		}
	}
	return evs, rep, nil
}

// BuildUpdate is Build for votes without times (ReadParticipantsVotes): the
// known votes enter as one update (opinions.Conversation.AddUpdate), so the
// in-conv rule sees the final vote counts rather than the row order.
func BuildUpdate(evs []opinions.Event, comments []Comment, rep *Report) *opinions.Conversation {
	conv := Moderate(comments)
	// ReadParticipantsVotes validated the values, so AddUpdate cannot fail.
	_ = conv.AddUpdate(Known(evs, comments, rep))
	return conv
}
