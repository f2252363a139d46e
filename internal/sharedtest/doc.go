// Package sharedtest finds the project's shared data folder (../shared beside
// the checkout: real elections, sortition pools, Pol.is conversations) for
// tests that validate against it, falling back to the subset committed in
// the repository's testdata/ folder when the shared folder is absent.
//
// It is imported only by tests. It imports only the standard library.
//
// May import only: the standard library.
package sharedtest
