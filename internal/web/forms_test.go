package web

import (
	"net/url"
	"testing"
)

func TestParseID(t *testing.T) {
	for _, ok := range []string{"1", "42", "9223372036854775807"} {
		if _, err := parseID(ok); err != nil {
			t.Errorf("parseID(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{"", "0", "-1", "+1", "1e3", "abc", "9223372036854775808", " 1", "1/2"} {
		if _, err := parseID(bad); err == nil {
			t.Errorf("parseID(%q) accepted", bad)
		}
	}
}

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

func TestParseIDs(t *testing.T) {
	ids, err := parseIDs(url.Values{"issue": {"3", "1", "3"}}, "issue")
	if err != nil || len(ids) != 2 {
		t.Fatalf("ids = %v, %v", ids, err)
	}
	if _, err := parseIDs(url.Values{"issue": {"1", "-2"}}, "issue"); err == nil {
		t.Fatal("negative id accepted")
	}
}

// FuzzForms feeds arbitrary form bodies to every form parser: none may
// panic, and whatever they accept must be well-formed (ids positive).
func FuzzForms(f *testing.F) {
	for _, s := range []string{
		"title=x&description=y&tags=a,b&org=1",
		"body=hi&parent=2&org=0",
		"comment=5",
		"issue=1&issue=2&issue=%2B3",
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
		if ids, err := parseIDs(v, "issue"); err == nil {
			for _, n := range ids {
				if n <= 0 {
					t.Fatalf("id %d accepted", n)
				}
			}
		}
		for _, s := range v["id"] {
			if n, err := parseID(s); err == nil && n <= 0 {
				t.Fatalf("parseID(%q) = %d", s, n)
			}
		}
	})
}
