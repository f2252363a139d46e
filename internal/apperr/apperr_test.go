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
