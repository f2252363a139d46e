// Command folkmoot runs a citizens' participation programme end to end.
//
// Each subcommand lives in its own file in this folder, registers itself
// with register in an init function, and owns its flag.FlagSet and help
// text. main only dispatches.
//
// The rule below keeps every test helper out of the binary; everything
// else is this command's to wire.
//
// Must not import: internal/archtest, internal/e2e, internal/browsertest, internal/sharedtest, internal/storage/storagetest, internal/storage/pgtest.
package main
