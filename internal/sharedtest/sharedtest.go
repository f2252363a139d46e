package sharedtest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Dir returns the folder sub (e.g. "ballots", "polis-data") of the shared
// data: $FOLKMOOT_SHARED/sub when that variable is set, else the first
// shared/sub found walking up from the working directory (../shared beside
// the checkout, also from a worktree nested deeper). When neither is there
// it falls back to the repository's own subset, testdata/sub at the module
// root (a few files of each set, with their sources in testdata/README.md),
// so a fresh clone still runs the tests on real data; IsSubset tells a test
// which of the two it got.
//
// When no folder is found the test is skipped with a message, except under
// CI=true, where the data must be present and the test fails.
func Dir(t testing.TB, sub string) string {
	t.Helper()
	if p, ok := find(sub); ok {
		return p
	}
	if p, ok := subset(sub); ok {
		t.Logf("shared/%s not found: using the repository's subset %s (testdata/README.md)", sub, p)
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("neither shared/%s nor the repository's testdata/%s found (CI=true): the shared data must sit beside the checkout, or set FOLKMOOT_SHARED", sub, sub)
	}
	t.Skipf("neither shared/%s beside the checkout nor testdata/%s in the repository found (set FOLKMOOT_SHARED to the parent of shared data); skipping the tests on real data", sub, sub)
	return ""
}

// IsSubset reports whether dir (or a path inside it), as returned by Dir,
// is the repository's testdata subset rather than the full shared data:
// tests that expect a particular number of files ask it.
func IsSubset(dir string) bool {
	root, ok := moduleRoot()
	if !ok {
		return false
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return false
	}
	td := filepath.Join(root, "testdata") + string(filepath.Separator)
	return strings.HasPrefix(abs+string(filepath.Separator), td)
}

// find looks for the shared folder as described in Dir.
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

// subset returns testdata/sub at the module root, if it exists.
func subset(sub string) (string, bool) {
	root, ok := moduleRoot()
	if !ok {
		return "", false
	}
	p := filepath.Join(root, "testdata", sub)
	return p, isDir(p)
}

// moduleRoot returns the nearest folder at or above the working directory
// that holds go.mod.
func moduleRoot() (string, bool) {
	dir, err := filepath.Abs(".")
	if err != nil {
		return "", false
	}
	for {
		if st, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil && !st.IsDir() {
			return dir, true
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
