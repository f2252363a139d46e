package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/folkmoot/folkmoot/internal/demo"
	"github.com/folkmoot/folkmoot/internal/jury"
)

// The demo's past jury, published as the web app publishes it
// (ballots.blt and result.json), recounts with `folkmoot count` to the
// published winners: the three themes the past round's timeline names.
func TestPublishedJuryRecounts(t *testing.T) {
	pj := demo.FirstRoundJury()
	titles := []string{"Access to GP appointments", "Mental health crisis care", "Getting home from hospital", "Support for unpaid carers"}
	j := jury.Settings{Seats: pj.Seats, Status: jury.Published, Shortlist: &jury.Shortlist{}}
	for _, s := range titles {
		j.Shortlist.Themes = append(j.Shortlist.Themes, jury.Theme{Title: s})
	}
	var bs []jury.Ballot
	for i, b := range pj.Ballots {
		var ranking []int
		for _, name := range b {
			ranking = append(ranking, slices.Index(titles, name))
		}
		bs = append(bs, jury.Ballot{ID: strconv.Itoa(i), Ranking: ranking})
	}
	res, err := jury.Count("First round", j, bs)
	if err != nil {
		t.Fatal(err)
	}
	j.Winners = res.Winners
	published := jury.Result(j, len(bs), len(bs), "http://x/cycles/1/agenda")
	if !slices.Equal(published.Winners, titles[:3]) {
		t.Fatalf("the demo jury elects %v", published.Winners)
	}
	path := filepath.Join(t.TempDir(), "ballots.blt")
	if err := os.WriteFile(path, jury.BLT("First round", j, bs), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	args := []string{"--json", "--method", published.Method, "--seats", strconv.Itoa(published.Seats), path}
	if err := runCount(context.Background(), args, &out, &errOut); err != nil {
		t.Fatalf("folkmoot count: %v\n%s", err, errOut.String())
	}
	var sheet struct {
		Winners []string `json:"winners"`
	}
	if err := json.Unmarshal(out.Bytes(), &sheet); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(sheet.Winners, published.Winners) {
		t.Fatalf("the recount elects %v, the published result %v", sheet.Winners, published.Winners)
	}
}
