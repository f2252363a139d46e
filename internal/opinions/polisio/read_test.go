package polisio

import (
	"errors"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/opinions"
)

const votesHeader = "timestamp,datetime,comment-id,voter-id,vote\n"

func TestReadVotes(t *testing.T) {
	in := votesHeader +
		"3,x,0,1,1\n" +
		"1,x,0,2,-1\n" +
		"1,x,0,2,-1\n" + // duplicate row
		"2,x,1,2,0\n" +
		"4,x,1,2,5\n" + // bad vote
		"5,x,,2,1\n" + // empty comment-id
		"6,x,a,2,1\n" + // not a number
		"7,x,1,2,-1.0\n" // float form accepted
	evs, rep, err := ReadVotes(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []opinions.Event{
		{Participant: 2, Statement: 0, Vote: -1, Time: 1},
		{Participant: 2, Statement: 1, Vote: 0, Time: 2},
		{Participant: 1, Statement: 0, Vote: 1, Time: 3},
		{Participant: 2, Statement: 1, Vote: -1, Time: 7},
	}
	if len(evs) != len(want) {
		t.Fatalf("events %v, want %v", evs, want)
	}
	for i := range want {
		if evs[i] != want[i] {
			t.Errorf("event %d = %+v, want %+v", i, evs[i], want[i])
		}
	}
	if rep.Rows != 8 || rep.Duplicates != 1 || rep.Malformed != 3 {
		t.Errorf("report %s", rep)
	}
	if !strings.Contains(rep.String(), "line 6: vote 5 is not -1, 0 or 1") {
		t.Errorf("report does not name the bad line: %s", rep)
	}
}

func TestReadVotesMissingColumn(t *testing.T) {
	_, _, err := ReadVotes(strings.NewReader("timestamp,comment-id,vote\n1,2,1\n"))
	if !errors.Is(err, ErrHeader) || !strings.Contains(err.Error(), "voter-id") {
		t.Errorf("err = %v, want ErrHeader naming voter-id", err)
	}
	if _, _, err := ReadVotes(strings.NewReader("")); !errors.Is(err, ErrHeader) {
		t.Errorf("empty file: err = %v", err)
	}
}

func TestReadComments(t *testing.T) {
	in := "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n" +
		"1,x,2,7,3,4,1,\"hello, \"\"world\"\"\nsecond line\"\n" +
		"1,x,1,7,3,4,-1,hidden\n" +
		"1,x,2,8,0,0,0,duplicate id\n" +
		"1,x,3,8,0,0,9,bad moderation\n"
	cs, rep, err := ReadComments(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 2 || cs[0].ID != 1 || cs[1].ID != 2 || cs[0].Moderated != opinions.ModeratedOut {
		t.Fatalf("comments %+v", cs)
	}
	if cs[1].Body != "hello, \"world\"\nsecond line" || cs[1].Agrees != 3 || cs[1].Author != 7 {
		t.Errorf("comment 2 = %+v", cs[1])
	}
	if rep.Duplicates != 1 || rep.Malformed != 1 {
		t.Errorf("report %s", rep)
	}
}

func TestBuildSkipsUnknownStatements(t *testing.T) {
	evs := []opinions.Event{{Participant: 1, Statement: 1, Vote: 1, Time: 1}, {Participant: 1, Statement: 99, Vote: 1, Time: 2}, {Participant: 2, Statement: 1, Vote: -1, Time: 3}}
	rep := &Report{}
	conv := Build(evs, []Comment{{ID: 1}}, rep)
	if rep.Unknown != 1 || conv.Votes() != 2 || conv.Statements() != 1 {
		t.Errorf("unknown %d, votes %d, statements %d", rep.Unknown, conv.Votes(), conv.Statements())
	}
	if conv := Build(evs, nil, nil); conv.Votes() != 3 {
		t.Errorf("without comments: votes %d, want all 3", conv.Votes())
	}
}

func TestReadGroups(t *testing.T) {
	in := "participant,group-id,n-comments,0\n0,1,0,1\n1,,0,1\n2,0,0,\nx,0,0,1\n2,1,0,1\n"
	g, rep, err := ReadGroups(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(g) != 2 || g[0] != 1 || g[2] != 0 || rep.Malformed != 1 || rep.Duplicates != 1 {
		t.Errorf("groups %v, report %s", g, rep)
	}
}

// checkReport verifies the reader's accounting: every data row is either
// returned or counted as skipped.
func checkReport(t *testing.T, rep *Report, kept int) {
	t.Helper()
	if rep.Rows != kept+rep.Malformed+rep.Duplicates {
		t.Fatalf("rows %d != kept %d + malformed %d + duplicates %d", rep.Rows, kept, rep.Malformed, rep.Duplicates)
	}
	if len(rep.Examples) > maxExamples {
		t.Fatalf("%d examples", len(rep.Examples))
	}
}

func FuzzReadVotes(f *testing.F) {
	f.Add(votesHeader + "1,x,0,1,1\n2,x,0,1,-1\n")
	f.Add(votesHeader + "1,x,0,1,1\n1,x,0,1,1\n")
	f.Add("timestamp,comment-id,voter-id,vote\n\"1\",2,3,0\n9e99,1,1,1\n")
	f.Add(votesHeader + "1,x,0,1\n\"unterminated\n")
	f.Add("vote,voter-id,comment-id,timestamp\n1,1,1,1\n-1,99999999999,1,1\n")
	f.Fuzz(func(t *testing.T, in string) {
		evs, rep, err := ReadVotes(strings.NewReader(in))
		if err != nil {
			if !errors.Is(err, ErrHeader) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		checkReport(t, rep, len(evs))
		conv := opinions.NewConversation()
		for i, e := range evs {
			if !e.Vote.Valid() || e.Participant < 0 || e.Statement < 0 {
				t.Fatalf("invalid event %+v", e)
			}
			if i > 0 && evs[i-1].Time > e.Time {
				t.Fatal("events not in time order")
			}
			if err := conv.Add(e); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func FuzzReadComments(f *testing.F) {
	f.Add("comment-id,moderated,comment-body\n1,1,a\n2,-1,\"b,c\"\n")
	f.Add("timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n1,x,0,1,2,3,0,hi\n1,x,0,1,2,3,0,dup\n")
	f.Add("comment-id,moderated\n-1,1\n1,2\n1.5,0\n")
	f.Fuzz(func(t *testing.T, in string) {
		cs, rep, err := ReadComments(strings.NewReader(in))
		if err != nil {
			if !errors.Is(err, ErrHeader) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		checkReport(t, rep, len(cs))
		seen := map[int]bool{}
		for _, c := range cs {
			if seen[c.ID] || c.ID < 0 || c.Moderated < -1 || c.Moderated > 1 {
				t.Fatalf("bad comment %+v", c)
			}
			seen[c.ID] = true
		}
	})
}

func FuzzReadGroups(f *testing.F) {
	f.Add("participant,group-id\n1,0\n2,\n3,1\n")
	f.Add("participant,group-id\n1,0\n1,1\nz,0\n")
	f.Fuzz(func(t *testing.T, in string) {
		g, rep, err := ReadGroups(strings.NewReader(in))
		if err != nil {
			if !errors.Is(err, ErrHeader) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		if len(g) > rep.Rows {
			t.Fatalf("%d groups from %d rows", len(g), rep.Rows)
		}
	})
}
