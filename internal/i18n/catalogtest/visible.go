package catalogtest

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"text/template/parse"
	"unicode"
	"unicode/utf8"
)

// hole stands for an action's output in a template's skeleton.
const hole = '\x00'

// visibleAttrs are the HTML attributes whose values people read or hear.
var visibleAttrs = []string{"alt", "title", "placeholder", "label", "aria-label", "aria-description",
	"aria-roledescription", "aria-valuetext", "aria-placeholder"}

// Visible reports English that the templates people read show outside t
// and tn: words in text between tags (in a plain-text template, anywhere),
// in visibleAttrs and in the value of a button-like input, and string
// literals that look like prose given to other template functions
// ({{field . "title" "Title"}}). Text equal to an entry of allow (brand
// names, the name of each language in itself) is fine.
func Visible(o Options, allow []string) ([]Problem, error) {
	s, err := readModule(o)
	if err != nil {
		return nil, err
	}
	files, probs, err := s.templates()
	if err != nil {
		return nil, err
	}
	for _, tf := range files {
		for _, name := range sortedNames(tf.trees) {
			probs = append(probs, tf.visible(tf.trees[name], allow)...)
		}
	}
	return probs, nil
}

// skeleton is a template's text with every action replaced by a hole, and
// where each byte came from in the source.
type skeleton struct {
	b   []byte
	pos []int
}

func (k *skeleton) text(t *parse.TextNode) {
	for i := range t.Text {
		k.b = append(k.b, t.Text[i])
		k.pos = append(k.pos, int(t.Pos)+i)
	}
}

func (k *skeleton) hole(p parse.Pos) {
	k.b = append(k.b, hole)
	k.pos = append(k.pos, int(p))
}

func (tf *tmplFile) visible(tree *parse.Tree, allow []string) []Problem {
	var probs []Problem
	var k skeleton
	var list func(l *parse.ListNode)
	pipe := func(p *parse.PipeNode) {
		if p != nil {
			probs = append(probs, tf.proseLiterals(p, allow)...)
		}
	}
	// An if, range or with: its pipeline, then each branch, a hole at
	// either side of each.
	branch := func(b *parse.BranchNode) {
		pipe(b.Pipe)
		k.hole(b.Pos)
		list(b.List)
		k.hole(b.Pos)
		list(b.ElseList)
		k.hole(b.Pos)
	}
	list = func(l *parse.ListNode) {
		if l == nil {
			return
		}
		for _, n := range l.Nodes {
			switch n := n.(type) {
			case *parse.TextNode:
				k.text(n)
			case *parse.ActionNode:
				pipe(n.Pipe)
				k.hole(n.Pos)
			case *parse.TemplateNode:
				pipe(n.Pipe)
				k.hole(n.Pos)
			case *parse.IfNode:
				branch(&n.BranchNode)
			case *parse.RangeNode:
				branch(&n.BranchNode)
			case *parse.WithNode:
				branch(&n.BranchNode)
			}
		}
	}
	list(tree.Root)
	report := func(at int, where, text string) {
		text = clean(text)
		if !hasLetters(text) || slices.Contains(allow, text) {
			return
		}
		probs = append(probs, Problem{tf.line(k.pos[min(at, len(k.pos)-1)]), fmt.Sprintf("English %s outside t: %q", where, short(text))})
	}
	if tf.html {
		scanHTML(k.b, report)
	} else {
		for at, line := range splitLines(k.b) {
			report(at, "text", line)
		}
	}
	return probs
}

// proseLiterals reports string literals in p that read as prose and are
// not the msgids of t or tn (nor in allow).
func (tf *tmplFile) proseLiterals(p *parse.PipeNode, allow []string) []Problem {
	var probs []Problem
	walkCommands(p, func(cmd *parse.CommandNode, _ bool) {
		skip := 0
		if fn, ok := cmd.Args[0].(*parse.IdentifierNode); ok {
			switch fn.Ident {
			case "t":
				skip = 2
			case "tn":
				skip = 4
			}
		}
		for i, a := range cmd.Args {
			if str, ok := a.(*parse.StringNode); ok && i >= skip && looksLikeProse(str.Text) && !slices.Contains(allow, str.Text) {
				probs = append(probs, Problem{tf.line(int(str.Pos)), fmt.Sprintf("English string outside t: %q", short(str.Text))})
			}
		}
	})
	return probs
}

