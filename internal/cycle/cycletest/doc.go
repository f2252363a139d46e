// Package cycletest gives tests a programme with an open round — the one
// shared fixture every test that needs a round uses — and an in-memory
// cycle.Store for fast tests of rules.
//
// Use it only from tests.
//
// Must not import: internal/web/..., internal/storage/..., drivers.
package cycletest
