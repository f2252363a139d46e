package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/demo"
	"github.com/folkmoot/folkmoot/internal/recommend"
)

// The demo's past recommendations pass as its timeline says (eleven of
// thirteen at 80%, for the 52 members who vote), and its ranked question,
// published as the web app publishes it (ballots.blt), recounts with
// `folkmoot count` (the CLI's own runCount) to the published winner.
func TestPublishedRecommendationsRecount(t *testing.T) {
	pr := demo.FirstRoundRecommendations()
	passed, agreement := 0, 0
	for i, r := range pr.Items {
		if len(r.Options) > 0 {
			it := recommend.Item{ID: int64(i + 1), Kind: recommend.Choice, Method: r.Method, Options: r.Options, Versions: []recommend.Version{{Number: 1, Text: r.Drafts[0]}}}
			var bs []recommend.Ballot
			ns := []int{}
			for _, x := range r.Rankings {
				ns = append(ns, x.N)
			}
			for j, n := range scale(ns, 52) {
				var ord []string
				for _, o := range r.Rankings[j].Order {
					ord = append(ord, strconv.Itoa(o))
				}
				for range n {
					bs = append(bs, recommend.Ballot{ItemID: it.ID, Choice: strings.Join(ord, ">")})
				}
			}
			res, err := recommend.Count(it, bs)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "ballots.blt")
			if err := os.WriteFile(path, recommend.BLT(it, bs), 0o600); err != nil {
				t.Fatal(err)
			}
			var out, errOut bytes.Buffer
			if err := runCount(context.Background(), []string{"--json", "--method", it.Method, path}, &out, &errOut); err != nil {
				t.Fatalf("folkmoot count: %v\n%s", err, errOut.String())
			}
			var sheet struct {
				Winners []string `json:"winners"`
			}
			if err := json.Unmarshal(out.Bytes(), &sheet); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(sheet.Winners, res.WinnerNames()) || len(sheet.Winners) != 1 {
				t.Fatalf("the recount chooses %v, the published result %v", sheet.Winners, res.WinnerNames())
			}
			continue
		}
		agreement++
		s := scaleVotes(r.Votes, 52, pr.Threshold)
		c := recommend.Counts{StronglyAgree: s[0], Agree: s[1], Neutral: s[2], Disagree: s[3], StronglyDisagree: s[4]}
		if c.Total() != 52 {
			t.Fatalf("item %d: %d votes", i, c.Total())
		}
		if c.Passes(pr.Threshold) {
			passed++
		}
	}
	if agreement != 13 || passed != 11 {
		t.Fatalf("%d of %d recommendations pass; the timeline says eleven of 13", passed, agreement)
	}
}

// Whatever the number of members who vote (the lottery's panel is not the
// same size on every run), each recommendation passes or fails as the
// timeline says, with every voter counted once.
func TestScaledVotesKeepTheOutcome(t *testing.T) {
	pr := demo.FirstRoundRecommendations()
	for i, r := range pr.Items {
		if len(r.Options) > 0 {
			continue
		}
		counts := func(c []int) recommend.Counts {
			return recommend.Counts{StronglyAgree: c[0], Agree: c[1], Neutral: c[2], Disagree: c[3], StronglyDisagree: c[4]}
		}
		want := counts(r.Votes[:]).Passes(pr.Threshold)
		for n := 30; n <= 70; n++ {
			c := counts(scaleVotes(r.Votes, n, pr.Threshold))
			if c.Total() != n || c.Passes(pr.Threshold) != want {
				t.Errorf("item %d with %d voters: %+v (%d votes) passes %v, the timeline says %v", i, n, c, c.Total(), c.Passes(pr.Threshold), want)
			}
		}
	}
}
