// Package voting counts votes: single transferable vote under the Scottish
// local-government rules (scottish-stv), Meek STV (meek), instant-runoff and
// Minneapolis multi-seat ranked-choice voting (irv), approval, Borda,
// Schulze, and agreement-scale votes on recommendations (agreement).
//
// Every method takes an Election (candidates, seats, aggregated ballots) and
// Options, and returns a Result: the winners in order of election and a
// count sheet with every round. Where the law specifies decimals, arithmetic
// is exact integer fixed point: a Result's values are integers in units of
// 10^-Decimals votes, so a count can be repeated to the last digit.
//
// Ties are broken by the method's own rule first (for STV, the most recent
// earlier stage at which the tied candidates had unequal votes) and then by
// lot. The lot is drawn once, before counting, from the random source passed
// in Options (the command line seeds it from a published --seed); the order
// it gives is part of the Result, as is every tie and the rule that broke it.
//
// The package does no I/O and keeps no global state; it is safe to count
// different elections concurrently. It must not import net/http, database
// drivers, os or any other Folkmoot package. Reading ballot files lives in
// the ballotfile subpackage, writing count sheets in sheet.
//
// May import only: the standard library.
// Must not import: net, net/http, database/sql, os/exec, drivers.
package voting
