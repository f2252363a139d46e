package sealed

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// KeySize is the length of a master key in bytes.
const KeySize = 32

// version is the key version written by Seal ("v1:"). Only one key is
// held today; a key ring would map older versions to older keys.
const version = "v1"

const nonceSize = 12 // 96 bits, the GCM standard nonce

// ErrOpen is returned by Open for a value that does not open: tampered
// with, sealed with another key, for other associated data, or not a
// sealed value at all.
var ErrOpen = errors.New("sealed: value does not open with this key (wrong key, tampered, or moved from another place)")

// Keys seals, opens and makes lookup tokens. It is safe for concurrent use.
type Keys struct {
	aead   cipher.AEAD
	lookup []byte
}

// New derives the sealing and lookup keys from a 32-byte master key.
func New(master []byte) (*Keys, error) {
	if len(master) != KeySize {
		return nil, fmt.Errorf("sealed: the key must be %d bytes, not %d", KeySize, len(master))
	}
	sealKey, err := hkdf.Key(sha256.New, master, nil, "folkmoot sealed v1 aes-256-gcm", 32)
	if err != nil {
		return nil, fmt.Errorf("sealed: deriving the sealing key: %w", err)
	}
	lookupKey, err := hkdf.Key(sha256.New, master, nil, "folkmoot sealed v1 hmac-sha256 lookup", 32)
	if err != nil {
		return nil, fmt.Errorf("sealed: deriving the lookup key: %w", err)
	}
	block, err := aes.NewCipher(sealKey)
	if err != nil {
		return nil, fmt.Errorf("sealed: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("sealed: %w", err)
	}
	return &Keys{aead: aead, lookup: lookupKey}, nil
}

// Seal encrypts plaintext for the place named by ad (for example
// "users.email_sealed:<lookup>") and returns the sealed text.
func (k *Keys) Seal(plaintext, ad string) (string, error) {
	buf := make([]byte, nonceSize, nonceSize+len(plaintext)+k.aead.Overhead())
	if _, err := rand.Read(buf); err != nil {
		return "", fmt.Errorf("sealed: reading randomness: %w", err)
	}
	buf = k.aead.Seal(buf, buf[:nonceSize], []byte(plaintext), []byte(ad))
	return version + ":" + base64.RawURLEncoding.EncodeToString(buf), nil
}

// Open decrypts a value made by Seal with the same associated data. It
// returns ErrOpen (wrapped) if the value does not open.
func (k *Keys) Open(sealedText, ad string) (string, error) {
	v, body, ok := strings.Cut(sealedText, ":")
	if !ok {
		return "", fmt.Errorf("%w: not a sealed value", ErrOpen)
	}
	if v != version {
		return "", fmt.Errorf("%w: unknown key version %.8q", ErrOpen, v)
	}
	raw, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil || len(raw) < nonceSize+k.aead.Overhead() {
		return "", fmt.Errorf("%w: malformed", ErrOpen)
	}
	pt, err := k.aead.Open(nil, raw[:nonceSize], raw[nonceSize:], []byte(ad))
	if err != nil {
		return "", ErrOpen
	}
	return string(pt), nil
}

// Lookup returns the hex HMAC-SHA256 of s under the lookup key: equal
// inputs give equal tokens, and without the key a token reveals nothing of
// s. Callers normalise s first (an email address trimmed and lower-cased).
func (k *Keys) Lookup(s string) string {
	m := hmac.New(sha256.New, k.lookup)
	m.Write([]byte(s))
	return hex.EncodeToString(m.Sum(nil))
}

// IsSealed reports whether s looks like a value made by Seal (any key
// version). It does not check that it opens.
func IsSealed(s string) bool {
	v, _, ok := strings.Cut(s, ":")
	return ok && len(v) >= 2 && v[0] == 'v' && strings.Trim(v[1:], "0123456789") == ""
}
