package archtest

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// maxLines is the most lines a .go file may have.
const maxLines = 1000

func readDocFile(p *pkg) (string, error) {
	b, err := os.ReadFile(filepath.Join(p.dir, "doc.go"))
	return string(b), err
}

// TestImportRules checks every package's doc.go rule, and the one-way
// flow, against go list -deps.
func TestImportRules(t *testing.T) {
	root, module := moduleRoot(t)
	g := loadGraph(t, root, module)
	for _, f := range g.checkRules(readDocFile) {
		t.Error(f)
	}
	for _, f := range g.checkFlow(flow) {
		t.Error(f)
	}
	t.Logf("checked the import rules of %d packages", len(g.pkgs))
}

// TestFileLength fails on any .go file over maxLines lines.
func TestFileLength(t *testing.T) {
	root, _ := moduleRoot(t)
	long, n, err := longFiles(root, maxLines)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range long {
		t.Errorf("%s: split it (at most %d lines per file)", f, maxLines)
	}
	if n < 100 {
		t.Fatalf("only %d .go files found under %s", n, root)
	}
}

// longFiles walks root (skipping node_modules and hidden folders) and
// returns the .go files over max lines, with their line counts, and the
// number of .go files seen.
func longFiles(root string, max int) (long []string, n int, err error) {
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != root && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		n++
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		lines := bytes.Count(b, []byte{'\n'})
		if len(b) > 0 && b[len(b)-1] != '\n' {
			lines++
		}
		if lines > max {
			rel, _ := filepath.Rel(root, path)
			long = append(long, fmt.Sprintf("%s: %d lines", filepath.ToSlash(rel), lines))
		}
		return nil
	})
	return long, n, err
}
