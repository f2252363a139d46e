package recruit

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	mrand "math/rand/v2"
	"slices"
	"strings"
)

// CodeAlphabet is the alphabet of registration codes: capital letters and
// digits without those easily mistaken for each other (0 O, 1 I L).
const CodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// CodeLen is the number of characters of a code (written XXXX-XXXX): 31^8,
// about 8.5×10^11 codes, so guessing one of a few thousand live codes
// takes hundreds of millions of tries (and the register page is rate
// limited).
const CodeLen = 8

// NewCode returns a fresh random registration code, "XXXX-XXXX". Codes
// come from the system's cryptographic randomness, never from the draw's
// published seed.
func NewCode() string {
	b := make([]byte, CodeLen)
	for i := range b {
		b[i] = CodeAlphabet[randIndex(len(CodeAlphabet))]
	}
	return string(b[:4]) + "-" + string(b[4:])
}

func randIndex(n int) int {
	var buf [1]byte
	limit := 256 - 256%n
	for {
		if _, err := rand.Read(buf[:]); err != nil {
			panic("recruit: no randomness: " + err.Error())
		}
		if int(buf[0]) < limit {
			return int(buf[0]) % n
		}
	}
}

// NormaliseCode returns a code as typed (any case, with or without the
// hyphen or spaces) in its stored form "XXXX-XXXX", and whether it is one.
func NormaliseCode(s string) (string, bool) {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == '-' || r == ' ' || r == '\t':
			continue
		case r < 128 && strings.IndexByte(CodeAlphabet, byte(r)) >= 0:
			b.WriteRune(r)
		default:
			return "", false
		}
	}
	c := b.String()
	if len(c) != CodeLen {
		return "", false
	}
	return c[:4] + "-" + c[4:], true
}

// NewSeed returns a fresh random seed for a draw: 16 hex digits.
func NewSeed() string {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		panic("recruit: no randomness: " + err.Error())
	}
	return hex.EncodeToString(b)
}

// Sample returns n of ids (all of them when n ≥ len(ids)) drawn uniformly
// at random by a generator seeded with SHA-256(seed): ChaCha8 from
// math/rand/v2, a partial Fisher–Yates shuffle of the ids sorted
// ascending. The same ids and seed give the same sample on every machine,
// so anyone holding the list can repeat a published draw. The result is
// sorted ascending.
func Sample(ids []int64, n int, seed string) []int64 {
	pool := slices.Clone(ids)
	slices.Sort(pool)
	if n >= len(pool) {
		return pool
	}
	if n <= 0 {
		return nil
	}
	r := mrand.New(mrand.NewChaCha8(sha256.Sum256([]byte(seed))))
	for i := 0; i < n; i++ {
		j := i + r.IntN(len(pool)-i)
		pool[i], pool[j] = pool[j], pool[i]
	}
	out := pool[:n]
	slices.Sort(out)
	return out
}

// newMemberID returns a pseudonymous member id, "p-" and 10 random hex
// digits: never derived from personal data.
func newMemberID() string {
	b := make([]byte, 5)
	if _, err := rand.Read(b); err != nil {
		panic("recruit: no randomness: " + err.Error())
	}
	return "p-" + hex.EncodeToString(b)
}

// newToken returns a random secret for a withdraw link.
func newToken() string {
	b := make([]byte, 18)
	if _, err := rand.Read(b); err != nil {
		panic("recruit: no randomness: " + err.Error())
	}
	return hex.EncodeToString(b)
}
