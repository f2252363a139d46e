package polisio

import (
	"bytes"
	"os"
	"slices"
	"testing"

	"github.com/folkmoot/folkmoot/internal/opinions"
)

// Writing participants-votes.csv and reading it back with ReadGroups
// returns the groups; the vote cells match the fixture exported by Pol.is
// (same layout), apart from the group-id column and the order of rows.
func TestWriteParticipantsVotesRoundTrip(t *testing.T) {
	dir := "../../../testdata/polis-data/15-per-hour-seattle/"
	vf, err := os.Open(dir + "votes.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer vf.Close()
	evs, _, err := ReadVotes(vf)
	if err != nil {
		t.Fatal(err)
	}
	cf, err := os.Open(dir + "comments.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer cf.Close()
	cs, _, err := ReadComments(cf)
	if err != nil {
		t.Fatal(err)
	}
	conv := Build(evs, cs, nil)
	res := opinions.Compute(conv, opinions.DefaultOptions()).Result()
	authored := map[int]int{}
	for _, c := range cs {
		authored[c.Author]++
	}
	var buf bytes.Buffer
	if err := WriteParticipantsVotes(&buf, conv, res.ParticipantGroups, authored); err != nil {
		t.Fatal(err)
	}
	g, _, err := ReadGroups(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if opinions.AdjustedRandIndex(g, res.ParticipantGroups) != 1 || len(g) != len(res.ParticipantGroups) {
		t.Errorf("round trip lost groups: %d vs %d", len(g), len(res.ParticipantGroups))
	}
	polis, err := os.ReadFile(dir + "participants-votes.csv")
	if err != nil {
		t.Fatal(err)
	}
	ours, theirs := stripGroup(buf.Bytes()), stripGroup(polis)
	if !bytes.Equal(ours, theirs) {
		t.Errorf("participants-votes.csv differs from Pol.is's export beyond group-id:\nours   %.300s\ntheirs %.300s", ours, theirs)
	}
}

// stripGroup blanks the second field of every line (group-id).
func stripGroup(b []byte) []byte {
	var out [][]byte
	for _, line := range bytes.Split(bytes.TrimRight(b, "\r\n"), []byte("\n")) {
		line = bytes.TrimRight(line, "\r")
		f := bytes.SplitN(line, []byte(","), 3)
		if len(f) == 3 {
			line = bytes.Join([][]byte{f[0], nil, f[2]}, []byte(","))
		}
		out = append(out, line)
	}
	slices.SortFunc(out, bytes.Compare)
	return bytes.Join(out, []byte("\n"))
}
