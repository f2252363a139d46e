// Package jobsmem is an in-memory jobs.Store for tests of the queue and of
// the packages that enqueue jobs: the same semantics as the database
// stores (checked by the shared storage suite's job tests), nothing kept
// after the process ends.
//
// May import only: the standard library, internal/apperr, internal/jobs.
package jobsmem
