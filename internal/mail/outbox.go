package mail

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

// ErrNotFound is returned by Outbox.Get for an unknown message ID.
var ErrNotFound = errors.New("mail: no such message")

// Outbox keeps sent messages instead of delivering them. With a Dir, each
// message is a JSON file there and survives restarts; without one it keeps
// them in memory. It is safe for concurrent use.
//
// Messages are kept as sent, recipient address included, and are not
// sealed like the addresses in the database (internal/sealed): the outbox
// is a local mailbox for the demo, tests and development, whose whole point
// is to be read by whoever runs it, and each message is as sensitive as its
// body (a sign-in link is a credential in itself). Files are written 0600 in
// a 0700 folder. A real deployment sends mail over SMTP and keeps no
// outbox; serve warns when it has none.
type Outbox struct {
	Dir string // optional folder
	Now func() time.Time

	mu   sync.Mutex
	msgs []Message // in memory, when Dir is empty
}

// NewOutbox returns an outbox storing into dir (created if needed), or in
// memory when dir is "".
func NewOutbox(dir string) (*Outbox, error) {
	if dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("mail: outbox: %w", err)
		}
	}
	return &Outbox{Dir: dir}, nil
}

func (o *Outbox) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

// Send stores m. It is idempotent on m.ID: a message whose ID the outbox
// holds already is not stored again (a queued job that sends, dies, and
// runs again leaves one copy).
func (o *Outbox) Send(_ context.Context, m Message) error {
	if err := prepare(&m, o.now()); err != nil {
		return err
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.Dir == "" {
		for _, old := range o.msgs {
			if old.ID == m.ID {
				return nil
			}
		}
		o.msgs = append(o.msgs, m)
		return nil
	}
	final := filepath.Join(o.Dir, m.ID+".json")
	if _, err := os.Stat(final); err == nil {
		return nil
	}
	b, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("mail: outbox: %w", err)
	}
	tmp := filepath.Join(o.Dir, m.ID+".tmp")
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return fmt.Errorf("mail: outbox: %w", err)
	}
	// Another process may have stored the same message meanwhile: the
	// rename replaces it with the same content.
	if err := os.Rename(tmp, final); err != nil {
		return fmt.Errorf("mail: outbox: %w", err)
	}
	return nil
}

// List returns the stored messages, newest first.
func (o *Outbox) List() ([]Message, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []Message
	if o.Dir == "" {
		out = append(out, o.msgs...)
	} else {
		names, err := filepath.Glob(filepath.Join(o.Dir, "*.json"))
		if err != nil {
			return nil, fmt.Errorf("mail: outbox: %w", err)
		}
		for _, n := range names {
			m, err := readMessage(n)
			if err != nil {
				return nil, err
			}
			out = append(out, m)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Date.Equal(out[j].Date) {
			return out[i].Date.After(out[j].Date)
		}
		return out[i].ID > out[j].ID
	})
	return out, nil
}

// Get returns the message with the given ID, or ErrNotFound.
func (o *Outbox) Get(id string) (Message, error) {
	if id == "" || !validID(id) {
		return Message{}, ErrNotFound
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.Dir == "" {
		for _, m := range o.msgs {
			if m.ID == id {
				return m, nil
			}
		}
		return Message{}, ErrNotFound
	}
	m, err := readMessage(filepath.Join(o.Dir, id+".json"))
	if errors.Is(err, os.ErrNotExist) {
		return Message{}, ErrNotFound
	}
	return m, err
}

// validID accepts the IDs prepare makes: digits, letters, '-', '.' and no
// path separators or "..".
func validID(id string) bool {
	if strings.Contains(id, "..") {
		return false
	}
	for _, r := range id {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-' || r == '.') {
			return false
		}
	}
	return true
}

func readMessage(path string) (Message, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Message{}, fmt.Errorf("mail: outbox: %w", err)
	}
	var m Message
	if err := json.Unmarshal(b, &m); err != nil {
		return Message{}, fmt.Errorf("mail: outbox: %s: %w", filepath.Base(path), err)
	}
	return m, nil
}
