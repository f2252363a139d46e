package archtest

import (
	"bufio"
	"fmt"
	"slices"
	"strings"
)

// form is the form of an import rule.
type form int

const (
	mustNot form = iota // "Must not import: ..."
	mayOnly             // "May import only: ..."
)

var prefixes = map[form]string{mustNot: "Must not import:", mayOnly: "May import only:"}

func (f form) String() string { return strings.TrimSuffix(prefixes[f], ":") }

// rule is one import rule of a package's doc.go.
type rule struct {
	form  form
	items []string
	text  string // as written, for messages
}

// parseRules finds the import rules in the text of a doc.go: comment
// lines starting with one of the two prefixes, continued on the next
// comment lines until the text ends with a full stop. It fails on a rule
// without a full stop, an empty item, or two rules of one form.
func parseRules(doc string) ([]rule, error) {
	var rules []rule
	sc := bufio.NewScanner(strings.NewReader(doc))
	var cur *rule
	var text strings.Builder
	for sc.Scan() {
		line, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "//")
		line = strings.TrimSpace(line)
		if cur == nil {
			if !ok {
				continue
			}
			for f, p := range prefixes {
				if rest, found := strings.CutPrefix(line, p); found {
					cur = &rule{form: f}
					text.Reset()
					text.WriteString(strings.TrimSpace(rest))
				}
			}
			if cur == nil {
				continue
			}
		} else {
			if !ok || line == "" {
				return nil, fmt.Errorf("rule %q does not end with a full stop", prefixes[cur.form]+" "+text.String())
			}
			text.WriteString(" " + line)
		}
		if !ended(text.String()) {
			continue
		}
		if err := cur.setItems(text.String()); err != nil {
			return nil, err
		}
		if slices.ContainsFunc(rules, func(r rule) bool { return r.form == cur.form }) {
			return nil, fmt.Errorf("two %q rules", prefixes[cur.form])
		}
		rules = append(rules, *cur)
		cur = nil
	}
	if cur != nil {
		return nil, fmt.Errorf("rule %q does not end with a full stop", prefixes[cur.form]+" "+text.String())
	}
	return rules, nil
}

// ended reports whether a rule's text ends with its full stop (a
// trailing "..." is a subtree, not the end).
func ended(s string) bool {
	return strings.HasSuffix(s, ".") && (!strings.HasSuffix(s, "...") || strings.HasSuffix(s, "...."))
}

func (r *rule) setItems(s string) error {
	r.text = prefixes[r.form] + " " + s
	for it := range strings.SplitSeq(strings.TrimSuffix(s, "."), ",") {
		it = strings.TrimSpace(it)
		if it == "" {
			return fmt.Errorf("empty item in %q", r.text)
		}
		r.items = append(r.items, it)
	}
	return nil
}

// The items that are not paths.
const (
	itemStd     = "the standard library"
	itemAny     = "any folkmoot package"
	itemDrivers = "drivers"
)

// drivers are the database drivers' import paths ("..." for a subtree).
var drivers = []string{"modernc.org/sqlite/...", "github.com/jackc/pgx/..."}

// matcher returns the test an import path must pass to be named by item,
// or an error when the item is malformed, misplaced or names nothing.
func (g *graph) matcher(f form, item string) (func(string) bool, error) {
	switch item {
	case itemStd:
		if f != mayOnly {
			return nil, fmt.Errorf("%q belongs in a May import only rule", item)
		}
		return g.isStd, nil
	case itemAny:
		if f != mustNot {
			return nil, fmt.Errorf("%q belongs in a Must not import rule", item)
		}
		return g.isModule, nil
	case itemDrivers:
		ms := make([]func(string) bool, len(drivers))
		for i, d := range drivers {
			ms[i] = pathMatcher(d)
		}
		return func(p string) bool { return slices.ContainsFunc(ms, func(m func(string) bool) bool { return m(p) }) }, nil
	}
	if strings.ContainsAny(item, " \t") {
		return nil, fmt.Errorf("unknown item %q", item)
	}
	first, _, _ := strings.Cut(item, "/")
	switch {
	case first == "internal" || first == "cmd":
		m := pathMatcher(g.module + "/" + item)
		if !slices.ContainsFunc(g.pkgs, func(p *pkg) bool { return m(p.importPath) }) {
			return nil, fmt.Errorf("%q names no package of the module", item)
		}
		return m, nil
	case strings.Contains(first, "."):
		return pathMatcher(item), nil // third-party: may not be a dependency yet
	default:
		if !g.stdExists(strings.TrimSuffix(item, "/...")) {
			return nil, fmt.Errorf("%q is not a standard-library package", item)
		}
		return pathMatcher(item), nil
	}
}

// pathMatcher matches path exactly, or with a "/..." suffix the path
// and everything below it.
func pathMatcher(path string) func(string) bool {
	if root, ok := strings.CutSuffix(path, "/..."); ok {
		return func(p string) bool { return p == root || strings.HasPrefix(p, root+"/") }
	}
	return func(p string) bool { return p == path }
}
