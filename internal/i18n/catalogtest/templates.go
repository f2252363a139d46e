package catalogtest

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/template/parse"
)

// templateExts are the names of embedded files read as templates.
var templateExts = []string{".html", ".htm", ".tmpl", ".gohtml", ".gotmpl", ".txt"}

// tmplFile is one embedded template file, parsed.
type tmplFile struct {
	rel   string                 // module-relative path
	src   string                 // its text
	html  bool                   // HTML (its name has .htm in it) rather than plain text
	trees map[string]*parse.Tree // the file's templates by name
}

// line returns the module-relative "file:line" of a byte offset.
func (t *tmplFile) line(pos int) string {
	pos = max(0, min(pos, len(t.src)))
	return fmt.Sprintf("%s:%d", t.rel, 1+strings.Count(t.src[:pos], "\n"))
}

// templates parses every template file embedded by code that people read.
// Functions are not checked (the templates' FuncMaps live in other
// packages).
func (s *source) templates() ([]*tmplFile, []Problem, error) {
	var names []string
	for _, f := range s.files {
		if !s.opt.forPeople(f.rel) {
			continue
		}
		for _, rel := range s.embedded(f) {
			if s.opt.forPeople(rel) && slices.ContainsFunc(templateExts, func(ext string) bool { return strings.HasSuffix(rel, ext) }) {
				names = append(names, rel)
			}
		}
	}
	slices.Sort(names)
	names = slices.Compact(names)
	var out []*tmplFile
	var probs []Problem
	for _, rel := range names {
		b, err := os.ReadFile(filepath.Join(s.opt.Root, filepath.FromSlash(rel)))
		if err != nil {
			return nil, nil, err
		}
		tf := &tmplFile{rel: rel, src: string(b), html: strings.Contains(filepath.Base(rel), ".htm"), trees: map[string]*parse.Tree{}}
		t := parse.New(rel)
		t.Mode = parse.SkipFuncCheck
		if _, err := t.Parse(tf.src, "", "", tf.trees); err != nil {
			probs = append(probs, Problem{rel, "the template does not parse: " + err.Error()})
			continue
		}
		out = append(out, tf)
	}
	return out, probs, nil
}

// templateMessages finds the msgids of t and tn calls in the templates.
func (s *source) templateMessages() ([]Message, []Problem, error) {
	files, probs, err := s.templates()
	if err != nil {
		return nil, nil, err
	}
	var msgs []Message
	for _, tf := range files {
		for _, name := range sortedNames(tf.trees) {
			walkCommands(tf.trees[name].Root, func(cmd *parse.CommandNode, piped bool) {
				m, p, ok := tmplCall(tf, cmd, piped)
				if !ok {
					return
				}
				if p != nil {
					probs = append(probs, *p)
				} else {
					msgs = append(msgs, m)
				}
			})
		}
	}
	return msgs, probs, nil
}

func sortedNames(trees map[string]*parse.Tree) []string {
	names := make([]string, 0, len(trees))
	for n := range trees {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// tmplCall reads a t or tn command: {{t "msgid" args…}}, {{tn n "one"
// "other" args…}}; a piped value is one more argument, the last.
func tmplCall(tf *tmplFile, cmd *parse.CommandNode, piped bool) (Message, *Problem, bool) {
	if len(cmd.Args) == 0 {
		return Message{}, nil, false
	}
	fn, ok := cmd.Args[0].(*parse.IdentifierNode)
	if !ok || (fn.Ident != "t" && fn.Ident != "tn") {
		return Message{}, nil, false
	}
	pos := tf.line(int(cmd.Position()))
	start, want := 1, 1 // t "msgid"
	if fn.Ident == "tn" {
		start, want = 2, 2 // tn n "one" "other"
	}
	var lits []string
	for i := start; i < start+want; i++ {
		if i >= len(cmd.Args) {
			return Message{}, &Problem{pos, fmt.Sprintf("%s needs %d string literals", fn.Ident, want)}, true
		}
		str, ok := cmd.Args[i].(*parse.StringNode)
		if !ok {
			return Message{}, &Problem{pos, fmt.Sprintf("%s needs a string literal for its msgid, got %s", fn.Ident, cmd.Args[i])}, true
		}
		lits = append(lits, str.Text)
	}
	m := Message{ID: lits[0], Pos: pos, Args: len(cmd.Args) - start - want}
	if want == 2 {
		m.Plural = lits[1]
	}
	if piped {
		m.Args++
	}
	return m, nil, true
}

// walkCommands calls fn for every command of every pipeline under n, with
// whether the command receives a piped value.
func walkCommands(n parse.Node, fn func(cmd *parse.CommandNode, piped bool)) {
	var pipe func(p *parse.PipeNode)
	var node func(n parse.Node)
	pipe = func(p *parse.PipeNode) {
		if p == nil {
			return
		}
		for i, c := range p.Cmds {
			fn(c, i > 0)
			for _, a := range c.Args {
				node(a)
			}
		}
	}
	node = func(n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			if n != nil {
				for _, c := range n.Nodes {
					node(c)
				}
			}
		case *parse.ActionNode:
			pipe(n.Pipe)
		case *parse.IfNode:
			branch(&n.BranchNode, pipe, node)
		case *parse.RangeNode:
			branch(&n.BranchNode, pipe, node)
		case *parse.WithNode:
			branch(&n.BranchNode, pipe, node)
		case *parse.TemplateNode:
			pipe(n.Pipe)
		case *parse.PipeNode:
			pipe(n)
		case *parse.ChainNode:
			node(n.Node)
		}
	}
	node(n)
}

func branch(b *parse.BranchNode, pipe func(*parse.PipeNode), node func(parse.Node)) {
	pipe(b.Pipe)
	if b.List != nil {
		node(b.List)
	}
	if b.ElseList != nil {
		node(b.ElseList)
	}
}
