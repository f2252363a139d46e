package web

import (
	"net/http/httptest"
	"testing"
	"time"
)

func TestLimiter(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := newLimiter(60, 3, func() time.Time { return now }) // one a second, burst 3
	for i := range 3 {
		if !l.Allow("a") {
			t.Fatalf("event %d refused within burst", i)
		}
	}
	if l.Allow("a") {
		t.Fatal("4th event allowed beyond burst")
	}
	if !l.Allow("b") {
		t.Fatal("another key shares a's bucket")
	}
	if !l.allow("a", now.Add(1100*time.Millisecond)) {
		t.Fatal("bucket did not refill after a second")
	}
	if l.allow("a", now.Add(1200*time.Millisecond)) {
		t.Fatal("refilled more than one token")
	}
	none := newLimiter(0, 3, time.Now)
	for range 1000 {
		if !none.Allow("a") {
			t.Fatal("disabled limiter refused")
		}
	}
}

func TestClientIP(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr = "10.0.0.1:1234"
	r.Header.Set("X-Forwarded-For", "1.2.3.4, 5.6.7.8")
	if got := clientIP(r, false); got != "10.0.0.1" {
		t.Fatalf("untrusted: %q", got)
	}
	if got := clientIP(r, true); got != "5.6.7.8" {
		t.Fatalf("trusted: %q", got)
	}
}

func TestOrigin(t *testing.T) {
	for in, want := range map[string]string{
		"https://gather.example.org":       "https://gather.example.org",
		"https://example.org:8443/gather/": "https://example.org:8443",
		"http://127.0.0.1:8080":            "http://127.0.0.1:8080",
		"not a url":                        "",
		"":                                 "",
	} {
		if got := origin(in); got != want {
			t.Errorf("origin(%q) = %q, want %q", in, got, want)
		}
	}
}
