package catalogtest

import (
	"bufio"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Options say where to look and what counts.
type Options struct {
	// Root is the module's root directory (see ModuleRoot).
	Root string
	// NotForPeople lists module-relative, slash-separated paths whose
	// apperr messages and templates only operators read (a directory ends
	// in "/" and covers its subdirectories; anything else names one file).
	NotForPeople []string
	// MessageArgs names further functions one of whose arguments is a
	// msgid passed through as apperr.New(kind, "%s", msg), which
	// i18n.Printer.Err translates as msg.
	MessageArgs []MessageArg
}

// MessageArg names a function or method whose argument is a msgid.
type MessageArg struct {
	Dir  string // module-relative directory whose files call it
	Func string // the function or method name ("mustAffect")
	Arg  int    // the index of the msgid among the call's arguments, from 0
}

// Message is one use of a msgid.
type Message struct {
	ID     string // the msgid: the English text, or the English singular of a plural message
	Plural string // the English plural of a plural message; "" otherwise
	Pos    string // where: a module-relative file and line, "internal/gather/service.go:102"
	Args   int    // arguments given after the msgid (after n for a plural), or -1 when unknown
}

// Problem is something in the source that the catalogue cannot serve: a
// msgid that is not a literal, English outside t and tn.
type Problem struct {
	Pos  string // a module-relative file and line
	Text string // what is wrong
}

func (p Problem) String() string { return p.Pos + ": " + p.Text }

// ModuleRoot returns the directory of the go.mod above the working
// directory (a test runs in its package's directory).
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("catalogtest: no go.mod above the working directory")
		}
		dir = parent
	}
}

func (o Options) forPeople(rel string) bool {
	for _, p := range o.NotForPeople {
		if strings.HasSuffix(p, "/") && strings.HasPrefix(rel+"/", p) || rel == p {
			return false
		}
	}
	return true
}

// source is the module as read once: its Go files and constants.
type source struct {
	opt    Options
	module string // the module path, from go.mod
	fset   *token.FileSet
	files  []*goFile
	consts map[string]map[string]constDef // directory → name → definition
}

type goFile struct {
	rel     string            // module-relative path
	dir     string            // module-relative directory
	ast     *ast.File         //
	imports map[string]string // local name → import path
}

type constDef struct {
	expr ast.Expr
	file *goFile
}

