package main

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const seattleDir = "../../testdata/polis-data/15-per-hour-seattle"

func runCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = runMain(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestOpinionsJSONContract(t *testing.T) {
	code, out, errs := runCmd(t, "opinions", "--json", "--votes", seattleDir+"/votes.csv", "--comments", seattleDir+"/comments.csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var res struct {
		ParticipantGroups map[string]int                                `json:"participant_groups"`
		Groups            []struct{ ID, Size int }                      `json:"groups"`
		Representative    map[string][]struct{ Tid int }                `json:"representative"`
		Consensus         struct{ Agree, Disagree []struct{ Tid int } } `json:"consensus"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("stdout is not one JSON object: %v", err)
	}
	if len(res.ParticipantGroups) < 100 || len(res.Groups) < 2 || len(res.Representative) != len(res.Groups) {
		t.Errorf("participant_groups %d, groups %d, representative %d", len(res.ParticipantGroups), len(res.Groups), len(res.Representative))
	}
	sum := 0
	for _, g := range res.Groups {
		sum += g.Size
	}
	if sum != len(res.ParticipantGroups) {
		t.Errorf("group sizes sum to %d, participant_groups has %d", sum, len(res.ParticipantGroups))
	}
	if len(res.Consensus.Agree) == 0 {
		t.Error("no agree consensus statement")
	}
}

func TestOpinionsFiles(t *testing.T) {
	dir := t.TempDir()
	svg, html, exp := filepath.Join(dir, "map.svg"), filepath.Join(dir, "report.html"), filepath.Join(dir, "export")
	code, out, errs := runCmd(t, "opinions", "--votes", seattleDir+"/votes.csv", "--comments", seattleDir+"/comments.csv",
		"--svg", svg, "--html", html, "--export", exp, "--title", "$15/hour", "--attribution", "CC BY 4.0 The Computational Democracy Project")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "clustered into 2 groups") || !strings.Contains(out, "Group A") {
		t.Errorf("summary:\n%s", out)
	}
	b, err := os.ReadFile(svg)
	if err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(b, new(struct{})); err != nil || bytes.Count(b, []byte("<circle")) < 300 {
		t.Errorf("SVG: %v, %d circles", err, bytes.Count(b, []byte("<circle")))
	}
	h, err := os.ReadFile(html)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Group A", "Group B", "Common ground", "CC BY 4.0", "<svg"} {
		if !bytes.Contains(h, []byte(want)) {
			t.Errorf("HTML report lacks %q", want)
		}
	}
	for _, f := range []string{"participants-votes.csv", "comments.csv", "votes.csv", "summary.csv"} {
		if st, err := os.Stat(filepath.Join(exp, f)); err != nil || st.Size() == 0 {
			t.Errorf("export %s: %v", f, err)
		}
	}
	// The export reads back: the same groups from our own files.
	code, out2, errs := runCmd(t, "opinions", "--json", "--votes", filepath.Join(exp, "votes.csv"), "--comments", filepath.Join(exp, "comments.csv"))
	if code != 0 {
		t.Fatalf("re-reading the export: exit %d: %s", code, errs)
	}
	code, out1, _ := runCmd(t, "opinions", "--json", "--votes", seattleDir+"/votes.csv", "--comments", seattleDir+"/comments.csv")
	if code != 0 || out1 != out2 {
		t.Error("the exported votes and comments give a different result")
	}
}

func TestOpinionsErrors(t *testing.T) {
	if code, _, _ := runCmd(t, "opinions"); code != 2 {
		t.Errorf("no --votes: exit %d, want 2", code)
	}
	if code, _, _ := runCmd(t, "opinions", "--bogus"); code != 2 {
		t.Errorf("unknown flag: exit %d, want 2", code)
	}
	if code, _, _ := runCmd(t, "opinions", "--votes", "x.csv", "extra"); code != 2 {
		t.Errorf("extra argument: exit %d, want 2", code)
	}
	if code, _, errs := runCmd(t, "opinions", "--votes", "no-such-file.csv"); code != 1 || !strings.Contains(errs, "no-such-file.csv") {
		t.Errorf("missing file: exit %d, stderr %q", code, errs)
	}
	dir := t.TempDir()
	bad := filepath.Join(dir, "votes.csv")
	os.WriteFile(bad, []byte("timestamp,comment-id,vote\n1,2,1\n"), 0o644)
	if code, _, errs := runCmd(t, "opinions", "--votes", bad); code != 1 || !strings.Contains(errs, "voter-id") {
		t.Errorf("missing column: exit %d, stderr %q", code, errs)
	}
	skip := filepath.Join(dir, "skip.csv")
	os.WriteFile(skip, []byte("timestamp,comment-id,voter-id,vote\n1,0,1,1\n2,0,2,7\n3,0,3,-1\n3,0,3,-1\n"), 0o644)
	code, _, errs := runCmd(t, "opinions", "--votes", skip)
	if code != 0 || !strings.Contains(errs, "1 malformed, 1 duplicate") {
		t.Errorf("skipped rows: exit %d, stderr %q", code, errs)
	}
}

// Without votes.csv the wide export is read; it has no times, so the
// participants are admitted on their final votes: the same result as
// --in-conv final on the vote log, and on this conversation exactly the 138
// participants Pol.is clustered.
func TestOpinionsWideExport(t *testing.T) {
	wide := []string{"opinions", "--json", "--participants-votes", seattleDir + "/participants-votes.csv", "--comments", seattleDir + "/comments.csv"}
	code, fromWide, errs := runCmd(t, wide...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	code, fromLog, errs := runCmd(t, "opinions", "--json", "--in-conv", "final", "--votes", seattleDir+"/votes.csv", "--comments", seattleDir+"/comments.csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	// The groups agree; floating-point values may differ in the last bits
	// (the statements' columns come in another order).
	groups := func(out string) map[string]int {
		var res struct {
			ParticipantGroups map[string]int `json:"participant_groups"`
		}
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatal(err)
		}
		return res.ParticipantGroups
	}
	w := groups(fromWide)
	if !maps.Equal(w, groups(fromLog)) {
		t.Error("participants-votes.csv and votes.csv with --in-conv final give different groups")
	}
	if len(w) != 138 {
		t.Errorf("%d participants clustered, want the 138 with at least 7 votes", len(w))
	}
	_, replayed, _ := runCmd(t, "opinions", "--json", "--votes", seattleDir+"/votes.csv", "--comments", seattleDir+"/comments.csv")
	if len(groups(replayed)) != 144 {
		t.Errorf("--in-conv replay (the default) clusters %d, want 144 (the early voters it admits)", len(groups(replayed)))
	}

	exp := filepath.Join(t.TempDir(), "export")
	if code, _, errs := runCmd(t, append(wide, "--export", exp)...); code != 0 {
		t.Fatalf("--export: exit %d: %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(exp, "participants-votes.csv")); err != nil {
		t.Error(err)
	}
	if _, err := os.Stat(filepath.Join(exp, "votes.csv")); err == nil {
		t.Error("votes.csv written without vote times")
	}

	for _, args := range [][]string{
		append(slices.Clone(wide), "--replay-gap", "1000"),
		append(slices.Clone(wide), "--in-conv", "replay"),
		{"opinions", "--votes", seattleDir + "/votes.csv", "--in-conv", "sometimes"},
		{"opinions", "--votes", seattleDir + "/votes.csv", "--in-conv", "final", "--replay-gap", "1000"},
	} {
		if code, _, _ := runCmd(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args[1:], code)
		}
	}
}
