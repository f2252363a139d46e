package archtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// pkg is one package of the module.
type pkg struct {
	importPath string
	rel        string // module-relative path: "internal/gather", "cmd/folkmoot"
	dir        string
	main       bool
	deps       []string // every import path it depends on, transitively
	err        string   // go list's error, if any
}

// graph is the module's packages and everything they import.
type graph struct {
	module  string
	pkgs    []*pkg              // the module's packages, as go list ./... finds them
	imports map[string][]string // direct imports of every package in the graph
	std     map[string]bool     // standard packages in the graph
	stdDir  string              // $GOROOT/src, to find standard packages outside the graph
}

func (g *graph) isStd(p string) bool { return g.std[p] }

func (g *graph) isModule(p string) bool { return p == g.module || strings.HasPrefix(p, g.module+"/") }

func (g *graph) stdExists(p string) bool {
	if g.std[p] {
		return true
	}
	if g.stdDir == "" {
		return false
	}
	st, err := os.Stat(filepath.Join(g.stdDir, filepath.FromSlash(p)))
	return err == nil && st.IsDir()
}

// moduleRoot returns the folder holding go.mod and the module path.
func moduleRoot(t *testing.T) (dir, module string) {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil {
			for line := range strings.SplitSeq(string(b), "\n") {
				if m, ok := strings.CutPrefix(strings.TrimSpace(line), "module "); ok {
					return dir, strings.Trim(strings.TrimSpace(m), `"`)
				}
			}
			t.Fatalf("%s/go.mod has no module line", dir)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's folder")
		}
		dir = parent
	}
}

// listed is the part of go list's JSON the tests read.
type listed struct {
	ImportPath string
	Dir        string
	Name       string
	Standard   bool
	DepOnly    bool
	Imports    []string
	Deps       []string
	Error      *struct{ Err string }
}

// loadGraph runs go list once over the whole module, with the coin tag.
func loadGraph(t *testing.T, root, module string) *graph {
	t.Helper()
	cmd := exec.Command("go", "list", "-e", "-deps", "-json", "-tags", "coin", "./...")
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	g := &graph{module: module, imports: map[string][]string{}, std: map[string]bool{}}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var l listed
		if err := dec.Decode(&l); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("reading go list's output: %v", err)
		}
		g.imports[l.ImportPath] = l.Imports
		if l.Standard {
			g.std[l.ImportPath] = true
			if l.ImportPath == "fmt" {
				g.stdDir = filepath.Dir(l.Dir)
			}
			continue
		}
		if l.DepOnly || !g.isModule(l.ImportPath) {
			continue
		}
		p := &pkg{importPath: l.ImportPath, rel: strings.TrimPrefix(strings.TrimPrefix(l.ImportPath, module), "/"),
			dir: l.Dir, main: l.Name == "main", deps: l.Deps}
		if l.Error != nil {
			p.err = l.Error.Err
		}
		g.pkgs = append(g.pkgs, p)
	}
	if len(g.pkgs) == 0 || g.stdDir == "" {
		t.Fatalf("go list found %d packages of %s and no fmt", len(g.pkgs), module)
	}
	return g
}

// checkRules checks every package's doc.go rules against its imports and
// returns the faults found, one line each. readDoc returns the text of a
// package's doc.go (an error satisfying errors.Is(err, os.ErrNotExist)
// when there is none).
func (g *graph) checkRules(readDoc func(p *pkg) (string, error)) []string {
	var faults []string
	for _, p := range g.pkgs {
		if p.err != "" {
			faults = append(faults, fmt.Sprintf("%s: go list: %s", p.rel, p.err))
			continue
		}
		doc, err := readDoc(p)
		if errors.Is(err, os.ErrNotExist) {
			faults = append(faults, fmt.Sprintf("%s: no doc.go (say what the package is for and its import rule)", p.rel))
			continue
		} else if err != nil {
			faults = append(faults, fmt.Sprintf("%s: %v", p.rel, err))
			continue
		}
		rules, err := parseRules(doc)
		if err != nil {
			faults = append(faults, fmt.Sprintf("%s/doc.go: %v", p.rel, err))
			continue
		}
		if len(rules) == 0 {
			faults = append(faults, fmt.Sprintf("%s/doc.go: no import rule (a line %q or %q)", p.rel, prefixes[mustNot]+" ...", prefixes[mayOnly]+" ..."))
			continue
		}
		for _, r := range rules {
			faults = append(faults, g.checkRule(p, r)...)
		}
	}
	return faults
}

