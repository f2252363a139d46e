// Package opinions maps the opinions of an online conversation the way
// Pol.is does: participants react to short statements (agree, disagree,
// pass), and the package finds the groups of opinion, the statements that
// represent each group, and the statements of consensus across groups.
//
// The method follows Pol.is's math (compdemocracy/polis, math/src/polismath/
// math/{conversation,pca,clusters,repness,stats}.clj, read, not copied):
//
//  1. The rating matrix: rows are participants, columns are statements that
//     received at least one vote, a cell is the participant's latest vote.
//     Columns of moderated-out statements are set to 0 (pass) for every row.
//  2. Who is clustered ("in-conv"): a participant enters once their number
//     of votes is at least min(7, number of statements voted on so far); if
//     fewer than 15 qualify the top voters are added up to 15. Membership is
//     sticky, so votes are replayed in time order (Conversation.Add).
//  3. Two principal components of the mean-imputed, centred matrix (the
//     eigenvectors Pol.is's power iteration converges to, found by subspace
//     iteration). Mean imputation makes the centred matrix exactly as sparse
//     as the votes, so no dense matrix is ever formed.
//  4. A sparsity-aware projection: the dot product over the cells a
//     participant voted on, scaled by sqrt(columns / votes).
//  5. k-means with k = 100 base clusters on the projections of in-conv
//     participants, then weighted k-means of the base-cluster centres into
//     2..5 groups, k chosen by the silhouette coefficient.
//  6. Representative statements per group (two-proportion z-tests against the
//     rest of the participants) and consensus statements.
//
// A Model keeps the result and updates it cheaply when one vote arrives
// (Model.Vote); Model.Recompute runs the whole method again. The method is
// deterministic: the only randomness is the start vectors of the
// iteration, drawn from Options.Seed, and the iteration runs to convergence.
// Replay emulates a live Pol.is server instead, updating in ticks.
//
// This package does no I/O and imports only the standard library. Readers and
// writers of the Pol.is export format live in the sub-package polisio, and the
// SVG map and HTML report in the sub-package report.
//
// May import only: the standard library.
// Must not import: net, net/http, database/sql, os/exec, drivers.
package opinions
