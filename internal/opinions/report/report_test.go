package report

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/opinions"
)

func sample() *opinions.Result {
	return &opinions.Result{
		Participants: 3, Clustered: 2, Statements: 1, Votes: 3, K: 2,
		ParticipantGroups: map[int]int{1: 0, 2: 1},
		Groups:            []opinions.Group{{ID: 0, Size: 1, Center: [2]float64{-1, 0}}, {ID: 1, Size: 1, Center: [2]float64{1, 0}}},
		Representative: map[int][]opinions.Representative{
			0: {{Statement: 7, RepfulFor: "agree", NSuccess: 1, NTrials: 1}},
			1: {{Statement: 7, RepfulFor: "disagree", NSuccess: 1, NTrials: 1}},
		},
		Consensus: opinions.Consensus{Agree: []opinions.ConsensusStatement{{Statement: 7, NSuccess: 2, NTrials: 3}}},
		StatementStats: []opinions.StatementStats{{Statement: 7, Agrees: 1, Disagrees: 1, Passes: 1,
			Groups: []opinions.GroupVotes{{Agrees: 1, Votes: 1}, {Disagrees: 1, Votes: 1}}}},
		Points: []opinions.Point{{Participant: 1, X: -1, Group: 0}, {Participant: 2, X: 1, Group: 1}, {Participant: 3, X: 50, Y: 50, Group: -1}},
	}
}

func TestSVG(t *testing.T) {
	var b bytes.Buffer
	if err := SVG(&b, sample(), 200, 100); err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(b.Bytes(), new(struct{})); err != nil {
		t.Fatalf("not XML: %v", err)
	}
	s := b.String()
	for _, want := range []string{Palette[0], Palette[1], unclusteredColour, ">A</text>", ">B</text>", "3 participants, 2 clustered into 2 groups"} {
		if !strings.Contains(s, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
}

func TestHTMLEscapesStatements(t *testing.T) {
	var b bytes.Buffer
	page := Page{Title: "T", Statements: map[int]string{7: "<script>alert(1)</script> & more"}, Attribution: "CC BY 4.0"}
	if err := HTML(&b, sample(), page); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	if strings.Contains(s, "<script>") {
		t.Error("statement text not escaped")
	}
	for _, want := range []string{"&lt;script&gt;", "Group A (1 participant)", "100%", "67%", "CC BY 4.0"} {
		if !strings.Contains(s, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
}