// looksLikeProse reports whether a template string literal reads as words
// for people ("Title", "Sort by", "most supported") rather than a key, a
// class list or a path ("title", "nhsuk-button nhsuk-button--secondary").
func looksLikeProse(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	if !hasLetters(s) || strings.ContainsAny(s, "{}<>=/#_") {
		return false
	}
	return unicode.IsUpper(r) || (strings.Contains(strings.TrimSpace(s), " ") && !strings.Contains(s, "-"))
}

// scanHTML walks an HTML skeleton and reports text between tags and the
// values of visible attributes; comments, script and style are skipped.
func scanHTML(b []byte, report func(at int, where, text string)) {
	s := string(b)
	for i := 0; i < len(s); {
		if s[i] != '<' {
			j := strings.IndexByte(s[i:], '<')
			if j < 0 {
				j = len(s) - i
			}
			report(i, "text", s[i:i+j])
			i += j
			continue
		}
		rest := s[i:]
		switch {
		case strings.HasPrefix(rest, "<!--"):
			i += skipPast(rest, "-->")
		case strings.HasPrefix(rest, "</"), strings.HasPrefix(rest, "<!"), strings.HasPrefix(rest, "<?"):
			i += skipPast(rest, ">")
		case len(rest) > 1 && isASCIILetter(rest[1]):
			name, end := scanTag(s, i, report)
			i = end
			if name == "script" || name == "style" {
				if j := strings.Index(strings.ToLower(s[i:]), "</"+name); j >= 0 {
					i += j
				} else {
					i = len(s)
				}
			}
		default:
			report(i, "text", "<")
			i++
		}
	}
}

// scanTag reads the start tag at s[i] ("<input …>"), reports its visible
// attributes, and returns the tag name and the offset after the tag.
func scanTag(s string, i int, report func(at int, where, text string)) (string, int) {
	j := i + 1
	for j < len(s) && (isASCIILetter(s[j]) || s[j] >= '0' && s[j] <= '9' || s[j] == '-') {
		j++
	}
	name := strings.ToLower(s[i+1 : j])
	type attr struct {
		name, value string
		at          int
	}
	var attrs []attr
	for j < len(s) && s[j] != '>' {
		if s[j] == ' ' || s[j] == '\n' || s[j] == '\t' || s[j] == '\r' || s[j] == '/' {
			j++
			continue
		}
		k := j
		for j < len(s) && !strings.ContainsRune(" \n\t\r/>=", rune(s[j])) {
			j++
		}
		a := attr{name: strings.ToLower(s[k:j])}
		if j < len(s) && s[j] == '=' {
			j++
			if j < len(s) && (s[j] == '"' || s[j] == '\'') {
				q := s[j]
				end := strings.IndexByte(s[j+1:], q)
				if end < 0 {
					end = len(s) - j - 1
				}
				a.value, a.at = s[j+1:j+1+end], j+1
				j += end + 2
			} else {
				k := j
				for j < len(s) && !strings.ContainsRune(" \n\t\r>", rune(s[j])) {
					j++
				}
				a.value, a.at = s[k:j], k
			}
		}
		attrs = append(attrs, a)
	}
	button := false
	for _, a := range attrs {
		if a.name == "type" && (a.value == "submit" || a.value == "button" || a.value == "reset") {
			button = name == "input"
		}
	}
	for _, a := range attrs {
		if slices.Contains(visibleAttrs, a.name) || (button && a.name == "value") {
			report(a.at, fmt.Sprintf("in %s= of <%s>", a.name, name), a.value)
		}
	}
	return name, min(j+1, len(s))
}

func skipPast(s, end string) int {
	if j := strings.Index(s, end); j >= 0 {
		return j + len(end)
	}
	return len(s)
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// splitLines returns the lines of a plain-text skeleton by their offsets.
func splitLines(b []byte) map[int]string {
	out := map[int]string{}
	start := 0
	for i, c := range b {
		if c == '\n' {
			out[start] = string(b[start:i])
			start = i + 1
		}
	}
	out[start] = string(b[start:])
	return out
}

var entity = regexp.MustCompile(`&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);`)

// clean removes holes and character references and collapses white space.
func clean(s string) string {
	s = strings.ReplaceAll(s, string(hole), " ")
	s = entity.ReplaceAllString(s, " ")
	return strings.Join(strings.Fields(s), " ")
}

func hasLetters(s string) bool {
	return strings.ContainsFunc(s, unicode.IsLetter)
}

func short(s string) string {
	if utf8.RuneCountInString(s) > 70 {
		return string([]rune(s)[:69]) + "…"
	}
	return s
}
