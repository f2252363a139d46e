package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/demo"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/sealed"
	"github.com/folkmoot/folkmoot/internal/storage"
)

// testKeyEnv is sealed.TestKey as FOLKMOOT_DATA_KEY takes it.
var testKeyEnv = base64.StdEncoding.EncodeToString(sealed.TestKey)

func TestServeRefusesWithoutDataKey(t *testing.T) {
	t.Setenv("FOLKMOOT_DATA_KEY", "")
	t.Setenv("FOLKMOOT_DATA_KEY_FILE", "")
	var out, errb bytes.Buffer
	db := filepath.Join(t.TempDir(), "new.db")
	code := runMain(context.Background(), []string{"serve", "--db", db, "--addr", "127.0.0.1:0"}, &out, &errb)
	if code != 1 || !strings.Contains(errb.String(), "no data key") || !strings.Contains(errb.String(), "head -c 32 /dev/urandom | base64") {
		t.Fatalf("exit %d, stderr %q: want 1 and how to make a key", code, errb.String())
	}
	t.Setenv("FOLKMOOT_DATA_KEY", "too short")
	errb.Reset()
	if code := runMain(context.Background(), []string{"serve", "--db", db, "--addr", "127.0.0.1:0"}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "FOLKMOOT_DATA_KEY") {
		t.Fatalf("bad key: exit %d, stderr %q", code, errb.String())
	}
}

func TestServeRefusesUnmigratedDatabase(t *testing.T) {
	t.Setenv("FOLKMOOT_DATA_KEY", testKeyEnv)
	var out, errb bytes.Buffer
	db := filepath.Join(t.TempDir(), "new.db")
	code := runMain(context.Background(), []string{"serve", "--db", db, "--addr", "127.0.0.1:0"}, &out, &errb)
	if code != 1 || !strings.Contains(errb.String(), "migrate") {
		t.Fatalf("exit %d, stderr %q: want 1 and a hint to run migrate", code, errb.String())
	}
}

func TestServeBadFlags(t *testing.T) {
	var out, errb bytes.Buffer
	for _, args := range [][]string{{"serve", "--colour", "red"}, {"serve", "--nope"}, {"demo", "extra"}} {
		if code := runMain(context.Background(), args, &out, &errb); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

func TestDemoSeed(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds the whole demo data set: skipped under -short")
	}
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "demo.db")
	if _, _, err := storage.Migrate(ctx, db, nil); err != nil {
		t.Fatal(err)
	}
	st, err := storage.Open(ctx, db, storage.Options{Keys: sealed.MustTest()})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ds := demo.Build(1).Rebase(time.Now())
	if err := seedDemo(ctx, st, ds); err != nil {
		t.Fatal(err)
	}
	cs := cycle.NewService(st, cycle.Config{})
	gs := gather.NewService(st, st, cs, gather.Config{})
	// Two rounds: the finished one with its whole timeline, and the current
	// one gathering issues.
	rounds, err := cs.Cycles(ctx, 0)
	if err != nil || len(rounds) != 2 {
		t.Fatalf("%d rounds, %v; want 2", len(rounds), err)
	}
	cur, past := rounds[0], rounds[1]
	if cur.Phase != cycle.Gather || past.Phase != cycle.FollowUp || cur.Title != ds.Cycle.Title || past.Title != ds.Past.Title {
		t.Fatalf("rounds %q in %s and %q in %s", cur.Title, cur.Phase, past.Title, past.Phase)
	}
	if c, err := cs.Current(ctx); err != nil || c.ID != cur.ID {
		t.Fatalf("Current = %+v, %v", c, err)
	}
	tl, err := cs.Timeline(ctx, past.ID)
	if err != nil || len(tl) != len(cycle.Phases) || tl[len(tl)-1].Note == "" {
		t.Fatalf("past timeline %+v, %v", tl, err)
	}
	if pt, _ := gs.Themes(ctx, past.ID); len(pt) != len(ds.Past.Themes) {
		t.Fatalf("%d past themes, want %d", len(pt), len(ds.Past.Themes))
	}
	themes, err := gs.Themes(ctx, cur.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(themes) != len(ds.Themes) {
		t.Fatalf("%d themes, want %d", len(themes), len(ds.Themes))
	}
	var names []string
	for _, th := range themes[:5] {
		names = append(names, strings.ToLower(th.Name))
	}
	all := strings.Join(names, " | ")
	for _, want := range []string{"dementia", "mental health", "premature death", "looked-after", "transparen"} {
		if !strings.Contains(all, want) {
			t.Errorf("the five leading themes %q lack %q", all, want)
		}
	}
	p, err := gs.ListIssues(ctx, people.Anonymous, gather.IssueQuery{CycleID: cur.ID, Statuses: []gather.Status{gather.StatusOpen, gather.StatusWithdrawn}, PerPage: 1})
	if err != nil {
		t.Fatal(err)
	}
	hidden := 0
	for _, is := range ds.Issues {
		if is.Status == demo.StatusHidden {
			hidden++
		}
	}
	if p.Total != len(ds.Issues)-hidden {
		t.Fatalf("%d public issues, want %d", p.Total, len(ds.Issues)-hidden)
	}
}
