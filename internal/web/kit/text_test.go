package kit

import (
	"strings"
	"testing"
)

func TestParagraphs(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"one", "Hello", "<p class=\"nhsuk-body\">Hello</p>\n"},
		{"two paragraphs and a break", "a\nb\n\n\nc", "<p class=\"nhsuk-body\">a<br>b</p>\n<p class=\"nhsuk-body\">c</p>\n"},
		{"script escaped", "<script>alert(1)</script>", "<p class=\"nhsuk-body\">&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"},
		{"link", "See https://example.org/a?b=1&c=2.", `<p class="nhsuk-body">See <a class="nhsuk-link" href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc noopener">https://example.org/a?b=1&amp;c=2</a>.</p>` + "\n"},
		{"javascript not linked", "javascript:alert(1)", "<p class=\"nhsuk-body\">javascript:alert(1)</p>\n"},
		{"quote breaks out of href", `http://x.org/"onmouseover="alert(1)`, `<p class="nhsuk-body"><a class="nhsuk-link" href="http://x.org/" rel="nofollow ugc noopener">http://x.org/</a>&#34;onmouseover=&#34;alert(1)</p>` + "\n"},
		{"scheme inside word", "xhttp://a.b", "<p class=\"nhsuk-body\">xhttp://a.b</p>\n"},
		{"bare scheme", "http:// nothing", "<p class=\"nhsuk-body\">http:// nothing</p>\n"},
		{"crlf", "a\r\n\r\nb", "<p class=\"nhsuk-body\">a</p>\n<p class=\"nhsuk-body\">b</p>\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(Paragraphs(tt.in)); got != tt.want {
				t.Fatalf("Paragraphs(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

// FuzzParagraphs checks that whatever a person types, the HTML produced
// contains only the tags paragraphs itself writes and no raw quote or angle
// bracket from the input.
func FuzzParagraphs(f *testing.F) {
	for _, s := range []string{"", "a\n\nb", "<script>x</script>", "https://a.b/c?d=<e>", "http://\"'><img src=x onerror=alert(1)>", "\xff\xfe", "HTTPS://A.B"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := string(Paragraphs(in))
		rest := out
		for _, tag := range []string{"<p class=\"nhsuk-body\">", "</p>", "<br>", "</a>"} {
			rest = strings.ReplaceAll(rest, tag, "")
		}
		// remove our anchors' opening tags
		for {
			i := strings.Index(rest, `<a class="nhsuk-link" href="`)
			if i < 0 {
				break
			}
			j := strings.Index(rest[i:], `" rel="nofollow ugc noopener">`)
			if j < 0 {
				t.Fatalf("unterminated anchor in %q", out)
			}
			href := rest[i+len(`<a class="nhsuk-link" href="`) : i+j]
			if strings.ContainsAny(href, `"<>`) || !(strings.HasPrefix(strings.ToLower(href), "http://") || strings.HasPrefix(strings.ToLower(href), "https://")) {
				t.Fatalf("unsafe href %q from %q", href, in)
			}
			rest = rest[:i] + rest[i+j+len(`" rel="nofollow ugc noopener">`):]
		}
		if strings.ContainsAny(rest, "<>\"") {
			t.Fatalf("raw markup left in %q (from %q)", out, in)
		}
	})
}

func TestLocalPath(t *testing.T) {
	for in, want := range map[string]string{
		"":                            "/fb",
		"/issues/3":                   "/issues/3",
		"/issues?sort=new":            "/issues?sort=new",
		"//evil.example/":             "/fb",
		"/\\evil.example":             "/fb",
		"https://evil.example/x":      "/x",
		"javascript:alert(1)":         "/fb",
		"issues":                      "/fb",
		"http://127.0.0.1:8080/a?b=c": "/a?b=c",
	} {
		if got := LocalPath(in, "/fb"); got != want {
			t.Errorf("LocalPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestExcerpt(t *testing.T) {
	if got := Excerpt("one two three four five six", 12); got != "one two…" {
		t.Fatalf("excerpt = %q", got)
	}
	if got := Excerpt("short", 12); got != "short" {
		t.Fatalf("excerpt = %q", got)
	}
}
