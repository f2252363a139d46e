package sharedtest

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the folder sub (e.g. "ballots", "polis-data") of the shared
// data: $FOLKMOOT_SHARED/sub when that variable is set, else the first
// shared/sub found walking up from the working directory (../shared beside
// the checkout, also from a worktree nested deeper).
//
// When it is missing the test is skipped with a message, except under
// CI=true, where the shared data must be present and the test fails.
func Dir(t testing.TB, sub string) string {
	t.Helper()
	if p, ok := find(sub); ok {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("shared/%s not found (CI=true): the shared data must sit beside the checkout, or set FOLKMOOT_SHARED", sub)
	}
	t.Skipf("shared/%s not found beside the checkout (set FOLKMOOT_SHARED to its parent); skipping the tests on real data", sub)
	return ""
}

// find looks for sub as described in Dir.
func find(sub string) (string, bool) {
	if env := os.Getenv("FOLKMOOT_SHARED"); env != "" {
		p := filepath.Join(env, sub)
		return p, isDir(p)
	}
	dir, err := filepath.Abs(".")
	if err != nil {
		return "", false
	}
	for {
		if p := filepath.Join(dir, "shared", sub); isDir(p) {
			return p, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}
