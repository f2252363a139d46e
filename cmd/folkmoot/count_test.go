package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const ward15 = "../../internal/voting/testdata/glasgow_2017_ward15.blt"

func runCountCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := runMain(context.Background(), append([]string{"count"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

func TestCountJSONContract(t *testing.T) {
	code, out, errs := runCountCmd(t, "--method", "scottish-stv", "--json", ward15)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var s struct {
		Winners []string          `json:"winners"`
		Rounds  []json.RawMessage `json:"rounds"`
		Quota   json.Number       `json:"quota"`
	}
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("stdout is not one JSON object: %v", err)
	}
	want := []string{"John LETFORD (SNP)", "Jane MORGAN (Lab)", "Franny SCALLY (SNP)"}
	if strings.Join(s.Winners, "|") != strings.Join(want, "|") {
		t.Errorf("winners %v, want %v", s.Winners, want)
	}
	if len(s.Rounds) != 6 || s.Quota.String() != "1433.00000" {
		t.Errorf("%d rounds, quota %s; want 6 and 1433.00000", len(s.Rounds), s.Quota)
	}
}

func TestCountFormats(t *testing.T) {
	code, out, errs := runCountCmd(t, "--method", "scottish-stv", ward15)
	if code != 0 || !strings.Contains(out, "Elected, in order: John LETFORD (SNP); Jane MORGAN (Lab); Franny SCALLY (SNP)") ||
		!strings.Contains(out, "1277.32864") {
		t.Errorf("text sheet (exit %d, %s):\n%s", code, errs, out)
	}
	code, out, _ = runCountCmd(t, "--method", "scottish-stv", "--format", "csv", ward15)
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if code != 0 || err != nil || len(recs) != 1+6*(7+2) {
		t.Errorf("csv sheet: exit %d, err %v, %d records", code, err, len(recs))
	}
}

func TestCountSeatsAndStdin(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "b.csv")
	os.WriteFile(p, []byte("count,rank1,rank2\n4,A,B\n3,B,C\n2,C,B\n"), 0o644)
	code, out, errs := runCountCmd(t, "--method", "irv", "--json", p)
	if code != 0 || !strings.Contains(out, `"winners": [`+"\n"+`    "B"`) {
		t.Errorf("irv: exit %d %s\n%s", code, errs, out)
	}
	code, out, _ = runCountCmd(t, "--method", "borda", "--seats", "2", "--json", p)
	var s struct{ Winners []string }
	json.Unmarshal([]byte(out), &s)
	if code != 0 || len(s.Winners) != 2 {
		t.Errorf("borda --seats 2: exit %d, winners %v", code, s.Winners)
	}
}

func TestCountUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{ward15},
		{"--method", "plurality", ward15},
		{"--method", "irv"},
		{"--method", "irv", "--format", "xml", ward15},
		{"--method", "irv", "--precision", "40", ward15},
		{"--method", "agreement", "--threshold", "3/2", ward15},
		{"--no-such-flag"},
	} {
		if code, _, _ := runCountCmd(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	if code, _, errs := runCountCmd(t, "--method", "irv", "no-such-file.blt"); code != 1 || errs == "" {
		t.Errorf("missing file: exit %d, stderr %q", code, errs)
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "bad.blt")
	os.WriteFile(p, []byte("3 1\n1 1 0\n2 7 0\n0\nA\nB\nC\n"), 0o644)
	if code, _, errs := runCountCmd(t, "--method", "irv", p); code != 1 || !strings.Contains(errs, "line 3") {
		t.Errorf("malformed file: exit %d, stderr %q", code, errs)
	}
}

func TestCountSeedChangesOnlyTies(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "tie.blt")
	os.WriteFile(p, []byte("3 1\n3 1 0\n3 2 0\n5 3 0\n0\nA\nB\nC\n"), 0o644)
	seen := map[string]bool{}
	for _, seed := range []string{"1", "2", "3", "4", "5", "6", "7", "8"} {
		code, out, errs := runCountCmd(t, "--method", "scottish-stv", "--seed", seed, "--json", p)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		var s struct {
			Ties []struct{ Rule, Chosen string }
		}
		json.Unmarshal([]byte(out), &s)
		if len(s.Ties) == 0 || !strings.HasPrefix(s.Ties[0].Rule, "lot (seed "+seed+")") {
			t.Fatalf("seed %s: ties %+v", seed, s.Ties)
		}
		seen[s.Ties[0].Chosen] = true
	}
	if len(seen) != 2 {
		t.Errorf("8 seeds all excluded %v", seen)
	}
}

func TestCountAgreement(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "recs.json")
	os.WriteFile(p, []byte(`{"title": "Recommendations", "candidates": ["R1", "R2"],
 "ballots": [{"count": 2, "scores": {"R1": 5, "R2": 2}}, {"scores": {"R1": 4, "R2": 4}}, {"scores": {"R1": 1}}]}`), 0o644)
	// R1: 3 of 4 agree; R2: 1 of 3.
	for _, tc := range []struct{ threshold, want string }{{"2/3", "R1"}, {"0.8", ""}, {"1/3", "R1|R2"}} {
		code, out, errs := runCountCmd(t, "--method", "agreement", "--threshold", tc.threshold, "--json", p)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		var s struct{ Winners []string }
		json.Unmarshal([]byte(out), &s)
		if got := strings.Join(s.Winners, "|"); got != tc.want {
			t.Errorf("threshold %s: passing %q, want %q", tc.threshold, got, tc.want)
		}
	}
}

func TestCountCheck(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "w.blt")
	os.WriteFile(p, []byte("\ufeff3 1\r\n-3\r\n(b1) 4 1 2 0\r\n(b2) 2 2=1 0\r\n1 - 0\r\n0\r\n"+
		"# ALTERNATIVE NAME 1: Ann \"Lab\"\r\n# ALTERNATIVE NAME 2: Bob\r\n# ALTERNATIVE NAME 3: Cat\r\nWard 2\r\n"), 0o644)
	code, out, errs := runCountCmd(t, "--check", "--json", p)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var r struct {
		Title      string
		Seats      int
		Candidates []struct{ Name string }
		Withdrawn  []string
		Ballots    int64
		Lines      int   `json:"ballot_lines"`
		Empty      int64 `json:"empty_ballots"`
		Equal      int   `json:"equal_rankings"`
		Dialect    []string
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.Title != "Ward 2" || r.Seats != 1 || len(r.Candidates) != 3 || r.Candidates[0].Name != `Ann "Lab"` ||
		strings.Join(r.Withdrawn, ",") != "Cat" || r.Ballots != 7 || r.Lines != 3 || r.Empty != 1 || r.Equal != 1 || len(r.Dialect) != 5 {
		t.Errorf("--check --json said %+v", r)
	}
	code, out, _ = runCountCmd(t, "--check", ward15)
	if code != 0 || !strings.Contains(out, "Candidates: 7 (0 withdrawn)") || !strings.Contains(out, "Ballots: 5730 papers on 854 lines") {
		t.Errorf("--check: exit %d\n%s", code, out)
	}
	os.WriteFile(p, []byte("2 1\n1 1 0\n0\n\"A\" \"B\n"), 0o644)
	code, _, errs = runCountCmd(t, "--check", p)
	if code == 0 || !strings.Contains(errs, p+": blt: line 4: unterminated quoted name") {
		t.Errorf("--check on a broken file: exit %d, %s", code, errs)
	}
}
