package ballotfile_test

import (
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/voting"
	"github.com/folkmoot/folkmoot/internal/voting/ballotfile"
)

func TestReadBLT(t *testing.T) {
	e, err := ballotfile.ReadBLT(strings.NewReader(`# comment
4 2
-4
(b1) 3 1 - 2=3 2 0
2 4 1 0
0
"Ann Smith" "Bob Jones"
Carol Brown (Lab)
"Dan"
"An election"
`))
	if err != nil {
		t.Fatal(err)
	}
	if e.Seats != 2 || e.Title != "An election" || len(e.Candidates) != 4 || e.Candidates[2] != "Carol Brown (Lab)" {
		t.Errorf("got %+v", e)
	}
	if len(e.Withdrawn) != 1 || e.Withdrawn[0] != 3 {
		t.Errorf("withdrawn %v", e.Withdrawn)
	}
	want := []int{0, voting.Undervote, voting.Overvote, 1}
	if b := e.Ballots[0]; b.Count != 3 || len(b.Ranks) != 4 {
		t.Fatalf("ballot %+v", b)
	}
	for i, r := range e.Ballots[0].Ranks {
		if r != want[i] {
			t.Errorf("rank %d = %d, want %d", i, r, want[i])
		}
	}
}

func TestReadErrorsNameTheLine(t *testing.T) {
	for _, tc := range []struct{ name, format, text, want string }{
		{"blt header", "blt", "3\n", "line 1"},
		{"blt pref", "blt", "3 1\n1 1 0\n2 1 9 0\n0\nA\nB\nC\n", "line 3: bad preference \"9\""},
		{"blt no end", "blt", "3 1\n1 1 0\n", "line 2"},
		{"blt missing names", "blt", "3 1\n1 1 0\n0\nA\n", "found 1 candidate names, want 3"},
		{"blt no zero", "blt", "2 1\n1 1 2\n0\nA\nB\n", "line 2: ballot does not end with 0"},
		{"blt duplicate name", "blt", "2 1\n0\nA\nA\n", "appears twice"},
		{"csv count", "csv", "count,r1\n1,A\nx,B\n", "line 3: bad count"},
		{"csv quote", "csv", "1,\"A\n", "csv:"},
		{"json syntax", "json", "{\n\"candidates\": [\"A\",\n}", "line 3"},
		{"json unknown", "json", `{"candidates":["A"],"ballots":[{"ranking":["B"]}]}`, `ballot 1: "B" is not a candidate`},
		{"json score", "json", `{"candidates":["A"],"ballots":[{"scores":{"A":7}}]}`, "outside 1..5"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ballotfile.ReadFormat(tc.format, strings.NewReader(tc.text))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestReadSniffsFormat(t *testing.T) {
	for _, tc := range []struct {
		text  string
		seats int // the BLT header's; 0 for CSV and JSON
	}{
		{"2 1\n1 1 0\n0\nA\nB\n", 1}, {"count,r1\n1,A\n", 0}, {`{"candidates":["A"]}`, 0},
		{"# a BLT file opening with a comment\n2 1\n1 1 0\n0\nA\nB\n", 1},
		{"\ufeff2 1\r\n1 1 0\r\n0\r\nA\r\nB\r\n", 1},
	} {
		e, err := ballotfile.Read("stdin", strings.NewReader(tc.text))
		if err != nil {
			t.Errorf("%q: %v", tc.text, err)
		} else if e.Seats != tc.seats {
			t.Errorf("%q: read with %d seats, want %d (read in the wrong format?)", tc.text, e.Seats, tc.seats)
		}
	}
}
