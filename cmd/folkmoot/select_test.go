//go:build coin

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeTemp(t *testing.T, name, text string) string {
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const testQuotas = "category,feature,min,max\ngender,f,2,2\ngender,m,2,2\nage,young,1,3\nage,old,1,3"
const testPool = "gender,age\nf,young\nf,old\nm,young\nm,old\nf,young\nm,old\nF,Old \nm,young"

func TestSelectJSONContract(t *testing.T) {
	q, p := writeTemp(t, "c.csv", testQuotas), writeTemp(t, "r.csv", testPool)
	var out, errb bytes.Buffer
	code := runMain(context.Background(), []string{"select", "--categories", q, "--respondents", p, "--panel-size", "4", "--json", "--seed", "1", "--out", t.TempDir()}, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var r struct {
		Algorithm      string    `json:"algorithm"`
		MinProbability float64   `json:"min_probability"`
		Probabilities  []float64 `json:"probabilities"`
		Panels         int       `json:"panels"`
		Selected       []string  `json:"selected"`
	}
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	if r.Algorithm != "leximin" || len(r.Probabilities) != 8 || len(r.Selected) != 4 || r.Panels < 1 || math.Abs(r.MinProbability-0.5) > 1e-6 {
		t.Fatalf("unexpected result %+v", r)
	}
	// same seed, same draw
	var out2 bytes.Buffer
	runMain(context.Background(), []string{"select", "--categories", q, "--respondents", p, "--panel-size", "4", "--json", "--seed", "1", "--quiet"}, &out2, &errb)
	var r2 struct{ Selected []string }
	json.Unmarshal(out2.Bytes(), &r2)
	if strings.Join(r.Selected, " ") != strings.Join(r2.Selected, " ") {
		t.Fatalf("seed 1 drew %v then %v", r.Selected, r2.Selected)
	}
}

func TestSelectErrors(t *testing.T) {
	q, p := writeTemp(t, "c.csv", testQuotas), writeTemp(t, "r.csv", testPool+"\nx,young")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"missing flag", []string{"select", "--respondents", p, "--panel-size", "4"}, 2, "--categories"},
		{"unknown value", []string{"select", "--categories", q, "--respondents", p, "--panel-size", "4"}, 1, `r.csv:10: column gender: unknown value "x"`},
		{"bad algorithm", []string{"select", "--categories", q, "--respondents", p, "--panel-size", "4", "--algorithm", "best"}, 2, "unknown algorithm"},
		{"negative time limit", []string{"select", "--categories", q, "--respondents", p, "--panel-size", "4", "--time-limit", "-5s"}, 2, "--time-limit must be positive"},
		{"bad time limit", []string{"select", "--categories", q, "--respondents", p, "--panel-size", "4", "--time-limit", "soon"}, 2, "time-limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			if code := runMain(context.Background(), tt.args, &out, &errb); code != tt.code || !strings.Contains(errb.String(), tt.want) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", code, errb.String(), tt.code, tt.want)
			}
		})
	}
}

func TestSelectInfeasibleExplains(t *testing.T) {
	q := writeTemp(t, "c.csv", "feature,value,min,max,min_flex,max_flex\ngender,f,3,3,0,4\ngender,m,3,3,0,4\nage,young,1,3,0,4\nage,old,1,3,0,4")
	p := writeTemp(t, "r.csv", testPool)
	var out, errb bytes.Buffer
	code := runMain(context.Background(), []string{"select", "--categories", q, "--respondents", p, "--panel-size", "4", "--quiet"}, &out, &errb)
	if code != 1 || !strings.Contains(errb.String(), "minimums add up to 6") || !strings.Contains(errb.String(), "change from 3 to") {
		t.Fatalf("exit %d, stderr %s", code, errb.String())
	}
}
