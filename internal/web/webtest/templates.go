package webtest

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

var (
	commentRE = regexp.MustCompile(`(?s)\{\{-?\s*/\*.*?\*/\s*-?\}\}`)
	actionRE  = regexp.MustCompile(`(?s)\{\{.*?\}\}`)
	attrRE    = regexp.MustCompile(`(?i)\s(aria-label|alt|title|placeholder)="([^"]*)"`)
	tagRE     = regexp.MustCompile(`(?s)<[^>]*>`)
)

// CheckTranslated fails t for every piece of visible text in the templates
// of fsys (every .html file in it) that is not written through the
// catalogue (t or tn): text between tags, and the aria-label, alt, title
// and placeholder attributes. Template actions and comments are set aside
// first; what remains may hold punctuation, numbers and spaces, but no
// letters.
func CheckTranslated(t testing.TB, fsys fs.FS) {
	t.Helper()
	n := 0
	err := fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		b, err := fs.ReadFile(fsys, path)
		if err != nil {
			return err
		}
		n++
		for _, bad := range Untranslated(string(b)) {
			t.Errorf("%s: text outside t/tn: %q", path, bad)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("no templates found")
	}
}

// Untranslated returns the pieces of visible text of a template that hold
// letters outside template actions.
func Untranslated(src string) []string {
	src = commentRE.ReplaceAllString(src, "")
	src = actionRE.ReplaceAllString(src, "")
	var bad []string
	for _, m := range attrRE.FindAllStringSubmatch(src, -1) {
		if hasLetter(m[2]) {
			bad = append(bad, strings.TrimSpace(m[0]))
		}
	}
	for _, text := range tagRE.Split(src, -1) {
		if s := strings.TrimSpace(text); hasLetter(s) {
			bad = append(bad, s)
		}
	}
	return bad
}

func hasLetter(s string) bool {
	return strings.IndexFunc(s, unicode.IsLetter) >= 0
}
