package kit

import (
	"errors"
	"fmt"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/folkmoot/folkmoot/internal/apperr"
)

func TestParseID(t *testing.T) {
	for _, ok := range []string{"1", "42", "9223372036854775807"} {
		if _, err := ParseID(ok); err != nil {
			t.Errorf("ParseID(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{"", "0", "-1", "+1", "1e3", "abc", "9223372036854775808", " 1", "1/2"} {
		if _, err := ParseID(bad); err == nil {
			t.Errorf("ParseID(%q) accepted", bad)
		}
	}
}

func TestParseIDs(t *testing.T) {
	ids, err := ParseIDs(url.Values{"issue": {"3", "1", "3"}}, "issue")
	if err != nil || len(ids) != 2 {
		t.Fatalf("ids = %v, %v", ids, err)
	}
	if _, err := ParseIDs(url.Values{"issue": {"1", "-2"}}, "issue"); err == nil {
		t.Fatal("negative id accepted")
	}
	many := url.Values{}
	for range MaxIDs + 1 {
		many.Add("issue", "1")
	}
	if _, err := ParseIDs(many, "issue"); err == nil {
		t.Fatal("too many ids accepted")
	}
}

func TestWithParam(t *testing.T) {
	q := url.Values{"sort": {"newest"}, "page": {"3"}, "after": {"c"}, "lang": {"cy"}}
	if got := WithParam(q, "tag", "carers"); got != "?sort=newest&tag=carers" {
		t.Fatalf("WithParam = %q: want the page, cursor and language dropped", got)
	}
	if got := WithParam(q, "page", "4"); got != "?after=c&page=4&sort=newest" {
		t.Fatalf("WithParam(page) = %q", got)
	}
}

// FuzzIDs feeds arbitrary form bodies to the id parsers: none may panic,
// and whatever they accept is positive (or zero for "none").
func FuzzIDs(f *testing.F) {
	for _, s := range []string{"org=1", "issue=1&issue=2&issue=%2B3", "org=-1&parent=99999999999999999999", "%zz=1&id=%00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		v, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		if n, err := ParseOptionalID("org", v.Get("org")); err == nil && n < 0 {
			t.Fatalf("negative id %d", n)
		}
		if ids, err := ParseIDs(v, "issue"); err == nil {
			for _, n := range ids {
				if n <= 0 {
					t.Fatalf("id %d accepted", n)
				}
			}
		}
		for _, s := range v["id"] {
			if n, err := ParseID(s); err == nil && n <= 0 {
				t.Fatalf("ParseID(%q) = %d", s, n)
			}
		}
	})
}

// TestFieldErrors: joined field errors all reach the form, in order and
// once per field; any error of another kind in the tree means "not a form
// problem", so a conflict is never shown as a field message.
func TestFieldErrors(t *testing.T) {
	a, b := apperr.Field("title", "Enter a title"), apperr.Field("description", "Enter a description")
	got := FieldErrors(fmt.Errorf("saving: %w", errors.Join(a, b, apperr.Field("title", "again"))))
	if len(got) != 3 || got[0] != a || got[1] != b {
		t.Fatalf("FieldErrors = %v; want title, description, title", got)
	}
	if got := FieldErrors(errors.Join(a, apperr.New(apperr.Conflict, "closed"))); got != nil {
		t.Fatalf("a conflict joined with a field error gave %v; want nil", got)
	}
	if got := FieldErrors(errors.New("disk")); got != nil {
		t.Fatalf("a plain error gave %v", got)
	}
	r := httptest.NewRequest("POST", "/", nil)
	f, ok := FormFromError(r, url.Values{}, errors.Join(a, b, apperr.Field("title", "again")), map[string]string{"description": "desc"})
	if !ok || len(f.Errs) != 2 || f.Errs[0].Field != "title" || f.Errs[1].Field != "desc" || f.Errs[0].Message == "" {
		t.Fatalf("FormFromError = %+v, %v; want title then desc, once each", f, ok)
	}
}
