package people

import (
	"bytes"
	"testing"
)

func TestFoldAndSameName(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		same bool
	}{
		{"Helen Murray", "helen murray", true},
		{"Helen Murray", "HélenMurray", true},
		{"Helen Murray", " helen-murray ", true},
		{"Siân Ŵyn", "sian wyn", true},
		{"Helen Murray", "Helen Murphy", false},
		{"", "", false},
	} {
		if got := SameName(tt.a, tt.b); got != tt.same {
			t.Errorf("SameName(%q, %q) = %v", tt.a, tt.b, got)
		}
	}
}

func TestDefaultNameIsRandom(t *testing.T) {
	s := NewService(nil, Config{Rand: bytes.NewReader([]byte{1, 2, 3, 4, 5, 6})})
	a, err := s.defaultName()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := s.defaultName()
	if a != "Participant 010203" || b != "Participant 040506" || !IsDefaultName(a) {
		t.Fatalf("default names %q, %q", a, b)
	}
	if IsDefaultName("Participant Jo") || !IsDefaultName(DeletedName) {
		t.Fatal("IsDefaultName")
	}
}
