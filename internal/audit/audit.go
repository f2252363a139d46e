package audit

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"
	"time"
)

// Event is one state change as recorded by a domain service, before it is
// sealed into the chain.
type Event struct {
	Time   time.Time // when the change happened (UTC; stored to the microsecond)
	Actor  string    // who did it: "user:12", "system", "cli"
	Action string    // what was done, "<object kind>.<verb>", e.g. "issue.submit", "support.add"
	Object string    // what it was done to: "issue:42", "user:7", "theme:3"
	// Details are extra facts worth keeping (new title, reason, role...).
	// Keys are encoded in sorted order, so map order does not matter.
	Details map[string]string
}

// Entry is an Event as stored in the log.
type Entry struct {
	Event
	// ID is the insertion id assigned at commit time. IDs grow but, on
	// PostgreSQL, may commit out of order; they are not chain positions.
	ID int64
	// Pos is the 1-based chain position assigned by the sealer, 0 while
	// the entry is not yet sealed.
	Pos int64
	// PrevHash and Hash are lower-case hex SHA-256 digests; PrevHash of the
	// first entry is Genesis. Both are empty while unsealed.
	PrevHash string
	Hash     string
}

// Sealed reports whether the entry has been given a chain position.
func (e Entry) Sealed() bool { return e.Pos > 0 }

// Genesis is the PrevHash of the first entry in every chain: 64 zeros.
var Genesis = hex.EncodeToString(make([]byte, sha256.Size))

// Actor strings for events not caused by a signed-in user.
const (
	ActorSystem = "system" // the server itself (sealer, scheduled jobs, demo seeding)
	ActorCLI    = "cli"    // an operator running a folkmoot subcommand
)

// UserActor returns the Actor string for a user id.
func UserActor(userID int64) string { return "user:" + strconv.FormatInt(userID, 10) }

// ObjectRef returns the Object string "<kind>:<id>".
func ObjectRef(kind string, id int64) string { return kind + ":" + strconv.FormatInt(id, 10) }

// Canonical returns the canonical encoding of e hashed into the chain: the
// position, the time in RFC 3339 with microseconds (UTC), actor, action,
// object, then the details sorted by key; each field is preceded by its
// length as a big-endian uint32, so no choice of field values can make two
// different entries encode the same way.
func Canonical(pos int64, e Event) []byte {
	var b []byte
	put := func(s string) {
		b = binary.BigEndian.AppendUint32(b, uint32(len(s)))
		b = append(b, s...)
	}
	put(strconv.FormatInt(pos, 10))
	put(e.Time.UTC().Truncate(time.Microsecond).Format("2006-01-02T15:04:05.000000Z"))
	put(e.Actor)
	put(e.Action)
	put(e.Object)
	keys := make([]string, 0, len(e.Details))
	for k := range e.Details {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	b = binary.BigEndian.AppendUint32(b, uint32(len(keys)))
	for _, k := range keys {
		put(k)
		put(e.Details[k])
	}
	return b
}

// HashEntry returns the hex SHA-256 of prevHash's bytes followed by the
// canonical encoding of e at position pos. It returns an error if prevHash
// is not a hex SHA-256 digest.
func HashEntry(prevHash string, pos int64, e Event) (string, error) {
	prev, err := hex.DecodeString(prevHash)
	if err != nil || len(prev) != sha256.Size {
		return "", fmt.Errorf("audit: previous hash %q is not a hex SHA-256 digest", prevHash)
	}
	h := sha256.New()
	h.Write(prev)
	h.Write(Canonical(pos, e))
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Seal gives entries consecutive positions after the chain head (headPos,
// headHash; use 0 and Genesis for an empty chain) in the order given, and
// fills in PrevHash and Hash. It returns the new head hash. Storage adapters
// call it inside the sealing transaction.
func Seal(headPos int64, headHash string, entries []Entry) (string, error) {
	prev := headHash
	for i := range entries {
		pos := headPos + int64(i) + 1
		h, err := HashEntry(prev, pos, entries[i].Event)
		if err != nil {
			return "", err
		}
		entries[i].Pos, entries[i].PrevHash, entries[i].Hash = pos, prev, h
		prev = h
	}
	return prev, nil
}