// readModule parses every non-test Go file of the module below o.Root,
// skipping testdata, vendor, node_modules, hidden directories and nested
// modules.
func readModule(o Options) (*source, error) {
	s := &source{opt: o, fset: token.NewFileSet(), consts: map[string]map[string]constDef{}}
	mod, err := modulePath(filepath.Join(o.Root, "go.mod"))
	if err != nil {
		return nil, err
	}
	s.module = mod
	err = filepath.WalkDir(o.Root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(o.Root, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			name := d.Name()
			if rel != "." && (name == "testdata" || name == "vendor" || name == "node_modules" ||
				strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || exists(filepath.Join(p, "go.mod"))) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(rel, ".go") || strings.HasSuffix(rel, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(s.fset, p, nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		gf := &goFile{rel: rel, dir: path.Dir(rel), ast: f, imports: map[string]string{}}
		for _, im := range f.Imports {
			ip, _ := strconv.Unquote(im.Path.Value)
			name := path.Base(ip)
			if im.Name != nil {
				name = im.Name.Name
			}
			gf.imports[name] = ip
		}
		s.addConsts(gf)
		s.files = append(s.files, gf)
		return nil
	})
	return s, err
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func modulePath(gomod string) (string, error) {
	f, err := os.Open(gomod)
	if err != nil {
		return "", err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if m, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "module "); ok {
			return strings.Trim(strings.TrimSpace(m), `"`), nil
		}
	}
	return "", fmt.Errorf("catalogtest: no module line in %s", gomod)
}

// addConsts records f's package-level constants.
func (s *source) addConsts(f *goFile) {
	for _, d := range f.ast.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, sp := range g.Specs {
			vs := sp.(*ast.ValueSpec)
			for i, name := range vs.Names {
				if i < len(vs.Values) {
					if s.consts[f.dir] == nil {
						s.consts[f.dir] = map[string]constDef{}
					}
					s.consts[f.dir][name.Name] = constDef{vs.Values[i], f}
				}
			}
		}
	}
}

// dirOf returns the module-relative directory of an import path of the
// module, or false.
func (s *source) dirOf(importPath string) (string, bool) {
	rel, ok := strings.CutPrefix(importPath, s.module+"/")
	return rel, ok
}

// str returns the value of a constant string expression: a literal, a sum
// of them, or a string constant of the module.
func (s *source) str(e ast.Expr, f *goFile) (string, bool) {
	return s.strDepth(e, f, 0)
}

func (s *source) strDepth(e ast.Expr, f *goFile, depth int) (string, bool) {
	if depth > 20 {
		return "", false
	}
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind == token.STRING {
			v, err := strconv.Unquote(e.Value)
			return v, err == nil
		}
	case *ast.ParenExpr:
		return s.strDepth(e.X, f, depth+1)
	case *ast.BinaryExpr:
		if e.Op == token.ADD {
			a, ok1 := s.strDepth(e.X, f, depth+1)
			b, ok2 := s.strDepth(e.Y, f, depth+1)
			return a + b, ok1 && ok2
		}
	case *ast.Ident:
		if c, ok := s.consts[f.dir][e.Name]; ok {
			return s.strDepth(c.expr, c.file, depth+1)
		}
	case *ast.SelectorExpr:
		if x, ok := e.X.(*ast.Ident); ok {
			if ip, ok := f.imports[x.Name]; ok {
				if dir, ok := s.dirOf(ip); ok {
					if c, ok := s.consts[dir][e.Sel.Name]; ok {
						return s.strDepth(c.expr, c.file, depth+1)
					}
				}
			}
		}
	}
	return "", false
}

// pos returns "file:line" for a node of f.
func (s *source) pos(f *goFile, n ast.Node) string {
	return fmt.Sprintf("%s:%d", f.rel, s.fset.Position(n.Pos()).Line)
}

// embedded returns the module-relative paths of the files f embeds, by its
// //go:embed directives.
func (s *source) embedded(f *goFile) []string {
	var out []string
	for _, cg := range f.ast.Comments {
		for _, c := range cg.List {
			line, ok := strings.CutPrefix(c.Text, "//go:embed ")
			if !ok {
				continue
			}
			for _, pat := range embedPatterns(line) {
				out = append(out, s.expand(f.dir, pat)...)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// embedPatterns splits a //go:embed line into patterns (which may be
// quoted).
func embedPatterns(line string) []string {
	var out []string
	for line = strings.TrimSpace(line); line != ""; line = strings.TrimSpace(line) {
		if line[0] == '"' || line[0] == '`' {
			if q, err := strconv.QuotedPrefix(line); err == nil {
				v, _ := strconv.Unquote(q)
				out = append(out, v)
				line = line[len(q):]
				continue
			}
		}
		field, rest, _ := strings.Cut(line, " ")
		out = append(out, field)
		line = rest
	}
	return out
}

// expand resolves one embed pattern in dir as go:embed does: a matched
// directory brings its files, recursively, except names starting with "."
// or "_" unless the pattern starts with "all:".
func (s *source) expand(dir, pat string) []string {
	pat, all := strings.CutPrefix(pat, "all:")
	matches, _ := filepath.Glob(filepath.Join(s.opt.Root, filepath.FromSlash(dir), filepath.FromSlash(pat)))
	var out []string
	for _, m := range matches {
		_ = filepath.WalkDir(m, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if p != m && !all && (strings.HasPrefix(d.Name(), ".") || strings.HasPrefix(d.Name(), "_")) {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.IsDir() {
				rel, _ := filepath.Rel(s.opt.Root, p)
				out = append(out, filepath.ToSlash(rel))
			}
			return nil
		})
	}
	return out
}
