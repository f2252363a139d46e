package apperr

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestKindOf(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want Kind
	}{
		{"plain error is internal", errors.New("boom"), Internal},
		{"direct", New(NotFound, "no issue %d", 4), NotFound},
		{"wrapped with %w", fmt.Errorf("loading: %w", Field("title", "too long")), Invalid},
		{"nil", nil, Internal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := KindOf(tt.err); got != tt.want {
				t.Fatalf("KindOf = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestMessageHidesInternalDetail(t *testing.T) {
	m := Message(fmt.Errorf("query: %w", errors.New("pq: password authentication failed")))
	if strings.Contains(m, "password") {
		t.Fatalf("internal detail leaked: %q", m)
	}
	if got := Message(Field("title", "Enter a title")); got != "Enter a title" {
		t.Fatalf("Message = %q", got)
	}
}

func TestUnwrap(t *testing.T) {
	cause := errors.New("disk full")
	if !errors.Is(Wrap(Internal, cause, "saving"), cause) {
		t.Fatal("Wrap does not unwrap to its cause")
	}
}

func TestMessageNeverShowsTheCause(t *testing.T) {
	err := Wrap(Unavailable, errors.New("dial tcp 127.0.0.1:9: connect: connection refused"), "We could not send the email just now.")
	if got := Message(fmt.Errorf("signin: %w", err)); got != "We could not send the email just now." {
		t.Fatalf("Message = %q, want only the safe text", got)
	}
	if got := Message(New(Conflict, "Gathering for %s is closed.", "Spring")); got != "Gathering for Spring is closed." {
		t.Fatalf("Message = %q", got)
	}
	if e := New(Conflict, "Gathering for %s is closed.", "Spring"); e.Format != "Gathering for %s is closed." || len(e.Args) != 1 {
		t.Fatalf("Format/Args not kept: %+v", e)
	}
	if got := Message(&Error{Kind: Invalid}); got != Generic {
		t.Fatalf("an empty message = %q, want the generic text", got)
	}
}
