// Package sealed encrypts personal data at rest and makes lookup tokens for
// finding it again.
//
// One 32-byte master key (FOLKMOOT_DATA_KEY or a key file) gives two
// subkeys, derived with HKDF-SHA256 under distinct labels:
//
//   - a sealing key for AES-256-GCM. Seal uses a fresh random 96-bit nonce
//     for every value and binds the ciphertext to associated data naming
//     where it is stored (table, column and row), so that a value copied
//     into another column or row no longer opens;
//   - a lookup key for HMAC-SHA256. Lookup gives the same token for the same
//     input, so a database can enforce uniqueness and find a row by exact
//     value without holding the value itself.
//
// A sealed value is text: "v1:" followed by the unpadded base64url of
// nonce‖ciphertext‖tag. The number after "v" is the key version, so that a
// later key can be introduced beside the old one and values re-sealed.
//
// Open fails with ErrOpen — never returns garbage — when the value was
// tampered with, sealed under another key or for another place.
//
// This package imports only the standard library and knows nothing of
// storage or of what the values are.
//
// May import only: the standard library.
package sealed
