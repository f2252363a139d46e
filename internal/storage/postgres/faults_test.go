package postgres_test

import (
	"context"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/sealed"
	"github.com/folkmoot/folkmoot/internal/storage/postgres"
)

// TestHealth: a working database passes the write probe, twice (the
// heartbeat row is updated in place).
func TestHealth(t *testing.T) {
	sdsn := freshSchema(t, testDSN(t))
	ctx := context.Background()
	if _, _, err := postgres.Migrate(ctx, sdsn, nil); err != nil {
		t.Fatal(err)
	}
	s, err := postgres.Open(ctx, sdsn, postgres.Options{Keys: sealed.MustTest(), SealEvery: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for range 2 {
		if err := s.Health(ctx); err != nil {
			t.Fatal(err)
		}
	}
}

// TestReadOnlyTransactionsAreUnavailable: on a server that refuses writes
// (a hot standby; here every session has default_transaction_read_only
// on), reads work, while every write and the health probe give
// apperr.Unavailable with a plain message and no driver text.
func TestReadOnlyTransactionsAreUnavailable(t *testing.T) {
	sdsn := freshSchema(t, testDSN(t))
	ctx := context.Background()
	if _, _, err := postgres.Migrate(ctx, sdsn, nil); err != nil {
		t.Fatal(err)
	}
	keys := sealed.MustTest()
	s, err := postgres.Open(ctx, sdsn, postgres.Options{Keys: keys, SealEvery: -1})
	if err != nil {
		t.Fatal(err)
	}
	s.Close() // the key check row is written now, while writes still work
	sep := "?"
	if strings.Contains(sdsn, "?") {
		sep = "&"
	}
	ro, err := postgres.Open(ctx, sdsn+sep+"default_transaction_read_only=on", postgres.Options{Keys: keys, SealEvery: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if _, err := ro.Users(ctx, people.UserQuery{}); err != nil {
		t.Fatalf("reading: %v", err)
	}
	ev := audit.Event{Actor: audit.ActorSystem, Action: "user.create"}
	writes := map[string]error{
		"CreateUser":   ro.CreateUser(ctx, &people.User{Email: "ro@example.org", DisplayName: "Ro"}, ev),
		"ServerSecret": func() error { _, err := ro.ServerSecret(ctx); return err }(),
		"Health":       ro.Health(ctx),
	}
	for name, err := range writes {
		msg := apperr.Message(err)
		if !apperr.Is(err, apperr.Unavailable) || !strings.Contains(msg, "read-only") {
			t.Errorf("%s: %v (message %q), want Unavailable saying read-only", name, err, msg)
		}
		for _, leak := range []string{"25006", "SQLSTATE", "transaction", "INSERT", "pgx", "postgres"} {
			if strings.Contains(msg, leak) {
				t.Errorf("%s: message %q shows driver text %q", name, msg, leak)
			}
		}
	}
}
