package archtest

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const fake = "example.org/m"

// fakeGraph builds a graph from direct imports (module-relative for the
// module's packages), computing the transitive deps as go list would.
func fakeGraph(imports map[string][]string, std ...string) *graph {
	full := func(p string) string {
		if strings.HasPrefix(p, "internal/") || strings.HasPrefix(p, "cmd/") {
			return fake + "/" + p
		}
		return p
	}
	g := &graph{module: fake, imports: map[string][]string{}, std: map[string]bool{}}
	for _, s := range std {
		g.std[s] = true
	}
	for p, is := range imports {
		for _, i := range is {
			g.imports[full(p)] = append(g.imports[full(p)], full(i))
		}
	}
	var rels []string
	for p := range imports {
		if strings.HasPrefix(p, "internal/") || strings.HasPrefix(p, "cmd/") {
			rels = append(rels, p)
		}
	}
	slices.Sort(rels)
	for _, rel := range rels {
		p := &pkg{importPath: full(rel), rel: rel, main: strings.HasPrefix(rel, "cmd/")}
		seen := map[string]bool{}
		var walk func(string)
		walk = func(x string) {
			for _, d := range g.imports[x] {
				if !seen[d] {
					seen[d] = true
					walk(d)
				}
			}
		}
		walk(p.importPath)
		for d := range seen {
			p.deps = append(p.deps, d)
		}
		slices.Sort(p.deps)
		g.pkgs = append(g.pkgs, p)
	}
	return g
}

// The fake module: a web shell over a domain package over apperr, a
// storage adapter with its driver, and an engine.
var fakeImports = map[string][]string{
	"cmd/app":                 {"internal/web", "internal/storage/sqlite", "fmt"},
	"internal/web":            {"internal/gather", "net/http"},
	"internal/gather":         {"internal/apperr", "fmt"},
	"internal/apperr":         {"fmt"},
	"internal/storage/sqlite": {"internal/gather", "database/sql", "modernc.org/sqlite"},
	"internal/engine":         {"math"},
	"modernc.org/sqlite":      {"database/sql"},
	"net/http":                {"net", "fmt"},
	"database/sql":            {"fmt"},
	"net":                     {}, "fmt": {"os"}, "os": {}, "math": {},
}

var fakeStd = []string{"fmt", "os", "net", "net/http", "database/sql", "math", "os/exec"}

// docsOK are rules that hold in the fake module.
var docsOK = map[string]string{
	"cmd/app":                 "// Package main.\n//\n// Must not import: internal/engine.\npackage main\n",
	"internal/web":            "// Package web.\n//\n// Must not import: internal/storage/...,\n// drivers, database/sql.\npackage web\n",
	"internal/gather":         "// Package gather.\n//\n// Must not import: internal/web/..., internal/storage/..., drivers, net/http.\npackage gather\n",
	"internal/apperr":         "// Package apperr.\n//\n// May import only: the standard library.\npackage apperr\n",
	"internal/storage/sqlite": "// Package sqlite.\n//\n// Must not import: internal/web/..., net/http.\npackage sqlite\n",
	"internal/engine":         "// Package engine.\n//\n// May import only: the standard library, internal/apperr.\n// Must not import: net, os/exec, drivers.\npackage engine\n",
}

func docsWith(changes map[string]string) func(*pkg) (string, error) {
	return func(p *pkg) (string, error) {
		if d, ok := changes[p.rel]; ok {
			if d == "" {
				return "", os.ErrNotExist
			}
			return d, nil
		}
		return docsOK[p.rel], nil
	}
}

