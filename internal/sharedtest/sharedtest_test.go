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

// Without a shared folder above it, Dir falls back to testdata/<sub> at the
// module root, and IsSubset tells the two apart.
func TestFallsBackToRepositorySubset(t *testing.T) {
	root := t.TempDir()
	mod := filepath.Join(root, "clone")
	want := filepath.Join(mod, "testdata", "ballots")
	deep := filepath.Join(mod, "internal", "voting")
	for _, d := range []string{want, deep} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("FOLKMOOT_SHARED", "")
	t.Setenv("CI", "")
	t.Chdir(deep)
	if _, ok := find("ballots"); ok {
		t.Skip("a shared/ballots folder exists above the temporary directory")
	}
	if p := Dir(t, "ballots"); p != want {
		t.Fatalf("Dir = %q, want the subset %q", p, want)
	}
	if !IsSubset(want) || !IsSubset(filepath.Join(want, "x.blt")) {
		t.Error("IsSubset is false for the repository's testdata")
	}
	// the shared folder, once present, wins over the subset
	shared := filepath.Join(root, "shared", "ballots")
	if err := os.MkdirAll(shared, 0o755); err != nil {
		t.Fatal(err)
	}
	if p := Dir(t, "ballots"); p != shared {
		t.Fatalf("Dir = %q, want the shared folder %q", p, shared)
	}
	if IsSubset(shared) {
		t.Error("IsSubset is true for the shared folder")
	}
}
