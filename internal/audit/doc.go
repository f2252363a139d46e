// Package audit is Folkmoot's append-only audit log, chained by hashes.
//
// Every state change in the domain packages (gather, people, ...) is
// recorded as an Event written by the storage adapter IN THE SAME
// TRANSACTION as the change itself, so a change and its audit entry are
// committed or lost together.
//
// Chaining is done afterwards by a sealer (see Store.SealAudit): committed
// but unsealed entries are given consecutive chain positions in a
// well-defined order (their insertion id), and each entry's hash is
//
//	Hash = SHA-256(PrevHash || canonical(Entry))
//
// where canonical is the length-prefixed encoding implemented by Canonical.
// Seal order is chain order. Sealing after commit, instead of taking a lock
// on the chain head inside every transaction, keeps concurrent writers on
// PostgreSQL from serialising on one row. Verify recomputes the chain and
// reports the first broken link.
//
// This package does no I/O of its own: it defines the entry types, the
// canonical encoding, hashing and verification, and the Store interface the
// storage adapters implement. It must not import gather, people, storage or
// any driver.
//
// May import only: the standard library, internal/apperr.
package audit
