package gatherweb

import (
	"net/url"
	"testing"
)

func TestParseIssueForm(t *testing.T) {
	d, err := parseIssueForm(url.Values{"title": {"  A title "}, "description": {"d"}, "tags": {"Mental Health, carers ,"}, "org": {"3"}})
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "  A title " || d.OrgID != 3 || len(d.Tags) != 3 {
		t.Fatalf("draft = %+v", d)
	}
	if _, err := parseIssueForm(url.Values{"org": {"x"}}); err == nil {
		t.Fatal("bad org accepted")
	}
}

// FuzzForms feeds arbitrary form bodies to the Gather form parsers: none
// may panic, and whatever they accept must be well-formed (ids positive).
func FuzzForms(f *testing.F) {
	for _, s := range []string{
		"title=x&description=y&tags=a,b&org=1",
		"body=hi&parent=2&org=0",
		"comment=5",
		"org=-1&parent=99999999999999999999",
		"%zz=1&title=%00",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		v, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		if d, err := parseIssueForm(v); err == nil && d.OrgID < 0 {
			t.Fatalf("negative org %d", d.OrgID)
		}
		if d, err := parseCommentForm(1, v); err == nil && (d.ParentID < 0 || d.OrgID < 0) {
			t.Fatalf("negative id in %+v", d)
		}
		if tg, err := parseTarget(1, v); err == nil && tg.CommentID < 0 {
			t.Fatalf("negative comment %d", tg.CommentID)
		}
	})
}
