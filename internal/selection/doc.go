// Package selection runs a whole selection of assembly members: it takes a
// pool and its quotas (read from CSV with internal/sortition/csvin, or
// given as values), computes the selection distribution with
// internal/sortition, draws the panel (or, in verifiable mode, rounds the
// distribution to a lottery of numbered tickets and draws a ticket from a
// public seed), orders the reserves, and produces the outputs a person
// publishes: the selected people, the reserves, everyone's probability,
// the quota table, chart.svg, report.html and lottery.csv with its SHA-256.
//
// [Run] is what `folkmoot select` does and what the web app runs as a
// background job: it takes a context (a cancelled context stops the
// engine), [Options] (algorithm, panel size, seed, lottery tickets, public
// seed, time limit, reserves, already-selected people) and a progress
// callback, and returns an [Outcome]. [Outcome.Files] returns the output
// files as values; [Outcome.WriteDir] writes them to a folder.
//
// A seeded run is repeatable: the same input, options and seed give the
// same panel, reserves and lottery with the same version of folkmoot, so a
// published seed can be checked later (a version that changes the engine
// may compute another lottery from the same seed: check a draw with the
// version that made it). Without a time limit nothing in the computation
// stops on the clock (the engine's searches stop on counts of work: solver
// nodes, integer programs, moves), so the result does not depend on the
// machine's speed or load; it does assume the same COIN-OR CBC release,
// whose branch and bound (one thread) is deterministic but may explore
// differently from one release to another. A time limit (Options.TimeLimit)
// makes the distribution depend on how far the search got in that time.
//
// Errors are *apperr.Error values (Invalid for bad input or options, with
// messages a person may read); an infeasible quota set returns the
// engine's *sortition.InfeasibleError, which explains why.
//
// This package is safe for concurrent use: Run keeps no state between
// calls.
//
// Must not import: internal/web/..., internal/storage/..., drivers, net/http.
package selection
