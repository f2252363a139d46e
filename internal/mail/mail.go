package mail

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Message is one plain-text email.
type Message struct {
	// ID is the Message-ID's local part. Set it (NewID) when the same
	// message may be sent more than once, as a queued job may: the outbox
	// keeps one copy per ID, and mail clients show one. The sender sets it
	// if empty.
	ID      string
	To      string    // one address
	Subject string    // one line
	Body    string    // plain text, UTF-8
	Date    time.Time // set by the sender if zero
	Lang    string    // BCP 47 tag of the text ("en-GB", "cy"), for Content-Language; optional
}

// Sender delivers messages. Implementations are safe for concurrent use.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// ErrInvalid reports a message that cannot be sent as it is: no recipient,
// or a header that would break the message (a line break in To or Subject).
var ErrInvalid = errors.New("mail: invalid message")

// Validate reports (ErrInvalid) a message that no sender would send: no
// recipient, a header that would break the message, an ID that is not
// made of letters, digits, '-' and '.', or a language tag that is not one.
// Senders check it; a caller that queues a message checks it first, so
// that the mistake is reported now rather than by a failed job.
func Validate(m Message) error {
	if m.To == "" || !strings.Contains(m.To, "@") {
		return fmt.Errorf("%w: recipient %q", ErrInvalid, m.To)
	}
	if strings.ContainsAny(m.To, "\r\n<>,") || strings.ContainsAny(m.Subject, "\r\n") {
		return fmt.Errorf("%w: line break or list in a header", ErrInvalid)
	}
	if m.ID != "" && !validID(m.ID) {
		return fmt.Errorf("%w: message ID %q", ErrInvalid, m.ID)
	}
	if strings.Trim(m.Lang, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") != "" {
		return fmt.Errorf("%w: language %q", ErrInvalid, m.Lang)
	}
	return nil
}

// NewID returns a new message ID: the time and 64 random bits.
func NewID(now time.Time) string {
	var b [8]byte
	rand.Read(b[:])
	return now.UTC().Format("20060102T150405.000000000Z") + "-" + hex.EncodeToString(b[:])
}

// prepare validates m and fills its ID and Date.
func prepare(m *Message, now time.Time) error {
	if err := Validate(*m); err != nil {
		return err
	}
	if m.ID == "" {
		m.ID = NewID(now)
	}
	if m.Date.IsZero() {
		m.Date = now
	}
	return nil
}
