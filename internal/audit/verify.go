package audit

import (
	"context"
	"fmt"
)

// Store is the audit log as kept by a storage adapter. Entries are appended
// by the adapters themselves, inside the transaction of each change; this
// interface only seals and reads them. Implementations are safe for
// concurrent use, including by several processes on one PostgreSQL database.
type Store interface {
	// SealAudit seals every committed, unsealed entry (up to an
	// implementation-defined batch per call is allowed, as long as it
	// returns the number sealed) and returns how many it sealed. Concurrent
	// calls, even from several processes, never fork the chain.
	SealAudit(ctx context.Context) (int, error)
	// AuditEntries returns up to limit sealed entries with Pos > afterPos in
	// chain order.
	AuditEntries(ctx context.Context, afterPos int64, limit int) ([]Entry, error)
	// AuditEntriesFor returns up to limit entries (sealed or not) about
	// object, newest first.
	AuditEntriesFor(ctx context.Context, object string, limit int) ([]Entry, error)
	// UnsealedAudit returns how many committed entries are not yet sealed.
	UnsealedAudit(ctx context.Context) (int, error)
}

// Break describes the first broken link found by Verify.
type Break struct {
	Pos    int64  // chain position of the first entry that does not verify
	ID     int64  // its insertion id
	Reason string // what is wrong, e.g. "hash mismatch", "position gap"
}

// Error describes the break for people: position, entry id and reason.
func (b *Break) Error() string {
	return fmt.Sprintf("audit chain broken at position %d (entry %d): %s", b.Pos, b.ID, b.Reason)
}

// Verifier checks a chain incrementally: feed it entries in chain order with
// Add; it stops at the first broken link.
type Verifier struct {
	pos   int64
	hash  string
	count int64
	err   *Break
}

// NewVerifier returns a Verifier for a chain starting at position 1.
func NewVerifier() *Verifier { return &Verifier{hash: Genesis} }

// Add checks the next entry. It returns the first Break found so far (nil
// while the chain verifies); once broken, further entries are ignored.
func (v *Verifier) Add(e Entry) *Break {
	if v.err != nil {
		return v.err
	}
	brk := func(reason string) *Break {
		v.err = &Break{Pos: e.Pos, ID: e.ID, Reason: reason}
		return v.err
	}
	switch {
	case e.Pos != v.pos+1:
		return brk(fmt.Sprintf("position gap: expected %d", v.pos+1))
	case e.PrevHash != v.hash:
		return brk("previous hash does not match the hash of the entry before")
	}
	h, err := HashEntry(e.PrevHash, e.Pos, e.Event)
	if err != nil {
		return brk(err.Error())
	}
	if h != e.Hash {
		return brk("hash mismatch: the entry was changed after it was sealed")
	}
	v.pos, v.hash = e.Pos, e.Hash
	v.count++
	return nil
}

// Count returns the number of entries verified so far.
func (v *Verifier) Count() int64 { return v.count }

// Head returns the position and hash of the last verified entry.
func (v *Verifier) Head() (int64, string) { return v.pos, v.hash }

// Verify checks the whole chain in s, reading it in pages. It returns the
// number of verified entries and, if the chain is broken, a *Break as the
// error. Other errors come from the store.
func Verify(ctx context.Context, s Store) (int64, error) {
	v := NewVerifier()
	const page = 1000
	after := int64(0)
	for {
		es, err := s.AuditEntries(ctx, after, page)
		if err != nil {
			return v.Count(), fmt.Errorf("audit: reading entries after %d: %w", after, err)
		}
		for _, e := range es {
			if b := v.Add(e); b != nil {
				return v.Count(), b
			}
		}
		if len(es) < page {
			return v.Count(), nil
		}
		after = es[len(es)-1].Pos
	}
}
