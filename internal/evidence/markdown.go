package evidence

import (
	"html"
	"strings"
)

// RenderMarkdown renders a small, safe subset of Markdown to HTML:
// headings (#, ##, ### become h2, h3, h4: the page has its own h1),
// paragraphs, bulleted (- or *) and numbered (1.) lists, **strong**,
// *emphasis* or _emphasis_, and [links](https://...) to http, https and
// mailto addresses or paths on this site. Everything else is text: any
// HTML in src is escaped, never passed through.
func RenderMarkdown(src string) string {
	var b strings.Builder
	var para []string
	list := "" // "ul", "ol" or ""
	flushPara := func() {
		if len(para) > 0 {
			b.WriteString("<p>" + inline(strings.Join(para, " ")) + "</p>\n")
			para = nil
		}
	}
	closeList := func() {
		if list != "" {
			b.WriteString("</" + list + ">\n")
			list = ""
		}
	}
	openList := func(kind string) {
		if list == kind {
			return
		}
		closeList()
		class := "nhsuk-list nhsuk-list--bullet"
		if kind == "ol" {
			class = "nhsuk-list nhsuk-list--number"
		}
		b.WriteString("<" + kind + ` class="` + class + `">` + "\n")
		list = kind
	}
	for _, line := range strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n") {
		t := strings.TrimSpace(line)
		switch {
		case t == "":
			flushPara()
			closeList()
		case strings.HasPrefix(t, "#"):
			flushPara()
			closeList()
			n := len(t) - len(strings.TrimLeft(t, "#"))
			text := strings.TrimSpace(t[n:])
			if n > 3 || text == "" || t[n] != ' ' {
				para = append(para, t)
				continue
			}
			tag := []string{"", "h2", "h3", "h4"}[n]
			b.WriteString("<" + tag + ">" + inline(text) + "</" + tag + ">\n")
		case strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* "):
			flushPara()
			openList("ul")
			b.WriteString("<li>" + inline(strings.TrimSpace(t[2:])) + "</li>\n")
		case numbered(t) > 0:
			flushPara()
			openList("ol")
			b.WriteString("<li>" + inline(strings.TrimSpace(t[numbered(t):])) + "</li>\n")
		default:
			if list != "" {
				closeList()
			}
			para = append(para, t)
		}
	}
	flushPara()
	closeList()
	return b.String()
}

// numbered returns the length of a "12. " prefix of t, or 0.
func numbered(t string) int {
	i := 0
	for i < len(t) && i < 4 && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	if i == 0 || i+1 >= len(t) || t[i] != '.' || t[i+1] != ' ' {
		return 0
	}
	return i + 2
}

// safeURL reports whether u may be a link's target.
func safeURL(u string) bool {
	l := strings.ToLower(u)
	if strings.ContainsAny(u, " \t\"'<>`") {
		return false
	}
	return strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "mailto:") ||
		(strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//"))
}

// inline renders emphasis and links in one block of text, escaping the
// rest.
func inline(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		rest := s[i:]
		switch {
		case strings.HasPrefix(rest, "**"):
			if j := strings.Index(rest[2:], "**"); j > 0 {
				b.WriteString("<strong>" + inline(rest[2:2+j]) + "</strong>")
				i += 4 + j
				continue
			}
		case rest[0] == '*' || rest[0] == '_':
			if j := strings.IndexByte(rest[1:], rest[0]); j > 0 {
				b.WriteString("<em>" + inline(rest[1:1+j]) + "</em>")
				i += 2 + j
				continue
			}
		case rest[0] == '[':
			if j := strings.Index(rest, "]("); j > 1 {
				if k := strings.IndexByte(rest[j+2:], ')'); k > 0 {
					u := rest[j+2 : j+2+k]
					if safeURL(u) {
						b.WriteString(`<a href="` + html.EscapeString(u) + `">` + inline(rest[1:j]) + "</a>")
						i += j + 3 + k
						continue
					}
				}
			}
		}
		// one character (a whole UTF-8 sequence is copied byte by byte)
		b.WriteString(html.EscapeString(s[i : i+1]))
		i++
	}
	return b.String()
}
