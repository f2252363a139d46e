package sealed

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSealOpen(t *testing.T) {
	k := MustTest()
	const ad = "users.email_sealed:abc"
	a, err := k.Seal("alice@example.org", ad)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := k.Seal("alice@example.org", ad)
	if a == b {
		t.Fatal("two seals of one value are equal: nonce reused")
	}
	if !strings.HasPrefix(a, "v1:") || strings.Contains(a, "alice") || !IsSealed(a) {
		t.Fatalf("sealed value %q", a)
	}
	for _, s := range []string{a, b} {
		got, err := k.Open(s, ad)
		if err != nil || got != "alice@example.org" {
			t.Fatalf("Open = %q, %v", got, err)
		}
	}
	empty, _ := k.Seal("", ad)
	if got, err := k.Open(empty, ad); err != nil || got != "" {
		t.Fatalf("empty value: %q, %v", got, err)
	}
}

func TestOpenRefuses(t *testing.T) {
	k := MustTest()
	const ad = "users.email_sealed:abc"
	good, _ := k.Seal("alice@example.org", ad)
	other, err := New([]byte(strings.Repeat("k", KeySize)))
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(good, "v1:"))
	flip := func(i int) string {
		c := append([]byte(nil), raw...)
		c[i] ^= 1
		return "v1:" + base64.RawURLEncoding.EncodeToString(c)
	}
	tests := []struct {
		name, value, ad string
		keys            *Keys
	}{
		{"wrong key", good, ad, other},
		{"wrong associated data", good, "signin_tokens.email_sealed:abc", k},
		{"nonce tampered", flip(0), ad, k},
		{"ciphertext tampered", flip(nonceSize + 1), ad, k},
		{"tag tampered", flip(len(raw) - 1), ad, k},
		{"truncated", good[:len(good)-4], ad, k},
		{"unknown version", "v2" + good[2:], ad, k},
		{"plaintext", "alice@example.org", ad, k},
		{"empty", "", ad, k},
		{"bad base64", "v1:***", ad, k},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.keys.Open(tt.value, tt.ad)
			if !errors.Is(err, ErrOpen) || got != "" {
				t.Fatalf("Open = %q, %v; want ErrOpen", got, err)
			}
		})
	}
}

func TestLookup(t *testing.T) {
	k := MustTest()
	a, b := k.Lookup("alice@example.org"), k.Lookup("bob@example.org")
	if a == b || a != k.Lookup("alice@example.org") || len(a) != 64 || strings.Contains(a, "alice") {
		t.Fatalf("lookup tokens %q %q", a, b)
	}
	other, _ := New([]byte(strings.Repeat("k", KeySize)))
	if other.Lookup("alice@example.org") == a {
		t.Fatal("lookup does not depend on the key")
	}
	// The two subkeys differ from each other and from the master key.
	if hex.EncodeToString(k.lookup) == hex.EncodeToString(TestKey) {
		t.Fatal("lookup key is the master key")
	}
}

func TestParseKey(t *testing.T) {
	key := []byte(strings.Repeat("\xfe", KeySize))
	tests := []struct {
		name, in string
		ok       bool
	}{
		{"base64", base64.StdEncoding.EncodeToString(key) + "\n", true},
		{"base64 unpadded", base64.RawStdEncoding.EncodeToString(key), true},
		{"base64url", base64.URLEncoding.EncodeToString(key), true},
		{"hex", hex.EncodeToString(key), true},
		{"short", base64.StdEncoding.EncodeToString(key[:16]), false},
		{"long", base64.StdEncoding.EncodeToString(append(key, 1)), false},
		{"empty", "  ", false},
		{"passphrase", "correct horse battery staple", false},
	}
	for _, tt := range tests {
		got, err := ParseKey(tt.in)
		if (err == nil) != tt.ok || tt.ok && string(got) != string(key) {
			t.Errorf("%s: ParseKey = %x, %v", tt.name, got, err)
		}
	}
	if _, err := New(key[:16]); err == nil {
		t.Error("New accepted a 16-byte key")
	}
}

func TestKeyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data.key")
	made, err := CreateKeyFile(path)
	if err != nil || !made {
		t.Fatalf("CreateKeyFile: %v, %v", made, err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v, %v", fi.Mode(), err)
	}
	k1, err := ReadKeyFile(path)
	if err != nil || len(k1) != KeySize {
		t.Fatalf("ReadKeyFile: %x, %v", k1, err)
	}
	made, err = CreateKeyFile(path)
	if err != nil || made {
		t.Fatalf("second CreateKeyFile: %v, %v", made, err)
	}
	k2, _ := ReadKeyFile(path)
	if string(k1) != string(k2) {
		t.Fatal("existing key file was replaced")
	}
}

// FuzzOpen: Open never panics, and whatever opens was sealed by us for this
// place (forging is infeasible, so anything that opens must be a seal).
func FuzzOpen(f *testing.F) {
	k := MustTest()
	const ad = "users.email_sealed:x"
	good, _ := k.Seal("alice@example.org", ad)
	f.Add(good)
	f.Add("v1:")
	f.Add("v1:AAAA")
	f.Add("v99:" + good[3:])
	f.Add("alice@example.org")
	f.Fuzz(func(t *testing.T, s string) {
		got, err := k.Open(s, ad)
		if err != nil {
			if !errors.Is(err, ErrOpen) || got != "" {
				t.Fatalf("Open(%q) = %q, %v", s, got, err)
			}
			return
		}
		if got != "alice@example.org" {
			t.Fatalf("forged %q opened to %q", s, got)
		}
	})
}

func TestPlace(t *testing.T) {
	k := MustTest()
	p := Place{"recruit_registrations", "name_sealed", "p-1"}
	if p.AD() != "recruit_registrations.name_sealed:p-1" {
		t.Fatalf("AD = %q", p.AD())
	}
	s, err := k.SealIn(p, "Ada Lovelace")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := k.OpenIn(p, s); err != nil || got != "Ada Lovelace" {
		t.Fatalf("OpenIn = %q, %v", got, err)
	}
	if _, err := k.OpenIn(Place{"recruit_registrations", "name_sealed", "p-2"}, s); err == nil {
		t.Fatal("a value moved to another row opened")
	}
	if s, _ := k.SealIn(p, ""); s != "" {
		t.Fatalf("empty sealed to %q", s)
	}
	if v, err := k.OpenIn(p, ""); v != "" || err != nil {
		t.Fatalf("empty opened to %q, %v", v, err)
	}
}
