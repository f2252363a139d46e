package notify_test

import (
	"context"
	"errors"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/jobs"
	"github.com/folkmoot/folkmoot/internal/jobs/jobsmem"
	"github.com/folkmoot/folkmoot/internal/mail"
	"github.com/folkmoot/folkmoot/internal/mail/mailtest"
	"github.com/folkmoot/folkmoot/internal/notify"
	"github.com/folkmoot/folkmoot/internal/sealed"
)

// quick is a mail back-off for tests: 40 ms doubling to 160 ms.
var quick = jobs.HandlerOptions{Backoff: jobs.Backoff{Base: 40 * time.Millisecond, Cap: 160 * time.Millisecond}}

var cfg = notify.Config{BaseURL: "https://gather.example.org", OrgName: "NHS Example", ServiceName: "Gather"}

// run runs q until the test ends.
func run(t *testing.T, q *jobs.Queue) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { q.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
}

func waitJob(t *testing.T, s jobs.Store, id int64, what string, cond func(jobs.Job) bool) jobs.Job {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		j, err := s.Job(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if cond(j) {
			return j
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %d: never %s: %+v", id, what, j)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestMailWaitsForTheServer: a message sent while the SMTP server is down
// is retried with back-off and delivered, once, when the server is back.
func TestMailWaitsForTheServer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // the mail server is down
	host, port, _ := net.SplitHostPort(addr)
	p, _ := strconv.Atoi(port)

	store := jobsmem.New()
	q := jobs.New(store, jobs.Options{Poll: 20 * time.Millisecond, Lease: time.Second, Sealer: sealed.MustTest()})
	notify.HandleMail(q, &mail.SMTP{Host: host, Port: p, From: "gather@nhs.example", Timeout: time.Second}, quick)
	n := notify.New(q, notify.Deps{}, cfg)
	if err := n.SignInLink(context.Background(), "ann@example.org", i18n.English, "https://gather.example.org/signin/tok", 20*time.Minute); err != nil {
		t.Fatalf("queueing while the server is down: %v", err)
	}
	run(t, q)
	jobsOf := func() []jobs.Job {
		js, err := store.Jobs(context.Background(), jobs.Query{Kind: notify.KindMail})
		if err != nil || len(js) != 1 {
			t.Fatalf("jobs: %v %v", js, err)
		}
		return js
	}
	id := jobsOf()[0].ID
	j := waitJob(t, store, id, "failed twice", func(j jobs.Job) bool { return j.Attempts >= 2 && j.Status == jobs.Queued })
	if !strings.Contains(j.LastError, "connect") {
		t.Fatalf("last error %q, want the connection failure", j.LastError)
	}

	srv := mailtest.Start(t, addr, mailtest.Options{}) // the server comes back
	j = waitJob(t, store, id, "done", func(j jobs.Job) bool { return j.Status == jobs.Done })
	msgs := srv.Delivered()
	if len(msgs) != 1 {
		t.Fatalf("the server got %d messages, want 1", len(msgs))
	}
	for _, want := range []string{"To: ann@example.org\r\n", "Message-ID: <", "@nhs.example>\r\n", "https://gather.example.org/signin/tok", "for 20 minutes", "Content-Language: en-GB\r\n"} {
		if !strings.Contains(msgs[0].Raw, want) {
			t.Errorf("the message lacks %q:\n%s", want, msgs[0].Raw)
		}
	}
	t.Logf("delivered on attempt %d, after the server came back", j.Attempts)
}

// TestOutboxGetsOneCopyWhenTheJobRunsTwice: the worker "dies" after
// sending but before recording the job done; the job runs again after its
// lease, and the outbox still holds one copy.
func TestOutboxGetsOneCopyWhenTheJobRunsTwice(t *testing.T) {
	store := &finishOnceFails{Store: jobsmem.New()}
	q := jobs.New(store, jobs.Options{Poll: 20 * time.Millisecond, Lease: 150 * time.Millisecond})
	outbox, err := mail.NewOutbox(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	var sends sync.WaitGroup
	sends.Add(2)
	counting := senderFunc(func(ctx context.Context, m mail.Message) error {
		defer sends.Done()
		return outbox.Send(ctx, m)
	})
	notify.HandleMail(q, counting, quick)
	n := notify.New(q, notify.Deps{}, cfg)
	id, err := n.Send(context.Background(), "", mail.Message{To: "ann@example.org", Subject: "Twice?", Body: "Once."})
	if err != nil {
		t.Fatal(err)
	}
	run(t, q)
	j := waitJob(t, store, id, "done", func(j jobs.Job) bool { return j.Status == jobs.Done })
	sends.Wait()
	list, err := outbox.List()
	if err != nil {
		t.Fatal(err)
	}
	if j.Attempts != 2 || len(list) != 1 {
		t.Fatalf("attempts %d, outbox %d messages: want the job run twice and one copy", j.Attempts, len(list))
	}
}

type senderFunc func(ctx context.Context, m mail.Message) error

func (f senderFunc) Send(ctx context.Context, m mail.Message) error { return f(ctx, m) }

func TestInvalidMailFailsAtOnce(t *testing.T) {
	store := jobsmem.New()
	q := jobs.New(store, jobs.Options{Poll: 20 * time.Millisecond})
	refuse := senderFunc(func(context.Context, mail.Message) error {
		return errors.Join(mail.ErrInvalid, errors.New("550 no such user"))
	})
	notify.HandleMail(q, refuse, quick)
	n := notify.New(q, notify.Deps{}, cfg)
	id, err := n.Send(context.Background(), "", mail.Message{To: "gone@example.org", Subject: "x", Body: "x"})
	if err != nil {
		t.Fatal(err)
	}
	run(t, q)
	if j := waitJob(t, store, id, "failed", func(j jobs.Job) bool { return j.Status == jobs.Failed }); j.Attempts != 1 {
		t.Fatalf("a refused recipient was tried %d times", j.Attempts)
	}
}

func TestSignInLink(t *testing.T) {
	ctx := context.Background()
	store := jobsmem.New()
	q := jobs.New(store, jobs.Options{})
	n := notify.New(q, notify.Deps{}, cfg)
	link := "https://gather.example.org/signin/abc?next=%2Fissues"
	for range 2 { // a double click sends one email
		if err := n.SignInLink(ctx, "ann@example.org", i18n.English, link, 24*time.Hour); err != nil {
			t.Fatal(err)
		}
	}
	if err := n.SignInLink(ctx, "ann@example.org", i18n.English, link+"x", 20*time.Minute); err != nil {
		t.Fatal(err)
	}
	js, _ := store.Jobs(ctx, jobs.Query{Kind: notify.KindMail})
	if len(js) != 2 {
		t.Fatalf("%d mail jobs for two links, want 2", len(js))
	}
	err := n.SignInLink(ctx, "not an address", i18n.English, link+"y", time.Hour)
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Kind != apperr.Invalid || ae.Field != "email" || !errors.Is(err, mail.ErrInvalid) {
		t.Fatalf("bad address: %v, want an Invalid error for the email field", err)
	}
	if apperr.Message(err) != "Enter an email address in the correct format, like name@example.com" {
		t.Fatalf("message shown: %q", apperr.Message(err))
	}
}

func TestValidity(t *testing.T) {
	for _, tt := range []struct {
		lang i18n.Lang
		d    time.Duration
		want string
	}{
		{i18n.English, 20 * time.Minute, "The link works once, for 20 minutes."},
		{i18n.English, time.Minute, "The link works once, for 1 minute."},
		{i18n.English, time.Hour, "The link works once, for 1 hour."},
		{i18n.English, 24 * time.Hour, "The link works once, for 24 hours."},
		{i18n.English, 90 * time.Minute, "The link works once, for 90 minutes."},
		{i18n.Welsh, 20 * time.Minute, "Mae'r ddolen yn gweithio unwaith, am 20 munud."},
		{i18n.Welsh, 2 * time.Hour, "Mae'r ddolen yn gweithio unwaith, am ddwy awr."},
	} {
		if got := notify.Validity(i18n.For(tt.lang), tt.d); got != tt.want {
			t.Errorf("Validity(%s, %v) = %q, want %q", tt.lang, tt.d, got, tt.want)
		}
	}
}

// TestMailerQueues: code written against mail.Sender (the web's sign-in
// today) queues through Mailer, and still hears of a bad address at once.
func TestMailerQueues(t *testing.T) {
	ctx := context.Background()
	store := jobsmem.New()
	n := notify.New(jobs.New(store, jobs.Options{}), notify.Deps{}, cfg)
	if err := n.Mailer().Send(ctx, mail.Message{To: "ann@example.org", Subject: "Hi", Body: "x"}); err != nil {
		t.Fatal(err)
	}
	if err := n.Mailer().Send(ctx, mail.Message{To: "ann@example.org\r\nBcc: x@example.org", Subject: "Hi"}); !errors.Is(err, mail.ErrInvalid) {
		t.Fatalf("bad header: %v, want mail.ErrInvalid", err)
	}
	if js, _ := store.Jobs(ctx, jobs.Query{}); len(js) != 1 || js[0].Kind != notify.KindMail {
		t.Fatalf("jobs: %+v", js)
	}
}
