package web

import (
	"net/http/httptest"
	"testing"
	"time"
)

func TestLimiter(t *testing.T) {
	l := newLimiter(60, 3) // one a second, burst 3
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 3 {
		if !l.allow("a", now) {
			t.Fatalf("event %d refused within burst", i)
		}
	}
	if l.allow("a", now) {
		t.Fatal("4th event allowed beyond burst")
	}
	if !l.allow("b", now) {
		t.Fatal("another key shares a's bucket")
	}
	if !l.allow("a", now.Add(1100*time.Millisecond)) {
		t.Fatal("bucket did not refill after a second")
	}
	if l.allow("a", now.Add(1200*time.Millisecond)) {
		t.Fatal("refilled more than one token")
	}
	var none *limiter = newLimiter(0, 3)
	for range 1000 {
		if !none.allow("a", now) {
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
