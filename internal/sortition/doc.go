// Package sortition selects citizens' assembly members by stratified
// sortition: given a pool of respondents, quotas on their features and a
// panel size k, it computes a probability distribution over feasible panels
// (panels of k people meeting every quota and, optionally, at most one person
// per household) and draws a panel from it.
//
// Algorithms: LEXIMIN (default; Flanigan, Gölz, Gupta, Hennig, Procaccia,
// "Fair algorithms for selecting citizens' assemblies", Nature 596, 2021),
// MAXIMIN, NASH (maximum Nash welfare) and LEGACY (the greedy rule used
// before 2020, for comparison). LEXIMIN, MAXIMIN and NASH use column
// generation over panels with an integer program as the pricing step.
//
// People with identical feature vectors (and no housemates in the pool) are
// interchangeable, so the optimisation runs over "types" and panel profiles
// (how many people of each type), not over people; a profile is turned into
// people by a uniform random choice within each type. This keeps every
// person's probability exact and makes the LPs much smaller.
//
// The package does no I/O and takes all randomness as a parameter
// (*rand.Rand). It may import internal/solver and internal/apperr only.
// Parsing CSV input lives in the subpackage csvin.
package sortition