// checkRule checks one rule of p against p's transitive imports.
func (g *graph) checkRule(p *pkg, r rule) []string {
	var faults []string
	var ms []func(string) bool
	for _, it := range r.items {
		m, err := g.matcher(r.form, it)
		if err != nil {
			faults = append(faults, fmt.Sprintf("%s/doc.go: %q: %v", p.rel, r.text, err))
			continue
		}
		ms = append(ms, m)
	}
	if len(faults) > 0 {
		return faults
	}
	named := func(d string) bool { return slices.ContainsFunc(ms, func(m func(string) bool) bool { return m(d) }) }
	for _, d := range p.deps {
		if named(d) == (r.form == mustNot) {
			faults = append(faults, fmt.Sprintf("%s imports %s (%s), against its rule %q", p.rel, g.short(d), g.chain(p.importPath, d), r.text))
		}
	}
	return faults
}

// short writes a module path module-relative.
func (g *graph) short(p string) string {
	if g.isModule(p) {
		return strings.TrimPrefix(strings.TrimPrefix(p, g.module), "/")
	}
	return p
}

// chain returns one chain of direct imports from one package to another,
// such as "a → b → c", found breadth first.
func (g *graph) chain(from, to string) string {
	prev := map[string]string{from: ""}
	queue := []string{from}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		if cur == to {
			var path []string
			for p := to; p != ""; p = prev[p] {
				path = append(path, g.short(p))
			}
			slices.Reverse(path)
			return strings.Join(path, " → ")
		}
		for _, next := range g.imports[cur] {
			if _, seen := prev[next]; !seen {
				prev[next] = cur
				queue = append(queue, next)
			}
		}
	}
	return "through " + g.short(from)
}

// flowRule is a rule of the one-way flow that holds whatever the
// packages' own doc.go lines say.
type flowRule struct {
	pkgs   []string // module-relative, "..." for subtrees; missing ones are skipped
	forbid []string // items of a Must not import rule
	why    string
}

// flow is the intended direction of imports: web → domain → storage.
var flow = []flowRule{
	{[]string{"internal/apperr", "internal/audit", "internal/config", "internal/cycle", "internal/gather", "internal/mail",
		"internal/opinions/...", "internal/people", "internal/sealed", "internal/selection", "internal/similar",
		"internal/solver", "internal/sortition/...", "internal/voting/..."},
		[]string{"internal/web/...", "internal/storage/...", "drivers", "cmd/..."}, "domain packages must not reach storage, web or drivers"},
	{[]string{"internal/storage/..."}, []string{"internal/web/...", "cmd/..."}, "storage must not import web"},
	{[]string{"internal/opinions", "internal/similar", "internal/solver", "internal/sortition", "internal/voting"},
		[]string{"net", "net/http", "database/sql", "os/exec", "drivers"}, "engines do no I/O"},
}

// checkFlow checks the flow rules.
func (g *graph) checkFlow(rules []flowRule) []string {
	var faults []string
	for _, fr := range rules {
		var sel []func(string) bool
		for _, s := range fr.pkgs {
			sel = append(sel, pathMatcher(g.module+"/"+s))
		}
		r := rule{form: mustNot, items: fr.forbid, text: prefixes[mustNot] + " " + strings.Join(fr.forbid, ", ") + ". (" + fr.why + ")"}
		for _, p := range g.pkgs {
			if slices.ContainsFunc(sel, func(m func(string) bool) bool { return m(p.importPath) }) {
				faults = append(faults, g.checkRule(p, r)...)
			}
		}
	}
	return faults
}
