package web

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

func TestTemplatesParse(t *testing.T) {
	tm, err := parseTemplates()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"home", "issues", "issue", "issue_new", "themes", "theme", "suggestions", "signin", "signin_sent", "signin_confirm", "signout", "outbox", "outbox_message", "moderation", "moderation_log", "moderate", "report", "error", "account"} {
		if tm[name] == nil {
			t.Errorf("no template %q", name)
		}
	}
}

// Every form that changes something carries the CSRF token.
func TestEveryPostFormHasCSRF(t *testing.T) {
	files, err := fs.Glob(templateFS, "templates/*/*.html")
	if err != nil {
		t.Fatal(err)
	}
	formRE := regexp.MustCompile(`(?s)<form[^>]*method="post"[^>]*>(.*?)</form>`)
	n := 0
	for _, f := range files {
		b, _ := fs.ReadFile(templateFS, f)
		for _, m := range formRE.FindAllStringSubmatch(string(b), -1) {
			n++
			if !strings.Contains(m[1], `{{template "csrf"`) {
				t.Errorf("%s: a POST form without the CSRF field: %.120s", f, m[0])
			}
		}
		if strings.Contains(strings.ToLower(string(b)), `method="get"`) && strings.Contains(string(b), `name="csrf"`) {
			t.Errorf("%s: a CSRF token in a GET form would leak into URLs", f)
		}
	}
	if n < 15 {
		t.Fatalf("found only %d POST forms: the pattern is wrong", n)
	}
}
