package ballotfile_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/voting"
	"github.com/folkmoot/folkmoot/internal/voting/ballotfile"
)

// TestBLTDialects reads the same small election written in each dialect
// that droop, OpenSTV or RCTab's BLT import reads, and checks that every
// one gives the same candidates, title and ballots.
func TestBLTDialects(t *testing.T) {
	plainNames := []string{"Ann SMITH (Lab)", "Bob JONES (SNP)", "Cat BROWN (Grn)"}
	plainBallots := []voting.Ballot{{Count: 3, Ranks: []int{0, 1}}, {Count: 2, Ranks: []int{2}}, {Count: 1, Ranks: []int{1, 2, 0}}}
	for _, tc := range []struct {
		name, text string
		names      []string // default plainNames
		title      string   // default "Ward 1"
		withdrawn  []int
		check      func(t *testing.T, info *ballotfile.BLTInfo)
	}{
		{name: "plain unquoted", text: "3 2\n3 1 2 0\n2 3 0\n1 2 3 1 0\n0\nAnn SMITH (Lab)\nBob JONES (SNP)\nCat BROWN (Grn)\nWard 1\n"},
		{name: "quoted, several on a line", text: "3 2\n3 1 2 0\n2 3 0\n1 2 3 1 0\n0\n\"Ann SMITH (Lab)\" \"Bob JONES (SNP)\"\n\"Cat BROWN (Grn)\" \"Ward 1\"\n"},
		{
			name:  "doubled quotes",
			text:  "3 2\n3 1 2 0\n2 3 0\n1 2 3 1 0\n0\n\"Ann SMITH \"\"Labour\"\"\"\n\"Bob JONES \"\"SNP\"\"\"\n\"Esme HOUSTON \"\"Scottish Green Party\"\"\"\n\"Ward 1\"\n",
			names: []string{`Ann SMITH "Labour"`, `Bob JONES "SNP"`, `Esme HOUSTON "Scottish Green Party"`},
		},
		{
			name: "names only in comments, title unquoted",
			text: "3 2\n3 1 2 0\n2 3 0\n1 2 3 1 0\n0\n# ALTERNATIVE NAME 1: Ann SMITH (Lab)\n# ALTERNATIVE NAME 2: Bob JONES (SNP)\n# ALTERNATIVE NAME 3: Cat BROWN (Grn)\nWard 1\n",
			check: func(t *testing.T, info *ballotfile.BLTInfo) {
				if !info.NamesFromComments {
					t.Error("NamesFromComments not set")
				}
			},
		},
		{
			name:  "names in comments, no title",
			text:  "3 2\n3 1 2 0\n2 3 0\n1 2 3 1 0\n0\n# ALTERNATIVE NAME 3: Cat BROWN (Grn)\n# ALTERNATIVE NAME 1: Ann SMITH (Lab)\n#alternative name 2:Bob JONES (SNP)\n",
			title: "-",
		},
		{
			name: "alternative names beside name lines are comments",
			text: "3 2\n3 1 2 0\n2 3 0\n1 2 3 1 0\n0\nAnn SMITH (Lab)\n# ALTERNATIVE NAME 1: Annie Smith\n# ALTERNATIVE NAME 9: out of range but only a comment\nBob JONES (SNP)\nCat BROWN (Grn)\nWard 1\n",
		},
		{
			name: "withdrawn", withdrawn: []int{3},
			text:  "4 2\n-4\n3 1 2 0\n2 3 0\n1 2 3 1 0\n0\nAnn SMITH (Lab)\nBob JONES (SNP)\nCat BROWN (Grn)\nAbsent CANDIDATE (Ind)\nWard 1\n",
			names: append(slices.Clone(plainNames), "Absent CANDIDATE (Ind)"),
		},
		{
			name: "two withdrawn on one line", withdrawn: []int{1, 4},
			text:  "5 2\n-2 -5\n3 1 3 0\n2 4 0\n1 3 4 1 0\n0\nAnn SMITH (Lab)\nGone ONE\nBob JONES (SNP)\nCat BROWN (Grn)\nGone TWO\nWard 1\n",
			names: []string{"Ann SMITH (Lab)", "Gone ONE", "Bob JONES (SNP)", "Cat BROWN (Grn)", "Gone TWO"},
		},
		{
			name: "ballot ids",
			text: "3 2\n(b1) 3 1 2 0\n(b2) 2 3 0\n(b3) 1 2 3 1 0\n0\nAnn SMITH (Lab)\nBob JONES (SNP)\nCat BROWN (Grn)\nWard 1\n",
			check: func(t *testing.T, info *ballotfile.BLTInfo) {
				if info.BallotIDs != 3 {
					t.Errorf("BallotIDs = %d, want 3", info.BallotIDs)
				}
			},
		},
		{
			name: "comments, trailing comments, blank lines",
			text: "# made by hand\n\n3 2   # three candidates, two seats\n\n3 1 2 0 # three papers\n# a comment between ballots\n2 3 0\n\n1 2 3 1 0\n0 # end of ballots\n\n\"Ann SMITH (Lab)\" # the first\nBob JONES (SNP) # unquoted, with a comment\n\"Cat BROWN (Grn)\"\n\"Ward 1\" # title\n# the end\n",
		},
		{
			name: "CRLF and BOM",
			text: "\ufeff3 2\r\n3 1 2 0\r\n2 3 0\r\n1 2 3 1 0\r\n0\r\n\"Ann SMITH (Lab)\"\r\n\"Bob JONES (SNP)\"\r\n\"Cat BROWN (Grn)\"\r\n\"Ward 1\"\r\n",
			check: func(t *testing.T, info *ballotfile.BLTInfo) {
				if !info.BOM || !info.CRLF {
					t.Errorf("BOM %v CRLF %v, want both", info.BOM, info.CRLF)
				}
			},
		},
		{
			name:  "Latin-1 names",
			text:  "3 2\n3 1 2 0\n2 3 0\n1 2 3 1 0\n0\n\"Se\xe1n RYAN (Lab)\"\n\"Bob JONES (SNP)\"\n\"Cat BROWN (Grn)\"\n\"Ward 1\"\n",
			names: []string{"Seán RYAN (Lab)", "Bob JONES (SNP)", "Cat BROWN (Grn)"},
			check: func(t *testing.T, info *ballotfile.BLTInfo) {
				if !info.Latin1 {
					t.Error("Latin1 not set")
				}
			},
		},
		{
			name:  "UTF-8 names",
			text:  "3 2\n3 1 2 0\n2 3 0\n1 2 3 1 0\n0\n\"Seán RYAN (Lab)\"\n\"Bob JONES (SNP)\"\n\"Cat BROWN (Grn)\"\n\"Ward 1\"\n",
			names: []string{"Seán RYAN (Lab)", "Bob JONES (SNP)", "Cat BROWN (Grn)"},
		},
		{
			name: "comment sign inside a quoted name",
			text: "3 2\n3 1 2 0\n2 3 0\n1 2 3 1 0\n0\n\"Ann SMITH (Lab)\"\n\"Bob JONES (SNP)\"\n\"Cat BROWN (Grn)\"\n\"Ward 1 # Linn\"\n", title: "Ward 1 # Linn",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, info, err := ballotfile.ReadBLTInfo(strings.NewReader(tc.text))
			if err != nil {
				t.Fatal(err)
			}
			names, title := cmpDefault(tc.names, plainNames), tc.title
			switch title {
			case "":
				title = "Ward 1"
			case "-":
				title = ""
			}
			if !slices.Equal(e.Candidates, names) || e.Title != title || e.Seats != 2 {
				t.Errorf("candidates %q title %q seats %d, want %q %q 2", e.Candidates, e.Title, e.Seats, names, title)
			}
			if !slices.Equal(e.Withdrawn, tc.withdrawn) {
				t.Errorf("withdrawn %v, want %v", e.Withdrawn, tc.withdrawn)
			}
			if tc.withdrawn == nil {
				if len(e.Ballots) != len(plainBallots) {
					t.Fatalf("%d ballots, want %d", len(e.Ballots), len(plainBallots))
				}
				for i, b := range e.Ballots {
					if b.Count != plainBallots[i].Count || !slices.Equal(b.Ranks, plainBallots[i].Ranks) {
						t.Errorf("ballot %d = %+v, want %+v", i+1, b, plainBallots[i])
					}
				}
			}
			if tc.check != nil {
				tc.check(t, info)
			}
		})
	}
}

