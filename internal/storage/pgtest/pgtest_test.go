package pgtest

import (
	"net/url"
	"strings"
	"testing"
)

func TestWithSearchPathKeepsOtherParameters(t *testing.T) {
	got := WithSearchPath(t, "postgres://u@h:5432/db?sslmode=disable", "s1")
	u, err := url.Parse(got)
	if err != nil {
		t.Fatal(err)
	}
	if q := u.Query(); q.Get("search_path") != "s1" || q.Get("sslmode") != "disable" {
		t.Fatalf("WithSearchPath = %q", got)
	}
}

func TestRedactHidesPassword(t *testing.T) {
	if got := redact("postgres://u:secret@h/db"); strings.Contains(got, "secret") {
		t.Fatalf("redact = %q", got)
	}
}

func TestURLDefault(t *testing.T) {
	t.Setenv("FOLKMOOT_TEST_POSTGRES", "")
	if URL() != DefaultURL {
		t.Fatalf("URL() = %q", URL())
	}
	t.Setenv("FOLKMOOT_TEST_POSTGRES", "postgres://x@y/z")
	if URL() != "postgres://x@y/z" {
		t.Fatalf("URL() = %q", URL())
	}
}

// A fresh schema is empty, usable, and distinct for each call.
func TestFreshSchema(t *testing.T) {
	a, b := Schema(t, "pgtest"), Schema(t, "pgtest")
	if a == b {
		t.Fatalf("two calls gave the same DSN %q", a)
	}
}
