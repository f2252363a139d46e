package e2e

import (
	"strconv"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/mail/mailtest"
)

// smtpFlags are the serve flags that send mail to s.
func smtpFlags(s *mailtest.Server) []string {
	return []string{"--smtp-host", s.Host, "--smtp-port", strconv.Itoa(s.Port), "--mail-from", "Folkmoot <folkmoot@gather.example.org>"}
}

// waitUntil polls cond every 20 ms until it holds, failing the test after
// limit.
func waitUntil(t testing.TB, what string, limit time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %s", limit, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
