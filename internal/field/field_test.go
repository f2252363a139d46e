package field

import (
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/apperr"
)

func TestCheck(t *testing.T) {
	title := Text{Field: "title", Min: 5, Max: 10, Empty: "Enter a title", Short: "The title must be %d characters or more",
		Long: "The title must be %d characters or fewer", Bad: "Remove the unreadable or control characters from the title"}
	tests := []struct {
		name, in, want string
	}{
		{"ok", "Hello", ""},
		{"empty", "", "Enter a title"},
		{"short", "Hi", "The title must be 5 characters or more"},
		{"long", strings.Repeat("é", 11), "The title must be 10 characters or fewer"},
		{"counts runes not bytes", strings.Repeat("é", 10), ""},
		{"control", "Hello\x07", "Remove the unreadable or control characters from the title"},
		{"newline in one line", "Hi\nthere", "Remove the unreadable or control characters from the title"},
		{"invalid utf-8", "Hello\xff", "Remove the unreadable or control characters from the title"},
		{"bidi override", "Hello\u202e", "Remove the unreadable or control characters from the title"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := title.Check(tt.in)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Check(%q) = %v", tt.in, err)
				}
				return
			}
			if apperr.KindOf(err) != apperr.Invalid || apperr.Message(err) != tt.want {
				t.Fatalf("Check(%q) = %v, want Invalid %q", tt.in, err, tt.want)
			}
		})
	}
	body := title
	body.Multiline, body.Max = true, 100
	if err := body.Check("line one\n\tline two"); err != nil {
		t.Fatalf("multiline: %v", err)
	}
	optional := title
	optional.Min = 0
	if err := optional.Check(""); err != nil {
		t.Fatalf("optional empty: %v", err)
	}
}
