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
	ID      string    // set by the sender if empty
	To      string    // one address
	Subject string    // one line
	Body    string    // plain text, UTF-8
	Date    time.Time // set by the sender if zero
}

// Sender delivers messages. Implementations are safe for concurrent use.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// ErrInvalid reports a message that cannot be sent as it is: no recipient,
// or a header that would break the message (a line break in To or Subject).
var ErrInvalid = errors.New("mail: invalid message")

// prepare validates m and fills its ID and Date.
func prepare(m *Message, now time.Time) error {
	if m.To == "" || !strings.Contains(m.To, "@") {
		return fmt.Errorf("%w: recipient %q", ErrInvalid, m.To)
	}
	if strings.ContainsAny(m.To, "\r\n<>,") || strings.ContainsAny(m.Subject, "\r\n") {
		return fmt.Errorf("%w: line break or list in a header", ErrInvalid)
	}
	if m.ID == "" {
		var b [8]byte
		rand.Read(b[:])
		m.ID = now.UTC().Format("20060102T150405.000000000Z") + "-" + hex.EncodeToString(b[:])
	}
	if m.Date.IsZero() {
		m.Date = now
	}
	return nil
}