func cmpDefault(a, b []string) []string {
	if a == nil {
		return b
	}
	return a
}

// TestBLTEqualRankings reads "=" as candidates ranked equal and checks how
// each method takes them: schulze and approval read them, the STV methods
// count an overvote, borda refuses.
func TestBLTEqualRankings(t *testing.T) {
	text := "3 1\n4 1=2 3 0\n3 3 0\n2 2 0\n0\nA\nB\nC\n"
	e, info, err := ballotfile.ReadBLTInfo(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	if info.EqualRanks != 1 || !slices.Equal(e.Ballots[0].Equal[0], []int{0, 1}) || e.Ballots[0].Ranks[0] != voting.Overvote {
		t.Fatalf("ballot 1 = %+v, info %+v", e.Ballots[0], info)
	}
	// schulze: 4 voters put A and B equal above C, 3 rank only C, 2 only B.
	// A over B 0, B over A 2; A over C 4, C over A 3; B over C 6, C over B 3:
	// B beats both.
	r, err := voting.Count("schulze", e, voting.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Pairwise[0][1] != 0 || r.Pairwise[1][0] != 2 || r.Pairwise[0][2] != 4 || r.Pairwise[1][2] != 6 || r.Pairwise[2][0] != 3 {
		t.Errorf("schulze pairwise %v", r.Pairwise)
	}
	if got := r.WinnerNames(); !slices.Equal(got, []string{"B"}) {
		t.Errorf("schulze winners %v, want [B]", got)
	}
	r, err = voting.Count("approval", e, voting.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if tot := r.Rounds[0].Totals; !slices.Equal(tot, []int64{4, 6, 7}) {
		t.Errorf("approval totals %v, want [4 6 7]", tot)
	}
	// scottish-stv: the 4 papers with two first preferences are not valid
	r, err = voting.Count("scottish-stv", e, voting.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Valid != 5*100000 {
		t.Errorf("scottish-stv valid %d, want 5 papers", r.Valid)
	}
	if want := "1 ballot lines rank candidates equal; scottish-stv: an overvote: the paper goes no further"; !slices.Contains(r.Notes, want) {
		t.Errorf("scottish-stv notes %q, want %q", r.Notes, want)
	}
	if _, err = voting.Count("borda", e, voting.Options{}); err == nil || !strings.Contains(err.Error(), "ballot 1 ranks candidates equal at rank 1; borda has no rule") {
		t.Errorf("borda: error %v, want a refusal naming the ballot", err)
	}
}

// TestBLTAmbiguous checks that files that can be read two ways, or not at
// all, are refused with the line and the reading they would need.
func TestBLTAmbiguous(t *testing.T) {
	for _, tc := range []struct{ name, text, want string }{
		{
			"too few name lines beside alternative names",
			"3 1\n1 1 0\n0\n# ALTERNATIVE NAME 1: A\n# ALTERNATIVE NAME 2: B\n# ALTERNATIVE NAME 3: C\nA\nB\n",
			"line 8: found 2 name lines and 3 ALTERNATIVE NAME comments for 3 candidates; want 3 name lines, or comments numbered 1 to 3 followed by at most a title line",
		},
		{
			"alternative names missing one",
			"3 1\n1 1 0\n0\n# ALTERNATIVE NAME 1: A\n# ALTERNATIVE NAME 3: C\nTitle\n",
			"found 1 name lines and 2 ALTERNATIVE NAME comments for 3 candidates",
		},
		{"alternative name twice", "2 1\n1 1 0\n0\n# ALTERNATIVE NAME 1: A\n# ALTERNATIVE NAME 1: B\n", "line 5: ALTERNATIVE NAME 1 is given twice"},
		{"alternative name out of range", "2 1\n1 1 0\n0\n# ALTERNATIVE NAME 3: C\n", "line 4: ALTERNATIVE NAME 3: want a candidate number 1..2"},
		{
			"quotes that only a doubled quote would explain",
			"2 1\n1 1 0\n0\n\"Ann \"Lab\"\" \"Bob\"\n\"T\"\n",
			`line 4: unexpected "Lab\"\" \"Bob\"" after a quoted name; a name with a quote in it needs the quote doubled ("A ""B""")`,
		},
		{"more quoted strings than names and title", "2 1\n1 1 0\n0\n\"A\" \"B\" \"T\" \"U\"\n", "line 4: 4 quoted strings on this line take the names past 2 candidates and a title"},
		{"unterminated quote", "2 1\n1 1 0\n0\n\"Ann\n\"Bob\"\n", "line 4: unterminated quoted name"},
		{"mixed encodings", "2 1\n1 1 0\n0\n\"Se\xe1n\"\n\"Seán\"\n", "line 4: this name is not UTF-8 but others are; re-save the file in one encoding (UTF-8)"},
		{"withdrawn twice", "2 1\n-1 -1\n1 1 0\n0\nA\nB\n", "line 2: candidate 1 is withdrawn twice"},
		{"withdrawn out of range", "2 1\n-3\n0\nA\nB\n", "line 2: bad withdrawn candidate \"-3\""},
		{"ballot id with a space", "2 1\n(b 1) 1 1 0\n0\nA\nB\n", "line 2: ballot id \"(b\""},
		{"equal ranking out of range", "2 1\n1 1=3 0\n0\nA\nB\n", "line 2: bad preference \"1=3\""},
		{"text after the title", "2 1\n1 1 0\n0\nA\nB\nTitle\nMore\n", "line 7: unexpected text after the title"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ballotfile.ReadBLT(strings.NewReader(tc.text))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want it to contain %q", err, tc.want)
			}
		})
	}
}
