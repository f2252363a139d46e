package people

import (
	"github.com/folkmoot/folkmoot/internal/field"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/folkmoot/folkmoot/internal/apperr"
)

func TestNormaliseEmail(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{" Alice@Example.ORG ", "alice@example.org", true},
		{"a.b+tag@nhs.net", "a.b+tag@nhs.net", true},
		{"", "", false},
		{"alice", "", false},
		{"alice@localhost", "", false},
		{"Alice <alice@example.org>", "", false},
		{"a@b.c\r\nBcc: x@y.z", "", false},
		{strings.Repeat("a", 250) + "@x.org", "", false},
	}
	for _, tt := range tests {
		got, err := NormaliseEmail(tt.in)
		if tt.ok != (err == nil) || got != tt.want {
			t.Errorf("NormaliseEmail(%q) = %q, %v", tt.in, got, err)
		}
		if err != nil && !apperr.Is(err, apperr.Invalid) {
			t.Errorf("NormaliseEmail(%q): kind %v", tt.in, apperr.KindOf(err))
		}
	}
}

func TestHas(t *testing.T) {
	admin := User{ID: 1, Roles: []Role{RoleCitizen, RoleAdmin}}
	citizen := User{ID: 2, Roles: []Role{RoleCitizen}}
	if !admin.Has(RoleModerator) || !admin.Has(RoleOrganiser) {
		t.Fatal("admin lacks a role")
	}
	if citizen.Has(RoleModerator) || !citizen.Has(RoleCitizen) {
		t.Fatal("citizen roles wrong")
	}
	if Anonymous.Has(RoleCitizen) || Anonymous.SignedIn() {
		t.Fatal("anonymous is a citizen")
	}
	if !System.IsSystem() || System.SignedIn() {
		t.Fatal("system actor")
	}
	if r, ok := ParseRole("organiser"); !ok || r != RoleOrganiser {
		t.Fatal("ParseRole")
	}
	if _, ok := ParseRole("king"); ok {
		t.Fatal("ParseRole accepted king")
	}
}

func TestHashToken(t *testing.T) {
	if HashToken("a") == HashToken("b") || len(HashToken("a")) != 64 {
		t.Fatal("HashToken")
	}
}

func FuzzNormaliseEmail(f *testing.F) {
	f.Add("alice@example.org")
	f.Add("a@b.c\r\nBcc: x@y.z")
	f.Add("\"quoted\"@example.org")
	f.Fuzz(func(t *testing.T, s string) {
		got, err := NormaliseEmail(s)
		if err != nil {
			return
		}
		if !utf8.ValidString(got) || strings.ContainsAny(got, "\r\n<> ") || got != strings.ToLower(got) || len(got) > MaxEmail {
			t.Fatalf("accepted %q as %q", s, got)
		}
	})
}

func FuzzValidateDisplayName(f *testing.F) {
	f.Add("Alice Smith")
	f.Add("\u202eevil")
	f.Fuzz(func(t *testing.T, s string) {
		if ValidateDisplayName(s) == nil && (field.HasControl(s, false) || !utf8.ValidString(s) || utf8.RuneCountInString(s) > MaxDisplayName) {
			t.Fatalf("accepted %q", s)
		}
	})
}
