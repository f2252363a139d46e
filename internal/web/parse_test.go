package web

import "testing"

func TestTemplatesParse(t *testing.T) {
	tm, err := parseTemplates()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"home", "issues", "issue", "issue_new", "themes", "theme", "suggestions", "signin", "signin_sent", "signin_confirm", "signout", "outbox", "outbox_message", "moderation", "moderation_log", "moderate", "report", "error"} {
		if tm[name] == nil {
			t.Errorf("no template %q", name)
		}
	}
}
