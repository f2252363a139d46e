package mailtest

import (
	"bufio"
	"crypto/tls"
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

// Options say how the server behaves; the zero value is a plain server
// that accepts everything.
type Options struct {
	// TLS, if set, is offered with STARTTLS, or spoken from the first
	// byte when Implicit is set.
	TLS      *tls.Config
	Implicit bool
	// Stall, if set, says how long to hold the answer to the nth end of
	// DATA (n from 1) of message id. The server answers after that long,
	// or records the message as aborted when the client goes away
	// meanwhile.
	Stall func(n int, id string) time.Duration
	// RefuseRcpt answers every RCPT TO with 550 (no such user).
	RefuseRcpt bool
	// DropQuit closes the connection instead of answering QUIT.
	DropQuit bool
}

// Message is one delivered message: its DATA was answered with 250. A
// client that sent the whole message and went away before the answer did
// not deliver it.
type Message struct {
	ID     string // the Message-ID header, <...>
	From   string // envelope sender, without <>
	To     string // envelope recipient, without <>
	TLS    bool   // whether the conversation was encrypted
	Header netmail.Header
	Body   string    // decoded from its Content-Transfer-Encoding, \n line ends
	Raw    string    // as received, dot-stuffing undone
	At     time.Time // when the server answered 250
}

// Server is a running fake SMTP server. It speaks as much SMTP as
// net/smtp uses: EHLO or HELO, STARTTLS when offered, MAIL, RCPT, DATA,
// RSET, NOOP, QUIT; anything else gets 502.
type Server struct {
	Addr string
	Host string
	Port int

	o     Options
	ln    net.Listener
	wg    sync.WaitGroup
	mu    sync.Mutex
	conns map[net.Conn]bool
	ends  int
	helo  []string
	held  []string  // Message-IDs whose end of DATA is being held
	done  []Message // delivered, in order
	gone  []string  // Message-IDs whose client went away while held
}

// Start listens on addr ("127.0.0.1:0" for any port) and serves until
// Close or the end of the test.
func Start(t testing.TB, addr string, o Options) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("fake SMTP: %v", err)
	}
	if o.Implicit {
		if o.TLS == nil {
			t.Fatal("fake SMTP: Implicit needs TLS")
		}
		ln = tls.NewListener(ln, o.TLS)
	}
	s := &Server{Addr: ln.Addr().String(), o: o, ln: ln, conns: map[net.Conn]bool{}}
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

// Close stops listening, drops every connection and waits for them. It
// may be called more than once.
func (s *Server) Close() {
	s.ln.Close()
	s.mu.Lock()
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
}

// Delivered returns the messages delivered so far, in order.
func (s *Server) Delivered() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.done...)
}

// Count returns how many times message id was delivered.
func (s *Server) Count(id string) int {
	n := 0
	for _, m := range s.Delivered() {
		if m.ID == id {
			n++
		}
	}
	return n
}

// Held returns the Message-IDs whose end of DATA is being held now.
func (s *Server) Held() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.held...)
}

// Aborted returns the Message-IDs whose client went away while the
// server held the end of their DATA: never delivered.
func (s *Server) Aborted() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.gone...)
}

// Hellos returns the names clients gave in EHLO or HELO.
func (s *Server) Hellos() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.helo...)
}

func (s *Server) serve(c net.Conn) {
	defer func() { c.Close() }()
	c.SetDeadline(time.Now().Add(5 * time.Minute))
	_, isTLS := c.(*tls.Conn)
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
		case strings.HasPrefix(up, "EHLO"), strings.HasPrefix(up, "HELO"):
			s.mu.Lock()
			s.helo = append(s.helo, strings.TrimSpace(cmd[4:]))
			s.mu.Unlock()
			if strings.HasPrefix(up, "HELO") {
				reply("250 fake-smtp.test")
			} else if s.o.TLS != nil && !isTLS {
				reply("250-fake-smtp.test", "250-8BITMIME", "250-SIZE 10485760", "250 STARTTLS")
			} else {
				reply("250-fake-smtp.test", "250-8BITMIME", "250 SIZE 10485760")
			}
		case up == "STARTTLS" && s.o.TLS != nil && !isTLS:
			reply("220 2.0.0 go ahead")
			tc := tls.Server(c, s.o.TLS)
			if err := tc.Handshake(); err != nil {
				return
			}
			c, isTLS, r = tc, true, bufio.NewReader(tc)
			from, to = "", ""
		case strings.HasPrefix(up, "MAIL FROM:"):
			from, to = cmd[len("MAIL FROM:"):], ""
			reply("250 2.1.0 ok")
		case strings.HasPrefix(up, "RCPT TO:"):
			if s.o.RefuseRcpt {
				reply("550 5.1.1 no such user")
				continue
			}
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
			m, err := parse(raw.String())
			if err != nil {
				reply("554 5.6.0 " + err.Error())
				continue
			}
			m.From, m.To, m.TLS = address(from), address(to), isTLS
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
			if !s.o.DropQuit {
				reply("221 2.0.0 bye")
			}
			return
		default:
			reply("502 5.5.2 not implemented")
		}
	}
}

// address returns the address of a MAIL FROM or RCPT TO argument,
// without <> or parameters.
func address(arg string) string {
	return strings.Trim(strings.Fields(arg + " x")[0], "<>")
}

// hold waits as Stall says before the answer to the end of DATA of
// message id, and reports whether the client is still there.
func (s *Server) hold(c net.Conn, r *bufio.Reader, id string) bool {
	s.mu.Lock()
	s.ends++
	n := s.ends
	s.mu.Unlock()
	var d time.Duration
	if s.o.Stall != nil {
		d = s.o.Stall(n, id)
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

// parse reads an RFC 5322 message and decodes its body.
func parse(raw string) (Message, error) {
	msg, err := netmail.ReadMessage(strings.NewReader(raw))
	if err != nil {
		return Message{}, err
	}
	id := msg.Header.Get("Message-ID")
	if id == "" {
		return Message{}, errors.New("no Message-ID")
	}
	var body io.Reader = msg.Body
	switch cte := strings.ToLower(msg.Header.Get("Content-Transfer-Encoding")); cte {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body)
	case "", "7bit", "8bit":
	default:
		return Message{}, fmt.Errorf("unknown Content-Transfer-Encoding %q", cte)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		return Message{}, fmt.Errorf("body: %w", err)
	}
	return Message{ID: id, Header: msg.Header, Body: strings.ReplaceAll(string(b), "\r\n", "\n"), Raw: raw}, nil
}