// TestChecksCatchFaults runs the checks on the fake module: clean as
// written, then with one fault at a time, each of which must be found.
func TestChecksCatchFaults(t *testing.T) {
	g := fakeGraph(fakeImports, fakeStd...)
	if f := g.checkRules(docsWith(nil)); len(f) > 0 {
		t.Fatalf("the clean fake module has faults:\n%s", strings.Join(f, "\n"))
	}
	tests := []struct {
		name    string
		imports map[string][]string // added imports
		docs    map[string]string   // replaced doc.go texts ("" for none)
		want    string              // in one of the faults found
	}{
		{"domain imports storage", map[string][]string{"internal/gather": {"internal/storage/sqlite"}}, nil,
			"internal/gather imports internal/storage/sqlite (internal/gather → internal/storage/sqlite)"},
		{"domain reaches a driver through a helper", map[string][]string{"internal/gather": {"internal/dbhelp"}, "internal/dbhelp": {"modernc.org/sqlite"}},
			map[string]string{"internal/dbhelp": "// May import only: the standard library, drivers.\n"},
			"internal/gather imports modernc.org/sqlite (internal/gather → internal/dbhelp → modernc.org/sqlite)"},
		{"web imports database/sql", map[string][]string{"internal/web": {"database/sql"}}, nil, "internal/web imports database/sql"},
		{"may-only package imports another", map[string][]string{"internal/apperr": {"internal/engine"}}, nil,
			`internal/apperr imports internal/engine (internal/apperr → internal/engine), against its rule "May import only: the standard library."`},
		{"engine does I/O", map[string][]string{"internal/engine": {"os/exec"}}, nil, "internal/engine imports os/exec"},
		{"no doc.go", nil, map[string]string{"internal/gather": ""}, "internal/gather: no doc.go"},
		{"no rule", nil, map[string]string{"internal/gather": "// Package gather.\npackage gather\n"}, "internal/gather/doc.go: no import rule"},
		{"no full stop", nil, map[string]string{"internal/gather": "// Must not import: internal/web\npackage gather\n"}, "does not end with a full stop"},
		{"unknown package", nil, map[string]string{"internal/gather": "// Must not import: internal/wbe.\n"}, `"internal/wbe" names no package of the module`},
		{"not standard", nil, map[string]string{"internal/gather": "// Must not import: net/htpp.\n"}, `"net/htpp" is not a standard-library package`},
		{"misplaced item", nil, map[string]string{"internal/gather": "// May import only: any folkmoot package.\n"}, "belongs in a Must not import rule"},
		{"two rules of a form", nil, map[string]string{"internal/gather": "// Must not import: net.\n// Must not import: os/exec.\n"}, "two \"Must not import:\" rules"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			imports := map[string][]string{}
			for p, is := range fakeImports {
				imports[p] = slices.Clone(is)
			}
			for p, is := range tt.imports {
				imports[p] = append(imports[p], is...)
			}
			faults := fakeGraph(imports, fakeStd...).checkRules(docsWith(tt.docs))
			if !slices.ContainsFunc(faults, func(f string) bool { return strings.Contains(f, tt.want) }) {
				t.Fatalf("faults:\n%s\nwant one containing %q", strings.Join(faults, "\n"), tt.want)
			}
		})
	}
}

// The flow rules hold whatever a doc.go says: loosening gather's own rule
// does not let it import storage.
func TestFlowCatchesLoosenedRule(t *testing.T) {
	imports := map[string][]string{}
	for p, is := range fakeImports {
		imports[p] = slices.Clone(is)
	}
	imports["internal/gather"] = append(imports["internal/gather"], "internal/storage/sqlite")
	g := fakeGraph(imports, fakeStd...)
	loose := docsWith(map[string]string{"internal/gather": "// Must not import: net/http.\n"})
	for _, f := range g.checkRules(loose) {
		if strings.HasPrefix(f, "internal/gather") {
			t.Fatalf("the loosened rule should hold: %v", f)
		}
	}
	fl := []flowRule{{[]string{"internal/gather", "internal/missing"}, []string{"internal/storage/...", "drivers"}, "domain"}}
	f := g.checkFlow(fl)
	if len(f) != 2 || !strings.Contains(strings.Join(f, "\n"), "internal/gather imports internal/storage/sqlite") {
		t.Fatalf("flow faults: %v; want storage and its driver", f)
	}
}

func TestRuleGrammar(t *testing.T) {
	rules, err := parseRules("// Package x.\n//\n// Must not import: internal/web/...,\n// drivers, net/http.\n// May import only: the standard library.\npackage x\n")
	if err != nil {
		t.Fatal(err)
	}
	if len(rules) != 2 || rules[0].form != mustNot || strings.Join(rules[0].items, "|") != "internal/web/...|drivers|net/http" ||
		rules[1].form != mayOnly || strings.Join(rules[1].items, "|") != "the standard library" {
		t.Fatalf("rules %+v", rules)
	}
	if _, err := parseRules("// Must not import: internal/web/...\npackage x\n"); err == nil {
		t.Fatal("a rule ending in a subtree's ... without a full stop was accepted")
	}
	if r, err := parseRules("// Must not import: internal/web/....\n"); err != nil || r[0].items[0] != "internal/web/..." {
		t.Fatalf("subtree then full stop: %v %v", r, err)
	}
}

func TestLongFilesFound(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, lines int) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(strings.Repeat("//\n", lines)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a/ok.go", 1000)
	write("a/b/long.go", 1001)
	write("node_modules/x/long.go", 5000)
	write(".git/long.go", 5000)
	write("a/notes.txt", 5000)
	long, n, err := longFiles(dir, 1000)
	if err != nil || n != 2 || len(long) != 1 || long[0] != "a/b/long.go: 1001 lines" {
		t.Fatalf("long %v of %d files, err %v", long, n, err)
	}
}
