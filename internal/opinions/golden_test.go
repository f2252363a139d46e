package opinions_test

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/opinions"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// TestGoldenSeattle compares the discrete part of the result on the fixture
// (group sizes and members, representative and consensus statements) with
// testdata/15-per-hour-seattle.golden. Floating-point values are left out:
// they may differ in the last bits between architectures (fused
// multiply-add). Run with -update after an intended change.
func TestGoldenSeattle(t *testing.T) {
	p := loadPolis(t, seattle(t))
	res := opinions.Compute(p.build(), opinions.DefaultOptions()).Result()
	var b strings.Builder
	fmt.Fprintf(&b, "participants %d clustered %d statements %d votes %d k %d\n", res.Participants, res.Clustered, res.Statements, res.Votes, res.K)
	for _, g := range res.Groups {
		var members []int
		for pid, gid := range res.ParticipantGroups {
			if gid == g.ID {
				members = append(members, pid)
			}
		}
		slices.Sort(members)
		fmt.Fprintf(&b, "group %d size %d members %v\n", g.ID, g.Size, members)
		for _, r := range res.Representative[g.ID] {
			fmt.Fprintf(&b, "  representative %d %s %d/%d best-agree=%v\n", r.Statement, r.RepfulFor, r.NSuccess, r.NTrials, r.BestAgree)
		}
	}
	for _, c := range res.Consensus.Agree {
		fmt.Fprintf(&b, "consensus agree %d %d/%d\n", c.Statement, c.NSuccess, c.NTrials)
	}
	for _, c := range res.Consensus.Disagree {
		fmt.Fprintf(&b, "consensus disagree %d %d/%d\n", c.Statement, c.NSuccess, c.NTrials)
	}
	const path = "testdata/15-per-hour-seattle.golden"
	if *update {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run TestGoldenSeattle -update)", err)
	}
	if b.String() != string(want) {
		t.Errorf("result differs from %s (run with -update if intended):\n%s", path, b.String())
	}
}
