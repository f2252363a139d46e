package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestUnknownCommandExits2(t *testing.T) {
	var out, errb bytes.Buffer
	if code := runMain(context.Background(), []string{"no-such-command"}, &out, &errb); code != 2 {
		t.Fatalf("exit code = %d, want 2", code)
	}
	if !strings.Contains(errb.String(), "unknown command") {
		t.Fatalf("stderr = %q, want it to name the unknown command", errb.String())
	}
}

func TestVersion(t *testing.T) {
	var out, errb bytes.Buffer
	if code := runMain(context.Background(), []string{"version"}, &out, &errb); code != 0 {
		t.Fatalf("exit code = %d: %s", code, errb.String())
	}
	if !strings.HasPrefix(out.String(), "folkmoot ") {
		t.Fatalf("stdout = %q", out.String())
	}
}
