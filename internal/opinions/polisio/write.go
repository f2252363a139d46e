package polisio

import (
	"encoding/csv"
	"io"
	"slices"
	"strconv"

	"github.com/folkmoot/folkmoot/internal/opinions"
)

// WriteParticipantsVotes writes participants-votes.csv in Pol.is's export
// layout: participant, group-id (blank if not clustered), n-comments,
// n-votes, n-agree, n-disagree, then one column per statement with at least
// one vote (in id order) holding the participant's latest vote or blank.
// Rows are in participant id order (Pol.is's own export follows its
// internal row order; readers must not rely on either). authored maps participant id to the
// number of statements they wrote (may be nil).
func WriteParticipantsVotes(w io.Writer, conv *opinions.Conversation, groups map[int]int, authored map[int]int) error {
	tids := conv.StatementIDs()
	slices.Sort(tids)
	colOf := make(map[int]int, len(tids))
	head := []string{"participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree"}
	for i, t := range tids {
		colOf[t] = i
		head = append(head, strconv.Itoa(t))
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(head); err != nil {
		return err
	}
	pids := conv.ParticipantIDs()
	slices.Sort(pids)
	rec := make([]string, len(head))
	for _, pid := range pids {
		clear(rec)
		rec[0] = strconv.Itoa(pid)
		if g, ok := groups[pid]; ok {
			rec[1] = strconv.Itoa(g)
		}
		rec[2] = strconv.Itoa(authored[pid])
		n, na, nd := 0, 0, 0
		for tid, v := range conv.Row(pid) {
			rec[6+colOf[tid]] = strconv.Itoa(int(v))
			n++
			switch v {
			case opinions.Agree:
				na++
			case opinions.Disagree:
				nd++
			}
		}
		rec[3], rec[4], rec[5] = strconv.Itoa(n), strconv.Itoa(na), strconv.Itoa(nd)
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteComments writes comments.csv with the agree and disagree counts of
// the conversation's latest votes.
func WriteComments(w io.Writer, comments []Comment, conv *opinions.Conversation, res *opinions.Result) error {
	agree, disagree := map[int]int{}, map[int]int{}
	if res != nil {
		for _, s := range res.StatementStats {
			agree[s.Statement], disagree[s.Statement] = s.Agrees, s.Disagrees
		}
	}
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"timestamp", "datetime", "comment-id", "author-id", "agrees", "disagrees", "moderated", "comment-body"})
	for _, c := range comments {
		_ = cw.Write([]string{strconv.FormatInt(c.Time, 10), "", strconv.Itoa(c.ID), strconv.Itoa(c.Author),
			strconv.Itoa(agree[c.ID]), strconv.Itoa(disagree[c.ID]), strconv.Itoa(int(c.Moderated)), c.Body})
	}
	cw.Flush()
	return cw.Error()
}

// WriteVotes writes votes.csv from vote events (in the given order).
func WriteVotes(w io.Writer, evs []opinions.Event) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"timestamp", "datetime", "comment-id", "voter-id", "vote"})
	for _, e := range evs {
		_ = cw.Write([]string{strconv.FormatInt(e.Time, 10), "", strconv.Itoa(e.Statement), strconv.Itoa(e.Participant), strconv.Itoa(int(e.Vote))})
	}
	cw.Flush()
	return cw.Error()
}

// WriteSummary writes summary.csv (key, value rows) for a result.
func WriteSummary(w io.Writer, topic string, comments int, res *opinions.Result) error {
	cw := csv.NewWriter(w)
	rows := [][]string{
		{"topic", topic},
		{"voters", strconv.Itoa(res.Participants)},
		{"voters-in-conv", strconv.Itoa(res.Clustered)},
		{"comments", strconv.Itoa(comments)},
		{"groups", strconv.Itoa(res.K)},
	}
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	return cw.Error()
}
