package webtest

import (
	"slices"
	"testing"
)

func TestUntranslated(t *testing.T) {
	src := `{{define "content"}}{{/* a comment with words */}}<h1 class="x">{{.Title}}</h1>
<p>{{t "Raise an issue"}} · {{tn .N "%d supporter" "%d supporters"}} (3)</p>
<p>Plain English</p><a aria-label="Menu" href="/">{{t "Home"}}</a><img alt="" src="x"><input placeholder="{{t "Search"}}">{{end}}`
	got := Untranslated(src)
	if !slices.Equal(got, []string{`aria-label="Menu"`, "Plain English"}) {
		t.Fatalf("Untranslated = %q", got)
	}
}
