package recommend

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/apperr"
)

func TestParseRanks(t *testing.T) {
	for _, c := range []struct {
		ranks []int
		want  string
		ok    bool
	}{
		{[]int{2, 3, 1}, "3>1>2", true},
		{[]int{0, 1, 0}, "2", true},
		{[]int{1, 2, 0}, "1>2", true},
		{[]int{1, 1, 0}, "", false}, // the same rank twice
		{[]int{1, 3, 0}, "", false}, // a gap
		{[]int{0, 0, 0}, "", false}, // nothing ranked
		{[]int{4, 0, 0}, "", false}, // no such rank
		{[]int{1, 2}, "", false},    // not one rank per option
	} {
		got, err := ParseRanks("f", c.ranks, 3)
		if (err == nil) != c.ok || got != c.want || (err != nil && !apperr.Is(err, apperr.Invalid)) {
			t.Errorf("ParseRanks(%v) = %q, %v", c.ranks, got, err)
		}
	}
	if got := ParseRanking("3>1>2"); !slices.Equal(got, []int{2, 0, 1}) {
		t.Errorf("ParseRanking = %v", got)
	}
}

// The threshold is compared exactly: 8 of 10 is 80%, 79 of 100 is not.
func TestPasses(t *testing.T) {
	for _, c := range []struct {
		c         Counts
		threshold float64
		want      bool
	}{
		{Counts{StronglyAgree: 4, Agree: 4, Neutral: 2}, 0.8, true},
		{Counts{StronglyAgree: 40, Agree: 39, Disagree: 21}, 0.8, false},
		{Counts{StronglyAgree: 2, Agree: 1}, 1, true},
		{Counts{Agree: 2, Disagree: 1}, 2.0 / 3, false}, // 2/3 rounded to 0.6667 in ten-thousandths
		{Counts{}, 0.5, false},
	} {
		if got := c.c.Passes(c.threshold); got != c.want {
			t.Errorf("%+v at %v: %v", c.c, c.threshold, got)
		}
	}
}

// CountAll counts each item from its own ballots; a ranked question is
// counted by its method; the published CSV is sorted by receipt, has one
// row per ballot and defuses formulas.
func TestCountAllAndCSV(t *testing.T) {
	its := []Item{
		{ID: 1, Kind: Agreement, Versions: []Version{{Number: 1, Text: "Same-day appointments"}}},
		{ID: 2, Kind: Choice, Method: "irv", Options: []string{"A", "B", "C"}, Versions: []Version{{Number: 1, Text: "Which?"}}},
	}
	bs := []Ballot{
		{ID: "c", Receipt: "BBB-1", ItemID: 1, Choice: Agree},
		{ID: "a", Receipt: "AAA-1", ItemID: 1, Choice: StronglyAgree},
		{ID: "e", Receipt: "CCC-1", ItemID: 1, Choice: Disagree},
		{ID: "b", Receipt: "AAA-2", ItemID: 2, Choice: "2>1"},
		{ID: "d", Receipt: "BBB-2", ItemID: 2, Choice: "2"},
		{ID: "f", Receipt: "=CMD-2", ItemID: 2, Choice: "1>3"},
	}
	res, err := CountAll(0.6, its, bs)
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Counts != (Counts{StronglyAgree: 1, Agree: 1, Disagree: 1}) || !res[0].Passed || res[0].Ballots != 3 {
		t.Fatalf("agreement %+v", res[0])
	}
	if !slices.Equal(res[1].Winners, []string{"B"}) || !res[1].Passed {
		t.Fatalf("ranked %+v", res[1].Winners)
	}
	rows, err := csv.NewReader(bytes.NewReader(CSV(bs))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 7 || !slices.Equal(rows[0], []string{"receipt", "recommendation", "choice"}) || rows[1][0] != "'=CMD-2" || rows[2][0] != "AAA-1" {
		t.Fatalf("csv %v", rows)
	}
	blt := string(BLT(its[1], bs))
	if !strings.HasPrefix(blt, "3 1\n1 1 3 0\n1 2 0\n1 2 1 0\n0\n\"A\"") {
		t.Fatalf("blt %q", blt)
	}
	pub := Publish(0.6, res, "/cycles/1/recommendations")
	if pub[0].Counts == nil || pub[0].Threshold == nil || pub[1].Counts != nil || pub[1].Method != "irv" || pub[1].BLT != "/cycles/1/recommendations/2/ballots.blt" {
		t.Fatalf("published %+v", pub)
	}
}

func TestReceipt(t *testing.T) {
	a, b := NewReceipt(), NewReceipt()
	if len(a) != 12 || a == b || strings.ContainsAny(a, "01IO") {
		t.Fatalf("receipts %q %q", a, b)
	}
	if NormaliseReceipt(" "+strings.ToLower(a[:4])+"-"+a[4:]) != a {
		t.Fatalf("a receipt typed with spaces and a dash does not match")
	}
}
