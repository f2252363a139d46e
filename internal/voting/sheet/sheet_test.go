package sheet_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/folkmoot/folkmoot/internal/voting"
	"github.com/folkmoot/folkmoot/internal/voting/ballotfile"
	"github.com/folkmoot/folkmoot/internal/voting/sheet"
)

var update = flag.Bool("update", false, "rewrite the golden count sheets in testdata/")

// TestGoldenSheets writes the count sheet of Glasgow 2017 ward 15 in each
// format and compares it with testdata/ward15.<format> (go test -update
// rewrites them; review the diff).
func TestGoldenSheets(t *testing.T) {
	f, err := os.Open("../testdata/glasgow_2017_ward15.blt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	e, err := ballotfile.ReadBLT(f)
	if err != nil {
		t.Fatal(err)
	}
	r, err := voting.Count("scottish-stv", e, voting.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range sheet.Formats {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := sheet.Write(&buf, format, r); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "ward15."+format)
			if *update {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("%s sheet differs from %s:\n%s", format, golden, buf.String())
			}
		})
	}
}

func TestJSONNumbersAreExact(t *testing.T) {
	r := &voting.Result{
		Method: "scottish-stv", Candidates: []string{"A"}, Seats: 1, Decimals: 5, Valid: 100000,
		Winners: []int{0}, LotOrder: []int{0},
		Rounds: []voting.Round{{Number: 1, Totals: []int64{64604160}, Transfers: []int64{4160}}},
	}
	var buf bytes.Buffer
	if err := sheet.JSON(&buf, r); err != nil {
		t.Fatal(err)
	}
	var s struct {
		Rounds []struct {
			Tallies []struct{ Total, Transfer json.Number }
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &s); err != nil {
		t.Fatal(err)
	}
	if got := s.Rounds[0].Tallies[0]; got.Total != "646.04160" || got.Transfer != "0.04160" {
		t.Errorf("total %s transfer %s, want 646.04160 and 0.04160", got.Total, got.Transfer)
	}
}

func TestUnknownFormat(t *testing.T) {
	if err := sheet.Write(&bytes.Buffer{}, "xml", &voting.Result{}); err == nil {
		t.Error("no error for format xml")
	}
}
