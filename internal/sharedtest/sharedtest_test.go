package sharedtest

import (
	"os"
	"path/filepath"
	"testing"
)

func TestFindHonoursFOLKMOOT_SHARED(t *testing.T) {
	root := t.TempDir()
	if err := os.Mkdir(filepath.Join(root, "ballots"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("FOLKMOOT_SHARED", root)
	if p, ok := find("ballots"); !ok || p != filepath.Join(root, "ballots") {
		t.Fatalf("find = %q, %v", p, ok)
	}
	if _, ok := find("no-such-folder"); ok {
		t.Fatal("find reported a missing folder as present")
	}
}

func TestFindWalksUp(t *testing.T) {
	root := t.TempDir()
	want := filepath.Join(root, "shared", "polis-data")
	deep := filepath.Join(root, "checkout", "internal", "x")
	for _, d := range []string{want, deep} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("FOLKMOOT_SHARED", "")
	t.Chdir(deep)
	if p, ok := find("polis-data"); !ok || p != want {
		t.Fatalf("find = %q, %v; want %q", p, ok, want)
	}
}
