package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"path/filepath"
	"strings"
	"testing"
	"time"

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
	gs := gather.NewService(st, st, gather.Config{})
	themes, err := gs.Themes(ctx, 0)
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
	p, err := gs.ListIssues(ctx, people.Anonymous, gather.IssueQuery{Statuses: []gather.Status{gather.StatusOpen, gather.StatusWithdrawn}, PerPage: 1})
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
