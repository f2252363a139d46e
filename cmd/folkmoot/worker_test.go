package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/cycle/cycletest"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/jobs"
	"github.com/folkmoot/folkmoot/internal/mail"
	"github.com/folkmoot/folkmoot/internal/notify"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/sealed"
	"github.com/folkmoot/folkmoot/internal/storage"
)

func TestWorkerBadFlags(t *testing.T) {
	for _, args := range [][]string{{"worker", "--workers", "0"}, {"worker", "extra"}, {"serve", "--workers", "-1"}} {
		if code, _, errs := run(t, args...); code != 2 {
			t.Errorf("%v: exit %d (%s), want 2", args, code, errs)
		}
	}
}

// TestWorkerSendsMailAndNotices runs `folkmoot worker` on a SQLite
// database: it sends a queued sign-in email, and emails a follower about
// a comment made while it runs, through the audit log.
func TestWorkerSendsMailAndNotices(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the notification scan: skipped under -short")
	}
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "worker.db")
	t.Setenv("FOLKMOOT_DATA_KEY", testKeyEnv)
	t.Setenv("FOLKMOOT_DATA_KEY_FILE", "")
	t.Setenv("FOLKMOOT_DATA", dir)
	t.Setenv("FOLKMOOT_SMTP_HOST", "")
	if _, _, err := storage.Migrate(ctx, db, nil); err != nil {
		t.Fatal(err)
	}
	st, err := storage.Open(ctx, db, storage.Options{Keys: sealed.MustTest()})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ann, bob, iss := followedIssue(t, st)

	wctx, stop := context.WithCancel(ctx)
	exited := make(chan int, 1)
	var errb bytes.Buffer
	go func() {
		exited <- runMain(wctx, []string{"worker", "--db", db, "--base-url", "https://gather.example.org", "--log-level", "warn"}, &bytes.Buffer{}, &errb)
	}()
	defer func() {
		stop()
		if code := <-exited; code != 0 {
			t.Errorf("worker exit %d: %s", code, errb.String())
		}
	}()
	// Comments made before the first scan are history; wait for it.
	wait(t, "the first notification scan", func() bool {
		_, err := st.JobCursor(ctx, "notify.audit")
		return !apperr.Is(err, apperr.NotFound)
	})
	gs := gather.NewService(st, st, cycle.NewService(st, cycle.Config{}), gather.Config{})
	if _, err := gs.AddComment(ctx, ann, gather.CommentDraft{IssueID: iss.ID, Body: "Evenings would help carers."}); err != nil {
		t.Fatal(err)
	}
	n := notify.New(jobs.New(st, jobs.Options{Sealer: sealed.MustTest()}), notify.Deps{}, notify.Config{OrgName: "Folkmoot", ServiceName: "Gather"})
	if err := n.SignInLink(ctx, "new@example.org", i18n.English, "https://gather.example.org/signin/tok", time.Hour); err != nil {
		t.Fatal(err)
	}

	outbox := filepath.Join(dir, "outbox")
	var msgs []mail.Message
	wait(t, "two emails in the outbox", func() bool {
		msgs = readOutbox(t, outbox)
		return len(msgs) >= 2
	})
	time.Sleep(100 * time.Millisecond)
	if msgs = readOutbox(t, outbox); len(msgs) != 2 {
		t.Fatalf("%d emails, want 2: %+v", len(msgs), msgs)
	}
	byTo := map[string]mail.Message{}
	for _, m := range msgs {
		byTo[m.To] = m
	}
	notice, ok := byTo[bob.Email]
	if !ok || !strings.HasPrefix(notice.Subject, "A new comment by ann") || !strings.Contains(notice.Body, "https://gather.example.org/issues/") {
		t.Fatalf("no comment notice to the follower: %+v", byTo)
	}
	if link, ok := byTo["new@example.org"]; !ok || !strings.Contains(link.Body, "/signin/tok") {
		t.Fatalf("no sign-in email: %+v", byTo)
	}
}

// followedIssue makes an open round with an issue that Bob follows, and
// returns its author Ann, Bob and the issue.
func followedIssue(t *testing.T, st storage.Store) (ann, bob people.User, iss gather.Issue) {
	t.Helper()
	ctx := context.Background()
	ps := people.NewService(st, people.Config{})
	gs := gather.NewService(st, st, cycle.NewService(st, cycle.Config{}), gather.Config{})
	ann, err := ps.AddUser(ctx, people.System, "ann@example.org", "ann")
	must(t, err)
	bob, err = ps.AddUser(ctx, people.System, "bob@example.org", "bob")
	must(t, err)
	c := cycletest.OpenRound(t, st, "Round")
	iss, err = gs.SubmitIssue(ctx, ann, gather.IssueDraft{CycleID: c.ID, Title: "Evening opening at the surgery", Description: "Open later."})
	must(t, err)
	_, err = gs.Follow(ctx, bob, iss.ID)
	must(t, err)
	return ann, bob, iss
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func wait(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited 15s for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func readOutbox(t *testing.T, dir string) []mail.Message {
	t.Helper()
	names, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	var out []mail.Message
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		var m mail.Message
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}
