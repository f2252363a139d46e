// Package pgtest gives tests a fresh PostgreSQL schema of their own on the
// test server (FOLKMOOT_TEST_POSTGRES, default the local trust-auth server),
// so that test packages running in parallel never see each other's rows.
//
// When the server cannot be reached the test is skipped with a message,
// except under CI=true, where PostgreSQL is mandatory and the test fails.
//
// It is imported only by tests; it must not import Folkmoot's own packages.
//
// Must not import: any folkmoot package.
package pgtest
