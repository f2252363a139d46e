package mail

import (
	"context"
	"errors"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/mail/mailtest"
)

func TestOutbox(t *testing.T) {
	for _, dir := range []string{"", t.TempDir()} {
		name := "memory"
		if dir != "" {
			name = "dir"
		}
		t.Run(name, func(t *testing.T) {
			o, err := NewOutbox(dir)
			if err != nil {
				t.Fatal(err)
			}
			base := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
			for i, subj := range []string{"first", "second"} {
				err := o.Send(context.Background(), Message{To: "a@example.org", Subject: subj, Body: "link", Date: base.Add(time.Duration(i) * time.Minute)})
				if err != nil {
					t.Fatal(err)
				}
			}
			list, err := o.List()
			if err != nil {
				t.Fatal(err)
			}
			if len(list) != 2 || list[0].Subject != "second" {
				t.Fatalf("list = %+v, want newest first", list)
			}
			got, err := o.Get(list[1].ID)
			if err != nil || got.Subject != "first" {
				t.Fatalf("Get = %+v, %v", got, err)
			}
			for _, bad := range []string{"", "../etc/passwd", "x/y", list[0].ID + "x"} {
				if _, err := o.Get(bad); !errors.Is(err, ErrNotFound) {
					t.Errorf("Get(%q) err = %v, want ErrNotFound", bad, err)
				}
			}
		})
	}
}

func TestRejectsHeaderInjection(t *testing.T) {
	o, _ := NewOutbox("")
	for _, m := range []Message{
		{To: "a@example.org\r\nBcc: b@example.org", Subject: "x"},
		{To: "a@example.org", Subject: "x\r\nBcc: b@example.org"},
		{To: "nobody", Subject: "x"},
		{To: "a@example.org, b@example.org", Subject: "x"},
	} {
		if err := o.Send(context.Background(), m); !errors.Is(err, ErrInvalid) {
			t.Errorf("Send(%q, %q) err = %v, want ErrInvalid", m.To, m.Subject, err)
		}
	}
}

func TestSMTPSend(t *testing.T) {
	srv := startTestServer(t, mailtest.Options{})
	err := senderTo(srv).Send(context.Background(), Message{To: "a@example.org", Subject: "Sign in to Gather – link", Body: "Hello\n.dot line\nbye"})
	if err != nil {
		t.Fatal(err)
	}
	got := srv.Delivered()[0].Raw
	// The server undoes dot-stuffing, so a stuffed line arrives as ".dot
	// line"; an unstuffed one would have lost its dot.
	for _, want := range []string{"To: a@example.org\r\n", "Subject: =?utf-8?q?", "Content-Type: text/plain; charset=utf-8", "\r\n.dot line\r\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("message lacks %q:\n%s", want, got)
		}
	}
}

func TestOutboxIsIdempotentOnID(t *testing.T) {
	for _, dir := range []string{"", t.TempDir()} {
		o, err := NewOutbox(dir)
		if err != nil {
			t.Fatal(err)
		}
		m := Message{ID: NewID(time.Now()), To: "a@example.org", Subject: "once", Body: "x"}
		for range 3 {
			if err := o.Send(context.Background(), m); err != nil {
				t.Fatal(err)
			}
		}
		other := m
		other.ID = NewID(time.Now())
		if err := o.Send(context.Background(), other); err != nil {
			t.Fatal(err)
		}
		list, err := o.List()
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 {
			t.Fatalf("dir %q: %d messages after sending one three times and another once, want 2", dir, len(list))
		}
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		m    Message
		ok   bool
	}{
		{"plain", Message{To: "a@example.org", Subject: "Hi"}, true},
		{"with ID and language", Message{ID: "n-12-3.x", To: "a@example.org", Lang: "en-GB"}, true},
		{"no recipient", Message{Subject: "Hi"}, false},
		{"ID with a slash", Message{ID: "../x", To: "a@example.org"}, false},
		{"ID with a space", Message{ID: "a b", To: "a@example.org"}, false},
		{"language injecting a header", Message{To: "a@example.org", Lang: "cy\r\nBcc: x@example.org"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Validate(tt.m)
			if (err == nil) != tt.ok || err != nil && !errors.Is(err, ErrInvalid) {
				t.Fatalf("Validate = %v, want ok %v", err, tt.ok)
			}
		})
	}
}

func TestFormatHeaders(t *testing.T) {
	m := Message{ID: "abc-1", To: "a@example.org", Subject: "Hi", Body: "x", Date: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Lang: "cy"}
	got := string(Format("Gather <gather@nhs.example>", m))
	for _, want := range []string{"Message-ID: <abc-1@nhs.example>\r\n", "Content-Language: cy\r\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("message lacks %q:\n%s", want, got)
		}
	}
	if got := string(Format("folkmoot", Message{ID: "x"})); !strings.Contains(got, "Message-ID: <x@folkmoot>\r\n") {
		t.Errorf("From without a domain:\n%s", got)
	}
}

// TestSMTPRefusedRecipientIsInvalid: a 5xx reply to RCPT TO will not
// change on retry, so it is ErrInvalid (a queued job fails at once).
func TestSMTPRefusedRecipientIsInvalid(t *testing.T) {
	srv := startTestServer(t, mailtest.Options{RefuseRcpt: true})
	err := senderTo(srv).Send(context.Background(), Message{To: "nobody@example.org", Subject: "x", Body: "x"})
	if !errors.Is(err, ErrInvalid) {
		t.Fatalf("Send to a refused recipient: %v, want ErrInvalid", err)
	}
}

func TestSMTPDownIsNotInvalid(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nobody listens there now
	host, port, _ := net.SplitHostPort(addr)
	p, _ := strconv.Atoi(port)
	s := &SMTP{Host: host, Port: p, From: "folkmoot@example.org", Timeout: 2 * time.Second}
	err = s.Send(context.Background(), Message{To: "a@example.org", Subject: "x", Body: "x"})
	if err == nil || errors.Is(err, ErrInvalid) {
		t.Fatalf("Send with the server down: %v, want an error that is not ErrInvalid", err)
	}
}
