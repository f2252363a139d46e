package e2e

import (
	"bufio"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeSMTP is a mail server for the tests. It speaks as much SMTP as
// net/smtp uses (EHLO or HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT; no
// STARTTLS, so the client sends in the clear as it does to any server that
// offers nothing better) and records every message whose DATA it
// completed — answered the final "." with 250 — under its Message-ID.
// A message counts as delivered only then: a client that sent the whole
// message and went away before the answer did not deliver it.
type fakeSMTP struct {
	Addr string
	Host string
	Port int
	// stall, if set, says how long to hold the answer to the nth end of
	// DATA (n from 1), holding message id; the server answers after that
	// long, or records the message as aborted when the client goes away
	// meanwhile.
	stall func(n int, id string) time.Duration

	ln    net.Listener
	wg    sync.WaitGroup
	mu    sync.Mutex
	conns map[net.Conn]bool
	ends  int
	held  []string      // Message-IDs whose end of DATA is being held
	done  []smtpMessage // delivered, in order
	gone  []string      // Message-IDs whose client went away while held
}

// smtpMessage is one delivered message.
type smtpMessage struct {
	ID     string // the Message-ID header, <...>
	From   string // envelope sender
	To     string // envelope recipient
	Header netmail.Header
	Body   string    // decoded from its Content-Transfer-Encoding
	Raw    string    // as received, dot-stuffing undone
	At     time.Time // when the server answered 250
}

// startFakeSMTP listens on addr ("127.0.0.1:0" for any port) and serves
// until the test ends.
func startFakeSMTP(t testing.TB, addr string, stall func(n int, id string) time.Duration) *fakeSMTP {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("fake SMTP: %v", err)
	}
	s := &fakeSMTP{Addr: ln.Addr().String(), stall: stall, ln: ln, conns: map[net.Conn]bool{}}
	host, port, _ := net.SplitHostPort(s.Addr)
	s.Host = host
	s.Port, _ = strconv.Atoi(port)
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.mu.Lock()
			s.conns[c] = true
			s.mu.Unlock()
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				s.serve(c)
				s.mu.Lock()
				delete(s.conns, c)
				s.mu.Unlock()
			}()
		}
	}()
	t.Cleanup(s.Close)
	return s
}

// Close stops listening, drops every connection and waits for them.
func (s *fakeSMTP) Close() {
	s.ln.Close()
	s.mu.Lock()
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
}

// flags are the serve flags that send mail to this server.
func (s *fakeSMTP) flags() []string {
	return []string{"--smtp-host", s.Host, "--smtp-port", strconv.Itoa(s.Port), "--mail-from", "Folkmoot <folkmoot@gather.example.org>"}
}

// Delivered returns the messages delivered so far, in order.
func (s *fakeSMTP) Delivered() []smtpMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]smtpMessage(nil), s.done...)
}

// Held returns the Message-IDs whose end of DATA is being held now.
func (s *fakeSMTP) Held() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.held...)
}

// Aborted returns the Message-IDs whose client went away while the
// server held the end of their DATA: never delivered.
func (s *fakeSMTP) Aborted() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.gone...)
}

// count returns how many times the message id was delivered.
func (s *fakeSMTP) count(id string) int {
	n := 0
	for _, m := range s.Delivered() {
		if m.ID == id {
			n++
		}
	}
	return n
}

func (s *fakeSMTP) serve(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Minute))
	r := bufio.NewReader(c)
	reply := func(lines ...string) error {
		_, err := io.WriteString(c, strings.Join(lines, "\r\n")+"\r\n")
		return err
	}
	reply("220 fake-smtp.test ESMTP")
	var from, to string
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.TrimRight(line, "\r\n")
		up := strings.ToUpper(cmd)
		switch {
		case strings.HasPrefix(up, "EHLO"):
			reply("250-fake-smtp.test", "250-8BITMIME", "250 SIZE 10485760")
		case strings.HasPrefix(up, "HELO"):
			reply("250 fake-smtp.test")
		case strings.HasPrefix(up, "MAIL FROM:"):
			from, to = cmd[len("MAIL FROM:"):], ""
			reply("250 2.1.0 ok")
		case strings.HasPrefix(up, "RCPT TO:"):
			to = cmd[len("RCPT TO:"):]
			reply("250 2.1.5 ok")
		case up == "DATA":
			if to == "" {
				reply("503 5.5.1 RCPT first")
				continue
			}
			reply("354 end with <CRLF>.<CRLF>")
			var raw strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				raw.WriteString(strings.TrimPrefix(l, ".")) // undo dot-stuffing
			}
			m, err := parseMessage(raw.String())
			if err != nil {
				reply("554 5.6.0 " + err.Error())
				continue
			}
			m.From, m.To = strings.Trim(strings.Fields(from + " x")[0], "<>"), strings.Trim(strings.Fields(to + " x")[0], "<>")
			if !s.hold(c, r, m.ID) {
				return // the client went away: not delivered
			}
			m.At = time.Now()
			if reply("250 2.0.0 queued as "+m.ID) != nil {
				return
			}
			s.mu.Lock()
			s.done = append(s.done, m)
			s.mu.Unlock()
		case up == "RSET":
			from, to = "", ""
			reply("250 2.0.0 ok")
		case up == "NOOP":
			reply("250 2.0.0 ok")
		case up == "QUIT":
			reply("221 2.0.0 bye")
			return
		default:
			reply("502 5.5.2 not implemented")
		}
	}
}

// hold waits as stall says before the answer to the end of DATA of
// message id, and reports whether the client is still there.
func (s *fakeSMTP) hold(c net.Conn, r *bufio.Reader, id string) bool {
	s.mu.Lock()
	s.ends++
	n := s.ends
	s.mu.Unlock()
	var d time.Duration
	if s.stall != nil {
		d = s.stall(n, id)
	}
	if d <= 0 {
		return true
	}
	s.mu.Lock()
	s.held = append(s.held, id)
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		for i, h := range s.held {
			if h == id {
				s.held = append(s.held[:i], s.held[i+1:]...)
				break
			}
		}
		s.mu.Unlock()
	}()
	// The client sends nothing while it waits for the answer: a read
	// ends with a timeout when the hold is over, or at once when the
	// client closes the connection or its process dies.
	c.SetReadDeadline(time.Now().Add(d))
	_, err := r.ReadByte()
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		c.SetDeadline(time.Now().Add(5 * time.Minute))
		return true
	}
	s.mu.Lock()
	s.gone = append(s.gone, id)
	s.mu.Unlock()
	return false
}

// parseMessage reads an RFC 5322 message and decodes its body.
func parseMessage(raw string) (smtpMessage, error) {
	msg, err := netmail.ReadMessage(strings.NewReader(raw))
	if err != nil {
		return smtpMessage{}, err
	}
	id := msg.Header.Get("Message-ID")
	if id == "" {
		return smtpMessage{}, errors.New("no Message-ID")
	}
	var body io.Reader = msg.Body
	switch cte := strings.ToLower(msg.Header.Get("Content-Transfer-Encoding")); cte {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body)
	case "", "7bit", "8bit":
	default:
		return smtpMessage{}, fmt.Errorf("unknown Content-Transfer-Encoding %q", cte)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		return smtpMessage{}, fmt.Errorf("body: %w", err)
	}
	return smtpMessage{ID: id, Header: msg.Header, Body: strings.ReplaceAll(string(b), "\r\n", "\n"), Raw: raw}, nil
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
