package main

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/live"
	"github.com/folkmoot/folkmoot/internal/sealed"
	"github.com/folkmoot/folkmoot/internal/storage"
	"github.com/folkmoot/folkmoot/internal/web"
)

// `folkmoot user grant` and `revoke` tell running servers (here, a broker
// on the same SQLite file) that the user changed, so that their session
// caches drop the user's sessions at once.
func TestUserGrantAnnouncesTheChange(t *testing.T) {
	db := filepath.Join(t.TempDir(), "cli.db")
	t.Setenv("FOLKMOOT_DB", db)
	t.Setenv("FOLKMOOT_DATA_KEY", testKeyEnv)
	t.Setenv("FOLKMOOT_DATA_KEY_FILE", "")
	if code, _, errs := run(t, "migrate"); code != 0 {
		t.Fatalf("migrate: %s", errs)
	}
	if code, _, errs := run(t, "user", "add", "rhian@example.org"); code != 0 {
		t.Fatalf("user add: %s", errs)
	}
	ctx := context.Background()
	st, err := storage.Open(ctx, db, storage.Options{Keys: sealed.MustTest()})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	u, err := st.UserByEmail(ctx, "rhian@example.org")
	if err != nil {
		t.Fatal(err)
	}
	b, err := live.NewTable(ctx, st, live.TableOptions{PollEvery: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	sub := b.Subscribe(web.TopicUser)
	for _, verb := range []string{"grant", "revoke"} {
		if code, _, errs := run(t, "user", verb, "--role", "moderator", "rhian@example.org"); code != 0 {
			t.Fatalf("user %s: %s", verb, errs)
		}
		select {
		case ev := <-sub.C:
			if string(ev.Data) != strconv.FormatInt(u.ID, 10) {
				t.Fatalf("user %s announced %q, want the user id %d", verb, ev.Data, u.ID)
			}
		case <-time.After(3 * time.Second):
			t.Fatalf("user %s announced nothing", verb)
		}
	}
}
