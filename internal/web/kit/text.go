package kit

import (
	"encoding/json"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"
)

// Paragraphs turns a person's plain text into safe HTML: blank lines separate
// paragraphs, single line breaks become <br>, and http(s) URLs become links
// marked rel="nofollow ugc noopener". Everything else is escaped, so no
// markup a person types is ever interpreted. Invalid UTF-8 is replaced.
func Paragraphs(text string) template.HTML {
	text = strings.ToValidUTF8(text, "\uFFFD")
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	var b strings.Builder
	for _, para := range strings.Split(text, "\n\n") {
		para = strings.Trim(para, "\n \t")
		if para == "" {
			continue
		}
		b.WriteString("<p class=\"nhsuk-body\">")
		for i, line := range strings.Split(para, "\n") {
			if i > 0 {
				b.WriteString("<br>")
			}
			linkify(&b, line)
		}
		b.WriteString("</p>\n")
	}
	return template.HTML(b.String())
}

// linkify writes line escaped, with http(s) URLs as links.
func linkify(b *strings.Builder, line string) {
	for line != "" {
		i := urlStart(line)
		if i < 0 {
			b.WriteString(html.EscapeString(line))
			return
		}
		b.WriteString(html.EscapeString(line[:i]))
		rest := line[i:]
		end := strings.IndexAny(rest, " \t<>\"'")
		if end < 0 {
			end = len(rest)
		}
		raw := strings.TrimRight(rest[:end], ".,;:!?)]")
		if u, err := url.Parse(raw); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
			esc := html.EscapeString(raw)
			b.WriteString(`<a class="nhsuk-link" href="` + html.EscapeString(u.String()) + `" rel="nofollow ugc noopener">` + esc + `</a>`)
		} else {
			b.WriteString(html.EscapeString(raw))
		}
		line = rest[len(raw):]
		if len(raw) == 0 { // cannot happen: a scheme is at least 7 bytes
			b.WriteString(html.EscapeString(line))
			return
		}
	}
}

// urlStart returns the index of the first "http://" or "https://" in s
// (case-insensitive) that starts a word, or -1.
func urlStart(s string) int {
	lower := strings.ToLower(s)
	best := -1
	for _, p := range []string{"http://", "https://"} {
		from := 0
		for {
			i := strings.Index(lower[from:], p)
			if i < 0 {
				break
			}
			i += from
			if i == 0 || !isWordByte(s[i-1]) {
				if best < 0 || i < best {
					best = i
				}
				break
			}
			from = i + 1
		}
	}
	return best
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c >= utf8.RuneSelf
}

// Excerpt returns text cut to about n runes at a word boundary, with "…".
func Excerpt(text string, n int) string {
	if len(text) > 8*n { // only the start matters; keep whole runes
		text = strings.ToValidUTF8(text[:8*n], "")
	}
	text = strings.Join(strings.Fields(text), " ")
	if utf8.RuneCountInString(text) <= n {
		return text
	}
	r := []rune(text)[:n]
	s := string(r)
	if i := strings.LastIndexByte(s, ' '); i > n/2 {
		s = s[:i]
	}
	return strings.TrimRight(s, " ,.;:") + "…"
}

// LocalPath returns target if it is a path on this site ("/..." but not
// "//..." or "/\..."), else fallback. It accepts a full URL (a Referer) and
// keeps only its path and query. It prevents open redirects.
func LocalPath(target, fallback string) string {
	if target == "" || strings.HasPrefix(target, "//") || strings.HasPrefix(target, "/\\") {
		return fallback
	}
	u, err := url.Parse(target)
	if err != nil {
		return fallback
	}
	p := u.EscapedPath()
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	// A full URL (a Referer) keeps only its path: we never redirect off-site.
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") || strings.ContainsAny(p, "\r\n") {
		return fallback
	}
	return p
}

// WantsJSON reports whether the client asked for JSON rather than a page.
func WantsJSON(r *http.Request) bool {
	a := r.Header.Get("Accept")
	return strings.Contains(a, "application/json") && !strings.Contains(a, "text/html")
}

// WriteJSON writes v as indented JSON with status code.
func WriteJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	enc.Encode(v)
}
