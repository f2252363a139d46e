package polisio

import (
	"os"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/opinions"
)

const seattleDir = "../../../testdata/polis-data/15-per-hour-seattle/"

func readSeattle[T any](t *testing.T, name string, read func(f *os.File) (T, *Report, error)) T {
	t.Helper()
	f, err := os.Open(seattleDir + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	v, rep, err := read(f)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Skipped() > 0 {
		t.Fatalf("%s: %s", name, rep)
	}
	return v
}

// The wide export holds the same final votes as the event log: the latest
// vote of every (participant, statement) pair of votes.csv.
func TestReadParticipantsVotesEqualsLatestVotes(t *testing.T) {
	wide := readSeattle(t, "participants-votes.csv", func(f *os.File) ([]opinions.Event, *Report, error) { return ReadParticipantsVotes(f) })
	log := readSeattle(t, "votes.csv", func(f *os.File) ([]opinions.Event, *Report, error) { return ReadVotes(f) })
	type key struct{ p, s int }
	latest := map[key]opinions.Vote{}
	for _, e := range log {
		latest[key{e.Participant, e.Statement}] = e.Vote
	}
	if len(wide) != len(latest) || len(wide) != 2872 {
		t.Fatalf("%d votes in the wide export, %d distinct pairs in votes.csv, want 2,872", len(wide), len(latest))
	}
	for _, e := range wide {
		if v, ok := latest[key{e.Participant, e.Statement}]; !ok || v != e.Vote || e.Time != 0 {
			t.Fatalf("participant %d statement %d: wide %d (time %d), votes.csv %d (present %v)", e.Participant, e.Statement, e.Vote, e.Time, v, ok)
		}
	}
}

// Without times the in-conv rule sees the final counts: on this
// conversation that is exactly the set Pol.is clustered (everyone with at
// least 7 votes).
func TestBuildUpdateClustersWhomPolisClustered(t *testing.T) {
	wide := readSeattle(t, "participants-votes.csv", func(f *os.File) ([]opinions.Event, *Report, error) { return ReadParticipantsVotes(f) })
	comments := readSeattle(t, "comments.csv", func(f *os.File) ([]Comment, *Report, error) { return ReadComments(f) })
	groups := readSeattle(t, "participants-votes.csv", func(f *os.File) (map[int]int, *Report, error) { return ReadGroups(f) })
	conv := BuildUpdate(wide, comments, nil)
	if conv.InConv() != len(groups) {
		t.Errorf("in-conv %d, Pol.is clustered %d", conv.InConv(), len(groups))
	}
	for pid := range groups {
		if !conv.IsInConv(pid) {
			t.Errorf("participant %d clustered by Pol.is, not in-conv", pid)
		}
	}
	// Build (a vote at a time, in row order) would let the first rows in
	// while few statements had votes: the order of a wide file means nothing.
	if byRow := Build(wide, comments, nil); byRow.InConv() <= conv.InConv() {
		t.Errorf("row-order build admits %d, one update %d: expected the row order to admit more", byRow.InConv(), conv.InConv())
	}
}

func TestReadParticipantsVotesBadRows(t *testing.T) {
	in := "participant,group-id,n-comments,n-votes,n-agree,n-disagree,7,3,xid\n" +
		"1,0,0,2,1,1,1,-1,a\n" +
		"2,,0,1,0,0,,0,b\n" +
		"x,,0,0,0,0,1,1,c\n" +
		"1,0,0,2,1,1,1,1,d\n" +
		"3,1,0,2,1,0,2,1.0,e\n"
	evs, rep, err := ReadParticipantsVotes(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []opinions.Event{{Participant: 1, Statement: 7, Vote: 1}, {Participant: 1, Statement: 3, Vote: -1},
		{Participant: 2, Statement: 3, Vote: 0}, {Participant: 3, Statement: 3, Vote: 1}}
	if len(evs) != len(want) {
		t.Fatalf("events %v, want %v", evs, want)
	}
	for i := range want {
		if evs[i] != want[i] {
			t.Errorf("event %d: %v, want %v", i, evs[i], want[i])
		}
	}
	if rep.Rows != 5 || rep.Malformed != 2 || rep.Duplicates != 1 {
		t.Errorf("report %s; want 5 rows, 2 malformed (bad id, vote 2), 1 duplicate", rep)
	}
	if _, _, err := ReadParticipantsVotes(strings.NewReader("pid,1,2\n1,1,1\n")); err == nil {
		t.Error("a file without a participant column was accepted")
	}
}

func FuzzReadParticipantsVotes(f *testing.F) {
	f.Add("participant,group-id,0,1\n1,0,1,-1\n2,,,0\n")
	f.Add("participant,5\n\"1\",1.0\n")
	f.Fuzz(func(t *testing.T, s string) {
		evs, rep, err := ReadParticipantsVotes(strings.NewReader(s))
		if err != nil {
			return
		}
		for _, e := range evs {
			if !e.Vote.Valid() || e.Participant < 0 || e.Statement < 0 {
				t.Fatalf("invalid event %v", e)
			}
		}
		_ = rep.String()
		_ = BuildUpdate(evs, nil, rep)
	})
}
