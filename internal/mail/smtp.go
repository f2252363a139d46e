package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	netmail "net/mail"
	"net/smtp"
	"net/textproto"
	"strconv"
	"time"
)

// TLSMode is how an SMTP sender encrypts its connection to the server.
type TLSMode string

// The TLS modes. The zero value is TLSAuto.
const (
	// TLSAuto upgrades with STARTTLS when the server offers it, and sends
	// in the clear when it does not (or when it offers it and the upgrade
	// fails, which is an error: mail waits, it is never sent in the clear
	// after a failed upgrade).
	TLSAuto TLSMode = "auto"
	// TLSStartTLS requires STARTTLS: a server that does not offer it gets
	// no mail (each attempt fails, and queued mail waits for a fix).
	TLSStartTLS TLSMode = "starttls"
	// TLSImplicit speaks TLS from the first byte (SMTPS, usually port 465).
	TLSImplicit TLSMode = "tls"
	// TLSNone never encrypts, even when the server offers STARTTLS: only
	// for a relay on the same host whose certificate cannot be checked.
	TLSNone TLSMode = "none"
)

// SMTP sends mail through an SMTP server: encrypted as TLS says (by
// default with STARTTLS when the server offers it), with PLAIN
// authentication when Username is set (net/smtp refuses to send a password
// over an unencrypted connection to a remote host).
//
// Each message has Timeout from dialling to QUIT (the connection's
// deadline too), so a server that accepts the connection and then stalls
// cannot hold a sender for ever. A recipient the server refuses for good
// (a 5xx reply to RCPT TO) is ErrInvalid: sending again will not help.
// Every other failure may pass (the server is down, slow, or says "try
// later"; a missing STARTTLS under TLSStartTLS until the server is fixed),
// and callers that queue mail retry it.
type SMTP struct {
	Host     string
	Port     int
	Username string
	Password string
	// From is the sender, "gather@example.org" or "Gather
	// <gather@example.org>": the envelope sender is its address, the From
	// header all of it.
	From    string
	Timeout time.Duration // per message; 30 s if zero
	TLS     TLSMode       // "" means TLSAuto
	// TLSConfig, if set, replaces the default TLS settings (the system's
	// roots, ServerName Host, TLS 1.2 or later): for a private CA, and
	// for tests.
	TLSConfig *tls.Config
	// HelloName is the name this client gives in EHLO; "" means
	// "localhost" (net/smtp's default). Some servers refuse a name that is
	// not a domain.
	HelloName string
}

// Send delivers m. It honours ctx's deadline and cancellation.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	if err := prepare(&m, time.Now()); err != nil {
		return err
	}
	mode := s.TLS
	if mode == "" {
		mode = TLSAuto
	}
	switch mode {
	case TLSAuto, TLSStartTLS, TLSImplicit, TLSNone:
	default:
		return fmt.Errorf("mail: unknown TLS mode %q", mode)
	}
	timeout := s.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	addr := net.JoinHostPort(s.Host, strconv.Itoa(s.Port))
	var conn net.Conn
	var err error
	if mode == TLSImplicit {
		d := tls.Dialer{Config: s.tlsConfig()}
		conn, err = d.DialContext(ctx, "tcp", addr)
	} else {
		var d net.Dialer
		conn, err = d.DialContext(ctx, "tcp", addr)
	}
	if err != nil {
		var op *net.OpError
		if errors.As(err, &op) && op.Err != nil {
			err = op.Err // without "dial tcp <addr>:", which says addr again
		}
		return fmt.Errorf("mail: connecting to %s: %w", addr, err)
	}
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	// Cancellation (a lost lease, a shutdown) closes the connection, which
	// ends whatever the conversation is waiting for.
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	c, err := smtp.NewClient(conn, s.Host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("mail: %s: %w", addr, err)
	}
	defer c.Close()
	if s.HelloName != "" {
		if err := c.Hello(s.HelloName); err != nil {
			return fmt.Errorf("mail: EHLO: %w", err)
		}
	}
	if mode == TLSAuto || mode == TLSStartTLS {
		if ok, _ := c.Extension("STARTTLS"); ok {
			if err := c.StartTLS(s.tlsConfig()); err != nil {
				return fmt.Errorf("mail: STARTTLS: %w", err)
			}
		} else if mode == TLSStartTLS {
			return fmt.Errorf("mail: %s does not offer STARTTLS, which the TLS setting %q requires", addr, mode)
		}
	}
	if s.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", s.Username, s.Password, s.Host)); err != nil {
			return fmt.Errorf("mail: auth: %w", err)
		}
	}
	if err := c.Mail(envelope(s.From)); err != nil {
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
	// The server has taken the message: a failed QUIT does not unsend it,
	// and reporting it would send it again.
	c.Quit()
	return nil
}

func (s *SMTP) tlsConfig() *tls.Config {
	if s.TLSConfig != nil {
		return s.TLSConfig.Clone()
	}
	return tlsConfig(s.Host)
}

// envelope returns the address of from ("Name <a@b>" or "a@b") for MAIL
// FROM, or from itself when it does not parse.
func envelope(from string) string {
	if a, err := netmail.ParseAddress(from); err == nil {
		return a.Address
	}
	return from
}
