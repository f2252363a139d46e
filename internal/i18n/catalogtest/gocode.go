package catalogtest

import (
	"go/ast"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Extract returns every use of a msgid in the module's Go code and
// templates, in file order, and the problems found on the way (a template
// msgid or an apperr format that is not a literal).
func Extract(o Options) ([]Message, []Problem, error) {
	s, err := readModule(o)
	if err != nil {
		return nil, nil, err
	}
	var msgs []Message
	var probs []Problem
	for _, f := range s.files {
		m, p := s.goMessages(f)
		msgs, probs = append(msgs, m...), append(probs, p...)
	}
	tm, tp, err := s.templateMessages()
	return append(msgs, tm...), append(probs, tp...), err
}

// apperrFormat is the index of the format argument of each apperr
// constructor, and whether a Kind comes first.
var apperrFormat = map[string]struct {
	format int
	kind   bool
}{"New": {1, true}, "Field": {1, false}, "Wrap": {2, true}}

// goMessages finds the msgids of one Go file.
func (s *source) goMessages(f *goFile) ([]Message, []Problem) {
	var msgs []Message
	var probs []Problem
	forPeople := s.opt.forPeople(f.rel)
	add := func(n ast.Node, id, plural string, args int) {
		msgs = append(msgs, Message{ID: id, Plural: plural, Pos: s.pos(f, n), Args: args})
	}
	after := func(call *ast.CallExpr, i int) int { // arguments after index i
		if call.Ellipsis.IsValid() {
			return -1
		}
		return len(call.Args) - i - 1
	}
	ast.Inspect(f.ast, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		var name, pkg string
		switch fun := call.Fun.(type) {
		case *ast.SelectorExpr: // x.Name(…), pkg.Name(…)
			name, pkg = fun.Sel.Name, s.importOf(f, fun.X)
		case *ast.Ident: // Name(…), in the same package
			name, pkg = fun.Name, "."
		default:
			return true
		}
		switch {
		case pkg == "internal/i18n" && name == "Mark" && len(call.Args) == 1:
			if id, ok := s.str(call.Args[0], f); ok {
				add(call, id, "", -1)
			} else {
				probs = append(probs, Problem{s.pos(f, call), "i18n.Mark needs a string literal"})
			}
		case pkg == "internal/apperr" && forPeople:
			if p, ok := s.apperrMessage(f, call, name); ok {
				if p.Text != "" {
					probs = append(probs, p)
				} else if id, _ := s.str(call.Args[apperrFormat[name].format], f); hasWords(id) {
					add(call, id, "", after(call, apperrFormat[name].format))
				}
			}
		case pkg != "" && pkg != ".":
			// another package's function: not a msgid
		case pkg == "" && name == "T" && len(call.Args) >= 1:
			if id, ok := s.str(call.Args[0], f); ok {
				add(call, id, "", after(call, 0))
			}
		case pkg == "" && name == "N" && len(call.Args) >= 3:
			one, ok1 := s.str(call.Args[1], f)
			other, ok2 := s.str(call.Args[2], f)
			if ok1 && ok2 {
				add(call, one, other, after(call, 2))
			}
		default:
			for _, ma := range s.opt.MessageArgs {
				if forPeople && ma.Dir == f.dir && ma.Func == name && ma.Arg < len(call.Args) {
					if id, ok := s.str(call.Args[ma.Arg], f); ok && hasWords(id) {
						add(call, id, "", -1)
					}
				}
			}
		}
		return true
	})
	return msgs, probs
}

// apperrMessage reports whether call is an apperr constructor whose
// message people may read; a Problem with Text set when its format is not a
// constant.
func (s *source) apperrMessage(f *goFile, call *ast.CallExpr, name string) (Problem, bool) {
	a, ok := apperrFormat[name]
	if !ok || len(call.Args) <= a.format {
		return Problem{}, false
	}
	if a.kind {
		if k, ok := call.Args[0].(*ast.SelectorExpr); ok && k.Sel.Name == "Internal" && s.importOf(f, k.X) == "internal/apperr" {
			return Problem{}, false // never shown: people read apperr.Generic
		}
	}
	if _, ok := s.str(call.Args[a.format], f); !ok {
		return Problem{s.pos(f, call), "apperr." + name + "'s message is not a constant, so it cannot be translated"}, true
	}
	return Problem{}, true
}

// importOf returns the module-relative path of the module package x names
// in f ("internal/apperr"), "-" for a package outside the module, or ""
// when x is not a package name.
func (s *source) importOf(f *goFile, x ast.Expr) string {
	id, ok := x.(*ast.Ident)
	if !ok {
		return ""
	}
	ip, ok := f.imports[id.Name]
	if !ok {
		return ""
	}
	if dir, ok := s.dirOf(ip); ok {
		return dir
	}
	return "-"
}

// hasWords reports whether a msgid has something to translate: a letter
// outside its fmt verbs ("%s" and "%s: %v" have none).
func hasWords(s string) bool {
	for i := 0; i < len(s); {
		if s[i] == '%' {
			i++ // skip the verb's flags, width and letter
			for i < len(s) && strings.IndexByte("+-# 0123456789.*[]", s[i]) >= 0 {
				i++
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsLetter(r) {
			return true
		}
		i += n
	}
	return false
}
