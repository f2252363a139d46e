package mail

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/smtp"
	"net/textproto"
	"strconv"
	"strings"
	"time"
)

// SMTP sends mail through an SMTP server, using STARTTLS when the server
// offers it and PLAIN authentication when Username is set (net/smtp refuses
// to send a password over an unencrypted connection to a remote host).
//
// Each message has Timeout from dialling to QUIT (the connection's
// deadline too), so a server that accepts the connection and then stalls
// cannot hold a sender for ever. A recipient the server refuses for good
// (a 5xx reply to RCPT TO) is ErrInvalid: sending again will not help.
// Every other failure may pass (the server is down, slow, or says "try
// later"), and callers that queue mail retry it.
type SMTP struct {
	Host     string
	Port     int
	Username string
	Password string
	From     string
	Timeout  time.Duration // per message; 30 s if zero
}

// Send delivers m. It honours ctx's deadline and cancellation.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	if err := prepare(&m, time.Now()); err != nil {
		return err
	}
	timeout := s.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	addr := net.JoinHostPort(s.Host, strconv.Itoa(s.Port))
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("mail: connecting to %s: %w", addr, err)
	}
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	c, err := smtp.NewClient(conn, s.Host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("mail: %s: %w", addr, err)
	}
	defer c.Close()
	if ok, _ := c.Extension("STARTTLS"); ok {
		if err := c.StartTLS(tlsConfig(s.Host)); err != nil {
			return fmt.Errorf("mail: STARTTLS: %w", err)
		}
	}
	if s.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", s.Username, s.Password, s.Host)); err != nil {
			return fmt.Errorf("mail: auth: %w", err)
		}
	}
	if err := c.Mail(s.From); err != nil {
		return fmt.Errorf("mail: MAIL FROM: %w", err)
	}
	if err := c.Rcpt(m.To); err != nil {
		var te *textproto.Error
		if errors.As(err, &te) && te.Code >= 500 {
			return fmt.Errorf("%w: the server refuses the recipient: %v", ErrInvalid, err)
		}
		return fmt.Errorf("mail: RCPT TO: %w", err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("mail: DATA: %w", err)
	}
	if _, err := w.Write(Format(s.From, m)); err != nil {
		return fmt.Errorf("mail: writing: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("mail: ending DATA: %w", err)
	}
	return c.Quit()
}

// Format returns m as an RFC 5322 message with CRLF line endings, the
// subject encoded for non-ASCII text and the body as UTF-8 plain text.
func Format(from string, m Message) []byte {
	var b bytes.Buffer
	h := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	h("From", from)
	h("To", m.To)
	h("Subject", mime.QEncoding.Encode("utf-8", m.Subject))
	h("Date", m.Date.Format(time.RFC1123Z))
	h("Message-ID", "<"+m.ID+"@"+idDomain(from)+">")
	h("MIME-Version", "1.0")
	h("Content-Type", "text/plain; charset=utf-8")
	if m.Lang != "" {
		h("Content-Language", m.Lang)
	}
	h("Content-Transfer-Encoding", "8bit")
	b.WriteString("\r\n")
	body := strings.ReplaceAll(m.Body, "\r\n", "\n")
	// net/smtp's DATA writer does the dot-stuffing.
	for _, line := range strings.Split(body, "\n") {
		b.WriteString(line + "\r\n")
	}
	return b.Bytes()
}

// idDomain returns the domain of the From address, for Message-IDs
// (RFC 5322 wants a domain the sender controls), or "folkmoot".
func idDomain(from string) string {
	_, d, ok := strings.Cut(from, "@")
	d = strings.TrimRight(strings.TrimSpace(d), ">")
	if !ok || d == "" || strings.ContainsAny(d, " <>@\r\n") {
		return "folkmoot"
	}
	return d
}
