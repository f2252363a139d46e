package mail

import (
	"bufio"
	"context"
	"errors"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"
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

// fakeSMTP accepts one message without TLS or auth and returns its DATA.
func fakeSMTP(t *testing.T) (addr string, data <-chan string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	ch := make(chan string, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		r := bufio.NewReader(c)
		w := func(s string) { c.Write([]byte(s + "\r\n")) }
		w("220 fake ESMTP")
		var body strings.Builder
		inData := false
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			if inData {
				if line == ".\r\n" {
					inData = false
					ch <- body.String()
					w("250 ok")
					continue
				}
				body.WriteString(line)
				continue
			}
			switch cmd := strings.ToUpper(strings.TrimSpace(line)); {
			case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
				w("250 fake")
			case cmd == "DATA":
				inData = true
				w("354 go on")
			case cmd == "QUIT":
				w("221 bye")
				return
			default:
				w("250 ok")
			}
		}
	}()
	return ln.Addr().String(), ch
}

func TestSMTPSend(t *testing.T) {
	addr, data := fakeSMTP(t)
	host, port, _ := net.SplitHostPort(addr)
	var p int
	for _, c := range port {
		p = p*10 + int(c-'0')
	}
	s := &SMTP{Host: host, Port: p, From: "folkmoot@example.org", Timeout: 5 * time.Second}
	err := s.Send(context.Background(), Message{To: "a@example.org", Subject: "Sign in to Gather – link", Body: "Hello\n.dot line\nbye"})
	if err != nil {
		t.Fatal(err)
	}
	got := <-data
	for _, want := range []string{"To: a@example.org\r\n", "Subject: =?utf-8?q?", "Content-Type: text/plain; charset=utf-8", "\r\n..dot line\r\n"} {
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
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		r := bufio.NewReader(c)
		c.Write([]byte("220 fake\r\n"))
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			switch cmd := strings.ToUpper(line); {
			case strings.HasPrefix(cmd, "RCPT"):
				c.Write([]byte("550 no such user\r\n"))
			case strings.HasPrefix(cmd, "QUIT"):
				c.Write([]byte("221 bye\r\n"))
				return
			default:
				c.Write([]byte("250 ok\r\n"))
			}
		}
	}()
	host, port, _ := net.SplitHostPort(ln.Addr().String())
	p, _ := strconv.Atoi(port)
	s := &SMTP{Host: host, Port: p, From: "folkmoot@example.org", Timeout: 5 * time.Second}
	err = s.Send(context.Background(), Message{To: "nobody@example.org", Subject: "x", Body: "x"})
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
