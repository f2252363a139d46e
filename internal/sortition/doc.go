// Package sortition selects citizens' assembly members by stratified
// sortition: given a pool of respondents, quotas on their features and a
// panel size k, it computes a probability distribution over feasible panels
// (panels of k people meeting every quota and, optionally, at most one person
// per household) and draws a panel from it.
//
// Algorithms: LEXIMIN (default; Flanigan, Gölz, Gupta, Hennig, Procaccia,
// "Fair algorithms for selecting citizens' assemblies", Nature 596, 2021),
// MAXIMIN, NASH (maximum Nash welfare) and LEGACY (the greedy rule used
// before 2020, for comparison; its distribution is estimated from seeded
// runs). docs/sortition.md gives the method with its measurements.
//
// # Types
//
// People with identical feature vectors (and no housemates in the pool) are
// interchangeable, so the optimisation runs over "types" and panel profiles
// (how many people of each type), not over people; a profile is turned into
// people by a uniform random choice within each type. This loses nothing:
// the LEXIMIN optimum gives the people of one type equal probabilities, so
// every person's probability is exact, and the programs are much smaller.
// People with housemates are types of their own.
//
// # LEXIMIN: the relaxation and the decomposition walk
//
// Allow fractional panels and the expected type counts c form the polytope
// R = {c : 0 ≤ c_t ≤ n_t, Σ c_t = k, min_f ≤ Σ_{t has f} c_t ≤ max_f,
// households ≤ 1}, a compact LP with one column per type; the mixtures of
// real panels form Q, the integer hull, inside R. relaxedLeximin computes
// R's LEXIMIN point p* with the paper's stages on that compact LP (raise the
// common minimum z of the unfixed types; fix those whose dual weight
// proves they cannot rise above it), without column generation.
// Because Q ⊆ R, p* bounds the true LEXIMIN profile from above,
// lexicographically, so a mixture of panels whose probabilities reach p* is
// LEXIMIN.
//
// decomposeWalk looks for that mixture directly, with no master LP: a
// Carathéodory walk keeps a residual r of mass m (at first r = c* = n·p*,
// m = 1, projected exactly onto the smallest face of R holding it), finds
// one panel on the smallest face of R holding r/m (the panel integer
// program with the tight bounds as equalities), and takes away as much of
// it as keeps (r − λa)/(m − λ) in R. Every step makes one more bound tight,
// so the walk ends within as many steps as R has bounds: with the mass
// decomposed (the mixture reaches p*), or on a face with no panel (r/m has
// left Q).
//
// # Fallbacks
//
// A walk that stops is run again with every type's weight perturbed by a
// fixed pseudo-random factor (walkRelaxed; at most walkTries walks, within
// twice the first walk's integer programs plus walkExtraIPs), keeping the walk that left
// the least mass. If every walk stopped, column generation over panel
// profiles (the master LP, master.go) maximises z subject to π_t ≥ p*_t + z,
// starting from the best walk's panels and pricing on p*'s face; it stops once
// z ≥ −targetTol. Only if the exact pricing integer program proves that no
// panel improves z while it is still below that is p* out of reach; then
// the LEXIMIN stages of the paper run on the master LP by column
// generation, keeping every panel found, with an exact fixing rule (a
// homogenised LP, answered by any simplex vertex, that finds the types able
// to rise) in place of the paper's interior-point one. Options.Stagewise skips the
// relaxation and always runs the stages (for cross-checks). MAXIMIN is the
// first stage, or the relaxation's point when it is reached. NASH is column
// generation with multiplicative weight updates.
//
// # What "exact" means, and where it is certified
//
// A LEXIMIN result is exact when it is certified: relaxedLeximin fixes,
// at each stage, only the types that the stage LP's dual values prove
// cannot rise (proof.go), at the proven level; certificate turns those
// proofs into a Certificate over people, Panels expands the distribution
// into panels of people, and Verify checks both in exact rational
// arithmetic, with no LP solver: every panel feasible, weights summing to
// exactly 1, every person within ProfileTolerance (10⁻⁷) of their stage's
// level, and every stage's multipliers bounding its people's weighted
// average over the whole relaxation by its level plus CertTolerance
// (10⁻⁹). Select runs Verify on its own result (Stats.Certified); a
// LEXIMIN result that fails it, or that has no certificate (the stages
// ran by column generation, or some type is on no feasible panel), is
// marked Stats.Approximate with Stats.Gap the distance Verify found.
// docs/sortition.md, "Certificates", says what Verify proves and trusts.
// Every panel, from the solver or a heuristic, is re-checked against size,
// quotas and households before use, and the final distribution again
// (Distribution.Check); callers re-check the drawn panel
// (Instance.CheckPanel). With Options.TimeLimit a search that runs out of
// time returns the best valid distribution found, marked approximate. The
// tests compare LEXIMIN with brute force on small pools and with the
// paper's published profiles.
//
// The package does no I/O and takes all randomness as a parameter
// (*rand.Rand; the walk's perturbations are seeded constants).
//
// # Repeatability
//
// Without Options.TimeLimit nothing stops on the clock: the walk's retries
// are bounded by integer programs solved and each of its programs by CBC
// nodes (walkIPNodes), the lottery's integer programme by CBC nodes
// (lotteryNodes; CBC runs on one thread), its moves and exchanges by
// counts of candidates tried (spreadEvals, balanceWork). So the same
// instance, options and *rand.Rand give the same distribution and the same
// tickets on any machine and under any load (TestLotteryRepeatsUnderLoad
// repeats a lottery on a busy machine; TestLotteryPathHasNoClock keeps the
// clock out of the lottery's files). This assumes the same CBC release.
// The one time cap left is in Explain's suggestions for infeasible quotas
// (feasibility.go), which no selection depends on. Parsing CSV
// input lives in the subpackage csvin; running a whole selection (inputs,
// draw, lottery, outputs) in internal/selection.
//
// May import only: the standard library, internal/solver, internal/apperr.
// Must not import: net, net/http, database/sql, os/exec, drivers.
package sortition
