package sealed

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
)

// HowToMakeKey tells an operator how to make a key, for error messages.
const HowToMakeKey = "make one with `head -c 32 /dev/urandom | base64 > folkmoot.key && chmod 600 folkmoot.key` " +
	"and give it with --data-key-file folkmoot.key (or put its contents in FOLKMOOT_DATA_KEY); " +
	"keep a copy safe: without it the stored email addresses cannot be read"

// ParseKey decodes a master key written as base64 (standard or URL
// alphabet, padded or not) or hex, surrounding space ignored. It must
// decode to exactly KeySize bytes.
func ParseKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, errors.New("sealed: empty key")
	}
	if len(s) == 2*KeySize {
		if b, err := hex.DecodeString(s); err == nil {
			return b, nil
		}
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			if len(b) != KeySize {
				return nil, fmt.Errorf("sealed: the key decodes to %d bytes, want %d", len(b), KeySize)
			}
			return b, nil
		}
	}
	return nil, fmt.Errorf("sealed: the key is neither base64 nor hex of %d bytes", KeySize)
}

// ReadKeyFile reads and parses a key file.
func ReadKeyFile(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("sealed: reading the key file: %w", err)
	}
	k, err := ParseKey(string(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return k, nil
}

// CreateKeyFile writes a new random key (base64) to path with mode 0600,
// unless the file exists. It reports whether it made one.
func CreateKeyFile(path string) (bool, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("sealed: creating the key file: %w", err)
	}
	b := make([]byte, KeySize)
	if _, err := rand.Read(b); err != nil {
		f.Close()
		os.Remove(path)
		return false, fmt.Errorf("sealed: reading randomness: %w", err)
	}
	_, err = f.WriteString(base64.StdEncoding.EncodeToString(b) + "\n")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return false, fmt.Errorf("sealed: writing the key file: %w", err)
	}
	return true, nil
}

// TestKey is a fixed key for tests. Never use it for real data.
var TestKey = []byte("folkmoot test key, not a secret!")

// MustTest returns Keys over TestKey, for tests.
func MustTest() *Keys {
	k, err := New(TestKey)
	if err != nil {
		panic(err)
	}
	return k
}
